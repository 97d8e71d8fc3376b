"""The read side's part in forgetting a person (R-PII-3): no stored view keeps their data.

Stored views are folded from the events, and a person row folded before a forgetting holds
the person's name and contact data in plaintext. :func:`purge_stored_views` deletes every
stored row (entities, persons, audit) with the views' tracking position, overwriting the
deleted bytes (SQLite ``secure_delete`` and a ``TRUNCATE`` checkpoint of the write-ahead log;
PostgreSQL ``TRUNCATE`` of the row tables, which gives them new, empty files whatever
snapshots other sessions hold); reads then fold from the events, where the person's sealed
fields now read as "(forgotten)", until the runner (``project``) stores the rows again.
:func:`register_view_purge` hands it to the application, which calls it after destroying the
person's key (``CoCreation.personal_data_purges``); the read path registers it for the store
it reads (``current_view``, ``project``), so a process that reads or projects views purges
them when it forgets.
"""

from __future__ import annotations

import weakref
from uuid import UUID

from cocreation_domain.application import CoCreation
from cocreation_domain.personal_data import scrub_sqlite
from cocreation_domain.projections.store import (
    AUDIT_TABLE,
    PERSONS_TABLE,
    ROWS_TABLE,
    TRACKING_PREFIX,
    MemoryViewStore,
    PostgresViewStore,
    SQLiteViewStore,
    ViewStore,
)

__all__ = ["VIEW_PURGE", "purge_stored_views", "register_view_purge"]

VIEW_PURGE = "stored views"
"""The name the view purge is registered under in ``CoCreation.personal_data_purges``."""


def purge_stored_views(store: ViewStore) -> None:
    """Delete every stored row and the views' tracking position, leaving no deleted bytes
    behind (a store whose tables were never created holds nothing to purge)."""
    if isinstance(store, MemoryViewStore):
        with store._lock:
            for rows in (store.tracking, store.entities, store.persons, store.audit):
                rows.clear()
    elif isinstance(store, SQLiteViewStore):
        with store.datastore.transaction(commit=True) as cursor:
            if not store._has_tables(cursor):
                return
            cursor.execute("PRAGMA secure_delete = ON")
            for table in (ROWS_TABLE, PERSONS_TABLE, AUDIT_TABLE):
                cursor.execute(f"DELETE FROM {table}")
            cursor.execute(
                f"DELETE FROM {store.tracking_table} WHERE application_name LIKE ?",
                (TRACKING_PREFIX + "%",),
            )
        scrub_sqlite(store.datastore)
    elif isinstance(store, PostgresViewStore):
        with store._transaction(commit=True) as cursor:
            if not store._has_tables(cursor):
                return
            tables = ", ".join(
                f"{store.schema}{t}" for t in (ROWS_TABLE, PERSONS_TABLE, AUDIT_TABLE)
            )
            cursor.execute(f"TRUNCATE {tables}")  # new, empty files: no old row stays readable
            cursor.execute(
                store.sql(
                    f"DELETE FROM {{schema}}{store.tracking_table} WHERE application_name LIKE ?"
                ),
                (TRACKING_PREFIX + "%",),
            )
    else:  # an embedder's own store: it keeps its own copies, and must purge them itself
        return


def register_view_purge(app: CoCreation, store: ViewStore) -> None:
    """Have ``app`` purge ``store`` whenever it forgets a person.

    The tables beside the events are registered once per application (every store object
    over them reaches the same rows); any other store once per store object.
    """
    if isinstance(store, SQLiteViewStore | PostgresViewStore):
        name = f"{VIEW_PURGE} ({type(store).__name__})"
        if name not in app.personal_data_purges:
            app.personal_data_purges[name] = lambda person: purge_stored_views(store)
        return
    name = f"{VIEW_PURGE} ({id(store)})"
    if name in app.personal_data_purges:
        return
    held = weakref.ref(store)  # a store dropped by its reader needs no purge

    def purge(person: UUID) -> None:
        live = held()
        if live is not None:
            purge_stored_views(live)

    app.personal_data_purges[name] = purge
    weakref.finalize(store, app.personal_data_purges.pop, name, None)
