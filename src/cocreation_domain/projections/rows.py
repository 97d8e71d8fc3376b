"""How a view is stored as rows: one row per entity, one compact row per audit entry.

An entity (initiative, platform, person, meeting, newsletter) is stored as the JSON of
:class:`~cocreation_domain.projections.codec.ViewCodec`, so a row decodes to a value equal to
the one stored. An audit entry is stored as a JSON array of plain strings (ids as hex, times
as ISO 8601): no type tags, nothing to revive but what the entry holds.

:func:`referenced_ids` walks decoded rows for the ids they name, so a reader that loaded one
initiative's rows can fetch the persons those rows name and nothing else.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast
from uuid import UUID

import attrs
import orjson

from cocreation_domain.projections.codec import ViewCodec
from cocreation_domain.projections.state import AuditEntry

__all__ = ["RowCodec", "referenced_ids"]


class RowCodec:
    """Encodes entities and audit entries to the bytes of their rows and back.

    >>> from datetime import UTC, datetime
    >>> from uuid import uuid4
    >>> entry = AuditEntry(7, "Person.Registered", "person", uuid4(), 1, datetime.now(UTC))
    >>> codec = RowCodec()
    >>> codec.decode_audit(7, codec.encode_audit(entry)) == entry
    True
    """

    def __init__(self) -> None:
        self._codec = ViewCodec()

    def encode_entity(self, entity: object) -> bytes:
        """The row of an initiative, platform, person, meeting or newsletter."""
        return self._codec.encode(entity)

    def decode_entity(self, data: bytes) -> Any:
        """The entity stored as ``data``."""
        return self._codec.decode(data)

    @staticmethod
    def encode_audit(entry: AuditEntry) -> bytes:
        """The compact row of an audit entry (its position is the row's key, not in here):
        a JSON array that orjson writes without calling back into Python (ids in their
        canonical form, times in RFC 3339)."""
        mentions = entry.mentions
        return orjson.dumps(
            (
                entry.event,
                entry.subject_kind,
                entry.subject,
                entry.version,
                entry.recorded_at,
                entry.occurred_on,
                entry.principal,
                entry.initiative,
                entry.platform,
                sorted(mentions) if mentions else (),
            )
        )

    @staticmethod
    def decode_audit(position: int, data: bytes) -> AuditEntry:
        """The audit entry at ``position`` stored as ``data``."""
        event, kind, subject, version, recorded, occurred, principal, initiative, platform, m = (
            orjson.loads(data)
        )
        return AuditEntry(
            position=position,
            event=event,
            subject_kind=kind,
            subject=UUID(subject),
            version=version,
            recorded_at=datetime.fromisoformat(recorded),
            occurred_on=None if occurred is None else date.fromisoformat(occurred),
            principal=None if principal is None else UUID(principal),
            initiative=None if initiative is None else UUID(initiative),
            platform=None if platform is None else UUID(platform),
            mentions=frozenset(UUID(x) for x in m) if m else _NO_ONE,
        )


_NO_ONE: frozenset[UUID] = frozenset()

_PLAIN = (str, int, float, bool, type(None), date, datetime, Decimal)


def referenced_ids(values: object, found: set[UUID] | None = None) -> set[UUID]:
    """Every id anywhere inside ``values`` (attrs objects, mappings, collections)."""
    found = set() if found is None else found
    stack = [values]
    while stack:
        value = stack.pop()
        if isinstance(value, _PLAIN):
            continue
        if isinstance(value, UUID):
            found.add(value)
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, (list, tuple, set, frozenset)):
            stack.extend(value)
        elif attrs.has(type(value)):
            fields = attrs.fields(cast("type[attrs.AttrsInstance]", type(value)))
            stack.extend(getattr(value, f.name) for f in fields)
    return found
