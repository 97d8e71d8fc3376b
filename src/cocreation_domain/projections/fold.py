"""A read model is a pure fold: an initial value and one handler per event class.

A :class:`Fold` never reads the clock, the store or anything but the event and the value it
is given, and it never mutates that value: each handler returns a new one. Folding the same
events therefore always gives the same value, however often and wherever it is done, which
is what lets a runner resume after a crash and an auditor rebuild the past.

A fold whose value grows with the log may fold a batch of events into a working copy of its
own instead, changed in place: :meth:`Fold.thaw` makes it, :meth:`Fold.step` changes it and
:meth:`Fold.freeze` gives the value, so an event costs the same however large the value has
grown. Nobody else ever sees the working copy, so the fold stays pure from outside.

>>> from functools import singledispatchmethod
>>> class Count(Fold[int]):
...     version = "count-1"
...     def initial(self) -> int:
...         return 0
...     @singledispatchmethod
...     def apply(self, event: object, state: int) -> int:
...         return state
...     @apply.register(str)
...     def _(self, event: str, state: int) -> int:
...         return state + 1
>>> Count().fold_all([(1, "a"), (2, 3.0), (3, "b")])
2
"""

from __future__ import annotations

import gc
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import ClassVar, Generic, TypeVar

__all__ = ["Fold", "S", "gc_paused"]

S = TypeVar("S")


class Fold(ABC, Generic[S]):
    """How a read model's value follows the events of the notification log.

    Subclasses define :meth:`initial` and :meth:`apply` as a ``singledispatchmethod`` whose
    default handler returns the value unchanged (unknown events are ignored), with one
    registered handler per event class they care about.
    """

    version: ClassVar[str]
    """Names the handlers' behaviour; change it whenever a handler changes, so stored views
    made by older handlers are rebuilt from the first event instead of resumed."""

    @abstractmethod
    def initial(self) -> S:
        """The value before any event."""

    @abstractmethod
    def apply(self, event: object, state: S) -> S:
        """The value after ``event``; must not mutate ``state``."""

    def thaw(self, state: S) -> S:
        """A working copy of ``state`` for :meth:`step` to change in place, leaving ``state``
        as it is; by default ``state`` itself (a value nothing changes in place)."""
        return state

    def freeze(self, state: S) -> S:
        """The value a working copy made by :meth:`thaw` has folded so far; the working copy
        may fold on without changing that value. By default ``state`` itself."""
        return state

    def step(self, state: S, event: object, position: int) -> S:
        """Fold one event found at ``position`` (its notification id) of the log.

        Given a working copy made by :meth:`thaw`, it may change it in place and return it;
        given any other value, it leaves it as it is."""
        return self.apply(event, state)

    def fold_all(self, events: Iterable[tuple[int, object]], state: S | None = None) -> S:
        """Fold ``(position, event)`` pairs in order, from ``state`` or the initial value,
        in one working copy; ``state`` stays as it is."""
        value = self.thaw(self.initial() if state is None else state)
        for position, event in events:
            value = self.step(value, event, position)
        return self.freeze(value)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (if it runs) until the block ends.

    Folding and decoding make many objects and no cycles, and every full collection on the
    way would walk the whole growing view again; reference counting frees what they drop.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
