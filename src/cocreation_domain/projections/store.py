"""Where the view is kept between runs: as rows, with the tracking position, atomically.

A view is stored as rows (:mod:`~cocreation_domain.projections.rows`): one per initiative,
platform, meeting and newsletter, one per person in a table of their own (the only table
with personal data, so erasing a person's row is one ``DELETE``), and one compact row per
audit entry. :meth:`ViewStore.save` writes the rows a batch changed, appends its audit rows
and moves the tracking position, in one transaction, and only if the stored view is still at
the position the runner started from: a crash leaves either the old rows and position or
the new ones, never a mix, and two runners racing on one view never both apply an event.

The tracking position is kept by eventsourcing's ``TrackingRecorder`` (its ``tracking``
table in SQLite, ``cocreation_views_tracking`` in PostgreSQL), under the name
``cocreation-views/`` + the fold's version: a view made by other handlers is simply not found,
and the first save of a new version replaces every row.

Reading never writes and never creates a table: on a store without views ``load`` finds
nothing. ``load`` takes everything, or one initiative's rows only (its own, its platforms',
meetings', newsletters' and persons', and the persons any of them name), with or without
its audit entries; :meth:`ViewStore.audit_page` reads the audit trail a page at a time.

- :class:`MemoryViewStore` for the POPO store (the view lives as long as the store object);
- :class:`SQLiteViewStore`: tables in the application's SQLite database;
- :class:`PostgresViewStore`: the same tables in the application's PostgreSQL schema.

:func:`view_store_for` picks the one that matches an application's persistence. A view
stored by earlier versions of this library (one blob in ``cocreation_views``) is not read:
the next ``cocreation project`` builds the rows from the events and drops the old tables.
"""

from __future__ import annotations

import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any, Protocol
from uuid import UUID

import attrs
from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder

from cocreation_domain.projections.fold import gc_paused
from cocreation_domain.projections.rows import RowCodec
from cocreation_domain.projections.state import (
    AuditEntry,
    InitiativeView,
    MeetingView,
    NewsletterView,
    PersonView,
    PlatformView,
    View,
    ViewChanges,
)

if TYPE_CHECKING:  # psycopg is an optional dependency (the ``postgres`` extra)
    from eventsourcing.postgres import PostgresDatastore

__all__ = [
    "MemoryViewStore",
    "PostgresViewStore",
    "ProjectionConflict",
    "SQLiteViewStore",
    "StoredView",
    "ViewStore",
    "tracking_name",
    "view_store_for",
]

ROWS_TABLE = "cocreation_view_rows"
PERSONS_TABLE = "cocreation_view_persons"
AUDIT_TABLE = "cocreation_view_audit"
PG_TRACKING_TABLE = "cocreation_views_tracking"
OLD_TABLES = ("cocreation_views", "cocreation_view_tracking")
"""The one-blob store of earlier versions, dropped when the rows are first written."""

TRACKING_PREFIX = "cocreation-views/"

_TAGGED_ID = re.compile(rb'"uuid_hex","_data_":"([0-9a-f]{32})"')
"""An id as an entity row writes it: what a row names is found in its bytes, undecoded."""
_CANONICAL_ID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
"""An id as an audit row writes it."""


def tracking_name(version: str) -> str:
    """The name the tracking position of views made by fold ``version`` is kept under."""
    return TRACKING_PREFIX + version


class ProjectionConflict(Exception):
    """Another runner moved the view on since it was loaded; load it again and carry on."""

    def __init__(self, version: str, expected: int | None) -> None:
        self.version = version
        self.expected = expected
        super().__init__(f"view {version!r} is no longer at position {expected}")


@attrs.frozen
class StoredView:
    """A view as stored: the fold version that made it, its position and its value (all of
    it, or the part that was asked for)."""

    version: str
    position: int
    view: View


class ViewStore(Protocol):
    """Keeps a view as rows with its tracking position."""

    def create(self) -> None:
        """Create the tables (a runner does, before its first save; readers never)."""

    def position(self, version: str) -> int | None:
        """The tracking position of the view made by fold ``version`` (``None``: none)."""

    def load(
        self, version: str, *, initiative: UUID | None = None, audit: bool = True
    ) -> StoredView | None:
        """The stored view made by fold ``version``, or ``None``: everything, or only what
        ``initiative``'s read models need; with its audit entries or without."""

    def audit_page(
        self,
        version: str,
        *,
        initiative: UUID | None = None,
        after: int = 0,
        limit: int = 100,
    ) -> tuple[AuditEntry, ...]:
        """Up to ``limit`` stored audit entries after position ``after`` (of ``initiative``
        only, when given), in log order."""

    def rows(self, version: str, position: int, ids: Iterable[UUID]) -> list[Any]:
        """The stored initiatives, platforms, meetings, newsletters and persons with these
        ids (unknown ids are skipped), if the view is still at ``position``; else raise
        :class:`ProjectionConflict`."""

    def save(self, version: str, expected: int | None, changes: ViewChanges) -> None:
        """Write ``changes`` and move the position to ``changes.position`` in one transaction,
        if the stored position is still ``expected`` (``None``: replace whatever is stored);
        else raise :class:`ProjectionConflict`."""


_KINDS: dict[type, str] = {
    InitiativeView: "initiative",
    PlatformView: "platform",
    MeetingView: "meeting",
    NewsletterView: "newsletter",
}


class _Reading(ABC):
    """One consistent reading of a store's rows (a read transaction)."""

    @abstractmethod
    def position(self, name: str) -> int | None:
        """The tracking position kept under ``name``."""

    @abstractmethod
    def entities(self, initiative: UUID | None) -> list[bytes]:
        """Rows of initiatives, platforms, meetings, newsletters (of ``initiative``)."""

    @abstractmethod
    def persons(self, initiative: UUID | None) -> list[bytes]:
        """Person rows (of persons registered in ``initiative``)."""

    @abstractmethod
    def persons_by_id(self, ids: list[UUID]) -> list[bytes]:
        """Person rows of the persons ``ids`` (unknown ids are skipped)."""

    @abstractmethod
    def entities_by_id(self, ids: list[UUID]) -> list[bytes]:
        """Rows of the initiatives, platforms, meetings, newsletters ``ids`` (unknown ids
        are skipped)."""

    @abstractmethod
    def audit(
        self, initiative: UUID | None, after: int, limit: int | None
    ) -> list[tuple[int, bytes]]:
        """Audit rows by position (of ``initiative``), after ``after``, at most ``limit``."""


class _RowStore(ABC):
    """Loading a view from rows, the same for every store."""

    codec = RowCodec()

    @abstractmethod
    def _reading(self) -> AbstractContextManager[_Reading | None]:
        """A consistent reading (``None``: the store has no view tables)."""

    @abstractmethod
    def _write(self, name: str, expected: int | None, rows: _Rows) -> None:
        """Write the rows and the position ``rows.position`` under ``name``, if the stored
        position is ``expected``; else raise :class:`IntegrityError` (or
        :class:`ProjectionConflict`)."""

    def position(self, version: str) -> int | None:
        """The tracking position of the view made by fold ``version`` (``None``: none)."""
        with self._reading() as reading:
            return None if reading is None else reading.position(tracking_name(version))

    def load(
        self, version: str, *, initiative: UUID | None = None, audit: bool = True
    ) -> StoredView | None:
        """The stored view, all of it or what ``initiative``'s read models need."""
        decode = self.codec.decode_entity
        with self._reading() as reading, gc_paused():
            if reading is None:
                return None
            position = reading.position(tracking_name(version))
            if position is None:
                return None
            entity_rows = reading.entities(initiative)
            entities = [decode(row) for row in entity_rows]
            persons: list[PersonView] = [decode(row) for row in reading.persons(initiative)]
            audit_rows = reading.audit(initiative, 0, None) if audit else []
            entries = [self.codec.decode_audit(p, row) for p, row in audit_rows]
            if initiative is not None:  # and the persons its rows name, found in their bytes
                named = set(_TAGGED_ID.findall(b"".join(entity_rows)))
                ids = _CANONICAL_ID.findall(b"".join(row for _, row in audit_rows))
                named.update(i.replace(b"-", b"") for i in ids)
                named -= {e.id.hex.encode() for e in entities}
                named -= {p.id.hex.encode() for p in persons}
                missing = sorted(UUID(i.decode()) for i in named)
                persons.extend(decode(row) for row in reading.persons_by_id(missing))
        by_kind: dict[str, dict[UUID, Any]] = {kind: {} for kind in _KINDS.values()}
        for entity in entities:
            by_kind[_KINDS[type(entity)]][entity.id] = entity
        view = View(
            position=position,
            initiatives=by_kind["initiative"],
            platforms=by_kind["platform"],
            persons={p.id: p for p in persons},
            meetings=by_kind["meeting"],
            newsletters=by_kind["newsletter"],
            audit=entries,
        )
        return StoredView(version, position, view)

    def audit_page(
        self,
        version: str,
        *,
        initiative: UUID | None = None,
        after: int = 0,
        limit: int = 100,
    ) -> tuple[AuditEntry, ...]:
        """Up to ``limit`` stored audit entries after ``after``, in log order."""
        with self._reading() as reading:
            if reading is None or reading.position(tracking_name(version)) is None:
                return ()
            rows = reading.audit(initiative, after, limit)
        return tuple(self.codec.decode_audit(p, row) for p, row in rows)

    def rows(self, version: str, position: int, ids: Iterable[UUID]) -> list[Any]:
        """The stored entities and persons with these ids, if the view is at ``position``."""
        wanted = sorted(ids)
        decode = self.codec.decode_entity
        with self._reading() as reading, gc_paused():
            if reading is None or reading.position(tracking_name(version)) != position:
                raise ProjectionConflict(version, position)
            found = reading.entities_by_id(wanted) + reading.persons_by_id(wanted)
            return [decode(row) for row in found]

    def save(self, version: str, expected: int | None, changes: ViewChanges) -> None:
        """Write the batch's rows and position, if the stored position is ``expected``."""
        encode = self.codec.encode_entity
        entities: list[tuple[str, str, str, bytes]] = []
        for kind, changed in (
            ("initiative", changes.initiatives),
            ("platform", changes.platforms),
            ("meeting", changes.meetings),
            ("newsletter", changes.newsletters),
        ):
            for ident, entity in changed.items():
                scope = ident if isinstance(entity, InitiativeView) else entity.initiative
                entities.append((ident.hex, kind, scope.hex, encode(entity)))
        rows = _Rows(
            position=changes.position,
            entities=entities,
            persons=[
                (i.hex, None if p.initiative is None else p.initiative.hex, encode(p))
                for i, p in changes.persons.items()
            ],
            audit=[
                (
                    e.position,
                    None if e.initiative is None else e.initiative.hex,
                    self.codec.encode_audit(e),
                )
                for e in changes.audit
            ],
        )
        try:
            self._write(tracking_name(version), expected, rows)
        except IntegrityError:
            raise ProjectionConflict(version, expected) from None


@attrs.frozen
class _Rows:
    """The encoded rows of one batch."""

    position: int
    entities: list[tuple[str, str, str, bytes]]
    """(id, kind, initiative, state)"""
    persons: list[tuple[str, str | None, bytes]]
    """(id, initiative, state)"""
    audit: list[tuple[int, str | None, bytes]]
    """(position, initiative, entry)"""


# --- memory ------------------------------------------------------------------------------


class _MemoryReading(_Reading):
    def __init__(self, store: MemoryViewStore) -> None:
        self.store = store

    def position(self, name: str) -> int | None:
        return self.store.tracking.get(name)

    def entities(self, initiative: UUID | None) -> list[bytes]:
        scope = None if initiative is None else initiative.hex
        return [r[2] for r in self.store.entities.values() if scope in (None, r[1])]

    def persons(self, initiative: UUID | None) -> list[bytes]:
        scope = None if initiative is None else initiative.hex
        return [r[1] for r in self.store.persons.values() if scope is None or r[0] == scope]

    def persons_by_id(self, ids: list[UUID]) -> list[bytes]:
        found = (self.store.persons.get(i.hex) for i in ids)
        return [r[1] for r in found if r is not None]

    def entities_by_id(self, ids: list[UUID]) -> list[bytes]:
        found = (self.store.entities.get(i.hex) for i in ids)
        return [r[2] for r in found if r is not None]

    def audit(
        self, initiative: UUID | None, after: int, limit: int | None
    ) -> list[tuple[int, bytes]]:
        scope = None if initiative is None else initiative.hex
        rows = [
            (p, r[1])
            for p, r in sorted(self.store.audit.items())
            if p > after and scope in (None, r[0])
        ]
        return rows if limit is None else rows[:limit]


class MemoryViewStore(_RowStore):
    """Views in memory, for applications on plain Python objects (kept as encoded rows,
    like the others, so a view loaded twice never shares a value)."""

    def __init__(self) -> None:
        self.tracking: dict[str, int] = {}
        self.entities: dict[str, tuple[str, str, bytes]] = {}
        self.persons: dict[str, tuple[str | None, bytes]] = {}
        self.audit: dict[int, tuple[str | None, bytes]] = {}
        self._lock = threading.RLock()

    def create(self) -> None:
        """Nothing to create in memory."""

    @contextmanager
    def _reading(self) -> Iterator[_Reading | None]:
        with self._lock:
            yield _MemoryReading(self)

    def _write(self, name: str, expected: int | None, rows: _Rows) -> None:
        with self._lock:
            if expected is None:
                self.tracking.clear()
                self.entities.clear()
                self.persons.clear()
                self.audit.clear()
            elif self.tracking.get(name) != expected:
                raise IntegrityError(f"{name} is not at {expected}")
            for ident, kind, scope, state in rows.entities:
                self.entities[ident] = (kind, scope, state)
            for ident, person_scope, state in rows.persons:
                self.persons[ident] = (person_scope, state)
            for position, audit_scope, entry in rows.audit:
                self.audit[position] = (audit_scope, entry)
            self.tracking[name] = rows.position


# --- SQL ---------------------------------------------------------------------------------


def _create_statements(blob: str, integer: str) -> list[str]:
    return [
        f"CREATE TABLE IF NOT EXISTS {{schema}}{ROWS_TABLE} (id TEXT PRIMARY KEY, "
        f"kind TEXT NOT NULL, initiative TEXT NOT NULL, state {blob} NOT NULL)",
        f"CREATE INDEX IF NOT EXISTS {ROWS_TABLE}_initiative "
        f"ON {{schema}}{ROWS_TABLE} (initiative)",
        f"CREATE TABLE IF NOT EXISTS {{schema}}{PERSONS_TABLE} (id TEXT PRIMARY KEY, "
        f"initiative TEXT, state {blob} NOT NULL)",
        f"CREATE INDEX IF NOT EXISTS {PERSONS_TABLE}_initiative "
        f"ON {{schema}}{PERSONS_TABLE} (initiative)",
        f"CREATE TABLE IF NOT EXISTS {{schema}}{AUDIT_TABLE} (position {integer} PRIMARY KEY, "
        f"initiative TEXT, entry {blob} NOT NULL)",
        f"CREATE INDEX IF NOT EXISTS {AUDIT_TABLE}_initiative "
        f"ON {{schema}}{AUDIT_TABLE} (initiative, position)",
    ]


class _SQLReading(_Reading):
    """A reading through a DB-API cursor; ``mark`` is the placeholder, ``schema`` the
    table prefix."""

    def __init__(self, cursor: Any, store: _SQLStore) -> None:
        self.cursor = cursor
        self.store = store

    def _rows(self, statement: str, params: Iterable[Any] = ()) -> list[Any]:
        self.cursor.execute(self.store.sql(statement), tuple(params))
        return list(self.cursor.fetchall())

    def position(self, name: str) -> int | None:
        return self.store.tracked(self.cursor, name)

    def entities(self, initiative: UUID | None) -> list[bytes]:
        return self._states(ROWS_TABLE, initiative)

    def persons(self, initiative: UUID | None) -> list[bytes]:
        return self._states(PERSONS_TABLE, initiative)

    def _states(self, table: str, initiative: UUID | None) -> list[bytes]:
        """The stored states of ``table``'s rows: all, or one initiative's."""
        if initiative is None:
            rows = self._rows(f"SELECT state FROM {{schema}}{table}")
        else:
            rows = self._rows(
                f"SELECT state FROM {{schema}}{table} WHERE initiative = ?", (initiative.hex,)
            )
        return [bytes(r["state"]) for r in rows]

    def persons_by_id(self, ids: list[UUID]) -> list[bytes]:
        return self._by_id(PERSONS_TABLE, ids)

    def entities_by_id(self, ids: list[UUID]) -> list[bytes]:
        return self._by_id(ROWS_TABLE, ids)

    def _by_id(self, table: str, ids: list[UUID]) -> list[bytes]:
        found: list[bytes] = []
        for start in range(0, len(ids), 500):
            chunk = [i.hex for i in ids[start : start + 500]]
            marks = ", ".join("?" * len(chunk))
            rows = self._rows(f"SELECT state FROM {{schema}}{table} WHERE id IN ({marks})", chunk)
            found.extend(bytes(r["state"]) for r in rows)
        return found

    def audit(
        self, initiative: UUID | None, after: int, limit: int | None
    ) -> list[tuple[int, bytes]]:
        where = "position > ?" + ("" if initiative is None else " AND initiative = ?")
        params: list[Any] = [after] if initiative is None else [after, initiative.hex]
        page = ""
        if limit is not None:
            page = " LIMIT ?"
            params.append(limit)
        rows = self._rows(
            f"SELECT position, entry FROM {{schema}}{AUDIT_TABLE} WHERE {where} "
            f"ORDER BY position{page}",
            params,
        )
        return [(r["position"], bytes(r["entry"])) for r in rows]


class _SQLStore(_RowStore):
    """Rows in SQL tables beside the events; subclasses say how to talk to the database."""

    recorder: Any
    mark = "?"
    schema = ""

    def sql(self, statement: str) -> str:
        """``statement`` with this database's placeholders and table prefix."""
        return statement.replace("?", self.mark).replace("{schema}", self.schema)

    @abstractmethod
    def tracked(self, cursor: Any, name: str) -> int | None:
        """The tracking position kept under ``name``, read through ``cursor``."""

    @abstractmethod
    def _has_tables(self, cursor: Any) -> bool:
        """Whether the view tables exist."""

    @abstractmethod
    def _transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        """A transaction's cursor."""

    def create(self) -> None:
        """Create the tables (and drop those of the one-blob store of earlier versions)."""
        self.recorder.create_table()

    @contextmanager
    def _reading(self) -> Iterator[_Reading | None]:
        with self._transaction(commit=False) as cursor:
            yield _SQLReading(cursor, self) if self._has_tables(cursor) else None

    def _write(self, name: str, expected: int | None, rows: _Rows) -> None:
        with self._transaction(commit=True) as cursor:

            def execute(statement: str, params: Iterable[Any] = ()) -> None:
                cursor.execute(self.sql(statement), tuple(params))

            if expected is None:  # a new fold version: replace everything
                for table in (ROWS_TABLE, PERSONS_TABLE, AUDIT_TABLE):
                    execute(f"DELETE FROM {{schema}}{table}")
                execute(
                    f"DELETE FROM {{schema}}{self.tracking_table} WHERE application_name LIKE ?",
                    (TRACKING_PREFIX + "%",),
                )
            # moves the position forward only (else IntegrityError); takes the write lock
            self.recorder._insert_tracking(cursor, Tracking(name, rows.position))
            execute(f"SELECT MAX(position) AS reached FROM {{schema}}{AUDIT_TABLE}")
            last = cursor.fetchone()["reached"]
            if last != expected:  # another runner moved on (or started over) meanwhile
                raise IntegrityError(f"{name} is at {last}, not {expected}")
            if rows.entities:
                cursor.executemany(
                    self.sql(
                        f"INSERT INTO {{schema}}{ROWS_TABLE} VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, "
                        "initiative = excluded.initiative, state = excluded.state"
                    ),
                    rows.entities,
                )
            if rows.persons:
                cursor.executemany(
                    self.sql(
                        f"INSERT INTO {{schema}}{PERSONS_TABLE} VALUES (?, ?, ?) "
                        "ON CONFLICT (id) DO UPDATE SET "
                        "initiative = excluded.initiative, state = excluded.state"
                    ),
                    rows.persons,
                )
            if rows.audit:
                cursor.executemany(
                    self.sql(f"INSERT INTO {{schema}}{AUDIT_TABLE} VALUES (?, ?, ?)"),
                    rows.audit,
                )

    tracking_table = "tracking"


class SQLiteViewRecorder(SQLiteTrackingRecorder):
    """eventsourcing's SQLite tracking recorder, creating the view tables too."""

    def construct_create_table_statements(self) -> list[str]:
        """The tracking table, the view tables, and dropping the one-blob tables."""
        statements = super().construct_create_table_statements()
        statements.extend(s.replace("{schema}", "") for s in _create_statements("BLOB", "INTEGER"))
        statements.extend(f"DROP TABLE IF EXISTS {table}" for table in OLD_TABLES)
        return statements


class SQLiteViewStore(_SQLStore):
    """The view as rows in the application's SQLite database."""

    def __init__(self, datastore: SQLiteDatastore) -> None:
        self.datastore = datastore
        self.recorder = SQLiteViewRecorder(datastore)

    def _transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        return self.datastore.transaction(commit=commit)

    def _has_tables(self, cursor: Any) -> bool:
        cursor.execute(
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN (?, ?)",
            (AUDIT_TABLE, self.tracking_table),
        )
        return bool(cursor.fetchone()["n"] == 2)

    def tracked(self, cursor: Any, name: str) -> int | None:
        position: int | None = self.recorder._max_tracking_id(name, cursor)
        return position


class PostgresViewStore(_SQLStore):
    """The view as rows in the application's PostgreSQL schema."""

    mark = "%s"
    tracking_table = PG_TRACKING_TABLE

    def __init__(self, datastore: PostgresDatastore) -> None:
        from eventsourcing.postgres import PostgresTrackingRecorder
        from psycopg.sql import SQL

        self.datastore = datastore
        self.schema = '"' + datastore.schema.replace('"', '""') + '".'
        recorder = PostgresTrackingRecorder(datastore, tracking_table_name=PG_TRACKING_TABLE)
        statements = [self.sql(s) for s in _create_statements("BYTEA", "BIGINT")]
        statements += [self.sql(f"DROP TABLE IF EXISTS {{schema}}{t}") for t in OLD_TABLES]
        recorder.sql_create_statements.extend(SQL(s).format() for s in statements)
        self.recorder = recorder

    @contextmanager
    def _transaction(self, *, commit: bool) -> Iterator[Any]:
        import psycopg

        try:
            with self.datastore.transaction(commit=commit) as cursor:
                if not commit:  # every statement of a reading sees the same snapshot
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                yield cursor
        except psycopg.IntegrityError as error:  # an audit row another runner stored
            raise IntegrityError(str(error)) from error

    def _has_tables(self, cursor: Any) -> bool:
        cursor.execute(
            "SELECT to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL AS found",
            (self.schema + AUDIT_TABLE, self.schema + PG_TRACKING_TABLE),
        )
        return bool(cursor.fetchone()["found"])

    def tracked(self, cursor: Any, name: str) -> int | None:
        position: int | None = self.recorder._max_tracking_id(name, cursor)
        return position


def view_store_for(app: Application[UUID]) -> ViewStore:
    """The store that keeps views next to ``app``'s events: the same SQLite database or
    PostgreSQL schema, or memory for an application on plain Python objects."""
    datastore = getattr(app.factory, "datastore", None)
    if isinstance(datastore, SQLiteDatastore):
        return SQLiteViewStore(datastore)
    if datastore is not None and type(datastore).__module__ == "eventsourcing.postgres":
        return PostgresViewStore(datastore)
    return MemoryViewStore()
