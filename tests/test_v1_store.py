"""The v1 store: a store written by the first released schema still replays, unchanged.

``tests/fixtures/v1/store.sqlite`` was written once by ``tests/fixtures/v1/write_store.py``
and is never rewritten (events are forever). Beside it, ``expected/`` holds what the CLI and the
registers rendered from it when it was written. Today's code must open the same file and render
the same outputs: a schema change goes through upcasters, not through the stored events.

When an output changes on purpose, rewrite its expected file in the same commit
(``python tests/test_v1_store.py --rewrite``) and say why in ``CHANGELOG.md``.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest
from click.testing import CliRunner

from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.cli import main
from cocreation_domain.model.base import CoCreationAggregate
from cocreation_domain.projections import current_view
from cocreation_domain.projections.registers import goals_register

FIXTURE = Path(__file__).parent / "fixtures" / "v1"
STORE = FIXTURE / "store.sqlite"
EXPECTED = FIXTURE / "expected"
IDS = json.loads((FIXTURE / "ids.json").read_text(encoding="utf-8"))
DEMO = IDS["demo_initiative"]
EPILOGUE = IDS["epilogue_initiative"]
TODAY = "2025-08-15"

AWAITING_FIXTURE: frozenset[str] = frozenset(
    {
        # Newsletters by e-mail (R-NEWS-6): the outbox of deliveries, and a person's language.
        "cocreation:Delivery.Queued",
        "cocreation:Delivery.Attempted",
        "cocreation:Delivery.Sent",
        "cocreation:Delivery.Failed",
        "cocreation:Person.LanguageChosen",
        "cocreation:Initiative.RepresentativeForgotten",
        # issue 14, the method cards (R-ACT-6, R-ACT-7, R-MEET-7, R-MEET-8, R-NEWS-5)
        "cocreation:Initiative.BackingRecorded",
        "cocreation:Initiative.RepresentativeRemoved",
        "cocreation:Person.AttachedToActor",
        "cocreation:Person.DetachedFromActor",
        "cocreation:Meeting.OverlapReviewed",
        "cocreation:Meeting.PresentationRecorded",
        "cocreation:Meeting.CrossPlatformInitiativeRecorded",
    }
)
"""Topics of event classes added since v1 that no fixture store holds yet.

A class added after v1 cannot be in the v1 store (it is never rewritten): it waits here until
the next fixture store (``tests/fixtures/v2/``, written by the code that has it) records one,
and the store-topics test fails for any class that is in neither.
"""


def _outputs() -> dict[str, list[str]]:
    """Each expected file and the CLI arguments that render it."""
    outputs = {
        "status-demo.txt": ["status", "--initiative", DEMO, "--today", TODAY],
        "attention-demo.txt": ["attention", "--initiative", DEMO, "--today", TODAY],
        "status-epilogue.txt": ["status", "--initiative", EPILOGUE, "--today", TODAY],
        "attention-epilogue.txt": ["attention", "--initiative", EPILOGUE, "--today", TODAY],
        "deviations-demo.txt": ["deviations", "--initiative", DEMO],
        "deviations-epilogue.txt": ["deviations", "--initiative", EPILOGUE],
        "meetings-demo.txt": ["meetings", "--initiative", DEMO],
        "meetings-epilogue.txt": ["meetings", "--initiative", EPILOGUE],
        "audit.txt": ["audit"],
        "audit-demo-2025.txt": ["audit", "--initiative", DEMO, "--from", "2025-01-01"],
        "replay-120.txt": ["replay", "--as-of", "120", "--initiative", DEMO],
        "replay-150-attention.txt": [
            "replay", "--as-of", "150", "--initiative", DEMO, "--show", "attention",
        ],
        "poster-demo.mmd": ["poster", "--initiative", DEMO],
        "poster-demo.svg": ["poster", "--initiative", DEMO, "--format", "svg"],
        "ripples-demo.txt": ["ripples", "--initiative", DEMO],
        "export.jsonl": ["export"],
    }  # fmt: skip
    for number, letter in enumerate(IDS["newsletters"], start=1):
        for lang in ("da", "en"):
            for fmt, suffix in (("md", "md"), ("html", "html")):
                outputs[f"newsletter-{number}-{lang}.{suffix}"] = [
                    "newsletter", "--newsletter", letter, "--lang", lang, "--format", fmt,
                ]  # fmt: skip
    for name in ("joint-2", "coordinators", "leisure-may"):
        outputs[f"invitation-{name}.ics"] = ["invitation", IDS["demo_meetings"][name]]
    outputs["invitation-cancelled.ics"] = ["invitation", IDS["cancelled_meeting"]]
    return outputs


OUTPUTS = _outputs()


def goals_text(db: Path) -> str:
    """The goals register (the *Målsætning* template) of both initiatives, one goal a line."""
    app = CoCreation(sqlite_env(str(db)))
    try:
        view = current_view(app)
        lines = []
        for initiative in (DEMO, EPILOGUE):
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


def copy_of_store(directory: Path) -> Path:
    """A private copy of the v1 store: reading may not touch the committed file."""
    db = directory / "v1.sqlite"
    shutil.copyfile(STORE, db)
    return db


def _without_stamp(text: str) -> str:
    """The output without iCalendar's DTSTAMP, the moment it was rendered (RFC 5545)."""
    return re.sub(r"^DTSTAMP:.*$", "DTSTAMP:(rendered)", text, flags=re.MULTILINE)


def render(db: Path) -> dict[str, str]:
    """Every expected output, rendered by today's code from the store ``db``."""
    runner = CliRunner()
    rendered = {}
    for name, args in OUTPUTS.items():
        result = runner.invoke(main, ["--db", str(db), *args], catch_exceptions=False)
        assert result.exit_code == 0, f"{name}: {result.output}"
        rendered[name] = _without_stamp(result.stdout)
    rendered["goals-register.txt"] = goals_text(db)
    return rendered


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """What today's code renders from a copy of the v1 store."""
    return render(copy_of_store(tmp_path_factory.mktemp("v1")))


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


class TestV1Store:
    """A store written by v1 of the schema still replays with today's code."""

    def test_every_event_class_has_a_stored_instance(self) -> None:
        """Each event class of the package has at least one event in the v1 store, so a new
        class cannot be added without a fixture instance (and a schema change without being
        replayed from it)."""
        with sqlite3.connect(f"file:{STORE}?mode=ro", uri=True) as db:
            stored = {topic for (topic,) in db.execute("SELECT DISTINCT topic FROM stored_events")}
        defined = {cls.TOPIC for cls in event_classes()}  # type: ignore[attr-defined]
        assert len(defined) >= 54
        assert set() == defined - stored - AWAITING_FIXTURE

    def test_every_aggregate_replays(self, tmp_path: Path) -> None:
        """Every aggregate of the v1 store loads from its events with today's classes."""
        app = CoCreation(sqlite_env(str(copy_of_store(tmp_path))))
        try:
            stored = app.recorder.select_notifications(start=1, limit=10_000)
            ids = {UUID(str(n.originator_id)) for n in stored}
            assert len(ids) == 49
            for ident in ids:
                assert app.repository.get(ident).id == ident
        finally:
            app.close()

    @pytest.mark.parametrize("name", [*OUTPUTS, "goals-register.txt"])
    def test_output_is_unchanged(self, rendered: dict[str, str], name: str) -> None:
        """Today's code renders ``name`` from the v1 store exactly as v1 did."""
        expected = (EXPECTED / name).read_text(encoding="utf-8")
        assert expected == rendered[name]


def rewrite(directory: Path) -> None:
    """Write every expected file anew from today's code (for an intended change)."""
    EXPECTED.mkdir(exist_ok=True)
    for name, text in render(copy_of_store(directory)).items():
        (EXPECTED / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":  # python tests/test_v1_store.py --rewrite
    import tempfile

    if sys.argv[1:] != ["--rewrite"]:
        sys.exit("usage: python tests/test_v1_store.py --rewrite")
    with tempfile.TemporaryDirectory() as tmp:
        rewrite(Path(tmp))
