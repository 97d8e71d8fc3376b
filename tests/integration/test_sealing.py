"""Tamper evidence (issue 12): the sealed log, signed checkpoints and ``cocreation verify``.

SEAL-1: every stored event is sealed in the transaction recording it (every store kind).
SEAL-2: verification recomputes the chain, only reads, and names the first position where
the log differs from its seals. SEAL-3: a checkpoint signs a verified head; the log is
consistent with it when its signature holds and the link at its position is its head.

Every kind of tampering is done to a copy of the demo store with plain SQL, the way someone
holding the database would, on an SQLite file and on PostgreSQL; verification must name the
first position where the log differs, and ``cocreation verify`` must exit 1 on one line.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.cli import main
from cocreation_domain.demo import write_demo
from cocreation_domain.sealing import (
    GENESIS,
    Checkpoint,
    Tampered,
    generate_key,
    link,
    public_key_pem,
    take_checkpoint,
    verify,
)
from cocreation_domain.sealing.checkpoints import key_fingerprint
from conftest import postgres_connection  # type: ignore[import-not-found]

KEY = generate_key()


@attrs.frozen
class Raw:
    """Direct SQL access to a store's tables, as someone holding the database has."""

    env: dict[str, str]
    events: str
    seals: str
    pos: str

    def run(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run one statement (``?`` placeholders) and commit; the rows it returned."""
        if self.env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite":
            with sqlite3.connect(self.env["SQLITE_DBNAME"]) as db:
                return db.execute(sql, params).fetchall()
        with postgres_connection() as conn:
            conn.execute(f'SET search_path TO "{self.env["POSTGRES_SCHEMA"]}"')
            cursor = conn.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall() if cursor.description else []

    def state(self, position: int) -> bytes:
        """The stored state of the event at ``position``."""
        return bytes(
            self.run(f"SELECT state FROM {self.events} WHERE {self.pos} = ?", (position,))[0][0]
        )

    def update(self, position: int, column: str, value: Any) -> None:
        """Overwrite one column of the event at ``position``."""
        self.run(f"UPDATE {self.events} SET {column} = ? WHERE {self.pos} = ?", (value, position))

    def move(self, old: int, new: int) -> None:
        """Give the event at ``old`` the position ``new``."""
        self.update(old, self.pos, new)

    def delete(self, position: int, *, seal_too: bool = False, and_later: bool = False) -> None:
        """Remove the event at ``position`` (and its seal, and every later one, if asked)."""
        op = ">=" if and_later else "="
        self.run(f"DELETE FROM {self.events} WHERE {self.pos} {op} ?", (position,))
        if seal_too:
            self.run(f"DELETE FROM {self.seals} WHERE position {op} ?", (position,))

    def copy_event(self, source: int, position: int, version: int) -> None:
        """Insert a copy of the event at ``source`` at ``position`` with another version."""
        row = self.run(
            f"SELECT originator_id, topic, state FROM {self.events} WHERE {self.pos} = ?", (source,)
        )[0]
        self.run(
            f"INSERT INTO {self.events} ({self.pos}, originator_id, originator_version, topic, "
            "state) VALUES (?, ?, ?, ?, ?)",
            (position, row[0], version, row[1], bytes(row[2])),
        )

    def recompute(self) -> None:
        """Recompute every seal from the events, as someone without the signing key can."""
        rows = self.run(
            f"SELECT {self.pos}, originator_id, originator_version, topic, state "
            f"FROM {self.events} ORDER BY {self.pos}"
        )
        self.run(f"DELETE FROM {self.seals}")
        previous = GENESIS
        for position, originator_id, version, topic, state in rows:
            text = originator_id.hex if hasattr(originator_id, "hex") else originator_id
            previous = link(previous, position, text, version, topic, bytes(state))
            self.run(f"INSERT INTO {self.seals} VALUES (?, ?)", (position, previous))


def _demo_events() -> int:
    """How many events the demo story writes (counted once, in memory)."""
    app = CoCreation()
    write_demo(app)
    return app.recorder.max_notification_id() or 0


DEMO_EVENTS = _demo_events()
"""The demo story's events: the untouched store's length and the last position."""


@attrs.frozen
class Demo:
    """A copy of the demo store, a checkpoint of it taken before any tampering, and SQL."""

    env: dict[str, str]
    raw: Raw
    checkpoint: Checkpoint

    def cli(self, directory: Path) -> tuple[int, list[str]]:
        """``cocreation verify`` against the checkpoint: exit status and standard error lines."""
        checkpoint, public = directory / "checkpoint.json", directory / "signing.pub"
        checkpoint.write_text(self.checkpoint.to_json())
        public.write_bytes(public_key_pem(KEY))
        db = ["--db", self.env["SQLITE_DBNAME"]] if "SQLITE_DBNAME" in self.env else []
        env = {"SQLITE_DBNAME": None, **({} if db else self.env)}
        args = [*db, "verify", "--checkpoint", str(checkpoint), "--public-key", str(public)]
        result = CliRunner(env=env).invoke(main, args)
        return result.exit_code, result.stderr.splitlines()

    def verify(self, *checkpoints: Checkpoint) -> Any:
        app = CoCreation(env={**self.env, "CREATE_TABLE": "false"})
        try:
            return verify(app, checkpoints, KEY.public_key())
        finally:
            app.close()


@pytest.fixture(scope="module")
def template(shared_store_env: dict[str, str]) -> tuple[dict[str, str], Checkpoint]:
    """The demo story written once per store kind, and a checkpoint of its head."""
    app = CoCreation(env=shared_store_env)
    write_demo(app)
    checkpoint = take_checkpoint(app, KEY)
    app.close()
    return shared_store_env, checkpoint


@pytest.fixture
def demo(template: tuple[dict[str, str], Checkpoint], tmp_path: Path) -> Iterator[Demo]:
    """A fresh copy of the demo store for one test to tamper with (a file, or a schema)."""
    source, checkpoint = template
    if source["PERSISTENCE_MODULE"] == "eventsourcing.sqlite":
        env = sqlite_env(str(tmp_path / "copy.sqlite"))
        shutil.copyfile(source["SQLITE_DBNAME"], env["SQLITE_DBNAME"])
        yield Demo(env, Raw(env, "stored_events", "stored_events_seals", "rowid"), checkpoint)
        return
    env = {**source, "POSTGRES_SCHEMA": f"{source['POSTGRES_SCHEMA']}_{uuid4().hex[:8]}"}
    raw = Raw(env, "cocreation_events", "cocreation_events_seals", "notification_id")
    raw.run(f'CREATE SCHEMA "{env["POSTGRES_SCHEMA"]}"')
    try:
        CoCreation(env=env).close()  # the tables, types and functions
        for table in (raw.events, raw.seals):
            raw.run(f'INSERT INTO {table} SELECT * FROM "{source["POSTGRES_SCHEMA"]}".{table}')
        raw.run(
            "SELECT setval(pg_get_serial_sequence('cocreation_events', 'notification_id'), "
            "(SELECT MAX(notification_id) FROM cocreation_events))"
        )
        yield Demo(env, raw, checkpoint)
    finally:
        raw.run(f'DROP SCHEMA "{env["POSTGRES_SCHEMA"]}" CASCADE')


def flip_byte(raw: Raw, position: int) -> None:
    """Change one byte in the middle of an event's stored state."""
    state = bytearray(raw.state(position))
    state[len(state) // 2] ^= 0x01
    raw.update(position, "state", bytes(state))


def swap_principal(raw: Raw, position: int) -> None:
    """Credit the event at ``position`` to another person (a principal found elsewhere)."""
    principal = re.compile(rb'"principal":\{"_type_":"uuid_hex","_data_":"([0-9a-f]{32})"')
    state = raw.state(position)
    own = principal.search(state)
    assert own is not None
    others = (principal.search(raw.state(p)) for p in range(1, position))
    other = next(m.group(1) for m in others if m is not None and m.group(1) != own.group(1))
    raw.update(position, "state", state.replace(own.group(1), other))


def insert_in_middle(raw: Raw, position: int) -> None:
    """Renumber the events from ``position`` on one up and insert a forged event there."""
    last = raw.run(f"SELECT MAX({raw.pos}) FROM {raw.events}")[0][0]
    for p in range(last, position - 1, -1):
        raw.move(p, p + 1)
    raw.copy_event(position + 1, position, 999)


def reorder(raw: Raw) -> None:
    """Swap the positions of the events at 60 and 61."""
    raw.move(60, 10_000)
    raw.move(61, 60)
    raw.move(10_000, 61)


def edit_seal(raw: Raw) -> None:
    """Overwrite the seal at position 50."""
    raw.run(f"UPDATE {raw.seals} SET link = ? WHERE position = 50", (b"\0" * 32,))


TAMPERING: dict[str, tuple[Callable[[Raw], None], int]] = {
    "a byte of the state": (lambda raw: flip_byte(raw, 50), 50),
    "the topic": (lambda raw: raw.update(50, "topic", "cocreation:Platform.Closed"), 50),
    "the originator id": (lambda raw: raw.update(50, "originator_id", uuid4().hex), 50),
    "the version": (lambda raw: raw.update(50, "originator_version", 77), 50),
    "a swapped principal": (lambda raw: swap_principal(raw, 60), 60),
    "a deleted event": (lambda raw: raw.delete(50), 50),
    "a deleted event and its seal": (lambda raw: raw.delete(50, seal_too=True), 51),
    "an event inserted in the middle": (lambda raw: insert_in_middle(raw, 50), 50),
    "an unsealed event appended": (
        lambda raw: raw.copy_event(200, DEMO_EVENTS + 1, 999),
        DEMO_EVENTS + 1,
    ),
    "reordered events": (reorder, 60),
    "an edited seal": (edit_seal, 50),
}


def test_untouched_demo_store_verifies(demo: Demo) -> None:
    """SEAL-1: every event of an untouched store is sealed and its checkpoint holds."""
    result = demo.verify(demo.checkpoint)
    assert (result.ok, result.events, result.checkpoints) == (True, DEMO_EVENTS, 1)
    assert result.head == demo.checkpoint.head


@pytest.mark.parametrize("kind", list(TAMPERING))
def test_each_kind_of_tampering_is_found_at_its_position(
    demo: Demo, kind: str, tmp_path: Path
) -> None:
    """SEAL-2: each kind of tampering makes verification fail at the first changed position,
    and ``cocreation verify`` exit 1 with one line naming it."""
    tamper, position = TAMPERING[kind]
    tamper(demo.raw)
    result = demo.verify(demo.checkpoint)
    assert (result.ok, result.problem.position if result.problem else None) == (False, position)
    status, lines = demo.cli(tmp_path)
    assert (status, len(lines)) == (1, 1)
    assert lines[0].startswith(f"Error: TAMPERED position {position}: ")


def test_removed_tail_is_caught_by_a_checkpoint(demo: Demo, tmp_path: Path) -> None:
    """SEAL-3: cutting the log's tail (events and seals) before a checkpoint's position is
    found by the checkpoint; without one a cut tail looks like a shorter log."""
    demo.raw.delete(200, seal_too=True, and_later=True)
    assert demo.verify().ok
    result = demo.verify(demo.checkpoint)
    assert (result.ok, result.problem.position if result.problem else None) == (False, DEMO_EVENTS)
    assert demo.cli(tmp_path) == (
        1,
        [
            f"Error: TAMPERED position {DEMO_EVENTS}: checkpoint of {demo.checkpoint.time}: "
            "the log no longer holds this event: events up to it were removed"
        ],
    )


def test_recomputed_chain_is_caught_by_a_checkpoint(demo: Demo, tmp_path: Path) -> None:
    """SEAL-3: an edit covered by recomputing every seal passes the chain alone, and fails
    against a checkpoint signed before (the rewriter has no signing key)."""
    flip_byte(demo.raw, 50)
    demo.raw.recompute()
    assert demo.verify().ok
    result = demo.verify(demo.checkpoint)
    assert (result.ok, result.problem.position if result.problem else None) == (False, DEMO_EVENTS)
    forged = attrs.evolve(demo.checkpoint, head=result.head or "")
    assert not demo.verify(forged).ok  # a checkpoint edited to the new head: bad signature
    status, lines = demo.cli(tmp_path)
    assert (status, len(lines)) == (1, 1)
    assert lines[0].startswith(f"Error: TAMPERED position {DEMO_EVENTS}: ")


def test_checkpoint_of_another_key_fails(demo: Demo) -> None:
    """SEAL-3: a checkpoint signed by a key other than the auditor's public key is refused."""
    app = CoCreation(env=demo.env)
    try:
        other = take_checkpoint(app, generate_key())
    finally:
        app.close()
    result = demo.verify(demo.checkpoint, other)
    expected = (False, None, 1, key_fingerprint(KEY.public_key()))
    problem = result.problem
    assert problem is not None
    actual = (result.ok, problem.position, result.checkpoints, problem.reason.split()[-1])
    assert expected == actual


def test_writes_after_a_checkpoint_keep_it_valid(demo: Demo) -> None:
    """SEAL-3: events appended after a checkpoint are sealed onto the chain it signed."""
    app = CoCreation(env=demo.env)
    try:
        person = app.register_person("Late Comer")
        app.forget_person(person, person)
        result = verify(app, [demo.checkpoint], KEY.public_key())
    finally:
        app.close()
    assert (result.ok, result.events, result.checkpoints) == (True, DEMO_EVENTS + 2, 1)


def test_verify_cli_exits_0_then_1(demo: Demo, tmp_path: Path) -> None:
    """SEAL-2: ``cocreation verify`` exits 0 with a summary on an untouched store and 1 with
    one line naming the first bad position on a tampered one."""
    db = ["--db", demo.env["SQLITE_DBNAME"]] if "SQLITE_DBNAME" in demo.env else []
    env = {"SQLITE_DBNAME": None, **({} if db else demo.env)}
    untouched = CliRunner(env=env).invoke(main, [*db, "verify"])
    ok = untouched.stdout.startswith(f"OK: {DEMO_EVENTS} events")
    assert (untouched.exit_code, ok) == (0, True)
    assert demo.cli(tmp_path)[0] == 0
    swap_principal(demo.raw, 60)
    assert demo.cli(tmp_path) == (
        1,
        [
            "Error: TAMPERED position 60: the seal does not match: this event or its seal was "
            "changed, or an event before it was removed, inserted or moved"
        ],
    )


def test_first_write_to_an_unsealed_store_seals_it_from_the_start(v1_copy: Path) -> None:
    """SEAL-1: the first events written to a store from before sealing seal every earlier
    event in the same transaction, so the chain starts at its first event."""
    app = CoCreation(env=sqlite_env(str(v1_copy)))  # a writer creates its tables (keys)
    try:
        app.register_person("Newcomer")
        result = verify(app)
        count = app.recorder.max_notification_id()
    finally:
        app.close()
    assert (result.ok, result.events) == (True, count)


def test_no_checkpoint_of_a_tampered_store(demo: Demo) -> None:
    """SEAL-3: a checkpoint is only signed over a log that verifies."""
    flip_byte(demo.raw, 50)
    app = CoCreation(env=demo.env)
    try:
        with pytest.raises(Tampered):
            take_checkpoint(app, KEY)
    finally:
        app.close()


def test_every_store_kind_is_sealed(store_env: dict[str, str]) -> None:
    """SEAL-1: POPO, SQLite and PostgreSQL stores are sealed without the embedder doing
    anything, and verify."""
    app = CoCreation(env=store_env)
    try:
        person = app.register_person("Ada")
        app.update_contact(person, person, email="ada@example.org")
        result = verify(app)
    finally:
        app.close()
    assert (result.ok, result.events) == (True, 2)


@pytest.fixture(scope="module")
def sqlite_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite demo store that a property test changes and restores, example by example."""
    db = tmp_path_factory.mktemp("flips") / "demo.sqlite"
    app = CoCreation(env=sqlite_env(str(db)))
    write_demo(app)
    app.close()
    return db


@given(
    position=st.integers(min_value=1, max_value=DEMO_EVENTS),
    column=st.sampled_from(["state", "topic", "originator_id"]),
    offset=st.integers(min_value=0, max_value=10_000),
    bit=st.integers(min_value=0, max_value=6),
)
def test_any_flipped_bit_is_found_at_its_event(
    sqlite_demo: Path, position: int, column: str, offset: int, bit: int
) -> None:
    """SEAL-2: flipping any one bit of any event's state, topic or originator id in an SQLite
    store fails verification at exactly that event."""
    select = f"SELECT {column} FROM stored_events WHERE rowid = ?"
    update = f"UPDATE stored_events SET {column} = ? WHERE rowid = ?"
    with sqlite3.connect(sqlite_demo) as db:
        (original,) = db.execute(select, (position,)).fetchone()
    data = bytearray(original if isinstance(original, bytes) else original.encode())
    data[offset % len(data)] ^= 1 << bit
    changed = bytes(data) if column == "state" else data.decode("latin-1")
    with sqlite3.connect(sqlite_demo) as db:
        db.execute(update, (changed, position))
    app = CoCreation(env={**sqlite_env(str(sqlite_demo)), "CREATE_TABLE": "false"})
    try:
        result = verify(app)
    finally:
        app.close()
        with sqlite3.connect(sqlite_demo) as db:
            db.execute(update, (original, position))
    assert result.problem is not None
    assert result.problem.position == position
