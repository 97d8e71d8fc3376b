"""Integration tests: what happens in a real store or between processes.

A test sits here when it runs on the store kinds (the ``store_env``, ``make_app`` and
``shared_store_env`` fixtures: so every PostgreSQL test is here), on an SQLite file or the
fixture stores, or with other processes: concurrency, snapshots, views stored, resumed and
read back, sealing and crypto-shredding at rest, replaying the fixture stores of every
schema version, and the stateful machines on real stores. Marked ``integration``
(``pytest -m integration``). The criterion: ``docs/testing.md``, "Test tiers".
"""
