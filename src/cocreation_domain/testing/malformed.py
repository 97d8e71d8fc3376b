"""Hypothesis strategies for malformed command arguments: the store cannot be poisoned.

Every value a command takes is checked before anything is recorded (issue 8). These
strategies generate what must be refused, so this library and its embedders can fuzz a
command, or their own wrapper around one, and check that each call raises a
:class:`~cocreation_domain.model.DomainError` and writes nothing:

- :func:`malformed` — values a parameter of a given annotation must refuse: wrong types, ids
  as text, unknown ids, impossible or out-of-range dates, ``datetime`` for ``date``, ``bool``
  or text for numbers, NaN and infinite decimals, text with control characters, lone
  surrogates or over the length limit, e-mails with CR/LF or two addresses, unknown
  vocabulary values, and value objects *forged* past their validators (``object.__setattr__``)
  holding any of these.
- :func:`malformed_calls` — a whole call of one command: well-formed arguments (given by the
  caller, e.g. from a :class:`~cocreation_domain.testing.Scenario`) with one of them replaced
  by a malformed value.
- :func:`public_commands` — the commands of an application class (the ``@command`` methods).

>>> from cocreation_domain import CoCreation
>>> sorted(public_commands(CoCreation))[:2]
['add_agenda_item', 'add_goal']
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID, uuid4

import attrs
from hypothesis import strategies as st

from cocreation_domain.model import (
    Agenda,
    AgendaItem,
    Baseline,
    Consent,
    Contribution,
    Goal,
    GoalProgress,
    GuestTalk,
    Minutes,
    Policies,
    RealityCheck,
    Recommendation,
    Ripple,
    RippleKind,
    Venue,
)
from cocreation_domain.model.arguments import LINE_PARAMETERS
from cocreation_domain.model.checks import LINE_MAX, TEXT_MAX

__all__ = ["MalformedCall", "forged", "malformed", "malformed_calls", "public_commands"]

_DAY = date(2025, 1, 6)


def public_commands(application: type[Any]) -> dict[str, Callable[..., Any]]:
    """Every public command of ``application``: its methods wrapped by ``@command``, on the
    class itself or on the classes it is composed of (the application's areas)."""
    members: dict[str, Any] = {}
    for klass in reversed(application.__mro__):
        members.update(vars(klass))
    return {
        name: member
        for name, member in members.items()
        if callable(member) and hasattr(member, "__wrapped__") and not name.startswith("_")
    }


@functools.cache
def _samples() -> dict[type[Any], Any]:
    """A well-formed instance of each value class a command takes, to forge from."""
    return {
        Venue: Venue("Town hall", room_booked=True),
        AgendaItem: AgendaItem("welcome", "Welcome", "Velkommen"),
        Agenda: Agenda((AgendaItem("welcome", "Welcome"),)),
        GuestTalk: GuestTalk(uuid4(), "Night life"),
        Minutes: Minutes("We met", ("Meet again",)),
        Policies: Policies(),
        Consent: Consent(consenting={uuid4()}),
        Ripple: Ripple("A new friendship", RippleKind.NEW_IDEA, {"own_platform"}, _DAY),
        Goal: Goal("A goal", "qualitative", "short", "serves it", "interviews"),
        Baseline: Baseline("How it was", 5, _DAY),
        GoalProgress: GoalProgress("Better", _DAY, 7),
        RealityCheck: RealityCheck("ok", "few", False, "a year", Recommendation.CONTINUE),
        Contribution: Contribution(uuid4(), "Rooms"),
    }


def forged(instance: Any, **changes: Any) -> Any:
    """A copy of the attrs value ``instance`` with ``changes`` set past its validators and
    converters, as a careless or hostile caller could make it (``object.__setattr__``)."""
    copy = object.__new__(type(instance))
    for field in attrs.fields(type(instance)):
        value = changes.get(field.name, getattr(instance, field.name))
        object.__setattr__(copy, field.name, value)
    return copy


class _Other(Enum):
    """A vocabulary no parameter takes."""

    BOGUS = "bogus"


def _text_values(name: str) -> st.SearchStrategy[Any]:
    longest = LINE_MAX if name in LINE_PARAMETERS | {"email", "phone"} else TEXT_MAX
    bad = [
        "a\x00b",
        "bell\x07",
        "\x1b[31mred\x1b[0m",
        "a\x7fb",
        "a\x9bb",
        "lone \ud800 surrogate",
        "\udfff",
        "x" * (longest + 1),
        "tab\there",
        "line\u2028separator",
    ]
    if name in LINE_PARAMETERS | {"email", "phone"}:
        bad += ["two\nlines", "carriage\rreturn"]
    if name == "email":
        bad += ["e@x\r\nBcc: victim@example.org", "a@b.dk, c@d.dk", "not an address", "@x.dk"]
    if name == "phone":
        bad += ["call me", "+45 12\n34"]
    controls = st.text(
        st.characters(categories=("Cc", "Cs")).filter(lambda c: c not in "\n\r\t\x0b\x0c "),
        min_size=1,
        max_size=3,
    ).map(lambda c: f"ab{c}cd")
    return st.one_of(
        st.sampled_from(bad),
        controls,
        st.sampled_from([123, 4.5, b"bytes", ["a", "list"], {"a": "dict"}, _DAY, uuid4()]),
    )


def _id_values() -> st.SearchStrategy[Any]:
    known_shape = st.uuids().flatmap(
        lambda u: st.sampled_from([str(u), u.hex, u.int, u.bytes, [u], {u}])
    )
    return st.one_of(
        known_shape,
        st.sampled_from(["", "not-an-id", 0, -1, 3.5, _DAY, b"", True]),
        st.builds(uuid4),  # a well-formed id of nothing in the store
    )


def _date_values() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(
            [
                "2025-13-40",
                "2025-01-06",
                20250106,
                1736121600.0,
                datetime(2025, 1, 6, 12, 0),
                date.min,
                date.max,
                date(1989, 12, 31),
                date(2101, 1, 1),
                (2025, 1, 6),
                True,
            ]
        ),
        st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 12, 31)),
        st.dates(max_value=date(1989, 12, 31)),
        st.dates(min_value=date(2101, 1, 1)),
    )


def _number_values() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(
            [
                Decimal("NaN"),
                Decimal("sNaN"),
                Decimal("Infinity"),
                Decimal("-Infinity"),
                Decimal("1e16"),
                Decimal("1e-20"),
                10**20,
                "NaN",
                "5",
                True,
                float("nan"),
                float("inf"),
                2.5,
            ]
        ),
        st.decimals(allow_nan=True, allow_infinity=True).filter(lambda d: not d.is_finite()),
    )


def _whole_values() -> st.SearchStrategy[Any]:
    return st.sampled_from([True, False, "5", 2.0, None, Decimal(3), -1, -100, 10**6, 10**30])


def _flag_values() -> st.SearchStrategy[Any]:
    return st.sampled_from(["no", "yes", 0, 1, "", None, [], "False"])


def _vocabulary_values(enum: type[Enum]) -> st.SearchStrategy[Any]:
    values = {m.value for m in enum}
    others = [
        m
        for e in (RippleKind, Recommendation, _Other)
        if e is not enum
        for m in e
        if m.value not in values  # a member of another vocabulary with a value of this one
    ]
    return st.one_of(
        st.sampled_from(["bogus", "", 42, None, 1.5, [], *others]),
        st.text(max_size=8).filter(lambda t: t not in values),
    )


def _value_object_values(cls: type[Any]) -> st.SearchStrategy[Any]:
    sample = _samples()[cls]
    hints = typing.get_type_hints(cls)
    fields = [f.name for f in attrs.fields(cls)]
    others = [v for k, v in _samples().items() if k is not cls][:3]
    wrong_type = st.sampled_from(
        ["text", 42, {"a": "dict"}, attrs.asdict(sample, recurse=False), [sample], *others]
    )

    @st.composite
    def forged_one(draw: st.DrawFn) -> Any:
        field = draw(st.sampled_from(fields))
        value = draw(malformed(hints[field], field, unknown_ids=False))
        return forged(sample, **{field: value})

    extra: list[st.SearchStrategy[Any]] = []
    if cls is Policies:
        extra.append(
            st.sampled_from(
                [
                    forged(sample, goals_min=5, goals_max=3),
                    forged(sample, quorum_percent=-100),
                    forged(sample, quorum_percent=100),
                    forged(sample, goals_max=1000),
                    forged(sample, stagnation_days=-5),
                    forged(sample, coordinator_meeting_window_days=(61, 30)),
                    forged(sample, phase6_months=(3,)),
                ]
            )
        )
    return st.one_of(wrong_type, forged_one(), *extra)


def malformed(
    annotation: Any, name: str = "value", *, unknown_ids: bool = True
) -> st.SearchStrategy[Any]:
    """Values a parameter ``name`` annotated ``annotation`` must refuse (see the module doc).

    ``unknown_ids`` adds well-formed ids of nothing (refused with ``NotFound``, not
    ``InvalidInput``); inside forged value objects they are left out, since an id there may
    name something the command never looks up.
    """
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in arguments if a is not type(None)]
        return malformed(rest[0], name, unknown_ids=unknown_ids).filter(lambda v: v is not None)
    if origin is tuple and arguments[-1] is not Ellipsis:  # a window (low, high)
        return st.sampled_from([(5, 1), (1,), (1, 2, 3), ("1", "2"), (True, 2), [1, 2], None])
    if origin is tuple or origin is frozenset:  # a value object's items
        kind = tuple if origin is tuple else _frozen_or_list
        return st.one_of(
            st.sampled_from(["text", [1], None, 5]),
            st.lists(malformed(arguments[0], name, unknown_ids=False), min_size=1, max_size=2).map(
                kind
            ),
        )
    if origin is not None and isinstance(origin, type):
        if issubclass(origin, Mapping):
            key, value = arguments
            return st.one_of(
                st.sampled_from([["a", "list"], "text", 5, None]),
                malformed(key, name, unknown_ids=False).map(lambda k: _hashable_key(k, "x")),
                st.builds(lambda v: {uuid4(): v}, malformed(value, name, unknown_ids=False)),
                st.just({uuid4(): "x" for _ in range(1001)}),
            )
        if issubclass(origin, Collection | Sequence):
            item = arguments[0]
            return st.one_of(
                st.sampled_from(["text", b"bytes", 5, None, {"a": 1}]),
                st.just(iter(())).map(lambda _: iter([])),
                st.lists(malformed(item, name, unknown_ids=unknown_ids), min_size=1, max_size=3),
                st.just([None] * 1001),
            )
    if annotation is UUID:
        ids = _id_values()
        if not unknown_ids:
            ids = ids.filter(lambda v: not isinstance(v, UUID))
        return ids
    if annotation is date:
        return _date_values()
    if annotation is bool:
        return _flag_values()
    if annotation is int:
        return _whole_values()
    if annotation is Decimal:
        return _number_values()
    if annotation is str:
        return _text_values(name)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _vocabulary_values(annotation)
    if isinstance(annotation, type) and attrs.has(annotation) and annotation in _samples():
        return _value_object_values(annotation)
    return st.sampled_from([object(), "text", 42])


def _hashable_key(key: Any, value: Any) -> dict[Any, Any]:
    try:
        return {key: value}
    except TypeError:
        return {str(key): value}


def _frozen_or_list(items: list[Any]) -> Any:
    try:
        return frozenset(items)
    except TypeError:
        return items


@attrs.frozen
class MalformedCall:
    """One call of ``command`` with ``parameter`` set to the malformed ``value``."""

    command: str
    parameter: str
    value: Any
    arguments: Mapping[str, Any]

    def __repr__(self) -> str:
        return f"app.{self.command}(... {self.parameter}={self.value!r:.200} ...)"

    def __call__(self, app: Any) -> Any:
        """Issue the call on ``app``."""
        return getattr(app, self.command)(**self.arguments)


def malformed_calls(
    name: str, command: Callable[..., Any], valid: Mapping[str, Any]
) -> st.SearchStrategy[MalformedCall]:
    """Calls of ``command`` (called ``name``) with the well-formed arguments ``valid`` and one
    parameter, of any in its signature, replaced by a malformed value."""
    hints = typing.get_type_hints(getattr(command, "__wrapped__", command))
    parameters = sorted(p for p in hints if p != "return")

    @st.composite
    def calls(draw: st.DrawFn) -> MalformedCall:
        parameter = draw(st.sampled_from(parameters))
        value = draw(malformed(hints[parameter], parameter))
        return MalformedCall(name, parameter, value, {**valid, parameter: value})

    return calls()
