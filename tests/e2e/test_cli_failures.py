"""The ``cocreation`` command never shows a traceback (issue 8.5): permission denied, a
directory as ``--db``, a missing, corrupt or edited store, numbers and dates out of range and a
replay past the end each give one line on standard error and exit status 2; an unexpected error
gives one line with a hint and exit status 3. Terminal control bytes stored in user text never
reach the terminal (issue 8.4)."""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal
from uuid import UUID, uuid4

import attrs
import click
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.cli import main
from cocreation_domain.cli_support import (
    INTERNAL_ERROR,
    TRACEBACK_VARIABLE,
    USER_ERROR,
    emit,
    event_with_wrong_value,
    failure_for,
    first_unreadable_event,
    guard,
    wrong_value,
)
from cocreation_domain.demo import write_demo
from cocreation_domain.model import RuleViolation

SRC = Path(__file__).parents[2] / "src"
V1_STORE = Path(__file__).parents[1] / "fixtures" / "v1" / "store.sqlite"
NO_STORE_ENV: dict[str, str | None] = {
    "SQLITE_DBNAME": None,
    "PERSISTENCE_MODULE": None,
    TRACEBACK_VARIABLE: None,
}
ESCAPES = ("\x1b", "\x07", "\x9b")


def run(args: Sequence[str]) -> Result:
    """Run the command in-process, with no store taken from the test's environment."""
    return CliRunner(env=NO_STORE_ENV).invoke(main, list(args))


def one_line_error(result: Result, exit_code: int = USER_ERROR) -> str:
    """The error of a failed run: the exit code, one line on standard error, no traceback,
    nothing on standard output."""
    assert result.exit_code == exit_code, (result.exit_code, result.output, result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.output
    assert result.stdout == ""
    return lines[0]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo written into an SQLite file by the library (no read model stored yet)."""
    db = tmp_path_factory.mktemp("failures") / "demo.sqlite"
    app = CoCreation(env=sqlite_env(str(db)))
    try:
        write_demo(app)
    finally:
        app.close()
    return db


@pytest.fixture(scope="module")
def probed(written: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo store for many probes."""
    db = tmp_path_factory.mktemp("probes") / "probed.sqlite"
    shutil.copyfile(written, db)
    return db


@pytest.fixture
def store(written: Path, tmp_path: Path) -> Path:
    """A private copy of the demo store for one test."""
    db = tmp_path / "store.sqlite"
    shutil.copyfile(written, db)
    return db


def edit(db: Path, sql: str, *params: object) -> None:
    """Change the stored events behind the library's back (as a tool or a person might)."""
    with sqlite3.connect(db) as connection:
        connection.execute(sql, params)
    connection.close()


def last_event(db: Path) -> int:
    """The store's last notification id."""
    with sqlite3.connect(db) as connection:
        (last,) = connection.execute("SELECT max(rowid) FROM stored_events").fetchone()
    connection.close()
    return int(last)


def originator_of(db: Path, position: int) -> str:
    """The originator id of the event at ``position``."""
    with sqlite3.connect(db) as connection:
        (originator,) = connection.execute(
            "SELECT originator_id FROM stored_events WHERE rowid = ?", (position,)
        ).fetchone()
    connection.close()
    return str(UUID(originator))


class TestUnusableStores:
    """A store that cannot be used is one line and exit status 2."""

    @pytest.mark.parametrize("where", ["before", "after"])
    def test_a_directory_as_db(self, tmp_path: Path, where: str) -> None:
        """``--db DIRECTORY``, before or after the command name, is refused in one line."""
        args = ["--db", str(tmp_path), "status"] if where == "before" else []
        args = args or ["status", "--db", str(tmp_path)]
        assert "is a directory" in one_line_error(run(args))

    def test_a_missing_file(self, tmp_path: Path) -> None:
        """A read command never creates a database: a missing file is one line."""
        missing = tmp_path / "missing.sqlite"
        assert f"no database file {missing}" in one_line_error(run(["--db", str(missing), "audit"]))
        assert not missing.exists()

    def test_a_file_that_is_not_a_database(self, tmp_path: Path) -> None:
        """A file that is not SQLite is named as not an event store."""
        garbage = tmp_path / "garbage.sqlite"
        garbage.write_bytes(b"this is not a database\n" * 100)
        assert "not an event store" in one_line_error(run(["--db", str(garbage), "status"]))

    def test_an_sqlite_file_of_something_else(self, tmp_path: Path) -> None:
        """An SQLite database without the event tables is not an event store either."""
        other = tmp_path / "other.sqlite"
        with sqlite3.connect(other) as connection:
            connection.execute("CREATE TABLE t (x)")
        connection.close()
        assert "not an event store" in one_line_error(run(["--db", str(other), "meetings"]))

    def test_a_truncated_store(self, store: Path) -> None:
        """A store cut short (a failed copy) is one line, whatever SQLite finds."""
        data = store.read_bytes()
        store.write_bytes(data[: len(data) // 3])
        one_line_error(run(["--db", str(store), "replay", "--as-of", "10"]))


class TestEditedStores:
    """A store with an edited event names the first event that cannot be read (exit 2)."""

    @pytest.mark.parametrize(
        ("what", "sql"),
        [
            ("state", "UPDATE stored_events SET state = X'7b2262726f6b' WHERE rowid = ?"),
            (
                "topic",
                "UPDATE stored_events SET topic = 'cocreation:Platform.Nope' WHERE rowid = ?",
            ),
        ],
    )
    @pytest.mark.parametrize("command", [["status"], ["audit"], ["replay", "--as-of", "150"]])
    def test_the_first_unreadable_event_is_named(
        self, store: Path, what: str, sql: str, command: list[str]
    ) -> None:
        """Its notification id and originator, in one line, exit status 2."""
        edit(store, sql, 100)
        edit(store, sql, 120)
        line = one_line_error(run(["--db", str(store), *command]))
        assert f"event 100 (originator {originator_of(store, 100)}" in line
        assert "cannot be read" in line

    def test_export_streams_up_to_the_unreadable_event(self, store: Path) -> None:
        """``export`` prints every event before the unreadable one, then its one line."""
        edit(store, "UPDATE stored_events SET state = X'7b' WHERE rowid = ?", 100)
        result = run(["--db", str(store), "export"])
        assert result.exit_code == USER_ERROR
        assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == list(
            range(1, 100)
        )
        (line,) = result.stderr.splitlines()
        assert f"event 100 (originator {originator_of(store, 100)}" in line

    def test_a_poisoned_value_is_named(self, store: Path) -> None:
        """An event that decodes but holds a value of the wrong type (edited, or written before
        values were checked) is named with the field and the value, exit status 2."""
        edit(
            store,
            "UPDATE stored_events SET state = replace(CAST(state AS TEXT), ?, ?) "
            "WHERE topic = 'cocreation:Platform.RippleRecorded'",
            '"observed_on":{"_type_":"date","_data_":"2024-05-22"}',
            '"observed_on":"2025-13-40"',
        )
        with sqlite3.connect(store) as connection:
            (first,) = connection.execute(
                "SELECT min(rowid) FROM stored_events WHERE CAST(state AS TEXT) LIKE ?",
                ('%"observed_on":"2025-13-40"%',),
            ).fetchone()
        connection.close()
        line = one_line_error(run(["--db", str(store), "ripples"]))
        assert f"event {first} (originator {originator_of(store, first)}" in line
        # The value objects check their fields as the event is decoded (issue 8.2).
        assert "Ripple.observed_on: expected a date, got '2025-13-40'" in line


@attrs.frozen
class _Inner:
    on: date
    tags: frozenset[str]


@attrs.frozen
class _Outer:
    inner: _Inner
    count: int
    kind: Literal["a", "b"] = "a"


class TestValueCheck:
    """The check that names a value of the wrong type in a stored event."""

    @pytest.mark.parametrize(
        ("value", "hint", "wrong"),
        [
            (date(2025, 1, 1), date, False),
            (datetime(2025, 1, 1), date, True),
            ("2025-01-01", date | None, True),
            (None, date | None, False),
            (True, int, True),
            (3, int, False),
            (frozenset({uuid4()}), frozenset[UUID], False),
            (frozenset({"x"}), frozenset[UUID], True),
            ({"k": Decimal(1)}, dict[str, Decimal], False),
            ({"k": 1.5}, dict[str, Decimal], True),
            ((1, "a"), tuple[int, str], False),
            ((1, 2), tuple[int, str], True),
            (_Outer(_Inner(date(2025, 1, 1), frozenset({"t"})), 1), _Outer, False),
            (_Outer(_Inner("2025-01-01", frozenset({"t"})), 1), _Outer, True),  # type: ignore[arg-type]
            (_Outer(_Inner(date(2025, 1, 1), frozenset({1})), 1), _Outer, True),  # type: ignore[arg-type]
            (_Outer(_Inner(date(2025, 1, 1), frozenset()), 1, "c"), _Outer, True),  # type: ignore[arg-type]
        ],
    )
    def test_a_value_fits_its_annotation_or_is_named(
        self, value: object, hint: Any, wrong: bool
    ) -> None:
        """Classes (datetime is no date, bool no int), unions, collections, mappings, tuples,
        Literal and attrs classes field by field."""
        assert (wrong_value(value, hint, "x") is not None) is wrong

    def test_every_event_of_the_v1_store_fits(self, tmp_path: Path) -> None:
        """No event written by the library is taken for a wrong one (all 54 classes)."""
        db = tmp_path / "v1.sqlite"
        shutil.copyfile(V1_STORE, db)
        app = CoCreation(env=sqlite_env(str(db)))
        try:
            notifications = app.recorder.select_notifications(start=1, limit=100_000)
            events = [app.mapper.to_domain_event(n) for n in notifications]
            assert len({type(e) for e in events}) >= 54
            assert [event_with_wrong_value(e) for e in events] == [None] * len(events)
            assert first_unreadable_event(app) is None
        finally:
            app.close()


class TestDamagedReadModels:
    """A stored read model that cannot be used is not the events' fault (issue 8.5)."""

    @pytest.mark.parametrize("kinds", [{"BLOB"}, {"BLOB", "TEXT", ""}])
    def test_the_view_is_read_from_the_events_instead(self, store: Path, kinds: set[str]) -> None:
        """With the stored read models overwritten by garbage (their binary columns, or every
        column but the keys), ``status`` prints the same overview as before, read from the
        events, with at most a note on standard error."""
        assert run(["--db", str(store), "project"]).exit_code == 0  # the runner stores rows
        before = run(["--db", str(store), "status", "--today", "2025-08-15"])
        assert before.exit_code == 0
        damaged = 0
        with sqlite3.connect(store) as connection:
            tables = connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            for (table,) in list(tables):
                if not table.startswith("cocreation_view"):  # events, keys: not read models
                    continue
                for _, column, kind, _, _, key in connection.execute(f"PRAGMA table_info({table})"):
                    if not key and kind.upper() in kinds:
                        damaged += connection.execute(
                            f"UPDATE {table} SET {column} = X'00ff'"
                        ).rowcount
        connection.close()
        assert damaged  # `project` stored the read model, and it was damaged
        after = run(["--db", str(store), "status", "--today", "2025-08-15"])
        assert (after.exit_code, after.stdout) == (0, before.stdout)
        notes = after.stderr.splitlines()
        assert all(n.startswith("note: the stored read model could not be used") for n in notes)


class TestOutOfRange:
    """Numbers and dates out of range, and a replay past the end, are one line."""

    @pytest.mark.parametrize("as_of", ["99999999999999999999999", "100000"])
    def test_replay_past_the_last_event_names_it(self, store: Path, as_of: str) -> None:
        """A notification id past the end (however large) names the store's last event."""
        line = one_line_error(run(["--db", str(store), "replay", "--as-of", as_of]))
        assert f"past the end of the store, whose last event is {last_event(store)}" in line

    def test_replay_as_of_a_time_past_the_end_says_so(self, store: Path) -> None:
        """A time after the last event replays everything and says where the store ends."""
        result = run(["--db", str(store), "replay", "--as-of", "2999-01-01", "--show", "audit"])
        assert result.exit_code == 0
        assert f"its last event is {last_event(store)}" in result.stderr
        assert result.stdout.splitlines()[-1].split()[0] == str(last_event(store))

    @pytest.mark.parametrize(
        "args",
        [
            ["replay", "--as-of", "0"],
            ["replay", "--as-of", "-5"],
            ["replay", "--as-of", "10000-01-01"],
            ["replay", "--as-of", "2025-02-30"],
            ["replay", "--as-of", "9999-12-31T23:59:59-23:59"],
            ["replay", "--as-of", "0001-01-01T00:00:00+23:59"],
            ["status", "--today", "99999-01-01"],
            ["status", "--today", "0000-12-31"],
            ["status", "--today", "9999-12-31"],
            ["attention", "--today", "0001-01-01"],
            ["audit", "--from", "9999-99-99"],
            ["audit", "--until", "0001-01-01", "--from", "9999-12-31"],
        ],
    )
    def test_extreme_numbers_and_dates_never_show_a_traceback(
        self, store: Path, args: list[str]
    ) -> None:
        """Either a result (exit 0) or one line on standard error (exit 2); never a traceback."""
        result = run(["--db", str(store), *args])
        assert result.exit_code in (0, USER_ERROR), (result.output, result.exception)
        if result.exit_code:
            one_line_error(result)
        assert result.exception is None or isinstance(result.exception, SystemExit)


ARGUMENTS = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
"""Any text a shell could pass (no lone surrogates: argv is decoded from bytes)."""


class TestAnyArgument:
    """Whatever a script passes as a moment, a date or an id, the answer is a result or one
    line on standard error, never a traceback."""

    @settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        option=st.sampled_from(
            [
                ["replay", "--as-of"],
                ["status", "--today"],
                ["audit", "--from"],
                ["audit", "--person"],
                ["ripples", "--initiative"],
                ["newsletter", "--newsletter"],
                ["invitation"],
            ]
        ),
        value=st.one_of(ARGUMENTS, st.integers().map(str), st.dates().map(str)),
    )
    def test_any_value_is_a_result_or_one_line(
        self, probed: Path, option: list[str], value: str
    ) -> None:
        """Exit 0 with output, or exit 2 with exactly one line on standard error."""
        result = run(["--db", str(probed), *option, value])
        assert result.exit_code in (0, USER_ERROR), (value, result.output, result.exception)
        if result.exit_code:
            one_line_error(result)


def _drop_file_permission_override() -> None:
    """In the child, before it runs: give up root's power to ignore file permissions
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so permission bits are checked as for anyone."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def cocreation(
    args: Sequence[str], *, unprivileged: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m cocreation_domain`` in a new process (as root: without the power to
    ignore file permissions when ``unprivileged``)."""
    env = {k: v for k, v in os.environ.items() if k not in NO_STORE_ENV}
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")])
    preexec: Callable[[], None] | None = None
    if unprivileged and os.geteuid() == 0:
        preexec = _drop_file_permission_override
    return subprocess.run(  # the exit code is the point: no check=True
        [sys.executable, "-m", "cocreation_domain", *args],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=preexec,
        timeout=120,
    )


@pytest.fixture
def locked(store: Path) -> Iterator[Callable[[Path, int], None]]:
    """Change a path's mode for one test, and give the permissions back afterwards."""
    changed: list[tuple[Path, int]] = []

    def chmod(path: Path, mode: int) -> None:
        changed.append((path, path.stat().st_mode))
        path.chmod(mode)

    yield chmod
    for path, mode in reversed(changed):
        path.chmod(mode)


def assert_one_line(process: subprocess.CompletedProcess[str], exit_code: int = USER_ERROR) -> str:
    """A subprocess failed with one line on standard error, no traceback, no output."""
    assert process.returncode == exit_code, process.stderr
    assert "Traceback" not in process.stderr
    lines = process.stderr.splitlines()
    assert len(lines) == 1, process.stderr
    assert process.stdout == ""
    return lines[0]


class TestPermissions:
    """Permission denied on the database or its directory is one line (real file modes, in a
    process that cannot override them)."""

    def test_a_directory_that_cannot_be_entered(
        self, store: Path, locked: Callable[[Path, int], None]
    ) -> None:
        """A store in a directory without permission to enter it."""
        locked(store.parent, 0o000)
        line = assert_one_line(cocreation(["--db", str(store), "status"], unprivileged=True))
        assert "Permission denied" in line

    def test_a_file_that_cannot_be_read(
        self, store: Path, locked: Callable[[Path, int], None]
    ) -> None:
        """A store file without read permission."""
        locked(store, 0o000)
        line = assert_one_line(cocreation(["--db", str(store), "audit"], unprivileged=True))
        assert "not readable" in line

    def test_a_directory_that_cannot_be_written(
        self, store: Path, locked: Callable[[Path, int], None]
    ) -> None:
        """A store file that SQLite cannot open for its journal: one line with a hint."""
        locked(store, 0o444)
        locked(store.parent, 0o555)
        process = cocreation(["--db", str(store), "status"], unprivileged=True)
        if process.returncode == 0:  # this SQLite reads read-only stores: fine as well
            assert "Traceback" not in process.stderr
            return
        assert "cannot read" in assert_one_line(process)


class TestSubprocess:
    """The installed command's behaviour, in a real process."""

    def test_an_edited_store_in_a_real_process(self, store: Path) -> None:
        """Exit status 2 and one line, no traceback, from ``python -m cocreation_domain``."""
        edit(store, "UPDATE stored_events SET state = X'00' WHERE rowid = ?", 7)
        line = assert_one_line(cocreation(["--db", str(store), "replay", "--as-of", "20"]))
        assert f"event 7 (originator {originator_of(store, 7)}" in line

    def test_a_closed_pipe_is_quiet(self, store: Path) -> None:
        """``cocreation audit | head -1``: no traceback when the reader stops early."""
        env = {k: v for k, v in os.environ.items() if k not in NO_STORE_ENV}
        env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")])
        command = f'"{sys.executable}" -m cocreation_domain --db "{store}" audit | head -1'
        process = subprocess.run(  # a shell pipe is what is tested
            command, shell=True, capture_output=True, text=True, env=env, timeout=120
        )
        assert len(process.stdout.splitlines()) == 1
        assert "Traceback" not in process.stderr


class TestGuard:
    """The guard every command runs in."""

    def test_a_domain_error_is_exit_2(self) -> None:
        """A refusal by the domain becomes one line and exit status 2."""
        failure = failure_for(RuleViolation("R-GOAL-1", "a platform needs 3 to 5 goals\n, got 2"))
        assert (failure.exit_code, failure.message) == (
            USER_ERROR,
            "R-GOAL-1: a platform needs 3 to 5 goals , got 2",
        )

    def test_an_unexpected_error_is_exit_3_without_a_traceback(self) -> None:
        """Any other exception becomes one line with a hint and exit status 3."""

        @click.command()
        def broken() -> None:
            with guard():
                raise KeyError("surprise")

        result = CliRunner(env={TRACEBACK_VARIABLE: None}).invoke(broken, [])
        line = one_line_error(result, INTERNAL_ERROR)
        assert "unexpected error: KeyError: 'surprise'" in line

    def test_the_traceback_is_there_when_asked_for(self) -> None:
        """With COCREATION_TRACEBACK set the original exception propagates (for debugging)."""

        @click.command()
        def broken() -> None:
            with guard():
                raise KeyError("surprise")

        result = CliRunner(env={TRACEBACK_VARIABLE: "1"}).invoke(broken, [])
        assert isinstance(result.exception, KeyError)


HOSTILE_NAME = "Safe \x1b[2J\x1b]0;pwned\x07in\x9b31m Vestby\x00\r"


class TestControlBytes:
    """Text commands print stored user text without terminal control bytes (issue 8.4)."""

    @pytest.fixture
    def hostile(self, store: Path) -> Path:
        """The demo store with the initiative's name edited to hold terminal escapes."""
        name = json.dumps(HOSTILE_NAME)
        edit(
            store,
            "UPDATE stored_events SET state = replace(CAST(state AS TEXT), ?, ?)",
            '"Safe in Vestby"',
            name,
        )
        return store

    @pytest.mark.parametrize(
        "command",
        [
            ["status"],
            ["attention", "--today", "2026-06-01"],
            ["audit"],
            ["meetings"],
            ["replay", "--as-of", "100"],
            ["poster"],
            ["newsletter", "--lang", "en"],
            ["newsletter", "--format", "html"],
        ],
    )
    def test_no_escape_reaches_the_terminal(self, hostile: Path, command: list[str]) -> None:
        """The name shows with its escapes removed; no ESC, BEL or C1 byte is printed."""
        result = run(["--db", str(hostile), *command])
        assert result.exit_code == 0, result.output
        assert not [c for c in ESCAPES if c in result.stdout]
        if command[0] != "attention":
            assert "Safe in" in result.stdout.replace("in Vestby", "in")

    def test_json_keeps_the_text_escaped_as_json(self, hostile: Path) -> None:
        """``--json`` gives the stored name exactly, its control characters escaped by JSON."""
        result = run(["--db", str(hostile), "status", "--json"])
        assert not [c for c in ESCAPES if c in result.stdout]
        assert json.loads(result.stdout)["initiative"]["name"] == HOSTILE_NAME

    def test_export_escapes_them_as_json(self, hostile: Path) -> None:
        """``export`` lines carry no raw control byte and give the stored name back exactly."""
        result = run(["--db", str(hostile), "export"])
        assert result.exit_code == 0
        assert not [c for c in ESCAPES if c in result.stdout]
        names = [json.loads(line)["fields"].get("name") for line in result.stdout.splitlines()]
        assert HOSTILE_NAME in names

    def test_emit_removes_what_a_terminal_acts_on(self) -> None:
        """The helper every command prints text with strips escapes and controls."""

        @click.command()
        def show() -> None:
            emit("a\x1b[31mb\x1b]0;t\x07c\td\r\n")

        assert CliRunner().invoke(show, []).stdout == "abc\td\n\n"
