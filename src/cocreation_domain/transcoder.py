"""A faster transcoder for stored events: eventsourcing's JSON format, parsed by orjson.

:class:`OrjsonTranscoder` writes and reads exactly the format of eventsourcing's
:class:`~eventsourcing.persistence.JSONTranscoder`: plain JSON, with every registered type
written as ``{"_type_": name, "_data_": data}``. The same :class:`Transcoding` objects work
with both, so a store written by one is read by the other (given the same registrations).

It differs where the JSON transcoder loses information: a registered transcoding is found by
the object's exact type *before* the object is treated as a plain ``str``, ``int``, ``dict``,
``list`` or ``tuple``, so string enums, ``str``/``int``/``dict``/``list`` subclasses and
tuples come back as what they were when a transcoding is registered for them (the JSON
transcoder writes a string enum as a bare string). Without one they are written as their
plain JSON counterparts, like the JSON transcoder does.

Integers must fit in 64 bits (orjson's range); a larger one is refused when encoding rather
than silently rounded when decoding.

>>> from uuid import UUID
>>> from eventsourcing.persistence import UUIDAsHex
>>> transcoder = OrjsonTranscoder()
>>> transcoder.register(UUIDAsHex())
>>> data = transcoder.encode({"id": UUID(int=1), "tags": ["a"]})
>>> data
b'{"id":{"_type_":"uuid_hex","_data_":"00000000000000000000000000000001"},"tags":["a"]}'
>>> transcoder.decode(data) == {"id": UUID(int=1), "tags": ["a"]}
True
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import Transcoder, Transcoding, TranscodingNotRegisteredError

__all__ = ["OrjsonTranscoder"]

_LEAVES = frozenset({str, int, float, bool, type(None)})
"""Types written as they are (exact types only: subclasses may have a transcoding)."""

_PLAIN_BASES = (str, int, float, dict, list, tuple)
"""What an unregistered subclass (or a tuple) is written as, like the json module does."""

_IMMUTABLE_VALUES = (UUID, date, Decimal, Enum)
"""Types whose decoded values may be shared: equal text decodes to one immutable object."""


class OrjsonTranscoder(Transcoder):
    """Encode and decode stored events with orjson, in eventsourcing's JSON format."""

    memo_size = 65536
    """How many decoded values of one immutable type are remembered (then forgotten at once)."""

    def __init__(self) -> None:
        self.types: dict[type, Transcoding] = {}
        self.names: dict[str, Transcoding] = {}
        self._memos: dict[str, dict[str, Any]] = {}

    def register(self, transcoding: Transcoding) -> None:
        """Register a transcoding for its type and under its name.

        Values of immutable types (UUIDs, dates but not datetimes, decimals, enums) that are
        written as text are decoded once per distinct text and then shared.
        """
        self.types[transcoding.type] = transcoding
        self.names[transcoding.name] = transcoding
        kind = transcoding.type
        if issubclass(kind, _IMMUTABLE_VALUES) and not issubclass(kind, datetime):
            self._memos[transcoding.name] = {}
        else:
            self._memos.pop(transcoding.name, None)

    def encode(self, obj: Any) -> bytes:
        """The UTF-8 JSON bytes of ``obj``."""
        return orjson.dumps(self._plain(obj))

    def decode(self, data: bytes) -> Any:
        """The object that ``data`` encodes."""
        return self._revive(orjson.loads(data))

    def _plain(self, obj: Any) -> Any:
        """``obj`` as plain JSON data: dicts, lists and leaves, typed values tagged."""
        kind = type(obj)
        if kind in _LEAVES:
            return obj
        if kind is dict:
            plain = self._plain
            return {key: plain(value) for key, value in obj.items()}
        if kind is list:
            plain = self._plain
            return [plain(item) for item in obj]
        transcoding = self.types.get(kind)
        if transcoding is not None:
            return {"_type_": transcoding.name, "_data_": self._plain(transcoding.encode(obj))}
        if isinstance(obj, _PLAIN_BASES):
            if isinstance(obj, dict):
                return self._plain(dict(obj))
            if isinstance(obj, list | tuple):
                return self._plain(list(obj))
            return obj  # a str, int or float subclass: orjson writes its plain value
        msg = (
            f"Object of type {kind} is not serializable. Please define and register "
            "a custom transcoding for this type."
        )
        raise TranscodingNotRegisteredError(msg)

    def _revive(self, data: Any) -> Any:
        """Turn every tagged mapping in ``data`` back into its object, innermost first."""
        kind = type(data)
        if kind is dict:
            return self._revive_mapping(data)
        if kind is list:
            self._revive_items(data)
        return data

    def _revive_mapping(self, mapping: dict[str, Any]) -> Any:
        if len(mapping) == 2 and "_type_" in mapping and "_data_" in mapping:
            name = mapping["_type_"]
            data = mapping["_data_"]
            kind = type(data)
            if kind is dict:
                data = self._revive_mapping(data)
            elif kind is list:
                self._revive_items(data)
            elif kind is str:
                memo = self._memos.get(name)
                if memo is not None:
                    try:
                        return memo[data]
                    except KeyError:
                        if len(memo) >= self.memo_size:
                            memo.clear()
                        value = memo[data] = self._named(name).decode(data)
                        return value
            return self._named(name).decode(data)
        for key, value in mapping.items():
            kind = type(value)
            if kind is dict:
                mapping[key] = self._revive_mapping(value)
            elif kind is list:
                self._revive_items(value)
        return mapping

    def _revive_items(self, items: list[Any]) -> None:
        for index, value in enumerate(items):
            kind = type(value)
            if kind is dict:
                items[index] = self._revive_mapping(value)
            elif kind is list:
                self._revive_items(value)

    def _named(self, name: str) -> Transcoding:
        try:
            return self.names[name]
        except KeyError:
            msg = (
                f"Data serialized with name '{name}' is not deserializable. "
                "Please register a custom transcoding for this type."
            )
            raise TranscodingNotRegisteredError(msg) from None
