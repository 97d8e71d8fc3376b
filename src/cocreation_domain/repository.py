"""An aggregate cache that hands out cheap copies, for :class:`~cocreation_domain.CoCreation`.

eventsourcing's repository can keep loaded aggregates in a cache and fast-forward them with
newer stored events on every load, so other writers' events are always seen. It deep-copies
each aggregate it hands out, so that a caller's changes cannot reach the cache; deep-copying
every UUID, date and frozen value object of an aggregate costs more than replaying it.

Aggregate state here holds only immutable values (str, int, bool, None, dates, UUIDs,
decimals, enums, frozensets, frozen attrs values) and containers of them (dicts keyed by
str; lists only in eventsourcing's own bookkeeping). Copying the containers and sharing the
values is therefore as safe as a deep copy: nothing a caller can reach without copying can
be changed.
"""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import ProjectorFunction, Repository, project_aggregate
from eventsourcing.persistence import EventStore

__all__ = ["CopyingRepository", "copied"]

T = TypeVar("T")


def copied(aggregate: T) -> T:
    """A copy of ``aggregate`` with its own containers and shared immutable values.

    >>> from cocreation_domain import CoCreation
    >>> app = CoCreation()
    >>> anna = app.get_person(app.register_person("Anna Anker"))
    >>> copy = copied(anna)
    >>> copy is anna, vars(copy) == vars(anna), copy._pending_events is anna._pending_events
    (False, True, False)
    """
    clone = object.__new__(type(aggregate))
    clone.__dict__.update({name: _copied(value) for name, value in vars(aggregate).items()})
    return clone


_CONTAINERS = frozenset({dict, list, set})


def _copied(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        if _CONTAINERS.isdisjoint(map(type, value.values())):
            return dict(value)  # the common case: a flat mapping of immutable values
        return {key: _copied(item) for key, item in value.items()}
    if kind is list:
        if _CONTAINERS.isdisjoint(map(type, value)):
            return list(value)
        return [_copied(item) for item in value]
    if kind is set:
        return set(value)
    return value


class CopyingRepository(Repository[UUID]):
    """eventsourcing's repository, handing out cached aggregates as :func:`copied` copies.

    ``copy_from_cache`` plays the part of eventsourcing's ``deepcopy_from_cache`` (and is
    set from the same ``DEEPCOPY_FROM_AGGREGATE_CACHE`` variable): turned off, callers get
    the cached aggregate itself.
    """

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

    def get(
        self,
        aggregate_id: UUID,
        *,
        version: int | None = None,
        projector_func: ProjectorFunction[Any, Any] = project_aggregate,
        fastforward_skipping: bool = False,
        deepcopy_from_cache: bool = True,
    ) -> Any:
        """The aggregate (a copy when it comes from the cache), as eventsourcing loads it."""
        aggregate = super().get(
            aggregate_id,
            version=version,
            projector_func=projector_func,
            fastforward_skipping=fastforward_skipping,
            deepcopy_from_cache=False,
        )
        if self.cache is not None and version is None and deepcopy_from_cache:
            return copied(aggregate) if self.copy_from_cache else aggregate
        return aggregate
