"""Deviations: what went against a rule in the past, kept for auditors (DOMAIN.md "Attention list").

A flag of :mod:`cocreation_domain.model.flags` asks for something to be done *now* and clears
once it is done; when it was done late, or against the rule with a recorded reason, that stays
a fact of history. Each deviation is one function here, over the same facts
(:mod:`cocreation_domain.model.facts`), returning the business date it happened on, or
``None``. Nothing here depends on ``today``: a deviation, once happened, never goes away.

| rule     | function                               | happened on: the day …               |
|----------|----------------------------------------|--------------------------------------|
| R-INIT-3 | :func:`phase6_ran_long`                | co-creation was concluded, too late  |
| R-PLAT-2 | :func:`first_meeting_held_late`        | the late first meeting was held      |
| R-MEET-2 | :func:`coordinator_meeting_off_window` | it was held, outside its window      |
| R-MEET-4 | :func:`joint_status_held_late`         | an overdue status meeting was held   |
| R-MEET-4 | :func:`held_on_short_notice`           | a short-notice one was held          |
| R-MEET-5 | :func:`readiness_overridden`           | it was held with its gate overridden |
"""

from __future__ import annotations

from datetime import date

from cocreation_domain.model.facts import InitiativeFacts, MeetingFacts, PlatformFacts
from cocreation_domain.model.flags import (
    coordinator_meeting_window,
    first_meeting_due,
    joint_status_due,
    phase6_due,
)
from cocreation_domain.model.lifecycles import InitiativeState, MeetingState
from cocreation_domain.model.values import MeetingKind, Policies

__all__ = [
    "coordinator_meeting_off_window",
    "first_meeting_held_late",
    "held_on_short_notice",
    "joint_status_held_late",
    "phase6_ran_long",
    "readiness_overridden",
]


def _held(meeting: MeetingFacts) -> date | None:
    return meeting.held_on if meeting.state == MeetingState.HELD else None


def phase6_ran_long(initiative: InitiativeFacts, concluded_on: date | None) -> date | None:
    """R-INIT-3: co-creation concluded (on ``concluded_on``) after the policy's longest
    phase 6."""
    due = phase6_due(initiative)
    if initiative.state != InitiativeState.CONCLUDED or due is None or concluded_on is None:
        return None
    return concluded_on if concluded_on > due else None


def coordinator_meeting_off_window(initiative: InitiativeFacts) -> date | None:
    """R-MEET-2: the coordinator meeting was held before or after its window (1-2 months after
    the workshop by default): the day it was held."""
    window = coordinator_meeting_window(initiative)
    held = initiative.coordinator_meeting_held_on
    if window is None or held is None:
        return None
    opens, closes = window
    return None if opens <= held <= closes else held


def first_meeting_held_late(
    platform: PlatformFacts, initiative: InitiativeFacts, meeting: MeetingFacts
) -> date | None:
    """R-PLAT-2: the platform's first meeting (``meeting``) was held after
    :func:`~cocreation_domain.model.flags.first_meeting_due`."""
    held = _held(meeting)
    if held is None or platform.first_meeting != meeting.id:
        return None
    return held if held > first_meeting_due(platform, initiative) else None


def joint_status_held_late(
    initiative: InitiativeFacts, meeting: MeetingFacts, previous_on: date | None
) -> date | None:
    """R-MEET-4: a joint status meeting held after it was due, one cadence after the previous
    one held on ``previous_on`` (or after co-creation started, for the first)."""
    held = _held(meeting)
    if held is None or meeting.kind is not MeetingKind.JOINT_STATUS:
        return None
    due = joint_status_due(initiative, previous_on or initiative.co_creation_started_on)
    return held if due is not None and held > due else None


def held_on_short_notice(meeting: MeetingFacts, policies: Policies) -> date | None:
    """R-MEET-4: a joint status meeting was held after invitations sent less than the policy's
    lead time ahead (default 6 weeks)."""
    held = _held(meeting)
    if held is None or meeting.kind is not MeetingKind.JOINT_STATUS:
        return None
    lead = meeting.lead_days
    return held if lead is not None and lead < policies.status_invitation_lead_days else None


def readiness_overridden(meeting: MeetingFacts) -> date | None:
    """R-MEET-5: a joint status meeting was held with its readiness gate open, by an explicit
    override reason (which the meeting records)."""
    held = _held(meeting)
    if held is None or meeting.override_reason is None:
        return None
    return held
