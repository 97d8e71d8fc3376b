"""Catching a fold up with the application's notification log, and folding the past.

:class:`ProjectionRunner` reads the log from its view's tracking position in batches, folds
each batch and stores the new value together with the new position in one transaction
(:mod:`~cocreation_domain.projections.store`). Killed at any moment, it resumes from the last
stored batch: no event is lost and none is applied twice, so its value always equals a clean
:func:`rebuild` over the same events.

:func:`rebuild` folds from the first event, optionally only up to a past moment: a
notification id (inclusive) or a recorded time (every event recorded at or before it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Generic
from uuid import UUID

from eventsourcing.application import Application

from cocreation_domain.projections.codec import ViewCodec
from cocreation_domain.projections.fold import Fold, S
from cocreation_domain.projections.store import (
    MemoryViewStore,
    ProjectionConflict,
    StoredView,
    ViewStore,
)

__all__ = ["AsOf", "Progress", "ProjectionRunner", "events_of", "rebuild"]

AsOf = int | datetime
"""A past moment: a notification id (that event included) or a timezone-aware recorded time."""

Progress = Callable[[int, int], None]
"""Told ``(position, last)`` after each batch: the notification id reached, and the last one
in the log when the run started (for a progress bar)."""

BATCH_SIZE = 500


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
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> S:
    """Fold ``app``'s events from the first one, up to ``as_of`` when given.

    The result depends only on the stored events: rebuilding twice gives equal values, and
    a rebuild as of a moment equals a rebuild of a store that only ever held the events up
    to that moment. As of a time, an aggregate's events are taken up to the first one recorded
    after it, so even a clock that stepped back never leaves a gap in an aggregate's history.
    """
    if isinstance(as_of, datetime) and as_of.utcoffset() is None:
        raise ValueError("as_of needs a timezone-aware time (events are recorded in UTC)")
    upto = as_of if isinstance(as_of, int) else None
    last = app.recorder.max_notification_id() or 0
    state = fold.thaw(fold.initial())  # one working copy, frozen once at the end
    later: set[object] = set()  # aggregates with an event recorded after the moment
    for batch in events_of(app, 0, upto, batch_size):
        for position, event in batch:
            if isinstance(as_of, datetime):
                originator = getattr(event, "originator_id")  # noqa: B009
                if originator in later or getattr(event, "timestamp") > as_of:  # noqa: B009
                    later.add(originator)  # each aggregate's history stays a prefix
                    continue
            state = fold.step(state, event, position)
        if progress is not None:
            progress(batch[-1][0], last)
    return fold.freeze(state)


class ProjectionRunner(Generic[S]):
    """Keeps one fold's view of an application up to date in a :class:`ViewStore`.

    >>> from cocreation_domain import CoCreation
    >>> from cocreation_domain.projections import ViewFold
    >>> app = CoCreation()
    >>> anna = app.register_person("Anna Anker")
    >>> runner = ProjectionRunner(app, ViewFold())
    >>> runner.run().persons[anna].name
    'Anna Anker'
    >>> runner.position
    1
    """

    def __init__(
        self,
        app: Application[UUID],
        fold: Fold[S],
        store: ViewStore | None = None,
        *,
        name: str | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.app = app
        self.fold = fold
        self.store: ViewStore = store if store is not None else MemoryViewStore()
        self.name = name or type(fold).__name__
        self.batch_size = batch_size
        self.codec = ViewCodec()
        self.position = 0
        """The notification id of the last event in the view (after :meth:`run`)."""

    def run(self, *, progress: Progress | None = None) -> S:
        """Fold every event not yet in the stored view, one stored batch at a time, and
        return the view's value."""
        last = self.app.recorder.max_notification_id() or 0
        while True:
            expected, state = self._load()
            working = self.fold.thaw(state)  # folds on across batches; frozen for each save
            try:
                for batch in events_of(self.app, self.position, None, self.batch_size):
                    for position, event in batch:
                        working = self.fold.step(working, event, position)
                    state = self.fold.freeze(working)
                    stored = StoredView(self.fold.version, batch[-1][0], self.codec.encode(state))
                    self.store.save(self.name, self.app.name, expected, stored)
                    expected = self.position = stored.position
                    if progress is not None:
                        progress(self.position, max(last, self.position))
            except ProjectionConflict:
                continue  # another runner moved on: start again from what it stored
            return state

    def _load(self) -> tuple[int | None, S]:
        """The stored position (``None``: nothing stored) and the value to continue from;
        a view made by another version of the fold is folded again from the start."""
        stored = self.store.load(self.name)
        if stored is None:
            self.position = 0
            return None, self.fold.initial()
        if stored.version != self.fold.version:
            self.position = 0
            return stored.position, self.fold.initial()
        self.position = stored.position
        value: S = self.codec.decode(stored.state)
        return stored.position, value
