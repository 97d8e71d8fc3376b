"""Readable names for the domain's codes (states, kinds, horizons …), marked for translation.

Templates show ``_(label(code))``: the English label is the msgid, the Danish catalog
translates it. A code without a label shows as itself.
"""

from __future__ import annotations

from collections.abc import Mapping

from cocreation_domain.documents.i18n import N_

__all__ = ["LABELS", "label"]

LABELS: Mapping[str, str] = {
    # initiative states
    "preparing": N_("preparing"),
    "co_creating": N_("co-creating"),
    "concluded": N_("concluded"),
    # platform states
    "established": N_("established"),
    "focused": N_("focused"),
    "goals_set": N_("goals set"),
    "active": N_("active"),
    "standby": N_("on standby"),
    "closed": N_("closed"),
    "merged": N_("merged"),
    # newsletter states
    "collecting": N_("collecting sections"),
    "compiled": N_("compiled"),
    "published": N_("published"),
    # meeting kinds and states
    "platform_first": N_("first platform meeting"),
    "platform_goal_setting": N_("goal-setting meeting"),
    "platform": N_("platform meeting"),
    "coordinator": N_("coordinator meeting"),
    "joint_status": N_("joint status meeting"),
    "pre_meeting": N_("pre-meeting"),
    "planned": N_("planned"),
    "invited": N_("invited"),
    "held": N_("held"),
    "cancelled": N_("cancelled"),
    # delivery states (R-NEWS-6)
    "queued": N_("queued"),
    "attempting": N_("being sent"),
    "sent": N_("sent"),
    "failed": N_("failed"),
    # goal kinds, horizons and statuses
    "qualitative": N_("qualitative"),
    "quantitative": N_("quantitative"),
    "hypothesis": N_("hypothesis"),
    "short": N_("short term"),
    "long": N_("long term"),
    "current": N_("in progress"),
    "reached": N_("reached"),
    "dropped": N_("dropped"),
    # ripples
    "new_relationship": N_("new relationship"),
    "new_idea": N_("new idea"),
    "other": N_("other"),
    "own_platform": N_("own platform"),
    "other_actors": N_("other actors"),
    "outside_initiative": N_("outside the initiative"),
}
"""English labels by code."""


def label(code: object) -> str:
    """The English label of a code (an enum's value or a state name).

    >>> label("goals_set")
    'goals set'
    """
    text = str(getattr(code, "value", code))
    return LABELS.get(text, text)
