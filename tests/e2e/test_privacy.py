"""R-PII-3 and R-PII-4 through the command: ``cocreation migrate`` seals a store from before
sealing, ``cocreation person-export`` prints everything stored about a person. The store-level
tests: ``tests/integration/test_privacy.py``; on plain objects: ``tests/unit/test_privacy.py``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.cli import main
from integration.test_privacy import TestPersonData as _PersonData  # type: ignore[import-not-found]
from integration.test_privacy import v1_copy

NO_STORE_ENV: dict[str, str | None] = {"SQLITE_DBNAME": None, "PERSISTENCE_MODULE": None}


class TestMigrate:
    """R-PII-3: `migrate` copies a store into a new one with every personal field sealed."""

    def test_cli_migrate_copies_into_a_new_file(self, tmp_path: Path) -> None:
        """`cocreation migrate SOURCE TARGET` reports the count; an existing TARGET is refused."""
        source = v1_copy(tmp_path)
        target = tmp_path / "sealed.sqlite"
        runner = CliRunner(env=NO_STORE_ENV)
        result = runner.invoke(main, ["migrate", str(source), str(target)])
        assert result.exit_code == 0, result.output
        app = CoCreation(env=sqlite_env(str(source)))
        total = app.recorder.max_notification_id()
        app.close()
        assert f"copied {total} events" in result.output
        again = runner.invoke(main, ["migrate", str(source), str(target)])
        assert again.exit_code == 2
        assert "exists" in again.output


class TestPersonData:
    """R-PII-4: a person, or the anchor on their behalf, gets everything stored about them."""

    story = _PersonData.story

    def test_r_pii_4_cli_person_export_prints_the_document(self, tmp_path: Path) -> None:
        """`cocreation person-export PERSON` prints the JSON document of the person."""
        db = tmp_path / "events.sqlite"
        app = CoCreation(env=sqlite_env(str(db)))
        _, _, person = self.story(app)
        expected = app.person_data(person, person)
        app.close()
        result = CliRunner(env=NO_STORE_ENV).invoke(
            main, ["person-export", "--db", str(db), str(person)]
        )
        assert result.exit_code == 0, result.output
        assert expected == json.loads(result.output)
