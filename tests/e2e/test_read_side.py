"""The read side through the command: every read command on a read-only copy, ``cocreation
project`` storing the views, ``cocreation replay --on`` printing a day's status. The views as
stored rows: ``tests/integration/test_read_side.py``."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.cli import main
from cocreation_domain.projections import (
    ViewFold,
    view_store_for,
)
from cocreation_domain.testing.story import tell_story
from integration.test_read_side import FIXTURE, fingerprint  # type: ignore[import-not-found]
from integration.test_read_side import TestTimeTravel as _TimeTravel


class TestReadsNeverWrite:
    """A read folds what the store lacks in memory; it never writes, nor creates a table."""

    @pytest.mark.parametrize("projected", [True, False])
    def test_every_read_command_works_on_a_read_only_copy(
        self, tmp_path: Path, projected: bool
    ) -> None:
        """status, attention, newsletter, audit, replay, poster, ripples, export, meetings and
        invitation read a copy of the demo store opened read-only (``mode=ro``), projected or
        not, and leave its bytes and tables as they were."""
        runner = CliRunner()
        db = tmp_path / "demo.sqlite"
        assert runner.invoke(main, ["--db", str(db), "demo"]).exit_code == 0
        if not projected:
            with sqlite3.connect(db) as connection:
                connection.execute("DELETE FROM tracking WHERE application_name LIKE 'cocr%'")
        copy = tmp_path / "copy.sqlite"
        shutil.copyfile(db, copy)
        with sqlite3.connect(copy) as connection:
            connection.execute("PRAGMA journal_mode=DELETE")  # one file, nothing beside it
        before = fingerprint(copy)
        listed = runner.invoke(main, ["--db", str(copy), "meetings"])
        assert listed.exit_code == 0, listed.output
        meeting = listed.stdout.split()[0]
        commands = [
            ["status"],
            ["attention"],
            ["newsletter"],
            ["audit"],
            ["replay", "--as-of", "100"],
            ["replay", "--on", "2025-01-31", "--show", "poster"],
            ["poster"],
            ["ripples"],
            ["export"],
            ["meetings"],
            ["invitation", meeting],
        ]
        for command in commands:
            result = runner.invoke(main, ["--db", str(copy), *command])
            assert result.exit_code == 0, (command, result.output)
        assert before == fingerprint(copy)

    def test_project_command_stores_the_views(self, tmp_path: Path) -> None:
        """``cocreation project`` is the command that writes the views, up to the last event."""
        db = tmp_path / "v1.sqlite"
        shutil.copyfile(FIXTURE, db)
        result = CliRunner().invoke(main, ["--db", str(db), "project"])
        assert result.exit_code == 0, result.output
        app = CoCreation(env=sqlite_env(str(db)))
        last = app.recorder.max_notification_id()
        assert f"read models stored up to event {last}\n" == result.stdout
        assert last == view_store_for(app).position(ViewFold.version)
        app.close()


class TestTimeTravel:
    """As of a business date, as recorded at a time, or both (issue 9, item 6)."""

    late_ripple = _TimeTravel.late_ripple

    def test_replay_on_a_date_prints_that_days_status(self, tmp_path: Path) -> None:
        """``cocreation replay --on DATE`` prints the status as of that business date, flags
        computed on that date."""
        db = tmp_path / "events.sqlite"
        app = CoCreation(env=sqlite_env(str(db)))
        story = tell_story(app, forget=False)
        _, happened = self.late_ripple(app, story)
        app.close()
        result = CliRunner().invoke(main, ["--db", str(db), "replay", "--on", str(happened)])
        assert result.exit_code == 0, result.output
        assert f"on {happened}" in result.stdout
        assert "Sports" not in result.stdout
