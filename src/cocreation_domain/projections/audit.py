"""The audit trail: every event, when it happened, when it was recorded, who did it, on what.

Entries hold ids; names are read when the trail is read, so a forgotten person reads as
"(forgotten)" in every trail produced after the forgetting (R-PII-2).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeVar
from uuid import UUID

import attrs

from cocreation_domain.projections.lookup import PersonRef, person_name, person_ref
from cocreation_domain.projections.state import AuditEntry, View

__all__ = ["AuditRow", "audit_trail", "subject_name"]

T = TypeVar("T", date, datetime)


@attrs.frozen
class AuditRow:
    """One event of the trail."""

    position: int
    """The event's notification id (``replay --as-of`` takes it)."""
    event: str
    """The event's name, e.g. ``Platform.GoalsSet``."""
    occurred_on: date | None
    """The business date the event happened on."""
    recorded_at: datetime
    """When the event was recorded (UTC)."""
    principal: PersonRef | None
    """Who caused it."""
    subject_kind: str
    subject: UUID
    subject_name: str
    initiative: UUID | None
    platform: UUID | None
    mentions: tuple[PersonRef, ...] = ()
    """Other persons the event names (a chosen coordinator, voices, recipients), by name."""


def subject_name(view: View, kind: str, subject: UUID) -> str:
    """How the subject of an event reads: a name, "(forgotten)" for a forgotten person."""
    if kind == "person":
        return person_name(view, subject)
    if subject in view.initiatives:
        return view.initiatives[subject].name
    if subject in view.platforms:
        return view.platforms[subject].name
    if subject in view.meetings:
        meeting = view.meetings[subject]
        return f"{meeting.kind.replace('_', ' ')} meeting of {meeting.scheduled_on}"
    if subject in view.newsletters:
        return f"newsletter of {view.newsletters[subject].opened_on}"
    return str(subject)


def audit_trail(
    view: View,
    *,
    initiative: UUID | None = None,
    platform: UUID | None = None,
    person: UUID | None = None,
    occurred_from: date | None = None,
    occurred_until: date | None = None,
    recorded_from: datetime | None = None,
    recorded_until: datetime | None = None,
) -> tuple[AuditRow, ...]:
    """The events of the view in log order, filtered (every bound inclusive).

    ``person`` keeps the events that person caused, the events of their own record and the
    events that name them (as coordinator, voice in a decision, recipient …);
    ``occurred_*`` bound the business date, ``recorded_*`` the recorded time (timezone-aware).
    """
    rows = []
    for entry in view.audit:
        if initiative is not None and entry.initiative != initiative:
            continue
        if platform is not None and entry.platform != platform:
            continue
        if person is not None and not _concerns(entry, person):
            continue
        if not _within(entry.occurred_on, occurred_from, occurred_until):
            continue
        if not _within(entry.recorded_at, recorded_from, recorded_until):
            continue
        rows.append(
            AuditRow(
                position=entry.position,
                event=entry.event,
                occurred_on=entry.occurred_on,
                recorded_at=entry.recorded_at,
                principal=None if entry.principal is None else person_ref(view, entry.principal),
                subject_kind=entry.subject_kind,
                subject=entry.subject,
                subject_name=subject_name(view, entry.subject_kind, entry.subject),
                initiative=entry.initiative,
                platform=entry.platform,
                mentions=tuple(sorted((person_ref(view, p) for p in entry.mentions), key=_by_name)),
            )
        )
    return tuple(rows)


def _concerns(entry: AuditEntry, person: UUID) -> bool:
    own_record = entry.subject_kind == "person" and entry.subject == person
    return own_record or person == entry.principal or person in entry.mentions


def _by_name(ref: PersonRef) -> tuple[str, str]:
    return (ref.name, str(ref.id))


def _within(value: T | None, low: T | None, high: T | None) -> bool:
    if low is None and high is None:
        return True
    if value is None:
        return False
    return (low is None or value >= low) and (high is None or value <= high)
