"""The chain: how one link of the sealed log is computed, and what a sealed recorder offers.

Link *n* is ``SHA-256(link(n-1) ‖ position ‖ version ‖ len(originator id) ‖ len(topic) ‖
originator id ‖ topic ‖ state)``, with the numbers packed big-endian (two signed 64-bit, two
unsigned 32-bit) and the strings in UTF-8. The state is the column exactly as stored: after
compression and encryption, so destroying a person's key never changes a link. The originator
id is the text the SQLite column holds (a UUID's 32 lower-case hex digits); PostgreSQL's ``uuid``
column is read as the same text. The link before the first event is :data:`GENESIS`.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Protocol, runtime_checkable
from uuid import UUID

__all__ = [
    "GENESIS",
    "EventRow",
    "Scan",
    "SealedRecorder",
    "link",
    "originator_text",
]

GENESIS = hashlib.sha256(b"cocreation-domain sealed log v1").digest()
"""The link before the first event of every store."""

_NUMBERS = struct.Struct(">qqII")

EventRow = tuple[int, str, int, str, bytes, bytes | None]
"""One stored event and its seal: position, originator id text, version, topic, state as
stored, and the stored link (``None`` when the event has no seal)."""


def link(
    previous: bytes, position: int, originator_id: str, version: int, topic: str, state: bytes
) -> bytes:
    """The link sealing one stored event after the link ``previous``.

    >>> first = link(GENESIS, 1, "ab" * 16, 1, "m:Person.Registered", b"{}")
    >>> len(first), first == link(GENESIS, 1, "ab" * 16, 1, "m:Person.Registered", b"{} ")
    (32, False)
    """
    oid = originator_id.encode()
    top = topic.encode()
    return hashlib.sha256(
        b"".join((previous, _NUMBERS.pack(position, version, len(oid), len(top)), oid, top, state))
    ).digest()


def originator_text(originator_id: UUID | str) -> str:
    """The originator id as the SQLite column stores it: a UUID's hex digits, or the text."""
    return originator_id.hex if isinstance(originator_id, UUID) else originator_id


class Scan(Protocol):
    """One consistent read of a sealed log (a single read transaction)."""

    def events(self) -> Iterator[EventRow]:
        """Every stored event with its seal, in notification order."""

    def seal_count(self) -> int:
        """How many seals are stored."""

    def first_orphan(self, below: int | None = None) -> int | None:
        """The lowest position holding a seal but no event (below ``below`` when given)."""


@runtime_checkable
class SealedRecorder(Protocol):
    """An application recorder that seals every event in the transaction recording it."""

    def is_sealed(self) -> bool:
        """Whether the store has a seal table (a store written before sealing has none)."""

    def scan(self) -> AbstractContextManager[Scan]:
        """A consistent read of every event and seal; reading never writes."""

    def seal_unsealed(self) -> int:
        """Seal the events after the last seal (a store written before sealing: all of them),
        in one write transaction; returns how many were sealed."""
