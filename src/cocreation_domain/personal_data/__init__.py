"""Personal data sealed per person, and forgotten by destroying the person's key (R-PII-3).

- :mod:`~cocreation_domain.personal_data.keys`: the :class:`KeyStore` protocol and the
  memory, SQLite and PostgreSQL stores (optionally wrapped with ``COCREATION_MASTER_KEY``);
- :mod:`~cocreation_domain.personal_data.sealing`: AES-256-GCM per field, bound to person
  and field;
- :mod:`~cocreation_domain.personal_data.mapper`: the event mapper that seals on write and
  opens on read.
"""

from cocreation_domain.personal_data.keys import (
    KEYS_TABLE,
    MASTER_KEY,
    KeyStore,
    KeyStoreError,
    MasterKey,
    MemoryKeyStore,
    PostgresKeyStore,
    SQLiteKeyStore,
    key_store_for,
    new_data_key,
    rewrite_postgres_table,
    scrub_sqlite,
)
from cocreation_domain.personal_data.mapper import PersonalDataMapper, personal_fields_of
from cocreation_domain.personal_data.sealing import PersonalFields, Sealed, SealedAsText

__all__ = [
    "KEYS_TABLE",
    "MASTER_KEY",
    "KeyStore",
    "KeyStoreError",
    "MasterKey",
    "MemoryKeyStore",
    "PersonalDataMapper",
    "PersonalFields",
    "PostgresKeyStore",
    "SQLiteKeyStore",
    "Sealed",
    "SealedAsText",
    "key_store_for",
    "new_data_key",
    "personal_fields_of",
    "rewrite_postgres_table",
    "scrub_sqlite",
]
