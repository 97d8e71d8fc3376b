"""Copy a store into a new one with every personal field sealed (``cocreation migrate``).

Events are immutable, so a store written before sealing (its person events in plaintext,
class version 1) is not rewritten: :func:`migrate` copies every event, in order, into an
empty target application, where the target's mapper seals each person event's personal
fields with that person's new key (R-PII-3). Persons already forgotten in the source are
copied with their personal fields replaced by "(forgotten)" (name) and nothing (the rest),
and their new keys are destroyed at the end, so the copy holds none of their data. Stored
views and snapshots are not copied: the target derives them again from its events.

At the end the number of events in the target is checked against the source's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from cocreation_domain.application import CoCreation
from cocreation_domain.model import Person
from cocreation_domain.model.person import FORGOTTEN_FIELDS
from cocreation_domain.personal_data import personal_fields_of

__all__ = ["MigrationError", "forgotten_in", "migrate"]

PAGE = 500

Progress = Callable[[int, int], None]
"""Told ``(events copied, events in the source)`` after each page."""


class MigrationError(RuntimeError):
    """The target is not empty, or the copy does not hold exactly the source's events."""


def forgotten_in(app: CoCreation) -> frozenset[UUID]:
    """Every person forgotten in ``app``'s log."""
    found: set[UUID] = set()
    start = 1
    while page := app.recorder.select_notifications(start, PAGE, topics=(Person.Forgotten.TOPIC,)):
        found.update(UUID(str(n.originator_id)) for n in page)
        start = page[-1].id + 1
    return frozenset(found)


def _count(app: CoCreation) -> int:
    count, start = 0, 1
    while page := app.recorder.select_notifications(start, PAGE):
        count += len(page)
        start = page[-1].id + 1
    return count


def _sealed_copy(event: Any, forgotten: frozenset[UUID]) -> Any:
    """The event as the target must store it: sealed, and emptied for a forgotten person."""
    fields = personal_fields_of(type(event))
    if not fields:
        return event
    state = dict(vars(event))
    state["sealed"] = True
    if state["originator_id"] in forgotten:
        state.update(FORGOTTEN_FIELDS)
    copy = object.__new__(type(event))
    object.__setattr__(copy, "__dict__", state)
    return copy


def migrate(source: CoCreation, target: CoCreation, progress: Progress | None = None) -> int:
    """Copy every event of ``source`` into the empty ``target``, sealing personal fields;
    returns the number of events copied. Raises :class:`MigrationError` when the target
    already holds events, or when the counts differ at the end."""
    if target.recorder.max_notification_id():
        raise MigrationError("the target already holds events: migrate into a new store")
    forgotten = forgotten_in(source)
    total = source.recorder.max_notification_id() or 0
    copied, start = 0, 1
    while page := source.recorder.select_notifications(start, PAGE):
        events = [_sealed_copy(source.mapper.to_domain_event(n), forgotten) for n in page]
        target.recorder.insert_events([target.mapper.to_stored_event(e) for e in events])
        copied += len(page)
        start = page[-1].id + 1
        if progress is not None:
            progress(copied, total)
    for person in forgotten:
        target.key_store.destroy(person)
    expected, actual = _count(source), _count(target)
    if expected != actual or copied != expected:
        msg = f"count check failed: the source holds {expected} events, the target {actual}"
        raise MigrationError(msg)
    return copied
