"""Every event of the store as JSON Lines, for auditors and for moving data elsewhere.

One JSON object per line, in notification order: the notification id, the event's name,
the aggregate it happened to (id and version), when it was recorded (``timestamp``), who did
it (``principal``) and on what business date (``occurred_on``), and the event's own fields.
Dates and times are ISO 8601, ids are UUID strings, sets are sorted lists, value objects are
objects.

Personal data of a forgotten person is never written again (R-PII-2): their registration and
contact events are exported with every personal field replaced by ``"(forgotten)"`` or null.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import attrs

from cocreation_domain.application import CoCreation
from cocreation_domain.model.person import FORGOTTEN_FIELDS

__all__ = ["PERSONAL_FIELDS", "count_events", "export_events", "json_line"]

PAGE = 500
"""How many notifications are read from the store at a time."""

PERSONAL_FIELDS = FORGOTTEN_FIELDS
"""The fields of person events that hold personal data, and what a forgotten person's read."""

_FORGOTTEN_TOPIC = "cocreation:Person.Forgotten"
_PERSON_TOPICS = ("cocreation:Person.Registered", "cocreation:Person.ContactUpdated")
_ENVELOPE = ("originator_id", "originator_version", "timestamp", "principal", "occurred_on")


def _plain(value: Any) -> Any:
    """A JSON-ready form of an event field."""
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, frozenset | set):
        return sorted((_plain(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if attrs.has(type(value)):
        return {f.name: _plain(getattr(value, f.name)) for f in attrs.fields(type(value))}
    return value


def count_events(app: CoCreation) -> int:
    """The id of the last notification (the number of events, as the log has no gaps)."""
    return app.recorder.max_notification_id() or 0


def _forgotten(app: CoCreation) -> frozenset[UUID]:
    forgotten: set[UUID] = set()
    start = 1
    while page := app.recorder.select_notifications(start, PAGE, topics=[_FORGOTTEN_TOPIC]):
        forgotten.update(UUID(str(n.originator_id)) for n in page)
        start = page[-1].id + 1
    return frozenset(forgotten)


def export_events(
    app: CoCreation, progress: Callable[[int], None] | None = None
) -> Iterator[dict[str, Any]]:
    """Every event as a JSON-ready mapping, oldest first; ``progress(n)`` after each page."""
    forgotten = _forgotten(app)
    start = 1
    while page := app.recorder.select_notifications(start, PAGE):
        for notification in page:
            event = app.mapper.to_domain_event(notification)
            fields = {
                k: v
                for k, v in vars(event).items()
                if k not in _ENVELOPE and k != "originator_topic"
            }
            if notification.topic in _PERSON_TOPICS and event.originator_id in forgotten:
                fields = {**fields, **PERSONAL_FIELDS}
            yield {
                "id": notification.id,
                "event": notification.topic.split(":", 1)[-1],
                "aggregate": str(event.originator_id),
                "version": event.originator_version,
                "timestamp": _plain(getattr(event, "timestamp", None)),
                "principal": _plain(getattr(event, "principal", None)),
                "occurred_on": _plain(getattr(event, "occurred_on", None)),
                "fields": _plain(fields),
            }
        if progress is not None:
            progress(len(page))
        start = page[-1].id + 1


def json_line(record: dict[str, Any]) -> str:
    """One exported event as a line of JSON (no trailing newline)."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True)
