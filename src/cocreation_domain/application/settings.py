"""Settings read from the environment: the SQLite environment of a file, where a store keeps
its events (named in errors), and ``SNAPSHOT_INTERVAL``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cocreation_domain.model import (
    Initiative,
    Platform,
)
from cocreation_domain.model.base import CoCreationAggregate


def sqlite_env(path: str) -> dict[str, str]:
    """The environment that stores an application's events in the SQLite file ``path``."""
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": path}


def store_location(env: Mapping[str, str] | None) -> tuple[str, str]:
    """Where an environment keeps its events and what to check, for an error message.

    Names the file or database, never a password.
    """
    env = env or {}
    module = env.get("PERSISTENCE_MODULE", "")
    if module.endswith("sqlite"):
        where = f"SQLite file {env.get('SQLITE_DBNAME', '')!r}"
        return where, "check that its directory exists and this process may write there"
    if module.endswith("postgres"):
        host = f"{env.get('POSTGRES_HOST', '')}:{env.get('POSTGRES_PORT', '5432')}"
        where = f"PostgreSQL database {env.get('POSTGRES_DBNAME', '')!r} at {host}"
        return where, "check POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER and the server"
    return f"of PERSISTENCE_MODULE {module!r}", "check the persistence settings"


SNAPSHOTTED: dict[str, type[CoCreationAggregate]] = {
    "Initiative": Initiative,
    "Platform": Platform,
}
"""The long-lived aggregate types ``SNAPSHOT_INTERVAL`` can name.

Persons are never snapshotted: a snapshot would copy personal data out of person events
(R-PII-1), and a person has few events anyway.
"""


def snapshot_intervals(text: str) -> dict[type[Any], int]:
    """Parse ``SNAPSHOT_INTERVAL``: one number for the initiative and platform, or ``Type=n``.

    >>> snapshot_intervals("Platform=100, Initiative=500") == {Platform: 100, Initiative: 500}
    True
    >>> sorted(t.__name__ for t in snapshot_intervals("50"))
    ['Initiative', 'Platform']
    >>> snapshot_intervals("0")
    {}
    """
    text = text.strip()
    if text.isdigit():
        return {kind: int(text) for kind in SNAPSHOTTED.values()} if int(text) else {}
    intervals: dict[type[Any], int] = {}
    for pair in text.split(","):
        name, _, number = pair.partition("=")
        kind = SNAPSHOTTED.get(name.strip())
        if kind is None or not number.strip().isdigit():
            expected = f"a number or Type=number pairs of {', '.join(SNAPSHOTTED)}"
            raise ValueError(f"SNAPSHOT_INTERVAL: expected {expected}, got {text!r}")
        if int(number):
            intervals[kind] = int(number)
    return intervals
