"""A CLI for scripts (issue 13.4): every read command prints JSON with ``--json`` that validates
against the documented JSON Schema, states the same facts as its text, and names its schema."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator, ValidationError

from cocreation_domain.cli import main
from cocreation_domain.documents.json_output import SCHEMA_FILE, VERSIONS, output_schema
from cocreation_domain.model import LIFECYCLES, GoalKind, Horizon, RippleKind

ROOT = Path(__file__).parents[2]
V1 = ROOT / "tests" / "fixtures" / "v1"
IDS = json.loads((V1 / "ids.json").read_text(encoding="utf-8"))
DEMO = IDS["demo_initiative"]
TODAY = "2025-08-15"
SCHEMA = output_schema()
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the v1 store (every event class, two initiatives)."""
    db = tmp_path_factory.mktemp("json") / "v1.sqlite"
    shutil.copyfile(V1 / "store.sqlite", db)
    return db


def cli(store: Path, *args: str) -> str:
    """What a command printed on standard output (it must succeed)."""
    result = CliRunner(env={"SQLITE_DBNAME": None}).invoke(main, ["--db", str(store), *args])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def as_json(store: Path, *args: str) -> Any:
    """A command's ``--json`` output, parsed, after checking it is one JSON document."""
    return json.loads(cli(store, *args, "--json"))


COMMANDS: dict[str, list[str]] = {
    "status": ["status", "--initiative", DEMO, "--today", TODAY],
    "attention": ["attention", "--initiative", DEMO, "--today", "2026-06-01"],
    "audit": ["audit"],
    "ripples": ["ripples", "--initiative", DEMO],
    "meetings": ["meetings", "--initiative", DEMO],
    "newsletter": ["newsletter", "--newsletter", IDS["newsletters"][-1]],
    "poster": ["poster", "--initiative", DEMO],
    "replay": ["replay", "--as-of", "150", "--initiative", DEMO],
    "platforms": ["platforms", "--initiative", DEMO],
    "persons": ["persons"],
}


class TestSchema:
    """The schema is valid, covers every output, and is the one the docs show."""

    def test_the_schema_is_valid_json_schema(self) -> None:
        """The shipped file is a valid JSON Schema 2020-12 document."""
        Draft202012Validator.check_schema(SCHEMA)

    def test_every_output_has_a_definition(self) -> None:
        """Each versioned output has a definition whose ``schema`` member is its id."""
        for name, version in VERSIONS.items():
            definition = SCHEMA["$defs"][name]
            assert definition["properties"]["schema"] == {
                "const": f"cocreation-domain/{name}/{version}"
            }
            assert {"$ref": f"#/$defs/{name}"} in SCHEMA["oneOf"]

    def test_every_command_with_json_has_a_validated_schema(self) -> None:
        """A command that offers ``--json`` has a schema definition and is validated here, so
        no command's JSON goes undocumented."""
        with_json = {
            name
            for name, command in main.commands.items()
            if any(param.name == "as_json" for param in command.params)
        }
        assert with_json == set(COMMANDS) == set(VERSIONS)

    def test_the_docs_show_the_shipped_schema(self) -> None:
        """docs/cli-json.md includes the schema file itself and names every output."""
        page = (ROOT / "docs" / "cli-json.md").read_text(encoding="utf-8")
        assert f"src/cocreation_domain/documents/{SCHEMA_FILE}" in page
        for name in VERSIONS:
            assert f"`cocreation-domain/{name}/{VERSIONS[name]}`" in page

    def test_the_validator_refuses_what_is_not_documented(self, store: Path) -> None:
        """An output with an undocumented member, or a member missing, does not validate."""
        output = as_json(store, *COMMANDS["attention"])
        with pytest.raises(ValidationError):
            VALIDATOR.validate({**output, "surprise": 1})
        with pytest.raises(ValidationError):
            VALIDATOR.validate({k: v for k, v in output.items() if k != "today"})


class TestOutputs:
    """Every ``--json`` output validates and names its schema."""

    @pytest.mark.parametrize("name", COMMANDS)
    def test_the_output_validates_against_its_schema(self, store: Path, name: str) -> None:
        """The output of ``cocreation NAME --json`` on the v1 store validates."""
        output = as_json(store, *COMMANDS[name])
        VALIDATOR.validate(output)
        VALIDATOR.evolve(schema=SCHEMA["$defs"][name] | {"$defs": SCHEMA["$defs"]}).validate(output)
        assert output["schema"] == f"cocreation-domain/{name}/{VERSIONS[name]}"

    @pytest.mark.parametrize("show", ["status", "attention", "audit", "poster", "ripples"])
    def test_replay_shows_each_output_with_its_schema(self, store: Path, show: str) -> None:
        """``replay --show X --json`` holds the output X as it stood, valid against X."""
        output = as_json(store, "replay", "--as-of", "120", "--initiative", DEMO, "--show", show)
        VALIDATOR.validate(output)
        assert output["shown"]["schema"] == f"cocreation-domain/{show}/{VERSIONS[show]}"
        assert output["position"] == 120
        assert output["last_position"] > 120

    @pytest.mark.parametrize("letter", IDS["newsletters"])
    def test_every_newsletter_validates(self, store: Path, letter: str) -> None:
        """Each newsletter of the v1 store validates, whichever state it is in."""
        output = as_json(store, "newsletter", "--newsletter", letter)
        VALIDATOR.validate(output)
        assert output["id"] == letter

    def test_the_epilogue_initiative_validates(self, store: Path) -> None:
        """The epilogue initiative (closed, merged and standby platforms) validates too."""
        epilogue = IDS["epilogue_initiative"]
        for command in ("status", "ripples", "meetings", "poster"):
            VALIDATOR.validate(as_json(store, command, "--initiative", epilogue))


class TestSameFacts:
    """The JSON states what the text states."""

    def test_status(self, store: Path) -> None:
        """Position, platform names and states, and the flags of the status overview."""
        text = cli(store, *COMMANDS["status"])
        output = as_json(store, *COMMANDS["status"])
        assert f"after event {output['position']}" in text
        for platform in output["platforms"]:
            assert platform["name"] in text
            assert platform["state"] in LIFECYCLES["platform"].states
            for goal in platform["goals"]:
                assert goal["kind"] in {k.value for k in GoalKind}
                assert goal["horizon"] in {h.value for h in Horizon}
        assert f"Attention ({len(output['attention'])})" in text

    def test_audit(self, store: Path) -> None:
        """One JSON event per text line, same positions, recorded times in UTC."""
        lines = cli(store, "audit").splitlines()
        events = as_json(store, "audit")["events"]
        assert [int(line.split()[0]) for line in lines] == [e["position"] for e in events]
        assert all(e["recorded_at"].endswith("+00:00") for e in events)

    def test_meetings(self, store: Path) -> None:
        """The same meeting ids in the same order."""
        ids = [line.split()[0] for line in cli(store, *COMMANDS["meetings"]).splitlines()]
        assert [m["id"] for m in as_json(store, *COMMANDS["meetings"])["meetings"]] == ids

    def test_ripples(self, store: Path) -> None:
        """Every ripple of the register, kinds from the model's vocabulary."""
        text = cli(store, *COMMANDS["ripples"])
        ripples = as_json(store, *COMMANDS["ripples"])["ripples"]
        assert len(ripples) == len(text.splitlines())
        assert {r["kind"] for r in ripples} <= {k.value for k in RippleKind}
        assert all(r["description"] in text for r in ripples)

    def test_poster(self, store: Path) -> None:
        """The Mermaid text, exactly as ``poster`` prints it."""
        assert as_json(store, *COMMANDS["poster"])["text"] == cli(store, *COMMANDS["poster"])

    def test_numbers_are_exact_decimal_text(self, store: Path) -> None:
        """Goal values in a newsletter are decimal strings, never binary floats."""
        raw = cli(store, *COMMANDS["newsletter"], "--json")
        output = json.loads(raw)
        values = [
            g[k]
            for s in output["sections"]
            for g in s["goals"]
            for k in ("baseline_value", "target", "latest_value", "progress")
            if g[k] is not None
        ]
        assert values
        assert all(isinstance(v, str) and re.fullmatch(r"-?\d+(\.\d+)?", v) for v in values)
