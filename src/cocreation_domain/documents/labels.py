"""Readable names for the domain's codes (states, kinds, horizons …), marked for translation.

Templates show ``_(label(code))``: the English label is the msgid, the Danish catalog
translates it. A code without a label shows as itself. States are keyed by the lifecycle
tables' names (a state name is written only there).
"""

from __future__ import annotations

from collections.abc import Mapping

from cocreation_domain.documents.i18n import N_
from cocreation_domain.model import (
    DeliveryState,
    InitiativeState,
    MeetingState,
    NewsletterState,
    PlatformState,
)

__all__ = ["LABELS", "label"]

LABELS: Mapping[str, str] = {
    # initiative states
    InitiativeState.PREPARING: N_("preparing"),
    InitiativeState.CO_CREATING: N_("co-creating"),
    InitiativeState.CONCLUDED: N_("concluded"),
    # platform states
    PlatformState.ESTABLISHED: N_("established"),
    PlatformState.FOCUSED: N_("focused"),
    PlatformState.GOALS_SET: N_("goals set"),
    PlatformState.ACTIVE: N_("active"),
    PlatformState.STANDBY: N_("on standby"),
    PlatformState.CLOSED: N_("closed"),
    PlatformState.MERGED: N_("merged"),
    # newsletter states
    NewsletterState.COLLECTING: N_("collecting sections"),
    NewsletterState.COMPILED: N_("compiled"),
    NewsletterState.PUBLISHED: N_("published"),
    # where a new cross-platform initiative leads (R-NEWS-5)
    "new_platform": N_("a proposed new platform"),
    "ripple": N_("a ripple on the initiative"),
    # meeting kinds and states
    "platform_first": N_("first platform meeting"),
    "platform_goal_setting": N_("goal-setting meeting"),
    "platform": N_("platform meeting"),
    "coordinator": N_("coordinator meeting"),
    "joint_status": N_("joint status meeting"),
    "pre_meeting": N_("pre-meeting"),
    MeetingState.PLANNED: N_("planned"),
    MeetingState.INVITED: N_("invited"),
    MeetingState.HELD: N_("held"),
    MeetingState.CANCELLED: N_("cancelled"),
    # delivery states (R-NEWS-6)
    DeliveryState.QUEUED: N_("queued"),
    DeliveryState.ATTEMPTING: N_("being sent"),
    DeliveryState.SENT: N_("sent"),
    DeliveryState.FAILED: N_("failed"),
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
