"""Where a folded view is kept between runs, with its tracking position, atomically.

A store keeps, per view name, the fold's version, the encoded value and the notification id
of the last event folded into it (the tracking position). :meth:`ViewStore.save` writes all
three in one transaction, and only if the stored position is still the one the runner
started from, so a crash leaves either the old view and position or the new ones (never a
mix), and two runners racing on one view cannot both apply the same events.

- :class:`MemoryViewStore` for the POPO store (the view lives as long as the store object);
- :class:`SQLiteViewStore`: two tables in the application's SQLite database;
- :class:`PostgresViewStore`: the same two tables in the application's PostgreSQL schema.

:func:`view_store_for` picks the one that matches an application's persistence.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Protocol
from uuid import UUID

import attrs
from eventsourcing.application import Application
from eventsourcing.sqlite import SQLiteDatastore

if TYPE_CHECKING:  # psycopg is an optional dependency (the ``postgres`` extra)
    from eventsourcing.postgres import PostgresDatastore

__all__ = [
    "MemoryViewStore",
    "PostgresViewStore",
    "ProjectionConflict",
    "SQLiteViewStore",
    "StoredView",
    "ViewStore",
    "view_store_for",
]

VIEWS_TABLE = "cocreation_views"
TRACKING_TABLE = "cocreation_view_tracking"


class ProjectionConflict(Exception):
    """Another runner moved the view on since it was loaded; load it again and carry on."""

    def __init__(self, name: str, expected: int | None) -> None:
        self.name = name
        self.expected = expected
        super().__init__(f"view {name!r} is no longer at position {expected}")


@attrs.frozen
class StoredView:
    """A view as stored: the fold version that made it, its position and its bytes."""

    version: str
    position: int
    state: bytes


class ViewStore(Protocol):
    """Keeps folded views and their tracking positions."""

    def load(self, name: str) -> StoredView | None:
        """The stored view called ``name``, or ``None`` if there is none."""

    def save(
        self, name: str, application_name: str, expected: int | None, view: StoredView
    ) -> None:
        """Store ``view`` and its position in one transaction, if the stored position is still
        ``expected`` (``None``: nothing stored yet); else raise :class:`ProjectionConflict`."""


class MemoryViewStore:
    """Views in memory, for applications on plain Python objects."""

    def __init__(self) -> None:
        self._views: dict[str, StoredView] = {}
        self._lock = threading.Lock()

    def load(self, name: str) -> StoredView | None:
        """The stored view called ``name``, or ``None``."""
        with self._lock:
            return self._views.get(name)

    def save(
        self, name: str, application_name: str, expected: int | None, view: StoredView
    ) -> None:
        """Replace the view if it is still at ``expected``."""
        with self._lock:
            current = self._views.get(name)
            if (None if current is None else current.position) != expected:
                raise ProjectionConflict(name, expected)
            self._views[name] = view


class SQLiteViewStore:
    """Views in two tables of the application's SQLite database, written in one transaction."""

    def __init__(self, datastore: SQLiteDatastore) -> None:
        self.datastore = datastore
        with datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {VIEWS_TABLE} ("
                "name TEXT PRIMARY KEY, version TEXT NOT NULL, state BLOB NOT NULL)"
            )
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {TRACKING_TABLE} ("
                "name TEXT PRIMARY KEY, application_name TEXT NOT NULL, "
                "notification_id INTEGER NOT NULL)"
            )

    def load(self, name: str) -> StoredView | None:
        """The stored view called ``name``, or ``None``."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT v.version, t.notification_id, v.state FROM {VIEWS_TABLE} v "
                f"JOIN {TRACKING_TABLE} t ON t.name = v.name WHERE v.name = ?",
                (name,),
            )
            row = cursor.fetchone()
        if row is None:
            return None
        return StoredView(version=row[0], position=row[1], state=bytes(row[2]))

    def save(
        self, name: str, application_name: str, expected: int | None, view: StoredView
    ) -> None:
        """Write view and position together; the tracking row is written first, so the
        transaction takes the write lock before it reads anything."""
        with self.datastore.transaction(commit=True) as cursor:
            if expected is None:
                cursor.execute(
                    f"INSERT INTO {TRACKING_TABLE} VALUES (?, ?, ?) "
                    "ON CONFLICT (name) DO NOTHING RETURNING name",
                    (name, application_name, view.position),
                )
            else:
                cursor.execute(
                    f"UPDATE {TRACKING_TABLE} SET notification_id = ?, application_name = ? "
                    "WHERE name = ? AND notification_id = ? RETURNING name",
                    (view.position, application_name, name, expected),
                )
            if cursor.fetchone() is None:
                raise ProjectionConflict(name, expected)
            cursor.execute(
                f"INSERT INTO {VIEWS_TABLE} VALUES (?, ?, ?) ON CONFLICT (name) "
                "DO UPDATE SET version = excluded.version, state = excluded.state",
                (name, view.version, view.state),
            )


class PostgresViewStore:
    """Views in two tables of the application's PostgreSQL schema, written in one transaction."""

    def __init__(self, datastore: PostgresDatastore) -> None:
        from psycopg.sql import SQL, Identifier

        self.datastore = datastore
        schema = Identifier(datastore.schema)
        self._views = SQL("{}.{}").format(schema, Identifier(VIEWS_TABLE))
        self._tracking = SQL("{}.{}").format(schema, Identifier(TRACKING_TABLE))
        self._sql = SQL
        with datastore.transaction(commit=True) as cursor:
            cursor.execute(
                SQL(
                    "CREATE TABLE IF NOT EXISTS {} ("
                    "name TEXT PRIMARY KEY, version TEXT NOT NULL, state BYTEA NOT NULL)"
                ).format(self._views)
            )
            cursor.execute(
                SQL(
                    "CREATE TABLE IF NOT EXISTS {} ("
                    "name TEXT PRIMARY KEY, application_name TEXT NOT NULL, "
                    "notification_id BIGINT NOT NULL)"
                ).format(self._tracking)
            )

    def load(self, name: str) -> StoredView | None:
        """The stored view called ``name``, or ``None``."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                self._sql(
                    "SELECT v.version, t.notification_id, v.state FROM {} v "
                    "JOIN {} t ON t.name = v.name WHERE v.name = %s"
                ).format(self._views, self._tracking),
                (name,),
            )
            row: Any = cursor.fetchone()
        if row is None:
            return None
        return StoredView(
            version=row["version"], position=row["notification_id"], state=bytes(row["state"])
        )

    def save(
        self, name: str, application_name: str, expected: int | None, view: StoredView
    ) -> None:
        """Write view and position together, if the position is still ``expected``."""
        with self.datastore.transaction(commit=True) as cursor:
            if expected is None:
                cursor.execute(
                    self._sql(
                        "INSERT INTO {} VALUES (%s, %s, %s) "
                        "ON CONFLICT (name) DO NOTHING RETURNING name"
                    ).format(self._tracking),
                    (name, application_name, view.position),
                )
            else:
                cursor.execute(
                    self._sql(
                        "UPDATE {} SET notification_id = %s, application_name = %s "
                        "WHERE name = %s AND notification_id = %s RETURNING name"
                    ).format(self._tracking),
                    (view.position, application_name, name, expected),
                )
            if cursor.fetchone() is None:
                raise ProjectionConflict(name, expected)
            cursor.execute(
                self._sql(
                    "INSERT INTO {} VALUES (%s, %s, %s) ON CONFLICT (name) "
                    "DO UPDATE SET version = excluded.version, state = excluded.state"
                ).format(self._views),
                (name, view.version, view.state),
            )


def view_store_for(app: Application[UUID]) -> ViewStore:
    """The store that keeps views next to ``app``'s events: the same SQLite database or
    PostgreSQL schema, or memory for an application on plain Python objects."""
    datastore = getattr(app.factory, "datastore", None)
    if isinstance(datastore, SQLiteDatastore):
        return SQLiteViewStore(datastore)
    if datastore is not None and type(datastore).__module__ == "eventsourcing.postgres":
        return PostgresViewStore(datastore)
    return MemoryViewStore()
