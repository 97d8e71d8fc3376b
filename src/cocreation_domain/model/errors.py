"""The one error hierarchy of the library.

Every refusal a caller can see is a :class:`DomainError`; a refused command records nothing.

>>> raise RuleViolation("R-GOAL-1", "a platform needs 3 to 5 goals, got 2")
Traceback (most recent call last):
...
cocreation_domain.model.errors.RuleViolation: R-GOAL-1: a platform needs 3 to 5 goals, got 2
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = [
    "ConcurrencyConflict",
    "DomainError",
    "LifecycleViolation",
    "NotFound",
    "NotPermitted",
    "RuleViolation",
    "StoreError",
]


class DomainError(Exception):
    """Base of every error the domain raises; nothing was recorded."""


class LifecycleViolation(DomainError, ValueError):
    """A command is not allowed in the current lifecycle state.

    The message names the commands a caller can call (``merge_platforms``, ``remove_actor``),
    not the lifecycle table's internal triggers (``merge``/``absorb``, ``leave_actor``): the
    table :data:`cocreation_domain.model.lifecycles.COMMANDS` maps one to the other.
    ``trigger`` and ``allowed`` keep the table's trigger names for code that checks them;
    ``commands`` and ``allowed_commands`` hold the callable names.
    """

    def __init__(
        self,
        lifecycle: str,
        state: str,
        trigger: str,
        allowed: Iterable[str],
        *,
        commands: Mapping[str, tuple[str, ...]] = {},
    ) -> None:
        self.lifecycle = lifecycle
        self.state = state
        self.trigger = trigger
        self.allowed = tuple(sorted(allowed))
        self.commands = commands.get(trigger, (trigger,))
        self.allowed_commands = tuple(
            sorted({c for t in self.allowed for c in commands.get(t, (t,))})
        )
        super().__init__(
            f"{lifecycle} in state {state!r} cannot {' / '.join(self.commands)}; "
            f"commands it accepts now: {', '.join(self.allowed_commands) or 'none'}"
        )


class RuleViolation(DomainError, ValueError):
    """A numbered rule of the domain contract (DOMAIN.md) refuses the command."""

    def __init__(self, rule: str, message: str) -> None:
        self.rule = rule
        self.message = message
        super().__init__(f"{rule}: {message}")


class NotPermitted(DomainError, PermissionError):
    """The principal lacks the role the command needs (R-AUTH-1)."""

    def __init__(self, role: str, message: str = "") -> None:
        self.role = role
        super().__init__(f"R-AUTH-1: needs the role {role!r}" + (f": {message}" if message else ""))


class NotFound(DomainError, LookupError):
    """No initiative, platform, person, goal or ripple has the given id."""

    def __init__(self, kind: str, ident: object) -> None:
        self.kind = kind
        self.ident = ident
        super().__init__(f"no {kind} with id {ident}")


class ConcurrencyConflict(DomainError):
    """Other writers kept changing the same aggregates; the command was tried again and gave up."""

    def __init__(self, attempts: int) -> None:
        self.attempts = attempts
        super().__init__(f"gave up after {attempts} attempts: the aggregates kept changing")


class StoreError(DomainError, ValueError):
    """The event store cannot be opened as configured; the message names where and what to do."""

    def __init__(self, location: str, advice: str) -> None:
        self.location = location
        self.advice = advice
        super().__init__(f"cannot open the event store {location}: {advice}")
