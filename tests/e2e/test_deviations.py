"""The deviations register through ``cocreation deviations``: what went against a rule in the
past stays there for auditors. The register's entries: ``tests/unit/test_deviations.py``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner

from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.cli import main
from conftest import in_phase6  # type: ignore[import-not-found]


class TestCommand:
    """``cocreation deviations`` prints the register as text."""

    def test_the_cli_prints_the_register(self, tmp_path: Path) -> None:
        """The command lists each deviation with its day, rule id, subject and detail."""
        db = tmp_path / "store.sqlite"
        app = CoCreation(sqlite_env(str(db)))
        try:
            s, _, _ = in_phase6(app)
            held_on = s.today + timedelta(days=10)
            meeting = app.convene_coordinator_meeting(s.anchor, s.initiative, held_on, on=s.today)
            app.hold_meeting(s.anchor, meeting, on=held_on)
        finally:
            app.close()
        result = CliRunner().invoke(main, ["--db", str(db), "deviations"])
        assert result.exit_code == 0, result.output
        assert result.output.splitlines()[0] == "Deviations (1)"
        assert f"{held_on}  R-MEET-2  initiative Safe Harbour: coordinator meeting held" in (
            result.output
        )

    def test_an_initiative_without_deviations(self, tmp_path: Path) -> None:
        """With nothing against a rule, the command says so."""
        db = tmp_path / "store.sqlite"
        app = CoCreation(sqlite_env(str(db)))
        try:
            in_phase6(app)
        finally:
            app.close()
        result = CliRunner().invoke(main, ["--db", str(db), "deviations"])
        assert result.output == "Deviations (0)\n  nothing went against a rule\n"
