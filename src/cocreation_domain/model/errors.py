"""The one error hierarchy of the library.

Every refusal a caller can see is a :class:`DomainError`; a refused command records nothing.

>>> raise RuleViolation("R-GOAL-1", "a platform needs 3 to 5 goals, got 2")
Traceback (most recent call last):
...
cocreation_domain.model.errors.RuleViolation: R-GOAL-1: a platform needs 3 to 5 goals, got 2
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "ConcurrencyConflict",
    "DomainError",
    "InvalidInput",
    "LifecycleViolation",
    "NotFound",
    "NotPermitted",
    "PersonalDataTampered",
    "RuleViolation",
]


class DomainError(Exception):
    """Base of every error the domain raises; nothing was recorded."""


class LifecycleViolation(DomainError, ValueError):
    """A command is not allowed in the current lifecycle state."""

    def __init__(self, lifecycle: str, state: str, trigger: str, allowed: Iterable[str]) -> None:
        self.lifecycle = lifecycle
        self.state = state
        self.trigger = trigger
        self.allowed = tuple(sorted(allowed))
        super().__init__(
            f"{lifecycle} in state {state!r} cannot {trigger!r}; "
            f"allowed: {', '.join(self.allowed) or 'nothing'}"
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


class InvalidInput(DomainError, ValueError):
    """A value given to a command or a value object is not of the kind, shape or range its
    parameter takes; nothing was recorded (see :mod:`cocreation_domain.model.checks`).

    >>> raise InvalidInput("on", "a date", "2025-13-40")
    Traceback (most recent call last):
    ...
    cocreation_domain.model.errors.InvalidInput: on: expected a date, got '2025-13-40'
    """

    def __init__(self, parameter: str, expected: str, got: object) -> None:
        self.parameter = parameter
        self.expected = expected
        self.got = got
        shown = repr(got)
        if len(shown) > 80:
            shown = f"{shown[:60]}… ({type(got).__name__}, {len(shown)} characters)"
        super().__init__(f"{parameter}: expected {expected}, got {shown}")


class ConcurrencyConflict(DomainError):
    """Other writers kept changing the same aggregates; the command was tried again and gave up."""

    def __init__(self, attempts: int) -> None:
        self.attempts = attempts
        super().__init__(f"gave up after {attempts} attempts: the aggregates kept changing")


class PersonalDataTampered(DomainError):
    """A sealed personal field does not authenticate as this person's field (R-PII-3): its
    ciphertext was altered, forged, or moved from another person or another field."""

    def __init__(self, person: object, field: str) -> None:
        self.person = person
        self.field = field
        super().__init__(
            f"R-PII-3: the sealed {field!r} of person {person} fails authentication "
            "(altered, or moved from another person or field): the store was tampered with"
        )
