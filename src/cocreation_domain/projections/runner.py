"""Catching the view up with the application's notification log, and folding the past.

:class:`ProjectionRunner` reads the log from its view's tracking position in batches, folds
each batch and stores what it changed (the rows of the entities it touched, its audit entries)
together with the new position in one transaction (:mod:`~cocreation_domain.projections.store`).
Killed at any moment, it resumes from the last stored batch: no event is lost and none is
applied twice, so the stored view always equals a clean :func:`rebuild` over the same events.

:func:`rebuild` folds from the first event, optionally only up to a past moment in either
time: a notification id (inclusive), a recorded time (every event recorded at or before it)
and a business date (every event that happened on or before it, whenever it was entered).

Folding pauses Python's cyclic garbage collector: a fold makes many objects and no cycles,
and each full collection would walk the whole growing view again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from uuid import UUID

from eventsourcing.application import Application

from cocreation_domain.projections.fold import Fold, S, gc_paused
from cocreation_domain.projections.state import View
from cocreation_domain.projections.store import (
    MemoryViewStore,
    ProjectionConflict,
    ViewStore,
)
from cocreation_domain.projections.view import ViewFold

__all__ = [
    "AsOf",
    "Progress",
    "ProjectionRunner",
    "admit_rows",
    "events_of",
    "gc_paused",
    "rebuild",
]

AsOf = int | datetime
"""A past moment: a notification id (that event included) or a timezone-aware recorded time."""

Progress = Callable[[int, int], None]
"""Told ``(position, last)`` after each batch: the notification id reached, and the last one
in the log when the run started (for a progress bar)."""

BATCH_SIZE = 500
RUNNER_BATCH_SIZE = 5000
"""Events per stored batch: an entity changed by many events of a batch is written once."""


def events_of(
    app: Application[UUID],
    after: int = 0,
    upto: int | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[list[tuple[int, object]]]:
    """Batches of ``(notification id, domain event)`` from ``app``'s log, after ``after`` and
    up to ``upto`` (inclusive) when given."""
    position = after
    while True:
        notifications = app.recorder.select_notifications(
            start=position, limit=batch_size, stop=upto, inclusive_of_start=False
        )
        if not notifications:
            return
        yield [(n.id, app.mapper.to_domain_event(n)) for n in notifications]
        position = notifications[-1].id


def rebuild(
    app: Application[UUID],
    fold: Fold[S],
    as_of: AsOf | None = None,
    *,
    recorded_at: datetime | None = None,
    on: date | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> S:
    """Fold ``app``'s events from the first one, up to a past moment when given.

    ``as_of`` is a notification id or a recorded time (as ``recorded_at``); ``on`` a business
    date. Any of them may be combined: only events within every bound are folded.

    The result depends only on the stored events: rebuilding twice gives equal values, and
    a rebuild as of a moment equals a rebuild of a store that only ever held the events up
    to that moment. As of a time, an aggregate's events are taken up to the first one recorded
    after it, so even a clock that stepped back never leaves a gap in an aggregate's history.
    On a business date, every event that happened by then is taken, in log order, even one
    entered long after later ones; an aggregate whose first event happened after the date is
    left out with all its events (it did not exist yet).
    """
    if isinstance(as_of, datetime):
        if recorded_at is not None:
            raise ValueError("as_of is a time: give the recorded time once")
        as_of, recorded_at = None, as_of
    if recorded_at is not None and recorded_at.utcoffset() is None:
        raise ValueError("as_of needs a timezone-aware time (events are recorded in UTC)")
    last = app.recorder.max_notification_id() or 0
    state = fold.thaw(fold.initial())  # one working copy, frozen once at the end
    later: set[object] = set()  # aggregates with an event recorded after the moment
    unborn: set[object] = set()  # aggregates that did not exist yet on the business date
    with gc_paused():
        for batch in events_of(app, 0, as_of, batch_size):
            for position, event in batch:
                if recorded_at is not None or on is not None:
                    originator = getattr(event, "originator_id")  # noqa: B009
                    if recorded_at is not None and (
                        originator in later or getattr(event, "timestamp") > recorded_at  # noqa: B009
                    ):
                        later.add(originator)  # each aggregate's history stays a prefix
                        continue
                    if on is not None and _after(event, on, originator, unborn):
                        continue
                state = fold.step(state, event, position)
            if progress is not None:
                progress(batch[-1][0], last)
    return fold.freeze(state)


def _after(event: object, on: date, originator: object, unborn: set[object]) -> bool:
    """Whether ``event`` is left out of a view on the business date ``on``."""
    if originator in unborn:
        return True
    occurred: date | None = getattr(event, "occurred_on", None)
    if occurred is None or occurred <= on:
        return False
    if getattr(event, "originator_version", None) == 1:
        unborn.add(originator)
    return True


class ProjectionRunner:
    """Keeps the view of an application up to date in a :class:`ViewStore`, as rows.

    This is the only writer of views: reads fold what the store lacks in memory. Run it after
    commands (or on a schedule, or with ``cocreation project``).

    >>> from cocreation_domain import CoCreation
    >>> app = CoCreation()
    >>> anna = app.register_person("Anna Anker")
    >>> runner = ProjectionRunner(app)
    >>> runner.run()
    1
    >>> runner.store.load(ViewFold.version).view.persons[anna].name
    'Anna Anker'
    """

    def __init__(
        self,
        app: Application[UUID],
        fold: ViewFold | None = None,
        store: ViewStore | None = None,
        *,
        batch_size: int = RUNNER_BATCH_SIZE,
    ) -> None:
        self.app = app
        self.fold = fold if fold is not None else ViewFold()
        self.store: ViewStore = store if store is not None else MemoryViewStore()
        self.batch_size = batch_size
        self.position = 0
        """The notification id of the last event in the stored view (after :meth:`run`)."""
        self._created = False

    def run(self, *, progress: Progress | None = None) -> int:
        """Fold every event not yet in the stored view, storing each batch's rows and
        position in one transaction; the position reached."""
        version = self.fold.version
        last = self.app.recorder.max_notification_id() or 0
        if not self._created:
            self.store.create()
            self._created = True
        while True:
            stored_position = self.store.position(version)
            if stored_position is not None and stored_position >= last:
                self.position = stored_position
                return self.position  # nothing new: no need to load anything
            expected = stored_position
            self.position = expected or 0
            # resuming, the draft holds only the stored rows the events ask for (see _admit)
            draft = self.fold.thaw(View(position=self.position))
            asked: set[UUID] = set()
            try:
                with gc_paused():
                    for batch in events_of(self.app, self.position, None, self.batch_size):
                        if expected is not None:
                            self._admit(draft, [event for _, event in batch], expected, asked)
                        for position, event in batch:
                            draft = self.fold.step(draft, event, position)
                        self.store.save(version, expected, self.fold.take_changes(draft))
                        expected = self.position = batch[-1][0]
                        if progress is not None:
                            progress(self.position, max(last, self.position))
            except ProjectionConflict:
                continue  # another runner moved on: start again from what it stored
            return self.position

    def _admit(self, draft: View, events: list[object], position: int, asked: set[UUID]) -> None:
        admit_rows(self.fold, self.store, draft, events, position, asked)


def admit_rows(
    fold: ViewFold,
    store: ViewStore,
    draft: View,
    events: list[object],
    position: int,
    asked: set[UUID],
) -> None:
    """Take into a draft holding part of the stored view the rows ``events`` may read: their
    aggregates, every id they hold (persons they mention), and the initiatives of all of
    those; ``asked`` keeps the ids already asked for. Raises :class:`ProjectionConflict` if
    the stored view is no longer at ``position``."""
    wanted = fold.needs(events) - asked
    if not wanted:
        return
    asked |= wanted
    found = store.rows(fold.version, position, wanted)
    scopes = {s for s in (getattr(row, "initiative", None) for row in found) if s is not None}
    scopes -= asked
    if scopes:
        asked |= scopes
        found += store.rows(fold.version, position, scopes)
    fold.admit(draft, found)
