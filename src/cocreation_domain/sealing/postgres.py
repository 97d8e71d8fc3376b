"""The sealed PostgreSQL recorder (imported only for a PostgreSQL store: it needs psycopg)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any

from eventsourcing.persistence import ProgrammingError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg import Connection, Cursor
from psycopg.rows import DictRow, tuple_row
from psycopg.sql import SQL, Composed, Identifier

from cocreation_domain.sealing.chain import GENESIS, EventRow, Scan
from cocreation_domain.sealing.recorders import chain_rows, seals_after

__all__ = ["SealedPostgresRecorder"]

Row = tuple[int, str, int, str, bytes]


class SealedPostgresRecorder(PostgresApplicationRecorder):
    """eventsourcing's PostgreSQL application recorder with a seal table beside the events.

    eventsourcing serialises writers with an ``EXCLUSIVE`` lock on the events table, taken
    before the insert that assigns notification ids. The seals are computed after the insert
    returns those ids, in the same transaction, from the last seal stored: under the lock no
    other writer can commit in between, so the chain is total and has no gaps (notification
    ids themselves may skip numbers, when a transaction rolls back; each link names its
    position). The database functions mode (``ENABLE_DB_FUNCTIONS``) is refused: it inserts
    without a chance to seal.
    """

    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"
    ) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        if datastore.enable_db_functions:
            msg = "a sealed store cannot insert through database functions (ENABLE_DB_FUNCTIONS)"
            raise ProgrammingError(msg)
        self.seals_table_name = f"{events_table_name}_seals"
        self.check_identifier_length(self.seals_table_name)
        schema = Identifier(datastore.schema)
        seals, events = Identifier(self.seals_table_name), Identifier(events_table_name)
        self._create_seals_statement = SQL(
            "CREATE TABLE IF NOT EXISTS {schema}.{seals} "
            "(position bigint PRIMARY KEY, link bytea NOT NULL)"
        ).format(schema=schema, seals=seals)
        self.sql_create_statements.append(self._create_seals_statement)
        self._qualified_seals = f'"{datastore.schema}"."{self.seals_table_name}"'
        oid = SQL(
            "replace(e.originator_id::text, '-', '')"
            if datastore.originator_id_type == "uuid"
            else "e.originator_id"
        )
        fields = SQL("e.notification_id, {oid}, e.originator_version, e.topic, e.state").format(
            oid=oid
        )
        self._head_statement = SQL(
            "SELECT position, link FROM {schema}.{seals} ORDER BY position DESC LIMIT 1"
        ).format(schema=schema, seals=seals)
        self._after_statement = SQL(
            "SELECT {fields} FROM {schema}.{events} AS e "
            "WHERE e.notification_id > %s AND e.notification_id < %s ORDER BY e.notification_id"
        ).format(fields=fields, schema=schema, events=events)
        self._insert_seals_statement = SQL(
            "INSERT INTO {schema}.{seals} (position, link) "
            "SELECT * FROM unnest(%s::bigint[], %s::bytea[])"
        ).format(schema=schema, seals=seals)
        self._scan_statement = SQL(
            "SELECT {fields}, s.link FROM {schema}.{events} AS e "
            "LEFT JOIN {schema}.{seals} AS s ON s.position = e.notification_id "
            "ORDER BY e.notification_id"
        ).format(fields=fields, schema=schema, events=events, seals=seals)
        self._count_statement = SQL("SELECT COUNT(*) FROM {schema}.{seals}").format(
            schema=schema, seals=seals
        )
        self._orphan_statement = SQL(
            "SELECT MIN(s.position) FROM {schema}.{seals} AS s WHERE s.position < %s "
            "AND NOT EXISTS (SELECT 1 FROM {schema}.{events} AS e "
            "WHERE e.notification_id = s.position)"
        ).format(schema=schema, seals=seals, events=events)
        self._seals_ready = False

    def _create_table(self, curs: Cursor[DictRow]) -> None:
        super()._create_table(curs)
        self._seals_ready = True

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        if positions:  # still in the transaction, under the table lock taken before the insert
            self._seal(curs, positions, stored_events)
        return positions

    def _seal(
        self, curs: Cursor[DictRow], positions: Sequence[int], stored_events: Sequence[StoredEvent]
    ) -> None:
        if not self._seals_ready:  # a store opened with CREATE_TABLE=false: its first write
            curs.execute("SELECT to_regclass(%s) IS NOT NULL AS found", (self._qualified_seals,))
            row = curs.fetchone()
            if row is None or not row["found"]:
                curs.execute(self._create_seals_statement)
            self._seals_ready = True
        unsealed = partial(self._unsealed, curs)
        self._insert_seals(curs, seals_after(self._head(curs), unsealed, positions, stored_events))

    def _head(self, curs: Cursor[DictRow]) -> tuple[int, bytes]:
        curs.execute(self._head_statement, prepare=True)
        row = curs.fetchone()
        return (0, GENESIS) if row is None else (row["position"], bytes(row["link"]))

    def _unsealed(self, curs: Cursor[DictRow], after: int, before: int | None) -> list[Row]:
        if before is not None and after >= before - 1:
            return []  # the common case: the last seal is right before the new events
        with curs.connection.cursor(row_factory=tuple_row) as rows:
            rows.execute(self._after_statement, (after, 2**63 - 1 if before is None else before))
            return [(p, o, v, t, bytes(s)) for p, o, v, t, s in rows.fetchall()]

    def _insert_seals(self, curs: Cursor[DictRow], seals: list[tuple[int, bytes]]) -> None:
        curs.execute(
            self._insert_seals_statement,
            ([p for p, _ in seals], [s for _, s in seals]),
            prepare=True,
        )

    def is_sealed(self) -> bool:
        """Whether the schema has a seal table."""
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute("SELECT to_regclass(%s) IS NOT NULL AS found", (self._qualified_seals,))
            row = curs.fetchone()
            return row is not None and bool(row["found"])

    @contextmanager
    def scan(self) -> Iterator[Scan]:
        """One read-only, repeatable-read transaction over the events and seals."""
        with self.datastore.get_connection() as conn, conn.transaction(force_rollback=True):
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield _PostgresScan(self, conn)

    def seal_unsealed(self) -> int:
        """Create the seal table if needed and seal every event after the last seal."""
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._lock_table(curs)
            curs.execute(self._create_seals_statement)
            head_position, head = self._head(curs)
            seals = chain_rows(head, self._unsealed(curs, head_position, None))
            self._insert_seals(curs, seals)
        self._seals_ready = True
        return len(seals)


class _PostgresScan:
    def __init__(self, recorder: SealedPostgresRecorder, conn: Connection[DictRow]) -> None:
        self._recorder = recorder
        self._conn = conn

    def events(self) -> Iterator[EventRow]:
        with self._conn.cursor(name="cocreation_seal_scan", row_factory=tuple_row) as cursor:
            cursor.itersize = 5000
            cursor.execute(self._recorder._scan_statement)
            yield from cursor

    def _one(self, statement: Composed, params: tuple[Any, ...] = ()) -> Any:
        with self._conn.cursor(row_factory=tuple_row) as cursor:
            cursor.execute(statement, params)
            row = cursor.fetchone()
            return None if row is None else row[0]

    def seal_count(self) -> int:
        return int(self._one(self._recorder._count_statement))

    def first_orphan(self, below: int | None = None) -> int | None:
        found = self._one(self._recorder._orphan_statement, (below or 2**63 - 1,))
        return None if found is None else int(found)
