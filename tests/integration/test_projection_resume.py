"""A runner killed in the middle of its work, in its own OS process on an SQLite file, resumes
exactly once: the view it finally stores is a clean rebuild's, row for row."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.projections import (
    View,
    ViewFold,
    rebuild,
    status_overview,
    view_store_for,
)
from cocreation_domain.testing.story import tell_story

CHILD = r"""
import contextlib, os, signal, sys
from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.projections import ProjectionRunner, ViewFold, view_store_for

path, batch, mode, when = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])

def die():
    os.kill(os.getpid(), signal.SIGKILL)

class DyingFold(ViewFold):
    # Killed just before folding the event at position `when`, in the middle of a batch.
    def step(self, state, event, position):
        if mode == "event" and position == when:
            die()
        return super().step(state, event, position)

class DyingCursor:
    # Killed at the second statement of a save: after the tracking row, before the rows.
    def __init__(self, cursor):
        self.cursor, self.statements = cursor, 0
    def execute(self, *args):
        self.statements += 1
        if self.statements == 2:
            die()
        self.cursor.execute(*args)
    def executemany(self, *args):
        self.statements += 1
        if self.statements == 2:
            die()
        self.cursor.executemany(*args)
    def fetchone(self):
        return self.cursor.fetchone()
    def fetchall(self):
        return self.cursor.fetchall()

class DyingDatastore:
    def __init__(self, datastore):
        self.datastore, self.saves = datastore, 0
    @contextlib.contextmanager
    def transaction(self, *, commit):
        self.saves += commit
        with self.datastore.transaction(commit=commit) as cursor:
            yield DyingCursor(cursor) if mode == "save" and self.saves == when else cursor

app = CoCreation(env=sqlite_env(path))
store = view_store_for(app)
store.datastore = DyingDatastore(store.datastore)
ProjectionRunner(app, DyingFold(), store, batch_size=batch).run()
"""

BATCH = 4


def run_runner(path: Path, mode: str = "never", when: int = 0) -> int:
    """Run a projection runner in a new process; its exit code (negative: killed by signal)."""
    args = [sys.executable, "-c", CHILD, str(path), str(BATCH), mode, str(when)]
    return subprocess.run(args, check=False, capture_output=True).returncode


def stored_position(app: CoCreation) -> int:
    """The tracking position of the stored view (0: nothing stored)."""
    return view_store_for(app).position(ViewFold.version) or 0


def stored_view(app: CoCreation) -> View:
    """All of the stored view."""
    stored = view_store_for(app).load(ViewFold.version)
    assert stored is not None
    return stored.view


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """An SQLite file holding the story's events."""
    path = tmp_path / "events.sqlite"
    app = CoCreation(env=sqlite_env(str(path)))
    tell_story(app)
    app.close()
    return path


class TestKilledRunnerResumes:
    """Killed anywhere, a runner leaves its last whole batch stored and resumes from there."""

    @pytest.mark.parametrize("kills", [(1,), (6,), (9, 10), (3, 17, 30)])
    def test_killed_between_events_resumes_identical_to_clean_rebuild(
        self, db: Path, kills: tuple[int, ...]
    ) -> None:
        """Killed (SIGKILL) while folding the event at each position of ``kills`` in turn, then
        run to the end: the stored view equals a clean rebuild's."""
        app = CoCreation(env=sqlite_env(str(db)))
        for kill in kills:
            resumed_from = stored_position(app)
            assert run_runner(db, "event", kill) == -signal.SIGKILL
            whole_batches = (kill - 1 - resumed_from) // BATCH
            assert resumed_from + whole_batches * BATCH == stored_position(app)
        assert run_runner(db) == 0
        clean = rebuild(app, ViewFold())
        resumed = stored_view(app)
        assert clean == resumed
        initiative = next(iter(clean.initiatives))
        day = clean.initiatives[initiative].founded_on
        assert status_overview(clean, initiative, day) == status_overview(resumed, initiative, day)

    @pytest.mark.parametrize("save", [1, 3])
    def test_killed_inside_a_save_keeps_view_and_position_of_the_save_before(
        self, db: Path, save: int
    ) -> None:
        """Killed after the tracking row was written but before the view was: neither is
        stored, the previous batch stands, and the next run ends in a clean rebuild."""
        app = CoCreation(env=sqlite_env(str(db)))
        assert run_runner(db, "save", save) == -signal.SIGKILL
        assert (save - 1) * BATCH == stored_position(app)
        assert run_runner(db) == 0
        assert rebuild(app, ViewFold()) == stored_view(app)
