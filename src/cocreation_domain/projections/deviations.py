"""The deviations register: what went against a rule in the past, for auditors.

The attention list (:mod:`~cocreation_domain.projections.attention`) shows what needs doing
now, and a flag clears once resolved; what was resolved late or against the rule stays here: a
coordinator meeting held outside its window, a late first meeting, a joint status meeting held
late, on short notice or with its readiness gate overridden. Whether something is a deviation,
and on which day, is decided by the model's functions (:mod:`cocreation_domain.model.deviations`);
this module only turns their answers into rows. The register depends on no ``today``: it is
history.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from uuid import UUID

import attrs

from cocreation_domain.model import MeetingKind
from cocreation_domain.model.deviations import (
    coordinator_meeting_off_window,
    first_meeting_held_late,
    held_on_short_notice,
    joint_status_held_late,
    phase6_ran_long,
    readiness_overridden,
)
from cocreation_domain.model.flags import coordinator_meeting_window, first_meeting_due
from cocreation_domain.projections.lookup import initiative_in, platforms_in
from cocreation_domain.projections.state import InitiativeView, MeetingView, View

__all__ = ["DEVIATION_RULES", "Deviation", "DeviationKind", "deviations_register"]


class DeviationKind(StrEnum):
    """What a deviation is about."""

    PHASE6_RAN_LONG = "phase6_ran_long"
    FIRST_MEETING_HELD_LATE = "first_meeting_held_late"
    COORDINATOR_MEETING_OFF_WINDOW = "coordinator_meeting_off_window"
    STATUS_MEETING_HELD_LATE = "status_meeting_held_late"
    STATUS_MEETING_HELD_ON_SHORT_NOTICE = "status_meeting_held_on_short_notice"
    READINESS_OVERRIDDEN = "readiness_overridden"


DEVIATION_RULES: dict[DeviationKind, str] = {
    DeviationKind.PHASE6_RAN_LONG: "R-INIT-3",
    DeviationKind.FIRST_MEETING_HELD_LATE: "R-PLAT-2",
    DeviationKind.COORDINATOR_MEETING_OFF_WINDOW: "R-MEET-2",
    DeviationKind.STATUS_MEETING_HELD_LATE: "R-MEET-4",
    DeviationKind.STATUS_MEETING_HELD_ON_SHORT_NOTICE: "R-MEET-4",
    DeviationKind.READINESS_OVERRIDDEN: "R-MEET-5",
}
"""The rule each kind of deviation went against."""


@attrs.frozen
class Deviation:
    """One entry of the deviations register."""

    kind: DeviationKind
    rule: str
    """The DOMAIN.md rule id, e.g. ``R-MEET-2``."""
    subject_kind: str
    """``initiative``, ``platform`` or ``meeting``."""
    subject: UUID
    subject_name: str
    happened_on: date
    """The business date the deviation happened on."""
    detail: str = ""
    """What exactly, in English."""


def deviations_register(view: View, initiative: UUID) -> tuple[Deviation, ...]:
    """Every deviation of the initiative so far, by date (then rule, subject).

    >>> from cocreation_domain import CoCreation
    >>> from cocreation_domain.projections import rebuild, ViewFold
    >>> from cocreation_domain.testing import Scenario
    >>> s = Scenario.start(CoCreation())
    >>> deviations_register(rebuild(s.app, ViewFold()), s.initiative)
    ()
    """
    the_initiative = initiative_in(view, initiative)
    meetings = sorted(
        (m for m in view.meetings.values() if m.initiative == initiative),
        key=lambda m: (m.held_on or m.scheduled_on, str(m.id)),
    )
    rows = [*_initiative_rows(the_initiative), *_first_meetings(view, the_initiative)]
    rows.extend(_meeting_rows(the_initiative, meetings))
    return tuple(sorted(rows, key=lambda d: (d.happened_on, d.rule, d.subject_name, d.detail)))


def _row(
    kind: DeviationKind, subject_kind: str, subject: UUID, name: str, on: date, detail: str
) -> Deviation:
    return Deviation(kind, DEVIATION_RULES[kind], subject_kind, subject, name, on, detail)


def _meeting_name(meeting: MeetingView) -> str:
    return f"{meeting.kind.replace('_', ' ')} meeting of {meeting.held_on or meeting.scheduled_on}"


def _initiative_rows(initiative: InitiativeView) -> Iterator[Deviation]:
    def row(kind: DeviationKind, on: date, detail: str) -> Deviation:
        return _row(kind, "initiative", initiative.id, initiative.name, on, detail)

    on = phase6_ran_long(initiative, initiative.concluded_on)
    if on is not None:
        longest = initiative.policies.phase6_months[1]
        detail = (
            f"phase 6 started {initiative.co_creation_started_on} and ran past {longest} months"
        )
        yield row(DeviationKind.PHASE6_RAN_LONG, on, detail)
    on = coordinator_meeting_off_window(initiative)
    window = coordinator_meeting_window(initiative)
    if on is not None and window is not None:
        detail = f"coordinator meeting held {on}, outside {window[0]} to {window[1]}"
        yield row(DeviationKind.COORDINATOR_MEETING_OFF_WINDOW, on, detail)


def _first_meetings(view: View, initiative: InitiativeView) -> Iterator[Deviation]:
    for platform in platforms_in(view, initiative.id):
        meeting = (
            None if platform.first_meeting is None else view.meetings.get(platform.first_meeting)
        )
        if meeting is None:
            continue
        on = first_meeting_held_late(platform, initiative, meeting)
        if on is not None:
            due = first_meeting_due(platform, initiative)
            yield _row(
                DeviationKind.FIRST_MEETING_HELD_LATE,
                "platform",
                platform.id,
                platform.name,
                on,
                f"first meeting held {on}, due by {due}",
            )


def _meeting_rows(initiative: InitiativeView, meetings: list[MeetingView]) -> Iterator[Deviation]:
    policies = initiative.policies
    previous: date | None = None
    for meeting in meetings:
        found: list[tuple[DeviationKind, date, str]] = []
        if meeting.kind is MeetingKind.JOINT_STATUS and meeting.held_on is not None:
            on = joint_status_held_late(initiative, meeting, previous)
            if on is not None:
                since = previous or initiative.co_creation_started_on
                months = policies.status_meeting_cadence_months
                detail = f"held {on}, more than {months} months after {since}"
                found.append((DeviationKind.STATUS_MEETING_HELD_LATE, on, detail))
            on = held_on_short_notice(meeting, policies)
            if on is not None:
                lead = policies.status_invitation_lead_days
                detail = f"invited {meeting.lead_days} days ahead, less than {lead}"
                found.append((DeviationKind.STATUS_MEETING_HELD_ON_SHORT_NOTICE, on, detail))
            on = readiness_overridden(meeting)
            if on is not None:
                detail = f"override: {meeting.override_reason}"
                found.append((DeviationKind.READINESS_OVERRIDDEN, on, detail))
            previous = meeting.held_on
        name = _meeting_name(meeting)
        for kind, on, detail in found:
            yield _row(kind, "meeting", meeting.id, name, on, detail)
