"""What the state machines watch of an application's store: live aggregates, new events, replay.

Both :class:`~cocreation_domain.testing.stateful.PlatformLifecycleMachine` and
:class:`~cocreation_domain.testing.stateful.InitiativeMachine` check after every step
that every aggregate the store changed was saved by a command and rebuilds from its stored
events into the live aggregate. :class:`StoreWatch` is that shared plumbing:

>>> from datetime import date
>>> app = CoCreation()
>>> watch = StoreWatch(app)
>>> anna = app.register_person("Anna Anker", on=date(2025, 1, 6))
>>> watch.changed() == watch.saved == {anna}
True
>>> watch.rebuild(anna) == watch.live[anna]
True
>>> watch.changed()
set()
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from copy import deepcopy
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import project_aggregate
from eventsourcing.domain import BaseAggregate
from eventsourcing.persistence import Notification
from eventsourcing.popo import POPOApplicationRecorder

from cocreation_domain.application import CoCreation
from cocreation_domain.testing.history import events_stored

__all__ = ["StoreWatch", "bound_to"]

M = TypeVar("M")

T = TypeVar("T")


class StoreWatch:
    """Watches one application's store: keeps a copy of every aggregate it saves, reads the
    notifications recorded since the last look, and rebuilds aggregates from stored events.

    Building it wraps ``app.save``: every aggregate saved with new events is deep-copied into
    :attr:`live` (by id) and its id added to :attr:`saved`, which the owner empties once it has
    checked it. Aggregates are rebuilt through :attr:`reader`, a second application over the
    same store (SQLite file, PostgreSQL), or, where a second application would see an empty
    store (plain Python objects, in-memory SQLite), by replaying the application's own event
    store with :func:`eventsourcing.application.project_aggregate`. :meth:`close` closes the
    reader; the application stays the owner's to close.
    """

    def __init__(self, app: CoCreation) -> None:
        self.app = app
        self.reader: CoCreation | None = self._second_application(app)
        """Another application over the same store, or ``None`` where it would see no events."""
        self.live: dict[UUID, BaseAggregate[UUID]] = {}
        """A copy of each aggregate as the application last saved it, by id."""
        self.saved: set[UUID] = set()
        """The ids of the aggregates saved with new events since the owner last emptied it."""
        self._spy_on_saves()
        self._position = self.max_id()

    @staticmethod
    def _second_application(app: CoCreation) -> CoCreation | None:
        if isinstance(app.recorder, POPOApplicationRecorder):
            return None
        if "memory" in str(app.env.get("SQLITE_DBNAME", "")):
            return None
        return type(app)(env=dict(app.env))

    def _spy_on_saves(self) -> None:
        """Keep a copy of every aggregate the application saves with new events: the live one."""
        save = self.app.save

        def saving(*objs: Any, **kwargs: Any) -> Any:
            dirty = [o for o in objs if isinstance(o, BaseAggregate) and o.pending_events]
            recordings = save(*objs, **kwargs)
            for aggregate in dirty:
                self.live[aggregate.id] = deepcopy(aggregate)
                self.saved.add(aggregate.id)
            return recordings

        self.app.save = saving  # type: ignore[method-assign]

    def max_id(self) -> int:
        """The id of the store's latest notification (0 when it has none): how many events
        it holds (:func:`~cocreation_domain.testing.history.events_stored`)."""
        return events_stored(self.app)

    def new_notifications(self) -> Iterator[Notification]:
        """The notifications recorded since the last call (or since this watch was built), in
        order; the position advances past each notification as it is yielded."""
        while True:
            batch = self.app.recorder.select_notifications(
                self._position, 100, inclusive_of_start=False
            )
            if not batch:
                return
            for notification in batch:
                self._position = notification.id
                yield notification

    def changed(self) -> set[UUID]:
        """The ids of the aggregates whose events the store recorded since the last look."""
        return {UUID(str(n.originator_id)) for n in self.new_notifications()}

    def rebuild(self, ident: UUID) -> BaseAggregate[UUID]:
        """The aggregate rebuilt from its stored events alone."""
        if self.reader is not None:
            rebuilt: BaseAggregate[UUID] = self.reader.repository.get(ident)
            return rebuilt
        replayed: BaseAggregate[UUID] | None = project_aggregate(None, self.app.events.get(ident))
        assert replayed is not None, f"no stored events of {ident}"
        return replayed

    def live_of(self, kind: type[T]) -> list[T]:
        """The live aggregates of one class, in the order they were first saved."""
        found: list[T] = []
        for aggregate in self.live.values():
            candidate: object = aggregate
            if isinstance(candidate, kind):
                found.append(candidate)
        return found

    def close(self) -> None:
        """Close the second application, if there is one."""
        if self.reader is not None:
            self.reader.close()


def bound_to(machine: type[M], make_app: Callable[[], CoCreation]) -> type[M]:
    """``machine`` with ``make_app`` fixed, as the zero-argument class that Hypothesis's
    ``run_state_machine_as_test`` (in its annotations) and ``TestCase`` wrapper expect."""

    class Bound(machine):  # type: ignore[valid-type,misc]
        def __init__(self) -> None:
            super().__init__(make_app)

    Bound.__name__ = Bound.__qualname__ = machine.__name__
    return Bound
