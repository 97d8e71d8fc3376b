"""The read models as JSON for scripts: the stable contract behind ``cocreation … --json``.

Each function turns a read model (or a document) into plain JSON data: objects, arrays,
strings, integers and ``null``. Ids are UUID strings, dates ISO 8601 (``YYYY-MM-DD``), times ISO
8601 in UTC, decimal numbers strings (exact, never binary floats), vocabulary values their
stored values (``quantitative``, ``short``), states the names of the lifecycle tables. Every
output carries ``"schema": "cocreation-domain/<name>/<version>"``; the version grows with every
change to an output's members (one added, removed, renamed or changed in meaning), so a script
that checks ``schema`` never meets a member it does not know. The JSON Schema of every output
is :data:`SCHEMA_FILE` (JSON Schema 2020-12), and ``docs/cli-json.md`` shows it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from importlib.resources import files
from typing import Any
from uuid import UUID

from cocreation_domain.documents.views import (
    ActorContacts,
    GoalLine,
    NewsletterDocument,
    PlatformSection,
    RippleLine,
)
from cocreation_domain.model import Meeting
from cocreation_domain.projections import (
    ActorStatus,
    AuditRow,
    Flag,
    GoalTally,
    PersonRef,
    PersonView,
    PlatformStatus,
    PlatformView,
    RippleRow,
    StatusOverview,
)

__all__ = [
    "SCHEMA_FILE",
    "VERSIONS",
    "Json",
    "attention_json",
    "audit_json",
    "meetings_json",
    "newsletter_json",
    "output_schema",
    "persons_json",
    "platforms_json",
    "poster_json",
    "replay_json",
    "ripples_json",
    "schema_id",
    "status_json",
]

Json = dict[str, Any]
"""A JSON object, as :func:`json.dumps` writes it."""

SCHEMA_FILE = "schemas/cli-output.schema.json"
"""The JSON Schema of every output, relative to this package (shipped with it)."""

VERSIONS: Mapping[str, int] = {
    "status": 1,
    "attention": 1,
    "audit": 1,
    "ripples": 1,
    "meetings": 1,
    "newsletter": 1,
    "poster": 1,
    "replay": 1,
    "platforms": 1,
    "persons": 1,
}
"""The current version of each output's schema."""


def schema_id(name: str) -> str:
    """The ``schema`` value an output carries, e.g. ``cocreation-domain/status/1``."""
    return f"cocreation-domain/{name}/{VERSIONS[name]}"


def output_schema() -> Json:
    """The JSON Schema (2020-12) every ``--json`` output validates against."""
    schema: Json = json.loads(
        files("cocreation_domain.documents").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    )
    return schema


def _id(value: UUID | None) -> str | None:
    return None if value is None else str(value)


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _time(value: datetime) -> str:
    return value.isoformat()


def _number(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _person(ref: PersonRef | None) -> Json | None:
    return None if ref is None else {"id": str(ref.id), "name": ref.name}


def _tally(tally: GoalTally) -> Json:
    return {
        "current": tally.current,
        "reached": tally.reached,
        "dropped": tally.dropped,
        "qualitative": tally.qualitative,
        "quantitative": tally.quantitative,
        "hypothesis": tally.hypothesis,
        "short": tally.short,
        "long": tally.long,
    }


def _actor(actor: ActorStatus) -> Json:
    return {
        "id": str(actor.id),
        "name": actor.name,
        "kind": actor.kind,
        "persons": [_person(p) for p in actor.persons],
    }


def _flag(flag: Flag) -> Json:
    return {
        "rule": flag.rule,
        "kind": str(flag.kind),
        "subject_kind": flag.subject_kind,
        "subject_id": str(flag.subject),
        "subject_name": flag.subject_name,
        "due_on": flag.due_on.isoformat(),
        "detail": flag.detail,
    }


def _platform(platform: PlatformStatus) -> Json:
    coordinator = platform.coordinator
    return {
        "id": str(platform.id),
        "name": platform.name,
        "state": platform.state,
        "established_on": platform.established_on.isoformat(),
        "focus": platform.focus,
        "coordinator": None
        if coordinator is None
        else {
            "actor_id": str(coordinator.actor),
            "actor_name": coordinator.actor_name,
            "person": _person(coordinator.person),
        },
        "actors": [_actor(a) for a in platform.actors],
        "goals": [
            {
                "key": g.key,
                "title": g.title,
                "kind": str(g.kind),
                "horizon": str(g.horizon),
                "status": str(g.status),
                "has_baseline": g.has_baseline,
            }
            for g in platform.goals
        ],
        "tally": _tally(platform.tally),
        "ripple_count": platform.ripple_count,
        "last_activity_on": platform.last_activity_on.isoformat(),
        "last_reality_check_on": _day(platform.last_reality_check_on),
        "standby_reason": platform.standby_reason,
        "standby_review_on": _day(platform.standby_review_on),
        "closure_reason": None if platform.closure_reason is None else str(platform.closure_reason),
        "merged_into": _id(platform.merged_into),
        "ended_on": _day(platform.ended_on),
    }


def status_json(overview: StatusOverview) -> Json:
    """The status overview (``cocreation status --json``)."""
    o = overview
    return {
        "schema": schema_id("status"),
        "initiative": {
            "id": str(o.initiative),
            "name": o.name,
            "state": o.state,
            "common_challenge": o.common_challenge,
            "anchor": _person(o.anchor),
            "founded_on": o.founded_on.isoformat(),
            "workshop_held_on": _day(o.workshop_held_on),
            "co_creation_started_on": _day(o.co_creation_started_on),
            "concluded_on": _day(o.concluded_on),
        },
        "today": o.today.isoformat(),
        "position": o.position,
        "actors": [_actor(a) for a in o.actors],
        "platforms": [_platform(p) for p in o.platforms],
        "tally": _tally(o.tally),
        "ripple_count": o.ripple_count,
        "last_activity_on": o.last_activity_on.isoformat(),
        "last_reality_check_on": _day(o.last_reality_check_on),
        "last_joint_status_on": _day(o.last_joint_status_on),
        "next_joint_status_on": _day(o.next_joint_status_on),
        "latest_newsletter": None
        if o.latest_newsletter is None
        else {"id": str(o.latest_newsletter), "state": o.latest_newsletter_state},
        "attention": [_flag(f) for f in o.attention],
    }


def attention_json(initiative: UUID, today: date, flags: Iterable[Flag]) -> Json:
    """The attention list (``cocreation attention --json``)."""
    return {
        "schema": schema_id("attention"),
        "initiative": str(initiative),
        "today": today.isoformat(),
        "flags": [_flag(f) for f in flags],
    }


def _audit_row(row: AuditRow) -> Json:
    return {
        "position": row.position,
        "event": row.event,
        "occurred_on": _day(row.occurred_on),
        "recorded_at": _time(row.recorded_at),
        "principal": _person(row.principal),
        "subject_kind": row.subject_kind,
        "subject_id": str(row.subject),
        "subject_name": row.subject_name,
        "initiative": _id(row.initiative),
        "platform": _id(row.platform),
        "mentions": [_person(p) for p in row.mentions],
    }


def audit_json(rows: Iterable[AuditRow]) -> Json:
    """The audit trail, oldest first (``cocreation audit --json``)."""
    return {"schema": schema_id("audit"), "events": [_audit_row(r) for r in rows]}


def ripples_json(initiative: UUID, rows: Iterable[RippleRow]) -> Json:
    """The ripples register (``cocreation ripples --json``)."""
    return {
        "schema": schema_id("ripples"),
        "initiative": str(initiative),
        "ripples": [
            {
                "key": r.key,
                "platform": _id(r.platform),
                "where": r.where,
                "description": r.description,
                "kind": str(r.kind),
                "beneficiaries": [str(b) for b in r.beneficiaries],
                "observed_on": r.observed_on.isoformat(),
                "recorded_on": r.recorded_on.isoformat(),
                "recorded_by": _person(r.recorded_by),
                "corrects": r.corrects,
                "corrected_by": list(r.corrected_by),
            }
            for r in rows
        ],
    }


def meetings_json(initiative: UUID, meetings: Iterable[tuple[Meeting, str]]) -> Json:
    """The meetings of an initiative with what each is about, by date (``cocreation meetings
    --json``)."""
    return {
        "schema": schema_id("meetings"),
        "initiative": str(initiative),
        "meetings": [
            {
                "id": str(m.id),
                "scheduled_on": m.scheduled_on.isoformat(),
                "kind": str(m.kind),
                "state": m.state,
                "platform": _id(m.platform),
                "about": about,
            }
            for m, about in meetings
        ],
    }


def _ripple_line(r: RippleLine) -> Json:
    return {
        "key": r.key,
        "description": r.description,
        "kind": str(r.kind),
        "beneficiaries": [str(b) for b in r.beneficiaries],
        "observed_on": r.observed_on.isoformat(),
        "corrects": r.corrects,
    }


def _goal_line(g: GoalLine) -> Json:
    return {
        "key": g.key,
        "title": g.title,
        "kind": str(g.kind),
        "horizon": str(g.horizon),
        "status": str(g.status),
        "baseline": g.baseline,
        "baseline_value": _number(g.baseline_value),
        "target": _number(g.target),
        "unit": g.unit,
        "latest": g.latest,
        "latest_value": _number(g.latest_value),
        "progress": _number(g.progress),
    }


def _section(s: PlatformSection) -> Json:
    return {
        "platform": s.platform,
        "state": s.state,
        "focus": s.focus,
        "coordinator": s.coordinator,
        "actors": [a.name for a in s.actors],
        "goals": [_goal_line(g) for g in s.goals],
        "progress": s.progress,
        "hard": s.hard,
        "ripples": [_ripple_line(r) for r in s.ripples],
    }


def _contacts(a: ActorContacts) -> Json:
    return {
        "actor": a.actor,
        "persons": [
            {"name": p.name, "title": p.title, "email": p.email, "phone": p.phone}
            for p in a.persons
        ],
    }


def newsletter_json(newsletter: UUID, document: NewsletterDocument) -> Json:
    """A newsletter's content, language-neutral (``cocreation newsletter --json``): names as
    stored, vocabulary and states as values, forgotten persons left out (R-PII-2)."""
    d = document
    return {
        "schema": schema_id("newsletter"),
        "id": str(newsletter),
        "initiative": d.initiative,
        "common_challenge": d.common_challenge,
        "anchor": d.anchor,
        "meeting_on": _day(d.meeting_on),
        "state": d.state,
        "compiled_on": _day(d.compiled_on),
        "published_on": _day(d.published_on),
        "recipients": d.recipients,
        "sections": [_section(s) for s in d.sections],
        "missing": [{"platform": m.platform, "reason": m.reason} for m in d.missing],
        "initiative_ripples": [_ripple_line(r) for r in d.initiative_ripples],
        "contacts": [_contacts(a) for a in d.contacts],
    }


def poster_json(initiative: UUID, format: str, text: str) -> Json:
    """The poster as text in its format (``cocreation poster --json``)."""
    return {
        "schema": schema_id("poster"),
        "initiative": str(initiative),
        "format": format,
        "text": text,
    }


def replay_json(
    *,
    as_of: str | None,
    on: date | None,
    recorded_at: str | None,
    position: int,
    last_position: int,
    today: date | None,
    shown: Json,
) -> Json:
    """A replay: what was asked (``--as-of``, ``--on``, ``--recorded-at``; null when not
    given), how far it went, and the output it shows (``cocreation replay --json``); ``shown``
    is one of the other outputs (status, attention, audit, poster, ripples), with its own
    ``schema``."""
    return {
        "schema": schema_id("replay"),
        "as_of": as_of,
        "on": _day(on),
        "recorded_at": recorded_at,
        "position": position,
        "last_position": last_position,
        "today": _day(today),
        "shown": shown,
    }


def platforms_json(initiative: UUID | None, rows: Iterable[PlatformView]) -> Json:
    """The platforms' ids, names and states (``cocreation platforms --json``); ``initiative``
    is the one asked for, or ``null`` for every initiative of the store."""
    return {
        "schema": schema_id("platforms"),
        "initiative": _id(initiative),
        "platforms": [
            {
                "id": str(p.id),
                "initiative": str(p.initiative),
                "name": p.name,
                "state": p.state,
                "established_on": p.established_on.isoformat(),
            }
            for p in rows
        ],
    }


def persons_json(initiative: UUID | None, rows: Iterable[PersonView]) -> Json:
    """The persons' ids with their actor and initiative (``cocreation persons --json``); a
    forgotten person keeps its id and shows no personal data (R-PII-2)."""
    return {
        "schema": schema_id("persons"),
        "initiative": _id(initiative),
        "persons": [
            {
                "id": str(p.id),
                "name": p.name,
                "redacted": p.forgotten,
                "initiative": _id(p.initiative),
                "actor": _id(p.actor),
                "registered_on": p.registered_on.isoformat(),
            }
            for p in rows
        ],
    }
