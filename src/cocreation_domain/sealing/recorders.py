"""Sealed recorders: eventsourcing's POPO and SQLite application recorders, sealing each event
in the transaction that records it. :func:`sealed_recorder` picks the one for a factory
(PostgreSQL's lives in :mod:`cocreation_domain.sealing.postgres`, loaded only when used).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any, cast

from eventsourcing.persistence import (
    ApplicationRecorder,
    InfrastructureFactory,
    PersistenceError,
    StoredEvent,
)
from eventsourcing.popo import POPOApplicationRecorder, POPOFactory
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore
from eventsourcing.utils import get_topic

from cocreation_domain.sealing.chain import GENESIS, EventRow, Scan, link, originator_text

__all__ = [
    "SealBroken",
    "SealedPOPORecorder",
    "SealedSQLiteRecorder",
    "sealed_recorder",
]


class SealBroken(PersistenceError):
    """The seal table runs past the events (the log's tail was removed): nothing is written
    until an auditor has looked (``cocreation verify``)."""


def chain_rows(
    previous: bytes, rows: Sequence[tuple[int, str, int, str, bytes]]
) -> list[tuple[int, bytes]]:
    """The seals of ``rows`` (position, originator id text, version, topic, state), chained
    after the link ``previous``."""
    seals = []
    for position, originator_id, version, topic, state in rows:
        previous = link(previous, position, originator_id, version, topic, state)
        seals.append((position, previous))
    return seals


def new_rows(
    positions: Sequence[int], stored_events: Sequence[StoredEvent]
) -> list[tuple[int, str, int, str, bytes]]:
    """Events just inserted, as the rows the chain covers."""
    return [
        (p, originator_text(s.originator_id), s.originator_version, s.topic, s.state)
        for p, s in zip(positions, stored_events, strict=True)
    ]


def check_head(head_position: int, first: int) -> None:
    """Refuse to seal new events at positions the seal table already covers."""
    if head_position >= first:
        msg = (
            f"the seal table holds a seal at position {head_position}, at or after the new "
            f"event at {first}: events were removed from the log's tail (run cocreation verify)"
        )
        raise SealBroken(msg)


def seals_after(
    head: tuple[int, bytes],
    unsealed: Callable[[int, int], list[tuple[int, str, int, str, bytes]]],
    positions: Sequence[int],
    stored_events: Sequence[StoredEvent],
) -> list[tuple[int, bytes]]:
    """The seals of the events just inserted at ``positions``, chained after the last seal
    ``head`` (its position and link) and after the events between the two that no seal
    covers yet (``unsealed(after, before)``); refused when the head is not before them."""
    head_position, previous = head
    check_head(head_position, positions[0])
    rows = unsealed(head_position, positions[0]) + new_rows(positions, stored_events)
    return chain_rows(previous, rows)


class SealedPOPORecorder(POPOApplicationRecorder):
    """The in-memory recorder, keeping a seal for every event (verification works everywhere)."""

    def __init__(self) -> None:
        super().__init__()
        self._seals: dict[int, bytes] = {}
        self._head = GENESIS

    def _update_table(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._update_table(stored_events, **kwargs)
        assert positions is not None
        for position, seal in chain_rows(self._head, new_rows(positions, stored_events)):
            self._seals[position] = self._head = seal
        return positions

    def is_sealed(self) -> bool:
        """Always: the in-memory store is sealed from its first event."""
        return True

    @contextmanager
    def scan(self) -> Iterator[Scan]:
        """A copy of the events and seals taken under the recorder's lock."""
        with self._database_lock:
            events = list(self._stored_events)
            seals = dict(self._seals)
        yield _POPOScan(events, seals)

    def seal_unsealed(self) -> int:
        """Nothing to do: every event was sealed as it was recorded."""
        return 0


class _POPOScan:
    def __init__(self, events: list[StoredEvent], seals: dict[int, bytes]) -> None:
        self._events = events
        self._seals = seals

    def events(self) -> Iterator[EventRow]:
        for position, s in enumerate(self._events, start=1):
            yield (
                position,
                originator_text(s.originator_id),
                s.originator_version,
                s.topic,
                s.state,
                self._seals.get(position),
            )

    def seal_count(self) -> int:
        return len(self._seals)

    def first_orphan(self, below: int | None = None) -> int | None:
        orphans = [
            p
            for p in self._seals
            if not 1 <= p <= len(self._events) and (below is None or p < below)
        ]
        return min(orphans, default=None)


class SealedSQLiteRecorder(SQLiteApplicationRecorder):
    """eventsourcing's SQLite application recorder with a seal table beside the events.

    The seals of the events a transaction inserts are written in that transaction, after the
    inserts (which hold SQLite's write lock), chained from the last seal stored: writers are
    serialised by the lock, so the chain is total and has no gaps.
    """

    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        self.seals_table_name = f"{events_table_name}_seals"
        super().__init__(datastore, events_table_name)
        seals, events = self.seals_table_name, self.events_table_name
        self._create_seals_statement = (
            f"CREATE TABLE IF NOT EXISTS {seals} (position INTEGER PRIMARY KEY, link BLOB NOT NULL)"
        )
        self._head_statement = f"SELECT position, link FROM {seals} ORDER BY position DESC LIMIT 1"
        self._after_statement = (
            "SELECT rowid, originator_id, originator_version, topic, state "
            f"FROM {events} WHERE rowid > ? AND rowid < ? ORDER BY rowid"
        )
        self._insert_seal_statement = f"INSERT INTO {seals} (position, link) VALUES (?, ?)"
        self._scan_statement = (
            "SELECT e.rowid, e.originator_id, e.originator_version, e.topic, e.state, s.link "
            f"FROM {events} AS e LEFT JOIN {seals} AS s ON s.position = e.rowid ORDER BY e.rowid"
        )
        self._count_statement = f"SELECT COUNT(*) FROM {seals}"
        self._orphan_statement = (
            f"SELECT MIN(s.position) FROM {seals} AS s WHERE s.position < ? AND NOT EXISTS "
            f"(SELECT 1 FROM {events} AS e WHERE e.rowid = s.position)"
        )
        self._seals_ready = False

    def construct_create_table_statements(self) -> list[str]:
        """The events table (eventsourcing's) and the seal table."""
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {self.seals_table_name} "
            "(position INTEGER PRIMARY KEY, link BLOB NOT NULL)",
        ]

    def _create_table(self, c: SQLiteCursor) -> None:
        super()._create_table(c)
        self._seals_ready = True

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        if positions:
            self._seal(c, positions, stored_events)
        return positions

    def _seal(
        self, c: SQLiteCursor, positions: Sequence[int], stored_events: Sequence[StoredEvent]
    ) -> None:
        if not self._seals_ready:  # a store opened with CREATE_TABLE=false: its first write
            c.execute(self._create_seals_statement)
            self._seals_ready = True
        seals = seals_after(self._head(c), partial(self._unsealed, c), positions, stored_events)
        c.executemany(self._insert_seal_statement, seals)

    def _head(self, c: SQLiteCursor) -> tuple[int, bytes]:
        c.execute(self._head_statement)
        row = c.fetchone()
        return (0, GENESIS) if row is None else (row[0], row[1])

    def _unsealed(
        self, c: SQLiteCursor, after: int, before: int | None
    ) -> list[tuple[int, str, int, str, bytes]]:
        if before is not None and after >= before - 1:
            return []  # the common case: the last seal is right before the new events
        c.execute(self._after_statement, (after, before if before is not None else 2**63 - 1))
        return [(p, o, v, t, s) for p, o, v, t, s in c.fetchall()]

    def is_sealed(self) -> bool:
        """Whether the file has a seal table."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                (self.seals_table_name,),
            )
            return c.fetchone() is not None

    @contextmanager
    def scan(self) -> Iterator[Scan]:
        """One read transaction over the events and seals (the file is never written)."""
        with self.datastore.transaction(commit=False) as c:
            yield _SQLiteScan(self, c.sqlite_cursor.connection)

    def seal_unsealed(self) -> int:
        """Create the seal table if needed and seal every event after the last seal."""
        with self.datastore.transaction(commit=True) as c:
            c.execute(self._create_seals_statement)
            head_position, head = self._head(c)
            seals = chain_rows(head, self._unsealed(c, head_position, None))
            c.executemany(self._insert_seal_statement, seals)
        self._seals_ready = True
        return len(seals)


class _SQLiteScan:
    def __init__(self, recorder: SealedSQLiteRecorder, connection: sqlite3.Connection) -> None:
        self._recorder = recorder
        self._connection = connection

    def _cursor(self) -> sqlite3.Cursor:
        cursor = self._connection.cursor()
        cursor.row_factory = None  # plain tuples: the scan is the hot path of verification
        return cursor

    def events(self) -> Iterator[EventRow]:
        cursor = self._cursor()
        cursor.execute(self._recorder._scan_statement)
        return cast(Iterator[EventRow], iter(cursor))

    def seal_count(self) -> int:
        cursor = self._cursor()
        cursor.execute(self._recorder._count_statement)
        return int(cursor.fetchone()[0])

    def first_orphan(self, below: int | None = None) -> int | None:
        cursor = self._cursor()
        cursor.execute(self._recorder._orphan_statement, (below or 2**63 - 1,))
        found = cursor.fetchone()[0]
        return None if found is None else int(found)


def sealed_recorder(factory: InfrastructureFactory[Any]) -> ApplicationRecorder:
    """The application recorder ``factory`` makes, sealed (POPO, SQLite or PostgreSQL).

    An ``APPLICATION_RECORDER_TOPIC`` set by the embedder is respected: that store is then not
    sealed, and :func:`~cocreation_domain.sealing.verify` says so.
    """
    if factory.env.get(factory.APPLICATION_RECORDER_TOPIC):
        return factory.application_recorder()
    if isinstance(factory, POPOFactory):
        return SealedPOPORecorder()
    if type(factory).__module__ == "eventsourcing.sqlite":
        factory.env[factory.APPLICATION_RECORDER_TOPIC] = get_topic(SealedSQLiteRecorder)
    elif type(factory).__module__ == "eventsourcing.postgres":
        from cocreation_domain.sealing.postgres import SealedPostgresRecorder

        factory.env[factory.APPLICATION_RECORDER_TOPIC] = get_topic(SealedPostgresRecorder)
    return factory.application_recorder()
