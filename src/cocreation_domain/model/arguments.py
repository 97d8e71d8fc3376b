"""Command arguments checked from the command's own annotations, before anything is loaded.

:func:`signature_check` reads a command's signature and type hints once and compiles one
check per parameter from the boundary functions of :mod:`cocreation_domain.model.checks`:

- ``UUID`` → an id; ``date`` → a business date; ``bool`` → a flag; ``int`` → a whole number;
- ``str`` → by parameter name: ``email``, ``phone``, one line for :data:`LINE_PARAMETERS`
  (names, titles, keys), long text for every other;
- an enum → a member or one of its values; an attrs value class → an instance of it (which
  validated its own fields when it was made);
- ``X | None`` → ``None`` or an ``X``; ``Collection[X]``/``Sequence[X]`` → a list, tuple, set
  or frozenset (not text) of ``X``, handed on as a tuple; ``Mapping[K, V]`` → a mapping of
  ``K`` to ``V``, handed on as a dict.

A value object is checked again, with every value it holds (``attrs.validate``), so one made
past its validators (``object.__setattr__``) is refused too.

The check hands the command its arguments normalised (text stripped, vocabulary values as
members); a value that does not fit raises :class:`~cocreation_domain.model.errors.InvalidInput`
naming the parameter. Maintained annotation checkers (typeguard, beartype) were measured
against this and left out: neither checks every item of a ``Collection[X]`` (typeguard checks
none, beartype one at random), both take ``True`` for an ``int`` and a ``datetime`` for a
``date``, and the ranges and text rules need the functions below anyway.

>>> from datetime import date
>>> def record(by: UUID, on: date | None = None) -> None: ...
>>> check = signature_check(record)
>>> check((), {"by": "0f8c", "on": None})
Traceback (most recent call last):
...
cocreation_domain.model.errors.InvalidInput: by: expected an id (uuid.UUID), got '0f8c'
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID

import attrs

from cocreation_domain.model import checks
from cocreation_domain.model.errors import InvalidInput

__all__ = ["LINE_PARAMETERS", "SignatureCheck", "signature_check"]

LINE_PARAMETERS = frozenset({"name", "title", "kind", "key", "goal", "place"})
"""Text parameters that take one line (names, titles, keys); every other ``str`` is long text."""

Check = Callable[[object, str], Any]


def _optional(check: Check) -> Check:
    def optional(value: object, parameter: str) -> Any:
        return None if value is None else check(value, parameter)

    return optional


def _items(check: Check, what: str) -> Check:
    def items(value: object, parameter: str) -> tuple[Any, ...]:
        return tuple(
            check(item, f"{parameter}[{i}]")
            for i, item in enumerate(checks.members(value, parameter, what))
        )

    return items


def _mapping(key: Check, value_check: Check) -> Check:
    def mapping(value: object, parameter: str) -> dict[Any, Any]:
        if not isinstance(value, Mapping):
            raise InvalidInput(parameter, "a mapping", value)
        if len(value) > 1000:
            raise InvalidInput(parameter, "a mapping of at most 1000 entries", value)
        return {
            key(k, f"{parameter} key"): value_check(v, f"{parameter}[{k!r}]")
            for k, v in value.items()
        }

    return mapping


_Plan = tuple[tuple[Any, Any, bool], ...]
_PLANS: dict[type[Any], _Plan] = {}


def _holds_values(hint: Any) -> bool:
    """Whether a field annotated ``hint`` may hold attrs value objects."""
    if isinstance(hint, type) and attrs.has(hint):
        return True
    return any(_holds_values(argument) for argument in typing.get_args(hint))


def _plan(kind: type[Any]) -> _Plan:
    """Each field of ``kind`` with its validator and whether it may hold value objects."""
    hints = typing.get_type_hints(kind)
    plan = tuple(
        (field, field.validator, _holds_values(hints[field.name])) for field in attrs.fields(kind)
    )
    _PLANS[kind] = plan
    return plan


def _validate(value: Any) -> None:
    """Run the validators of the attrs value ``value`` and of every value object it holds."""
    for field, validate, nested in _PLANS.get(type(value)) or _plan(type(value)):
        held = getattr(value, field.name)
        if validate is not None:
            validate(value, field, held)
        if nested and held is not None:
            if isinstance(held, tuple | frozenset):
                for item in held:
                    _validate(item)
            else:
                _validate(held)


def _instance(kind: type[Any]) -> Check:
    what = f"a {kind.__name__}"

    def instance(value: object, parameter: str) -> Any:
        if not isinstance(value, kind):
            raise InvalidInput(parameter, what, value)
        # Made past its validators (object.__setattr__)? Check it again, deeply.
        try:
            _validate(value)
        except InvalidInput:
            raise
        except Exception:
            raise InvalidInput(parameter, f"a well-formed {kind.__name__}", value) from None
        return value

    return instance


def _vocabulary(enum: type[Enum]) -> Check:
    def vocabulary(value: object, parameter: str) -> Any:
        return checks.vocabulary(value, parameter, enum)

    return vocabulary


def _text_for(name: str) -> Check:
    if name == "email":
        return checks.email
    if name == "phone":
        return checks.phone
    if name in LINE_PARAMETERS:
        return checks.line
    return checks.text


def compile_check(annotation: Any, name: str) -> Check:
    """The check of one parameter called ``name`` annotated ``annotation``."""
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in arguments if a is not type(None)]
        if len(rest) != 1:
            msg = f"{name}: only X | None unions are checked, not {annotation}"
            raise TypeError(msg)
        return _optional(compile_check(rest[0], name))
    if origin is not None and isinstance(origin, type):
        if issubclass(origin, Mapping):
            return _mapping(compile_check(arguments[0], name), compile_check(arguments[1], name))
        if issubclass(origin, Collection | Sequence):
            item = compile_check(arguments[0], name)
            return _items(item, getattr(arguments[0], "__name__", "items"))
    if annotation is UUID:
        return checks.identifier
    if annotation is date:
        return checks.day
    if annotation is bool:
        return checks.flag
    if annotation is int:
        return checks.whole
    if annotation is str:
        return _text_for(name)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _vocabulary(annotation)
    if isinstance(annotation, type) and attrs.has(annotation):
        return _instance(annotation)
    msg = f"{name}: no boundary check for the annotation {annotation!r}"
    raise TypeError(msg)


@attrs.frozen
class SignatureCheck:
    """The compiled checks of one command: ``(args, kwargs)`` in, normalised ``(args, kwargs)``
    out (positional arguments handed on as keywords)."""

    names: tuple[str, ...]
    checks: Mapping[str, Check]
    required: frozenset[str]

    def __call__(
        self, args: tuple[Any, ...], kwargs: Mapping[str, Any]
    ) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """Check and normalise the arguments of one call."""
        names, checks_ = self.names, self.checks
        if len(args) > len(names):
            raise InvalidInput("arguments", f"at most {len(names)} positional", len(args))
        given = dict(zip(names, args, strict=False))
        for name, value in kwargs.items():
            if name in given or name not in checks_:
                raise InvalidInput(name, "a parameter given once, by a known name", value)
            given[name] = value
        if not self.required <= given.keys():
            missing = min(self.required.difference(given))
            raise InvalidInput(missing, "a value (the parameter is required)", None)
        return (), {name: checks_[name](value, name) for name, value in given.items()}


def signature_check(function: Callable[..., Any]) -> SignatureCheck:
    """Compile the checks of ``function``'s parameters (``self`` excluded) from its hints."""
    hints = typing.get_type_hints(function)
    names: list[str] = []
    required: set[str] = set()
    compiled: dict[str, Check] = {}
    for parameter in inspect.signature(function).parameters.values():
        if parameter.name == "self":
            continue
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            msg = f"{function.__name__}: *args and **kwargs are not checked"
            raise TypeError(msg)
        if parameter.kind is not parameter.KEYWORD_ONLY:
            names.append(parameter.name)
        if parameter.default is parameter.empty:
            required.add(parameter.name)
        compiled[parameter.name] = compile_check(hints[parameter.name], parameter.name)
    return SignatureCheck(tuple(names), compiled, frozenset(required))
