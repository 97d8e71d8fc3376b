"""An aggregate cache that hands out cheap copies, for :class:`~cocreation_domain.CoCreation`.

eventsourcing's repository can keep loaded aggregates in a cache and fast-forward them with
newer stored events on every load, so other writers' events are always seen. It deep-copies
each aggregate it hands out, so that a caller's changes cannot reach the cache; deep-copying
every UUID, date and frozen value object of an aggregate costs more than replaying it.

:class:`CopyingRepository` keeps the cache current differently: it remembers the position in
the notification log up to which the cache holds every stored event, and :meth:`catch_up`
asks the store for its last position (one cheap query). When only this process wrote since,
nothing is read; when other writers stored events, those are read once, in order, and applied
to the cached aggregates they belong to. What this process saves goes into the cache as saved
(:meth:`CopyingRepository.saved`). This relies on the notification log having no gap that is
filled later: eventsourcing's PostgreSQL recorder locks the table for inserts so that ids are
committed in order, SQLite serialises writers, and POPO inserts under a lock.

Aggregate state here holds only immutable values (str, int, bool, None, dates, UUIDs,
decimals, enums, frozensets, frozen attrs values) and containers of them (dicts keyed by
str; lists only in eventsourcing's own bookkeeping). Copying the containers and sharing the
values is therefore as safe as a deep copy: nothing a caller can reach without copying can
be changed.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import ProjectorFunction, Repository, project_aggregate
from eventsourcing.persistence import ApplicationRecorder, EventStore, Notification, Recording

__all__ = ["CopyingRepository", "copied"]

T = TypeVar("T")


def copied(aggregate: T) -> T:
    """A copy of ``aggregate`` with its own top-level containers and shared immutable values.

    Aggregate state holds containers (dicts, lists, sets) only at its top level, and ``apply``
    bodies change only those (by assigning items), so copying each top-level container once
    is as safe as a deep copy (``tests/unit/test_repository.py`` checks the state's shape).

    >>> from cocreation_domain import CoCreation
    >>> app = CoCreation()
    >>> anna = app.get_person(app.register_person("Anna Anker"))
    >>> copy = copied(anna)
    >>> copy is anna, vars(copy) == vars(anna), copy._pending_events is anna._pending_events
    (False, True, False)
    """
    state = dict(vars(aggregate))
    for name, value in state.items():
        kind = type(value)
        if kind is dict or kind is list or kind is set:
            state[name] = kind(value)
    clone = object.__new__(type(aggregate))
    object.__setattr__(clone, "__dict__", state)
    return clone


CONTAINERS = (dict, list, set)
"""The mutable containers an aggregate's state may hold at its top level (and only there)."""


class CopyingRepository(Repository[UUID]):
    """eventsourcing's repository, handing out cached aggregates as :func:`copied` copies.

    ``copy_from_cache`` plays the part of eventsourcing's ``deepcopy_from_cache`` (and is
    set from the same ``DEEPCOPY_FROM_AGGREGATE_CACHE`` variable): turned off, callers get
    the cached aggregate itself. With ``fastforward`` (the default) a load first catches the
    cache up with the store (:meth:`catch_up`) unless the caller says it just did.
    """

    CATCH_UP_BATCH = 500
    """How many notifications :meth:`catch_up` reads per query."""

    def __init__(
        self,
        event_store: EventStore[UUID],
        *,
        snapshot_store: EventStore[UUID] | None = None,
        cache_maxsize: int | None = None,
        fastforward: bool = True,
        fastforward_skipping: bool = False,
        copy_from_cache: bool = True,
    ) -> None:
        super().__init__(
            event_store,
            snapshot_store=snapshot_store,
            cache_maxsize=cache_maxsize,
            fastforward=fastforward,
            fastforward_skipping=fastforward_skipping,
            deepcopy_from_cache=False,
        )
        self.copy_from_cache = copy_from_cache
        self._position: int | None = None
        """The notification id up to which the cache holds every stored event (None: unknown)."""
        self._catching_up = threading.Lock()

    @property
    def _recorder(self) -> ApplicationRecorder | None:
        recorder = self.event_store.recorder
        return recorder if isinstance(recorder, ApplicationRecorder) else None

    def catch_up(self) -> None:
        """Bring the cached aggregates up to the store's last stored event.

        One query for the store's last notification id; if other writers stored events since
        the cache was last current, they are read once (in batches) and each is applied to
        its cached aggregate, or the aggregate is dropped from the cache when an event is
        missing in between. Without a cache, or with fast-forwarding off, nothing happens.
        """
        recorder = self._recorder
        if self.cache is None or not self.fastforward or recorder is None:
            return
        with self._catching_up:
            top = recorder.max_notification_id() or 0
            if self._position is None:
                self._forget_cached()
                self._position = top
                return
            position = self._position
            while position < top:
                batch = recorder.select_notifications(
                    start=position + 1, limit=self.CATCH_UP_BATCH, stop=top
                )
                if not batch:
                    break
                for notification in batch:
                    self._apply_stored(notification)
                position = batch[-1].id
            self._position = top

    def saved(self, recordings: Sequence[Recording[UUID]], aggregates: Mapping[UUID, Any]) -> None:
        """Put what this process just saved into the cache (as copies, so later changes by the
        caller stay out), and move the cache's position past the saved events when no other
        writer stored events in between."""
        if self.cache is None or not self.fastforward:
            return
        with self._catching_up:
            for aggregate_id, aggregate in aggregates.items():
                self.cache.put(aggregate_id, copied(aggregate))
            ids = [r.notification.id for r in recordings]
            if ids and self._position is not None and min(ids) == self._position + 1:
                self._position = max(ids)

    def _apply_stored(self, notification: Notification) -> None:
        assert self.cache is not None
        originator = notification.originator_id
        key = originator if isinstance(originator, UUID) else UUID(str(originator))
        try:
            cached = self.cache.get(key)
        except KeyError:
            return
        if notification.originator_version <= cached.version:
            return  # already in the cached aggregate (this process saved it)
        if notification.originator_version == cached.version + 1:
            project_aggregate(cached, [self.event_store.mapper.to_domain_event(notification)])
        else:
            self.cache.get(key, evict=True)

    def _forget_cached(self) -> None:
        assert self.cache is not None
        for key in list(getattr(self.cache, "cache", {})):
            try:
                self.cache.get(key, evict=True)
            except KeyError:
                continue

    def get(
        self,
        aggregate_id: UUID,
        *,
        version: int | None = None,
        projector_func: ProjectorFunction[Any, Any] = project_aggregate,
        fastforward_skipping: bool = False,
        deepcopy_from_cache: bool = True,
        caught_up: bool = False,
    ) -> Any:
        """The aggregate (a copy when it comes from the cache), as eventsourcing loads it.

        A cached aggregate is brought up to the store by :meth:`catch_up` first, unless
        ``caught_up`` says the caller has just done so.
        """
        if self.cache is None or version is not None or not self.fastforward:
            aggregate = super().get(
                aggregate_id,
                version=version,
                projector_func=projector_func,
                fastforward_skipping=fastforward_skipping,
                deepcopy_from_cache=False,
            )
        else:
            if not caught_up:
                self.catch_up()
            try:
                aggregate = self.cache.get(aggregate_id)
            except KeyError:
                aggregate = self._reconstruct_aggregate(aggregate_id, None, projector_func)
                self.cache.put(aggregate_id, aggregate)
        if self.cache is not None and version is None and deepcopy_from_cache:
            return copied(aggregate) if self.copy_from_cache else aggregate
        return aggregate
