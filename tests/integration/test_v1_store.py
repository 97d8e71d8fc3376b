"""The fixture stores: stores written by every schema version still replay, unchanged.

``tests/fixtures/v1/store.sqlite`` (the first schema) and ``tests/fixtures/v2/store.sqlite``
(sealed personal data, meeting times, deliveries, the method cards' events) were each written
once by their ``write_store.py`` and are never rewritten (events are forever). Beside each,
``expected/`` holds what the CLI and the registers rendered from it. Today's code must open the
same files and render the same outputs: a schema change goes through upcasters, not through the
stored events.

When an output changes on purpose, rewrite its expected file in the same commit
(``python tests/integration/test_v1_store.py --rewrite [v1] [v2]``) and say why in ``CHANGELOG.md``.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import attrs
import pytest
from click.testing import CliRunner

from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.cli import main
from cocreation_domain.model.base import CoCreationAggregate
from cocreation_domain.projections import current_view
from cocreation_domain.projections.registers import goals_register
from cocreation_domain.sealing import verify

FIXTURES = Path(__file__).parents[1] / "fixtures"
VERSIONS = ("v1", "v2")
"""The fixture stores, one per schema version, each written once by the code of its day."""
TODAY = "2025-08-15"

AWAITING_FIXTURE: frozenset[str] = frozenset()
"""Topics of event classes added since the newest fixture store that none holds yet.

A class added after a fixture store was written cannot be in it (stores are never rewritten):
it waits here until the next fixture store (``tests/fixtures/vN/``, written by the code that
has it) records one, and the store-topics test fails for any class that is in none.
"""


@attrs.frozen
class Fixture:
    """One committed fixture store, the ids its writer noted, and its expected outputs."""

    version: str

    @property
    def folder(self) -> Path:
        return FIXTURES / self.version

    @property
    def store(self) -> Path:
        return self.folder / "store.sqlite"

    @property
    def expected(self) -> Path:
        return self.folder / "expected"

    @property
    def ids(self) -> dict[str, Any]:
        ids: dict[str, Any] = json.loads((self.folder / "ids.json").read_text(encoding="utf-8"))
        return ids

    def outputs(self) -> dict[str, list[str]]:
        """Each expected file and the CLI arguments that render it."""
        ids = self.ids
        demo, epilogue = ids["demo_initiative"], ids["epilogue_initiative"]
        outputs = {
            "status-demo.txt": ["status", "--initiative", demo, "--today", TODAY],
            "attention-demo.txt": ["attention", "--initiative", demo, "--today", TODAY],
            "status-epilogue.txt": ["status", "--initiative", epilogue, "--today", TODAY],
            "attention-epilogue.txt": ["attention", "--initiative", epilogue, "--today", TODAY],
            "deviations-demo.txt": ["deviations", "--initiative", demo],
            "deviations-epilogue.txt": ["deviations", "--initiative", epilogue],
            "meetings-demo.txt": ["meetings", "--initiative", demo],
            "meetings-epilogue.txt": ["meetings", "--initiative", epilogue],
            "audit.txt": ["audit"],
            "audit-demo-2025.txt": ["audit", "--initiative", demo, "--from", "2025-01-01"],
            "replay-120.txt": ["replay", "--as-of", "120", "--initiative", demo],
            "replay-150-attention.txt": [
                "replay", "--as-of", "150", "--initiative", demo, "--show", "attention",
            ],
            "poster-demo.mmd": ["poster", "--initiative", demo],
            "poster-demo.svg": ["poster", "--initiative", demo, "--format", "svg"],
            "ripples-demo.txt": ["ripples", "--initiative", demo],
            "export.jsonl": ["export"],
        }  # fmt: skip
        for number, letter in enumerate(ids["newsletters"], start=1):
            for lang in ("da", "en"):
                for fmt, suffix in (("md", "md"), ("html", "html")):
                    outputs[f"newsletter-{number}-{lang}.{suffix}"] = [
                        "newsletter", "--newsletter", letter, "--lang", lang, "--format", fmt,
                    ]  # fmt: skip
        for name in ("joint-2", "coordinators", "leisure-may"):
            outputs[f"invitation-{name}.ics"] = ["invitation", ids["demo_meetings"][name]]
        outputs["invitation-cancelled.ics"] = ["invitation", ids["cancelled_meeting"]]
        return outputs

    def names(self) -> list[str]:
        """Every expected file's name."""
        return [*self.outputs(), "goals-register.txt"]

    def copy(self, directory: Path) -> Path:
        """A private copy of the store: reading may not touch the committed file."""
        db = directory / f"{self.version}.sqlite"
        shutil.copyfile(self.store, db)
        return db

    def goals_text(self, db: Path) -> str:
        """The goals register (the *Målsætning* template) of both initiatives, a goal a line."""
        app = CoCreation(sqlite_env(str(db)))
        try:
            view = current_view(app)
            lines = []
            for initiative in (self.ids["demo_initiative"], self.ids["epilogue_initiative"]):
                for row in goals_register(view, UUID(initiative)):
                    baseline = row.baseline.value if row.baseline is not None else None
                    lines.append(
                        f"{row.platform_name} | {row.key} | {row.goal.title} | {row.status} | "
                        f"set {row.set_on} | baseline {baseline} | current {row.current} | "
                        f"fraction {row.fraction} | reached {row.reached_on} | dropped "
                        f"{row.dropped_on} {row.drop_reason or ''}".rstrip()
                    )
            return "\n".join(lines) + "\n"
        finally:
            app.close()

    def render(self, db: Path) -> dict[str, str]:
        """Every expected output, rendered by today's code from the store ``db``."""
        runner = CliRunner()
        rendered = {}
        for name, args in self.outputs().items():
            result = runner.invoke(main, ["--db", str(db), *args], catch_exceptions=False)
            assert result.exit_code == 0, f"{self.version} {name}: {result.output}"
            rendered[name] = _without_stamp(result.stdout)
        rendered["goals-register.txt"] = self.goals_text(db)
        return rendered

    def topics(self) -> set[str]:
        """The topics of the events the store holds."""
        with contextlib.closing(sqlite3.connect(f"file:{self.store}?mode=ro", uri=True)) as db:
            return {topic for (topic,) in db.execute("SELECT DISTINCT topic FROM stored_events")}


V1, V2 = (Fixture(v) for v in VERSIONS)


def _without_stamp(text: str) -> str:
    """The output without iCalendar's DTSTAMP, the moment it was rendered (RFC 5545)."""
    return re.sub(r"^DTSTAMP:.*$", "DTSTAMP:(rendered)", text, flags=re.MULTILINE)


@pytest.fixture(scope="module", params=VERSIONS)
def fixture(request: pytest.FixtureRequest) -> Fixture:
    """Each fixture store in turn."""
    return Fixture(request.param)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """What today's code renders from a copy of each fixture store, by version."""
    return {f.version: f.render(f.copy(tmp_path_factory.mktemp(f.version))) for f in (V1, V2)}


def event_classes() -> Iterator[type[CoCreationAggregate.Event]]:
    """Every event class the package defines: the nested events of each aggregate."""
    seen: set[type[CoCreationAggregate.Event]] = set()
    stack = list(CoCreationAggregate.__subclasses__())
    while stack:
        aggregate = stack.pop()
        stack.extend(aggregate.__subclasses__())
        for value in vars(aggregate).values():
            if (
                isinstance(value, type)
                and issubclass(value, CoCreationAggregate.Event)
                and "TOPIC" in vars(value)
                and value not in seen
            ):
                seen.add(value)
                yield value


class TestFixtureStores:
    """Stores written by every earlier schema version still replay with today's code."""

    def test_every_event_class_has_a_stored_instance(self) -> None:
        """Each event class of the package has at least one event in some fixture store, so a
        new class cannot be added without a fixture instance (and a schema change without being
        replayed from it)."""
        stored = V1.topics() | V2.topics()
        defined = {cls.TOPIC for cls in event_classes()}  # type: ignore[attr-defined]
        assert len(V1.topics()) == 54
        assert set() == defined - stored - AWAITING_FIXTURE

    def test_every_aggregate_replays(self, fixture: Fixture, tmp_path: Path) -> None:
        """Every aggregate of each fixture store loads from its events with today's classes."""
        app = CoCreation(sqlite_env(str(fixture.copy(tmp_path))))
        try:
            stored = app.recorder.select_notifications(start=1, limit=10_000)
            ids = {UUID(str(n.originator_id)) for n in stored}
            assert len(ids) == {"v1": 49, "v2": 64}[fixture.version]
            for ident in ids:
                assert app.repository.get(ident).id == ident
        finally:
            app.close()

    def test_the_v2_store_is_sealed_and_verifies(self, tmp_path: Path) -> None:
        """SEAL-1: the v2 store's hash chain, written with its events, still verifies."""
        app = CoCreation({**sqlite_env(str(V2.copy(tmp_path))), "CREATE_TABLE": "false"})
        try:
            result = verify(app)
            count = app.recorder.max_notification_id()
        finally:
            app.close()
        assert (result.ok, result.events) == (True, count)

    @pytest.mark.parametrize(
        ("version", "name"), [(f.version, n) for f in (V1, V2) for n in f.names()]
    )
    def test_output_is_unchanged(
        self, rendered: dict[str, dict[str, str]], version: str, name: str
    ) -> None:
        """Today's code renders ``name`` from the fixture store exactly as its version did."""
        expected = (Fixture(version).expected / name).read_text(encoding="utf-8")
        assert expected == rendered[version][name]


def rewrite(directory: Path, versions: tuple[str, ...] = VERSIONS) -> None:
    """Write every expected file of ``versions`` anew from today's code (for an intended
    change)."""
    for fixture in (Fixture(v) for v in versions):
        fixture.expected.mkdir(exist_ok=True)
        for name, text in fixture.render(fixture.copy(directory)).items():
            (fixture.expected / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":  # python tests/integration/test_v1_store.py --rewrite [v1 v2]
    import tempfile

    if sys.argv[1:2] != ["--rewrite"] or not set(sys.argv[2:]) <= set(VERSIONS):
        sys.exit("usage: python tests/integration/test_v1_store.py --rewrite [v1] [v2]")
    with tempfile.TemporaryDirectory() as tmp:
        rewrite(Path(tmp), tuple(sys.argv[2:]) or VERSIONS)
