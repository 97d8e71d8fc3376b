"""The ``cocreation`` command, run through click's CliRunner against an SQLite file made by
its own ``demo``: exit codes, outputs, and one-line errors on bad input."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from click.testing import CliRunner, Result
from icalendar import Calendar

from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.cli import main
from cocreation_domain.demo import DEMO_TODAY
from cocreation_domain.documents.overview import status_text
from cocreation_domain.model import LIFECYCLES, MeetingKind
from cocreation_domain.projections import current_view, status_overview

NO_STORE_ENV: dict[str, str | None] = {
    "SQLITE_DBNAME": None,
    "PERSISTENCE_MODULE": None,
}


def run(args: Sequence[str], env: dict[str, str | None] | None = None) -> Result:
    """Run the command with no store taken from the test's own environment."""
    return CliRunner(env={**NO_STORE_ENV, **(env or {})}).invoke(main, list(args))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """An SQLite file written by ``cocreation demo``, and what the demo printed."""
    db = tmp_path_factory.mktemp("cli") / "demo.sqlite"
    return db, run(["--db", str(db), "demo", "--lang", "en"])


@pytest.fixture(scope="module")
def ids(demo: tuple[Path, Result]) -> dict[str, UUID]:
    """Ids of the demo's initiative, its first platform, its rescheduled meeting and its
    latest newsletter."""
    app = CoCreation(env=sqlite_env(str(demo[0])))
    try:
        (initiative,) = current_view(app).initiatives
        meetings = app.meetings_of(initiative)
        rescheduled = next(m.id for m in meetings if m.reschedulings)
        coordinators = next(m.id for m in meetings if m.kind is MeetingKind.COORDINATOR)
        return {
            "initiative": initiative,
            "platform": next(p.id for p in app.platforms_of(initiative) if p.name == "Safe nights"),
            "rescheduled": rescheduled,
            "coordinators": coordinators,
            "newsletter": app.newsletters_of(initiative)[-1].id,
        }
    finally:
        app.close()


def on_demo(demo: tuple[Path, Result], *args: str) -> Result:
    """Run a command against the demo's file."""
    return run(["--db", str(demo[0]), *args])


def one_line_error(result: Result) -> str:
    """The error of a failed run, checked to be exactly one line on standard error."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert result.stdout == ""
    return lines[0]


class TestDemo:
    """``cocreation demo`` writes the story and prints overview, attention list, newsletter."""

    def test_it_prints_the_overview_the_attention_list_and_the_newsletter(
        self, demo: tuple[Path, Result]
    ) -> None:
        """Exit 0; the overview, the two flags of the demo day and the latest newsletter."""
        _, result = demo
        assert result.exit_code == 0, result.output
        expected = [
            "Safe in Vestby — co-creating",
            "\nAttention (",
            "R-PLAT-3  platform Leisure for all: goal G4 has no baseline",
            "R-PLAT-8  platform First jobs: no recorded activity since 2025-05-06",
            "# Newsletter: Safe in Vestby",
            "From the joint status meeting on March 25, 2025.",
        ]
        missing = [line for line in expected if line not in result.stdout]
        assert missing == []

    def test_it_refuses_to_write_over_an_existing_file(self, demo: tuple[Path, Result]) -> None:
        """A second demo into the same file is refused and changes nothing."""
        db, _ = demo
        before = db.read_bytes()
        result = run(["--db", str(db), "demo"])
        assert result.exit_code == 2
        assert "already exists" in one_line_error(result)
        assert before == db.read_bytes()

    def test_html_and_danish(self, tmp_path: Path) -> None:
        """``--lang da --format html`` prints the newsletter as a Danish HTML page (the
        database named after the command, as ``nox -s demo`` does)."""
        db = str(tmp_path / "d.sqlite")
        result = run(["demo", "--db", db, "--lang", "da", "--format", "html"])
        assert result.exit_code == 0
        assert '<html lang="da">' in result.stdout
        assert "Kontaktdata" in result.stdout


class TestReading:
    """The read commands against the demo's file."""

    def test_status_is_the_overview_of_the_read_model(self, demo: tuple[Path, Result]) -> None:
        """``status --today`` prints the library's status overview for that day."""
        result = on_demo(demo, "status", "--today", DEMO_TODAY.isoformat())
        app = CoCreation(env=sqlite_env(str(demo[0])))
        try:
            view = current_view(app)
            (initiative,) = view.initiatives
            expected = status_text(status_overview(view, initiative, DEMO_TODAY)) + "\n"
        finally:
            app.close()
        assert (0, expected) == (result.exit_code, result.stdout)

    def test_attention_on_a_later_day_shows_more_flags(self, demo: tuple[Path, Result]) -> None:
        """The attention list is computed against ``--today``: later, more platforms stagnate."""
        on_demo_day = on_demo(demo, "attention", "--today", DEMO_TODAY.isoformat())
        later = on_demo(demo, "attention", "--today", "2026-06-01")
        assert on_demo_day.stdout.startswith("Attention (")
        assert later.stdout.count("R-PLAT-8") > on_demo_day.stdout.count("R-PLAT-8")

    @pytest.mark.parametrize(
        ("lang", "fmt", "marker"),
        [
            ("da", "md", "# Nyhedsbrev: Safe in Vestby"),
            ("en", "md", "# Newsletter: Safe in Vestby"),
            ("da", "html", '<html lang="da">'),
            ("en", "html", '<html lang="en">'),
        ],
    )
    def test_newsletter_in_each_language_and_format(
        self, demo: tuple[Path, Result], lang: str, fmt: str, marker: str
    ) -> None:
        """``newsletter --lang --format`` prints the latest newsletter."""
        result = on_demo(demo, "newsletter", "--lang", lang, "--format", fmt)
        assert result.exit_code == 0
        assert marker in result.stdout

    def test_newsletter_by_id(self, demo: tuple[Path, Result], ids: dict[str, UUID]) -> None:
        """``--newsletter ID`` picks a newsletter; the latest is the default."""
        chosen = on_demo(demo, "newsletter", "--newsletter", str(ids["newsletter"]))
        default = on_demo(demo, "newsletter")
        assert chosen.exit_code == 0
        assert chosen.stdout == default.stdout

    def test_audit_filters_by_platform_and_date(
        self, demo: tuple[Path, Result], ids: dict[str, UUID]
    ) -> None:
        """``audit --platform --from --until`` keeps only that platform's events in range."""
        result = on_demo(
            demo,
            "audit",
            "--platform",
            str(ids["platform"]),
            "--from",
            "2024-04-01",
            "--until",
            "2024-06-30",
        )
        assert result.exit_code == 0
        rows = result.stdout.splitlines()
        assert rows
        days = [date.fromisoformat(row.split()[1]) for row in rows]
        assert all(date(2024, 4, 1) <= d <= date(2024, 6, 30) for d in days)

    def test_replay_as_of_the_last_event_equals_the_status(self, demo: tuple[Path, Result]) -> None:
        """Replaying as of the last event gives the current status overview."""
        last = json.loads(on_demo(demo, "export").stdout.splitlines()[-1])["id"]
        day = DEMO_TODAY.isoformat()
        replayed = on_demo(demo, "replay", "--as-of", str(last), "--today", day)
        current = on_demo(demo, "status", "--today", day)
        assert replayed.exit_code == 0
        assert current.stdout == replayed.stdout

    def test_replay_as_of_an_earlier_event_shows_the_past(self, demo: tuple[Path, Result]) -> None:
        """As of event 60 the initiative had four platforms and no goals yet."""
        result = on_demo(demo, "replay", "--as-of", "60")
        assert result.exit_code == 0
        assert "after event 60" in result.stdout
        assert "goals: none yet" in result.stdout

    @pytest.mark.parametrize("show", ["attention", "poster", "ripples", "audit"])
    def test_replay_shows_each_read_model(self, demo: tuple[Path, Result], show: str) -> None:
        """``replay --show`` prints any of the read models as of the moment."""
        result = on_demo(demo, "replay", "--as-of", "150", "--show", show)
        assert result.exit_code == 0
        assert result.stdout.strip()

    def test_poster_is_mermaid(self, demo: tuple[Path, Result]) -> None:
        """``poster`` prints a Mermaid flowchart of the open platforms."""
        result = on_demo(demo, "poster")
        assert result.stdout.startswith("flowchart TB\n")
        assert "First jobs" in result.stdout
        assert "Walls that talk" not in result.stdout  # merged

    def test_poster_as_svg(self, demo: tuple[Path, Result]) -> None:
        """``poster --format svg`` prints an SVG picture of the same platforms."""
        result = on_demo(demo, "poster", "--format", "svg")
        assert result.exit_code == 0
        assert result.stdout.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
        assert "First jobs" in result.stdout

    def test_export_is_json_lines_of_every_event(self, demo: tuple[Path, Result]) -> None:
        """``export`` prints one JSON object per event, ids 1..n, and no forgotten person."""
        result = on_demo(demo, "export")
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        assert list(range(1, len(rows) + 1)) == [row["id"] for row in rows]
        assert "Mikkel" not in result.stdout

    def test_meetings_lists_every_meeting_with_its_id(
        self, demo: tuple[Path, Result], ids: dict[str, UUID]
    ) -> None:
        """``meetings`` lists each meeting of the initiative by id, date, kind and state."""
        result = on_demo(demo, "meetings")
        rows = result.stdout.splitlines()
        assert len(rows) == 21  # with the four safe-nights meetings of 2025 (R-FLAT-5, R-ACT-5)
        row = next(r for r in rows if r.startswith(str(ids["rescheduled"])))
        assert "2025-05-20  platform meeting" in row
        assert row.endswith("Leisure for all")

    def test_invitation_is_icalendar(self, demo: tuple[Path, Result], ids: dict[str, UUID]) -> None:
        """``invitation MEETING`` prints the .ics; a rescheduled meeting has SEQUENCE 1."""
        result = on_demo(demo, "invitation", str(ids["rescheduled"]))
        events: list[Any] = Calendar.from_ical(result.stdout).walk("VEVENT")
        (event,) = events
        expected = (f"{ids['rescheduled']}@cocreation-domain", 1)
        assert expected == (str(event["UID"]), int(event["SEQUENCE"]))

    def test_r_pii_2_a_forgotten_coordinator_is_not_invited(
        self, demo: tuple[Path, Result], ids: dict[str, UUID]
    ) -> None:
        """R-PII-2: the coordinator meeting's invitation leaves out the forgotten artist."""
        result = on_demo(demo, "invitation", str(ids["coordinators"]))
        assert result.exit_code == 0
        assert "ATTENDEE" in result.stdout
        assert "gadekunst" not in result.stdout

    def test_db_may_follow_the_command(self, demo: tuple[Path, Result]) -> None:
        """``--db`` is accepted after the command name too (as ``nox -s demo`` passes it)."""
        before = on_demo(demo, "poster")
        after = run(["poster", "--db", str(demo[0])])
        assert after.exit_code == 0
        assert before.stdout == after.stdout

    def test_the_store_can_come_from_the_environment(self, demo: tuple[Path, Result]) -> None:
        """Without ``--db``, ``SQLITE_DBNAME`` names the file."""
        result = run(["poster"], env={"SQLITE_DBNAME": str(demo[0])})
        assert result.exit_code == 0
        assert result.stdout.startswith("flowchart TB")


class TestBadInput:
    """Bad input is one line on standard error and exit status 2."""

    @pytest.mark.parametrize(
        ("args", "says"),
        [
            (["status", "--initiative", "not-an-id"], "not an id of an initiative"),
            (["status", "--initiative", str(uuid4())], "no initiative with id"),
            (["status", "--today", "2025-02-30"], "--today: not a date"),
            (["attention", "--today", "tomorrow"], "--today: not a date"),
            (["audit", "--from", "soon"], "--from: not a date"),
            (["audit", "--platform", str(uuid4())], "no platform with id"),
            (["audit", "--person", "x"], "not an id of a person"),
            (["replay", "--as-of", "yesterday"], "--as-of: not a notification id"),
            (["replay", "--as-of", "0"], "notification ids start at 1"),
            (["replay", "--as-of", "1"], "the store holds no initiative"),
            (["replay", "--as-of", "2000-01-01"], "nothing was recorded by 2000-01-01"),
            (["replay"], "replay needs --as-of, --on or --recorded-at"),
            (["replay", "--on", "2025-13-01"], "--on: not a date"),
            (["replay", "--recorded-at", "soon"], "--recorded-at: not a time"),
            (["replay", "--on", "2000-01-01"], "nothing was recorded by business date 2000"),
            (["newsletter", "--newsletter", str(uuid4())], "no newsletter with id"),
            (["newsletter", "--lang", "sv"], "Invalid value for '--lang'"),
            (["invitation", str(uuid4())], "no meeting with id"),
            (["invitation", "nope"], "not an id of a meeting"),
            (["diagram", "nope"], "Invalid value for 'LIFECYCLE'"),
            (["frobnicate"], "No such command 'frobnicate'"),
        ],
    )
    def test_one_line_and_status_2(
        self, demo: tuple[Path, Result], args: list[str], says: str
    ) -> None:
        """Unknown ids, bad dates and bad options are refused in one line."""
        result = on_demo(demo, *args)
        assert result.exit_code == 2
        assert says in one_line_error(result)

    @pytest.mark.parametrize(
        "command",
        [["status"], ["attention"], ["newsletter"], ["audit"], ["poster"], ["export"],
         ["replay", "--as-of", "5"], ["ripples"], ["invitation", str(uuid4())]],
    )  # fmt: skip
    def test_a_missing_database_file_is_not_created(
        self, tmp_path: Path, command: list[str]
    ) -> None:
        """Read commands refuse a missing file and never create it."""
        db = tmp_path / "missing.sqlite"
        result = run(["--db", str(db), *command])
        assert result.exit_code == 2
        assert f"no database file {db}" in one_line_error(result)
        assert not db.exists()

    @pytest.mark.parametrize(
        ("content", "says"), [(b"", "no such table"), (b"hello", "not a database")]
    )
    def test_a_file_that_is_no_event_store(self, tmp_path: Path, content: bytes, says: str) -> None:
        """An empty file or a file of something else is refused in one line; no table is made."""
        db = tmp_path / "other.sqlite"
        db.write_bytes(content)
        result = run(["--db", str(db), "status"])
        assert result.exit_code == 2
        message = one_line_error(result)
        assert "is not an event store of this library" in message
        assert says in message

    def test_no_store_at_all(self) -> None:
        """Without ``--db`` or ``SQLITE_DBNAME`` (or PostgreSQL settings) there is no store."""
        result = run(["status"])
        assert result.exit_code == 2
        assert "no store" in one_line_error(result)


class TestDiagram:
    """``diagram LIFECYCLE`` prints each lifecycle drawn from its rule table."""

    @pytest.mark.parametrize("name", sorted(LIFECYCLES))
    def test_every_lifecycle(self, name: str) -> None:
        """Each lifecycle's Mermaid text, with every one of its states."""
        result = run(["diagram", name])
        assert (0, LIFECYCLES[name].mermaid() + "\n") == (result.exit_code, result.stdout)
        missing = [s for s in LIFECYCLES[name].states if s not in result.stdout]
        assert missing == []
