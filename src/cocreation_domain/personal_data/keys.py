"""Per-person data keys (R-PII-3): where they live, and how they are destroyed.

A :class:`KeyStore` holds one random 256-bit AES key per person. Forgetting a person destroys
their key, and with it every personal field sealed under it (crypto-shredding). Three stores
come with the library, chosen by :func:`key_store_for` to match the application's persistence:

- :class:`MemoryKeyStore` for plain Python objects (the keys live as long as the store);
- :class:`SQLiteKeyStore`: a table in the application's SQLite database;
- :class:`PostgresKeyStore`: a table in the application's PostgreSQL schema.

An embedder can pass any object with the :class:`KeyStore` methods instead (a KMS or Vault).

When the environment variable ``COCREATION_MASTER_KEY`` holds a base64 (URL-safe) 32-byte key,
the table stores wrap every data key with it (AES-256-GCM, the person's id as associated
data), so a copy of the database alone opens nothing.
"""

from __future__ import annotations

import base64
import binascii
import os
import threading
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.sqlite import SQLiteDatastore

if TYPE_CHECKING:  # psycopg is an optional dependency (the ``postgres`` extra)
    from eventsourcing.postgres import PostgresDatastore

__all__ = [
    "KEYS_TABLE",
    "MASTER_KEY",
    "KeyStore",
    "KeyStoreError",
    "MasterKey",
    "MemoryKeyStore",
    "PostgresKeyStore",
    "SQLiteKeyStore",
    "key_store_for",
    "new_data_key",
    "rewrite_postgres_table",
    "scrub_sqlite",
]

D = TypeVar("D")

KEYS_TABLE = "cocreation_person_keys"
MASTER_KEY = "COCREATION_MASTER_KEY"
"""The environment variable that holds the optional master key (URL-safe base64, 32 bytes)."""

KEY_SIZE = 32
CHECKPOINT_ATTEMPTS = 50
NONCE_SIZE = 12


class KeyStoreError(RuntimeError):
    """The key store is misconfigured: a malformed master key, or keys wrapped with another."""


def new_data_key() -> bytes:
    """A fresh random 256-bit data key."""
    return AESGCM.generate_key(bit_length=KEY_SIZE * 8)


class KeyStore(Protocol):
    """Keeps one data key per person; destroying a key must leave no readable copy of it."""

    def key(self, person: UUID) -> bytes | None:
        """The person's data key, or ``None`` when they have none (never had, or destroyed)."""

    def key_or_new(self, person: UUID) -> bytes:
        """The person's data key, made and stored first if they have none yet."""

    def destroy(self, person: UUID) -> None:
        """Destroy the person's key and every copy of it this store wrote; idempotent."""


class MasterKey:
    """Wraps data keys with a master key, binding each to its person's id.

    >>> master = MasterKey(bytes(32))
    >>> person = UUID(int=7)
    >>> master.unwrap(person, master.wrap(person, b"k" * 32)) == b"k" * 32
    True
    """

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_SIZE:
            raise KeyStoreError(f"{MASTER_KEY} must hold {KEY_SIZE} bytes, got {len(key)}")
        self._aead = AESGCM(key)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | Any) -> MasterKey | None:
        """The master key named by ``COCREATION_MASTER_KEY`` in ``env``, or ``None``."""
        text = env.get(MASTER_KEY)
        if not text:
            return None
        try:
            return cls(base64.urlsafe_b64decode(text.encode("ascii")))
        except (binascii.Error, ValueError) as error:
            raise KeyStoreError(f"{MASTER_KEY} is not URL-safe base64: {error}") from None

    def wrap(self, person: UUID, key: bytes) -> bytes:
        """``key`` sealed for storage: a fresh nonce followed by the ciphertext."""
        nonce = os.urandom(NONCE_SIZE)
        return nonce + self._aead.encrypt(nonce, key, person.bytes)

    def unwrap(self, person: UUID, stored: bytes) -> bytes:
        """The data key inside ``stored``; a wrong master key raises :class:`KeyStoreError`."""
        from cryptography.exceptions import InvalidTag

        try:
            return self._aead.decrypt(stored[:NONCE_SIZE], stored[NONCE_SIZE:], person.bytes)
        except InvalidTag:
            msg = f"the key of person {person} does not open with {MASTER_KEY}"
            raise KeyStoreError(msg) from None


class _Wrapping:
    """What the table stores share: optional wrapping of the bytes they store."""

    master: MasterKey | None = None

    def _stored(self, person: UUID, key: bytes) -> bytes:
        return key if self.master is None else self.master.wrap(person, key)

    def _loaded(self, person: UUID, stored: bytes | None) -> bytes | None:
        if stored is None:
            return None
        return stored if self.master is None else self.master.unwrap(person, stored)


class MemoryKeyStore(_Wrapping):
    """Keys in a dict, for applications on plain Python objects."""

    def __init__(self, master: MasterKey | None = None) -> None:
        self.master = master
        self._keys: dict[UUID, bytes] = {}
        self._lock = threading.Lock()

    def key(self, person: UUID) -> bytes | None:
        """The person's key, or ``None``."""
        return self._loaded(person, self._keys.get(person))

    def key_or_new(self, person: UUID) -> bytes:
        """The person's key, made first if missing."""
        with self._lock:
            stored = self._keys.setdefault(person, self._stored(person, new_data_key()))
        key = self._loaded(person, stored)
        assert key is not None
        return key

    def destroy(self, person: UUID) -> None:
        """Drop the person's key."""
        with self._lock:
            self._keys.pop(person, None)


class _TableKeyStore(_Wrapping, Generic[D]):
    """What the SQLite and PostgreSQL stores share: a table of keys in the application's
    datastore, made unless ``create_table`` is false, whose first writer's key wins a race."""

    def __init__(
        self, datastore: D, master: MasterKey | None = None, *, create_table: bool = True
    ) -> None:
        self.datastore = datastore
        self.master = master
        if create_table:
            self._create_table()

    def key(self, person: UUID) -> bytes | None:
        """The person's key, or ``None`` (one statement in autocommit mode: no BEGIN)."""
        return self._loaded(person, self._select(person))

    def key_or_new(self, person: UUID) -> bytes:
        """The person's key, made first if missing (the first writer's key wins a race)."""
        found = self.key(person)
        if found is not None:
            return found
        key = self._loaded(person, self._insert_or_keep(person, new_data_key()))
        assert key is not None
        return key

    def _create_table(self) -> None:
        raise NotImplementedError

    def _select(self, person: UUID) -> bytes | None:
        """The stored bytes of the person's key, or ``None``."""
        raise NotImplementedError

    def _insert_or_keep(self, person: UUID, key: bytes) -> bytes:
        """Store ``key`` (wrapped) for the person unless one is stored; the stored bytes."""
        raise NotImplementedError


class SQLiteKeyStore(_TableKeyStore[SQLiteDatastore]):
    """Keys in a table of the application's SQLite database.

    Destroying deletes the row with ``secure_delete`` on (SQLite overwrites the deleted
    bytes), then checkpoints the write-ahead log and truncates it, so neither the database
    file nor its ``-wal`` keeps the key (see :func:`scrub_sqlite`).
    """

    def _create_table(self) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {KEYS_TABLE} "
                "(person TEXT PRIMARY KEY, key BLOB NOT NULL)"
            )

    def _select(self, person: UUID) -> bytes | None:
        with self.datastore.get_connection(commit=False) as connection:
            cursor = connection.cursor()
            cursor.execute(f"SELECT key FROM {KEYS_TABLE} WHERE person = ?", (person.hex,))
            row = cursor.fetchone()
        return None if row is None else bytes(row[0])

    def _insert_or_keep(self, person: UUID, key: bytes) -> bytes:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"INSERT INTO {KEYS_TABLE} VALUES (?, ?) ON CONFLICT (person) DO NOTHING",
                (person.hex, self._stored(person, key)),
            )
            cursor.execute(f"SELECT key FROM {KEYS_TABLE} WHERE person = ?", (person.hex,))
            row = cursor.fetchone()
        return bytes(row[0])

    def destroy(self, person: UUID) -> None:
        """Delete the key row, overwriting its bytes, and scrub the write-ahead log."""
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute("PRAGMA secure_delete = ON")
            cursor.execute(f"DELETE FROM {KEYS_TABLE} WHERE person = ?", (person.hex,))
        scrub_sqlite(self.datastore)


def scrub_sqlite(datastore: SQLiteDatastore) -> None:
    """Leave no deleted bytes in an SQLite database file or beside it.

    Every connection this library deletes with turns ``secure_delete`` on, so deleted rows
    are overwritten. Where this SQLite build leaves it off by default (``SQLITE_SECURE_DELETE``
    not compiled in), pages freed earlier by other connections may still hold old bytes, so
    the database is rebuilt with ``VACUUM``. Then the write-ahead log is checkpointed into the
    database and truncated to zero bytes (``wal_checkpoint(TRUNCATE)``), tried again for up to
    five seconds while another connection is still reading from the log (after that, SQLite's
    next checkpoint completes it).
    """
    with datastore.get_connection(commit=True) as connection:
        cursor = connection.cursor()
        cursor.execute("PRAGMA secure_delete")
        default_on = bool(cursor.fetchone()[0])
        cursor.execute("PRAGMA secure_delete = ON")
        if not default_on:
            cursor.execute("VACUUM")
        for _ in range(CHECKPOINT_ATTEMPTS):  # a reader in the log makes it busy: wait a little
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            if not cursor.fetchone()[0]:
                return
            time.sleep(0.1)


class PostgresKeyStore(_TableKeyStore["PostgresDatastore"]):
    """Keys in a table of the application's PostgreSQL schema.

    PostgreSQL keeps a deleted row's bytes in its page until the page is rewritten, even
    after a plain ``VACUUM``; destroying a key therefore rewrites the (small) key table
    without it (:func:`rewrite_postgres_table`). The write-ahead log segments and their
    archives are the operator's (see ``docs/privacy.md``).
    """

    def __init__(
        self,
        datastore: PostgresDatastore,
        master: MasterKey | None = None,
        *,
        create_table: bool = True,
    ) -> None:
        from psycopg.sql import SQL, Identifier

        self._table = SQL("{}.{}").format(Identifier(datastore.schema), Identifier(KEYS_TABLE))
        self._sql = SQL
        super().__init__(datastore, master, create_table=create_table)

    def _create_table(self) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                self._sql(
                    "CREATE TABLE IF NOT EXISTS {} (person UUID PRIMARY KEY, key BYTEA NOT NULL)"
                ).format(self._table)
            )

    def _select(self, person: UUID) -> bytes | None:
        with self.datastore.get_connection() as connection:
            row: Any = connection.execute(
                self._sql("SELECT key FROM {} WHERE person = %s").format(self._table), (person,)
            ).fetchone()
        return None if row is None else bytes(row["key"])

    def _insert_or_keep(self, person: UUID, key: bytes) -> bytes:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                self._sql("INSERT INTO {} VALUES (%s, %s) ON CONFLICT (person) DO NOTHING").format(
                    self._table
                ),
                (person, self._stored(person, key)),
            )
            cursor.execute(
                self._sql("SELECT key FROM {} WHERE person = %s").format(self._table), (person,)
            )
            row: Any = cursor.fetchone()
        return bytes(row["key"])

    def destroy(self, person: UUID) -> None:
        """Rewrite the table without the person's key (see :func:`rewrite_postgres_table`)."""
        rewrite_postgres_table(
            self.datastore,
            KEYS_TABLE,
            self._sql("SELECT person, key FROM {} WHERE person <> %s").format(self._table),
            (person,),
        )


def rewrite_postgres_table(
    datastore: PostgresDatastore, table: str, keep: Any, params: tuple[Any, ...] = ()
) -> None:
    """Replace a table of the datastore's schema by the rows the query ``keep`` selects, in
    one transaction, leaving no page with the other rows' bytes.

    A deleted row stays in its page until the page is rewritten, and ``VACUUM FULL`` still
    copies row versions that an older snapshot of any other session may see (on a shared
    server there is always one). ``TRUNCATE`` gives the table a new, empty file at once, so the
    kept rows are written again into it and the old file is emptied when the transaction
    commits (and removed at the next checkpoint).
    """
    from psycopg.sql import SQL, Identifier

    name = SQL("{}.{}").format(Identifier(datastore.schema), Identifier(table))
    with datastore.transaction(commit=True) as cursor:
        cursor.execute(SQL("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE").format(name))
        cursor.execute(keep, params)
        rows = [tuple(row.values()) for row in cursor.fetchall()]
        cursor.execute(SQL("TRUNCATE {}").format(name))
        if rows:
            marks = SQL(", ").join(SQL("%s") for _ in rows[0])
            cursor.executemany(SQL("INSERT INTO {} VALUES ({})").format(name, marks), rows)


def key_store_for(datastore: object, env: Mapping[str, str] | Any = os.environ) -> KeyStore:
    """The key store beside an application's events: the same SQLite database or PostgreSQL
    schema as ``datastore``, or memory; wrapped with ``COCREATION_MASTER_KEY`` from ``env``
    when it is set. Like eventsourcing's recorders, the table is made unless ``env`` says
    ``CREATE_TABLE=false``."""
    master = MasterKey.from_env(env)
    create = str(env.get("CREATE_TABLE", "y")).lower() not in {"n", "no", "f", "false", "0", "off"}
    if isinstance(datastore, SQLiteDatastore):
        return SQLiteKeyStore(datastore, master, create_table=create)
    if datastore is not None and type(datastore).__module__ == "eventsourcing.postgres":
        return PostgresKeyStore(datastore, master, create_table=create)  # type: ignore[arg-type]
    return MemoryKeyStore(master)
