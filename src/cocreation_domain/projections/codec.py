"""How a folded view's rows are stored: bytes in eventsourcing's JSON format, by orjson.

The transcoder (:class:`~cocreation_domain.transcoder.OrjsonTranscoder`, the one that writes
the events) knows eventsourcing's defaults (UUID, Decimal, datetime), the domain's values
(:mod:`cocreation_domain.transcodings`) and the view's own classes. A view's dicts are keyed
by UUIDs, which JSON objects cannot be, so they are written as key/value pairs sorted by key;
with frozensets written sorted too, the same view always encodes to the same bytes.
"""

from __future__ import annotations

from typing import Any

import attrs
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    Transcoder,
    Transcoding,
    UUIDAsHex,
)

from cocreation_domain.projections.state import STATE_CLASSES
from cocreation_domain.transcoder import OrjsonTranscoder
from cocreation_domain.transcodings import register_transcodings

__all__ = ["ViewCodec"]


class ViewRecordAsDict(Transcoding):
    """One class of the view, as a mapping of its fields; dicts become sorted pairs."""

    def __init__(self, cls: type[Any]) -> None:
        self.type = cls
        self.name = f"view.{cls.__name__}"
        self._fields = tuple(f.name for f in attrs.fields(cls))

    def encode(self, obj: Any) -> dict[str, Any]:
        encoded: dict[str, Any] = {}
        for name in self._fields:
            value = getattr(obj, name)
            if isinstance(value, dict):
                value = sorted(value.items(), key=lambda item: str(item[0]))
            encoded[name] = value
        return encoded

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**data)


class ViewCodec:
    """Encodes a view's value to bytes and back.

    >>> from cocreation_domain.projections.state import View
    >>> codec = ViewCodec()
    >>> codec.decode(codec.encode(View(position=3))) == View(position=3)
    True
    """

    def __init__(self) -> None:
        transcoder = OrjsonTranscoder()
        for default in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
            transcoder.register(default)
        register_transcodings(transcoder)
        for cls in STATE_CLASSES:
            transcoder.register(ViewRecordAsDict(cls))
        self.transcoder: Transcoder = transcoder

    def encode(self, value: object) -> bytes:
        """The stored form of ``value``."""
        return self.transcoder.encode(value)

    def decode(self, data: bytes) -> Any:
        """The value stored as ``data``."""
        return self.transcoder.decode(data)
