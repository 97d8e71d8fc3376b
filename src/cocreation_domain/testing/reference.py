"""What a reference model predicts for one command: the refusals it sees as legitimate, and what
changes when the command is accepted.

Both reference models (:mod:`~cocreation_domain.testing.platform_model`,
:mod:`~cocreation_domain.testing.initiative_model`) answer every command they know with a
:class:`Prediction`. They read the domain's rules by calling the model's own rule functions
(``rules.check_goal_set``, ``decisions.require_passed``, ``Lifecycle.destination`` …) through
:func:`refused`, and compare errors by :attr:`DomainError.detail
<cocreation_domain.model.errors.DomainError.detail>`, the one error-detail function:

>>> from cocreation_domain.model import PLATFORM, RuleViolation
>>> from cocreation_domain.model.rules import require_text
>>> refused(lambda: require_text(" ", "R-PLAT-4", "a reason"))
[Refusal(error=<class 'cocreation_domain.model.errors.RuleViolation'>, detail='R-PLAT-4')]
>>> refused(lambda: PLATFORM.destination("merge", "closed"))[0].detail
'merge_platforms'
>>> Refusal(RuleViolation, "R-PLAT-4").matches(RuleViolation("R-PLAT-4", "why?"))
True

Both read a platform's lifecycle alike, through :func:`platform_refusals` and
:func:`to_platform_state`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, Protocol

import attrs

from cocreation_domain.model import PLATFORM, DomainError
from cocreation_domain.model.lifecycles import left_for_standby

__all__ = [
    "Call",
    "PlatformLifecycleRecord",
    "Prediction",
    "Refusal",
    "platform_refusals",
    "refused",
    "to_platform_state",
]


@attrs.frozen
class Refusal:
    """A refusal a model predicts: the error's class and its :attr:`~DomainError.detail`
    (``None`` accepts any detail)."""

    error: type[DomainError]
    detail: str | None = None

    def matches(self, error: DomainError) -> bool:
        """Whether ``error`` is this refusal."""
        return isinstance(error, self.error) and self.detail in (None, error.detail)

    def __str__(self) -> str:
        return f"{self.error.__name__}({self.detail or ''})"


def refused(check: Callable[[], object]) -> list[Refusal]:
    """The refusal ``check`` raises, as a one-item list, or an empty list when it passes."""
    try:
        check()
    except DomainError as error:
        return [Refusal(type(error), error.detail)]
    return []


@attrs.frozen
class Prediction:
    """A model's answer to one command: every refusal it sees as legitimate (the command is
    accepted exactly when there is none; refused, it may be for any of them, so the order in
    which the application checks them does not matter), and ``accept``, which changes the model
    as the accepted command does, given the command's result (a new id, say)."""

    refusals: tuple[Refusal, ...]
    accept: Callable[[Any], object] = lambda _: None

    @property
    def accepted(self) -> bool:
        """Whether the model expects the command to be accepted."""
        return not self.refusals

    def __str__(self) -> str:
        return ", ".join(map(str, self.refusals)) or "success"


@attrs.frozen
class Call:
    """One command with its arguments (all but ``on``), put alike to a model, which answers
    with a :class:`Prediction`, and to the application."""

    command: str
    args: tuple[Any, ...]
    kwargs: Mapping[str, Any] = attrs.Factory(dict)

    def to(self, target: object, on: date) -> Any:
        """Call the command on ``target`` (a model or an application) for the day ``on``."""
        return getattr(target, self.command)(*self.args, on=on, **self.kwargs)


class PlatformLifecycleRecord(Protocol):
    """What both models record of a platform's lifecycle: its state and, on standby, the
    state it left (the fact resuming reads)."""

    state: str
    standby_from: str | None


def _lifecycle_facts(p: PlatformLifecycleRecord, facts: Mapping[str, bool]) -> dict[str, bool]:
    return {left_for_standby(p.standby_from): True, **facts}


def platform_refusals(p: PlatformLifecycleRecord, trigger: str) -> list[Refusal]:
    """The refusal the platform lifecycle gives ``trigger`` from ``p``'s state, if any."""
    return refused(lambda: PLATFORM.destination(trigger, p.state, _lifecycle_facts(p, {})))


def to_platform_state(
    p: PlatformLifecycleRecord, trigger: str, **facts: bool
) -> Callable[[object], None]:
    """An ``accept`` that moves ``p`` to where ``trigger`` leads, given ``facts``."""
    return lambda _: setattr(
        p, "state", PLATFORM.destination(trigger, p.state, _lifecycle_facts(p, facts))
    )
