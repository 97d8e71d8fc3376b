"""How the domain's values are stored: transcodings for eventsourcing's JSON transcoder.

Dates, enums, frozensets and every attrs value object of :mod:`cocreation_domain.model` get a
stable name, so stored events decode after classes move. Frozensets are written sorted, so the
same event always encodes to the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from enum import Enum
from typing import Any

import attrs
from eventsourcing.persistence import Transcoder, Transcoding

from cocreation_domain.model import values
from cocreation_domain.personal_data import SealedAsText

__all__ = ["register_transcodings", "transcodings"]


class DateAsISO(Transcoding):
    """A business date as ``YYYY-MM-DD``."""

    type = date
    name = "date"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class TimeAsISO(Transcoding):
    """A wall-clock time of day as ``HH:MM`` (``HH:MM:SS`` when it has seconds)."""

    type = time
    name = "time"

    def encode(self, obj: time) -> str:
        return obj.isoformat(timespec="minutes" if not obj.second else "seconds")

    def decode(self, data: str) -> time:
        return time.fromisoformat(data)


class FrozensetAsList(Transcoding):
    """A frozenset as a list sorted by each item's text, for deterministic bytes."""

    type = frozenset
    name = "frozenset"

    def encode(self, obj: frozenset[Any]) -> list[Any]:
        return sorted(obj, key=str)

    def decode(self, data: list[Any]) -> frozenset[Any]:
        return frozenset(data)


class EnumAsValue(Transcoding):
    """One enum class, stored by value."""

    def __init__(self, enum: type[Enum]) -> None:
        self.type = enum
        self.name = enum.__name__

    def encode(self, obj: Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> Enum:
        enum: type[Enum] = self.type
        return enum(data)


class AttrsAsDict(Transcoding):
    """One frozen attrs value class, stored as a mapping of its fields.

    Decoding calls the class, so converters turn lists back into tuples.
    """

    def __init__(self, cls: type[Any]) -> None:
        self.type = cls
        self.name = cls.__name__
        self._fields = tuple(f.name for f in attrs.fields(cls))

    def encode(self, obj: Any) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in self._fields}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**data)


def transcodings() -> Iterator[Transcoding]:
    """Every transcoding the domain needs, in addition to eventsourcing's defaults."""
    yield DateAsISO()
    yield TimeAsISO()
    yield FrozensetAsList()
    yield SealedAsText()
    for name in values.__all__:
        obj = getattr(values, name)
        if isinstance(obj, type) and issubclass(obj, Enum):
            yield EnumAsValue(obj)
        elif isinstance(obj, type) and attrs.has(obj):
            yield AttrsAsDict(obj)


def register_transcodings(transcoder: Transcoder) -> None:
    """Register :func:`transcodings` on an eventsourcing JSON transcoder."""
    register = transcoder.register  # type: ignore[attr-defined]
    for transcoding in transcodings():
        register(transcoding)
