"""Everything stored about one person, as one portable JSON document (R-PII-4).

:func:`person_document` reads the whole log once, opening the person's sealed fields with
their key, and gathers:

- ``person``: the person as their events left them (``"(forgotten)"`` once forgotten);
- ``events``: the person's own events, decrypted (or forgotten);
- ``actors_represented``: every actor they were registered for or added to, with its
  initiative;
- ``roles``: what they are now (``anchor`` of an initiative, ``coordinator`` of a platform,
  ``representative`` of an actor);
- ``meetings_attended``: held meetings attended by an actor they represented (attendance is
  recorded per actor, so these are the meetings their actor was at);
- ``sections_written``: newsletter sections they submitted;
- ``decisions``: platform decisions they consented to or objected to;
- ``activity``: every other event they caused (``by``) or that names them (``named``).

The schema (``cocreation-person-data/1``) is documented in ``docs/privacy.md``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any
from uuid import UUID

import attrs

from cocreation_domain.model import Decision, Meeting, Person
from cocreation_domain.model.errors import NotFound

if TYPE_CHECKING:
    from cocreation_domain.application import CoCreation

__all__ = ["SCHEMA", "person_document"]

SCHEMA = "cocreation-person-data/1"
"""The name and version of the document's schema."""

PAGE = 500
_ENVELOPE = frozenset(
    {"originator_id", "originator_version", "timestamp", "principal", "occurred_on"}
)


def plain(value: Any) -> Any:
    """A JSON-ready form of an event value: ids and dates as text, sets as sorted lists.

    >>> plain({"on": date(2025, 1, 2), "ids": frozenset({UUID(int=2), UUID(int=1)})})["ids"]
    ['00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002']
    """
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID | Decimal):
        return str(value)
    if isinstance(value, frozenset | set):
        return sorted((plain(v) for v in value), key=repr)
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if attrs.has(type(value)):
        return {f.name: plain(getattr(value, f.name)) for f in attrs.fields(type(value))}
    return value


def _names(value: Any, person: UUID) -> bool:
    """Whether ``person``'s id appears anywhere inside an event's value."""
    if isinstance(value, UUID):
        return value == person
    if isinstance(value, frozenset | set | tuple | list):
        return any(_names(v, person) for v in value)
    if isinstance(value, dict):
        return any(_names(v, person) for v in value.values())
    if attrs.has(type(value)):
        return any(_names(getattr(value, f.name), person) for f in attrs.fields(type(value)))
    return False


def _events(app: CoCreation) -> Iterator[tuple[int, str, Any]]:
    start = 1
    while page := app.recorder.select_notifications(start, PAGE):
        for notification in page:
            event = app.mapper.to_domain_event(notification)
            yield notification.id, notification.topic.split(":", 1)[-1], event
        start = page[-1].id + 1


def _record(ident: int, name: str, event: Any) -> dict[str, Any]:
    fields = {k: v for k, v in vars(event).items() if k not in _ENVELOPE}
    return {
        "id": ident,
        "event": name,
        "aggregate": str(event.originator_id),
        "version": event.originator_version,
        "timestamp": plain(getattr(event, "timestamp", None)),
        "principal": plain(getattr(event, "principal", None)),
        "occurred_on": plain(getattr(event, "occurred_on", None)),
        "fields": plain(fields),
    }


def _stance(decision: Decision, person: UUID) -> str | None:
    if any(v.person == person for v in decision.consenting):
        return "consented"
    if any(v.person == person for v in decision.objecting):
        return "objected"
    return None


def person_document(app: CoCreation, person: UUID) -> dict[str, Any]:
    """Everything ``app`` stores about ``person``, as a JSON-ready mapping (see the module)."""
    subject = app.get_person(person)
    own: list[dict[str, Any]] = []
    activity: list[dict[str, Any]] = []
    sections: list[dict[str, Any]] = []
    decisions: list[dict[str, Any]] = []
    held: list[tuple[int, Any]] = []
    represented: dict[tuple[UUID, UUID], dict[str, Any]] = {}
    initiatives: set[UUID] = set()
    platforms: set[UUID] = set()
    for ident, name, event in _events(app):
        if event.originator_id == person:
            own.append(_record(ident, name, event))
            if name == "Person.Registered" and event.actor is not None:
                represented[(event.initiative, event.actor)] = {
                    "initiative": str(event.initiative),
                    "actor": str(event.actor),
                    "since": plain(event.occurred_on),
                }
            continue
        if name == "Meeting.Held":
            held.append((ident, event))
        by = getattr(event, "principal", None) == person
        fields = {k: v for k, v in vars(event).items() if k not in _ENVELOPE}
        if not by and not _names(fields, person):
            continue
        if name == "Initiative.RepresentativeAdded":
            key = (event.originator_id, event.actor)
            represented.setdefault(
                key,
                {
                    "initiative": str(event.originator_id),
                    "actor": str(event.actor),
                    "since": plain(event.occurred_on),
                },
            )
        if name.startswith("Initiative."):
            initiatives.add(event.originator_id)
        elif name.startswith("Platform."):
            platforms.add(event.originator_id)
        if name == "Newsletter.SectionSubmitted" and by:
            sections.append(
                {
                    "id": ident,
                    "newsletter": str(event.originator_id),
                    "platform": str(event.section.platform),
                    "submitted_on": plain(event.occurred_on),
                }
            )
            continue
        stance = None
        decision = getattr(event, "decision", None)
        if isinstance(decision, Decision):
            stance = _stance(decision, person)
        if stance is not None:
            decisions.append(
                {
                    "id": ident,
                    "event": name,
                    "platform": str(event.originator_id),
                    "occurred_on": plain(event.occurred_on),
                    "stance": stance,
                }
            )
            continue
        entry = _record(ident, name, event)
        entry["as"] = "by" if by else "named"
        activity.append(entry)
    actors = {UUID(r["actor"]) for r in represented.values()}
    meetings = []
    for ident, event in held:
        present = frozenset(event.attendance) & actors
        if present:
            meeting: object = app.repository.get(event.originator_id)
            assert isinstance(meeting, Meeting)
            meetings.append(
                {
                    "id": ident,
                    "meeting": str(event.originator_id),
                    "kind": plain(meeting.kind),
                    "held_on": plain(event.occurred_on),
                    "through_actors": sorted(str(a) for a in present),
                }
            )
    return {
        "schema": SCHEMA,
        "person": _person(subject),
        "events": own,
        "actors_represented": sorted(represented.values(), key=lambda r: (r["since"], r["actor"])),
        "roles": _roles(app, subject, initiatives, platforms),
        "meetings_attended": meetings,
        "sections_written": sections,
        "decisions": decisions,
        "activity": activity,
    }


def _person(subject: Person) -> dict[str, Any]:
    return {
        "id": str(subject.id),
        "name": subject.name,
        "email": subject.email,
        "phone": subject.phone,
        "title": subject.title,
        "state": subject.state,
        "initiative": plain(subject.initiative),
        "actor": plain(subject.actor),
        "sealed": subject.sealed,
    }


def _roles(
    app: CoCreation, subject: Person, initiatives: set[UUID], platforms: set[UUID]
) -> list[dict[str, Any]]:
    roles: list[dict[str, Any]] = []
    if subject.initiative is not None:
        initiatives.add(subject.initiative)
    for ident in sorted(initiatives):
        try:
            initiative = app.get_initiative(ident)
        except NotFound:
            continue
        if initiative.anchor == subject.id:
            roles.append({"role": "anchor", "initiative": str(ident), "name": initiative.name})
    for ident in sorted(platforms):
        platform = app.get_platform(ident)
        if platform.coordinator is not None and platform.coordinator.person == subject.id:
            roles.append(
                {
                    "role": "coordinator",
                    "platform": str(ident),
                    "name": platform.name,
                    "actor": str(platform.coordinator.actor),
                }
            )
    if subject.actor is not None and not subject.is_forgotten:
        roles.append(
            {
                "role": "representative",
                "initiative": str(subject.initiative),
                "actor": str(subject.actor),
            }
        )
    return roles
