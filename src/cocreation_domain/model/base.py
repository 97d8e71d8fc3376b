"""What every aggregate of the domain shares: who and when on every event, and a lifecycle."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from cocreation_domain.model.errors import NotPermitted
from cocreation_domain.model.lifecycles import Lifecycle
from cocreation_domain.model.values import Principal

__all__ = ["CoCreationAggregate"]


class CoCreationAggregate(Aggregate):
    """An aggregate whose events say who (``principal``) and on what business date."""

    LIFECYCLE: ClassVar[Lifecycle]
    if TYPE_CHECKING:  # assigned by events; a class annotation would make a dataclass
        state: str

    class Event(Aggregate.Event):
        """Every event names the person who caused it and the business date it happened on."""

        principal: UUID
        occurred_on: date

    def _destination(self, trigger: str, facts: Mapping[str, bool] = {}) -> str:
        """Where ``trigger`` leads from the current state; raises ``LifecycleViolation``."""
        return self.LIFECYCLE.destination(trigger, self.state, facts)

    def _record(
        self,
        event_class: type[CoCreationAggregate.Event],
        by: Principal,
        on: date,
        **kwargs: Any,
    ) -> None:
        self.trigger_event(event_class, principal=by.person, occurred_on=on, **kwargs)

    @staticmethod
    def _require_anchor(by: Principal, what: str) -> None:
        if not by.is_anchor:
            raise NotPermitted("anchor", what)
