"""``cocreation platforms`` and ``cocreation persons`` list the ids an auditor needs for the
other commands (issue 15.6), without grepping them out of ``export``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from uuid import UUID

import pytest
from click.testing import CliRunner

from cocreation_domain import FORGOTTEN, CoCreation, sqlite_env
from cocreation_domain.cli import main
from cocreation_domain.testing import Scenario

V1 = Path(__file__).parents[1] / "fixtures" / "v1"
DEMO = json.loads((V1 / "ids.json").read_text(encoding="utf-8"))["demo_initiative"]


def cli(db: Path, *args: str) -> str:
    """What a command printed on standard output (it must succeed)."""
    result = CliRunner(env={"SQLITE_DBNAME": None}).invoke(main, ["--db", str(db), *args])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def first_column(text: str) -> list[str]:
    """The first word of every line."""
    return [line.split()[0] for line in text.splitlines()]


@pytest.fixture
def small(tmp_path: Path) -> tuple[Path, Scenario, list[UUID]]:
    """A store with one initiative, two platforms and a forgotten person."""
    db = tmp_path / "events.sqlite"
    app = CoCreation(env=sqlite_env(str(db)))
    s = Scenario.start(app)
    platforms = [s.platform(name="Alpha"), s.platform(name="Beta")]
    gone = s.person_of(s.actors[2])
    app.forget_person(gone, gone)
    return db, s, platforms


class TestPlatforms:
    """``cocreation platforms`` lists every platform's id, state and name."""

    def test_lists_exactly_the_platforms(self, small: tuple[Path, Scenario, list[UUID]]) -> None:
        """Every platform of the store appears once, by its id, with its name and state."""
        db, _, platforms = small
        text = cli(db, "platforms")
        assert sorted(first_column(text)) == sorted(str(p) for p in platforms)
        assert [line.split()[-1] for line in text.splitlines()] == ["Alpha", "Beta"]
        assert all(" established " in line for line in text.splitlines())

    def test_json_names_the_same_ids(self, small: tuple[Path, Scenario, list[UUID]]) -> None:
        """``--json`` carries the same ids and the initiative they belong to."""
        db, s, _ = small
        output = json.loads(cli(db, "platforms", "--json"))
        assert [p["id"] for p in output["platforms"]] == first_column(cli(db, "platforms"))
        assert {p["initiative"] for p in output["platforms"]} == {str(s.initiative)}
        assert output["initiative"] is None

    def test_an_initiative_filters(self, tmp_path: Path) -> None:
        """``--initiative`` keeps only that initiative's platforms (v1 store: two initiatives)."""
        db = tmp_path / "v1.sqlite"
        shutil.copyfile(V1 / "store.sqlite", db)
        every = json.loads(cli(db, "platforms", "--json"))["platforms"]
        demo = json.loads(cli(db, "platforms", "--initiative", DEMO, "--json"))["platforms"]
        assert {p["initiative"] for p in every} > {DEMO}
        assert demo == [p for p in every if p["initiative"] == DEMO]


class TestPersons:
    """``cocreation persons`` lists every person's id; a forgotten one shows no name."""

    def test_lists_exactly_the_persons(self, small: tuple[Path, Scenario, list[UUID]]) -> None:
        """Every registered person appears once by id (the anchor and one per actor)."""
        db, s, _ = small
        expected = {s.anchor, *(s.person_of(a) for a in s.actors)}
        assert sorted(first_column(cli(db, "persons"))) == sorted(str(p) for p in expected)

    def test_a_forgotten_person_keeps_only_the_id(
        self, small: tuple[Path, Scenario, list[UUID]]
    ) -> None:
        """R-PII-2: a forgotten person is listed by id, with no name."""
        db, s, _ = small
        gone = s.person_of(s.actors[2])
        rows = {p["id"]: p for p in json.loads(cli(db, "persons", "--json"))["persons"]}
        assert (rows[str(gone)]["name"], rows[str(gone)]["redacted"]) == (FORGOTTEN, True)
        assert sum(row["redacted"] for row in rows.values()) == 1
