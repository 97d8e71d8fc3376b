"""The read side: views stored as rows, reads that never write, one initiative's rows, pages
of the audit trail, and time travel in business and recorded time."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID

import pytest
from click.testing import CliRunner
from eventsourcing.persistence import StoredEvent

from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.cli import main
from cocreation_domain.model import Beneficiary, Ripple, RippleKind
from cocreation_domain.projections import (
    AuditEntry,
    MemoryViewStore,
    ProjectionRunner,
    View,
    ViewChanges,
    ViewFold,
    attention_list,
    audit_page,
    audit_trail,
    current_view,
    goals_register,
    poster,
    project,
    rebuild,
    ripples_register,
    status_overview,
    view_as_of,
    view_store_for,
)
from cocreation_domain.testing.story import Story, tell_story

MakeApp = Callable[[], CoCreation]
START = date(2025, 1, 6)
FIXTURE = Path(__file__).parent / "fixtures" / "v1" / "store.sqlite"


def readings(view: View, initiative: UUID) -> tuple[object, ...]:
    """Every read model of one initiative that reads no audit entry."""
    day = view.initiatives[initiative].last_activity_on + timedelta(days=30)
    return (
        status_overview(view, initiative, day),
        attention_list(view, initiative, day),
        goals_register(view, initiative),
        ripples_register(view, initiative),
        poster(view, initiative),
    )


def v1_log() -> list[StoredEvent]:
    """The stored events of the v1 store (every event class), in log order."""
    with sqlite3.connect(f"{FIXTURE.absolute().as_uri()}?mode=ro", uri=True) as connection:
        rows = connection.execute(
            "SELECT originator_id, originator_version, topic, state FROM stored_events "
            "ORDER BY rowid"
        ).fetchall()
    return [StoredEvent(UUID(o), v, t, s) for o, v, t, s in rows]


def coordinator_of(app: CoCreation, platform: UUID) -> UUID:
    """The person coordinating the platform."""
    coordinator = app.get_platform(platform).coordinator
    assert coordinator is not None
    return coordinator.person


def fingerprint(db: Path) -> tuple[str, list[str]]:
    """The file's bytes (hashed) and its tables."""
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    with sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True) as connection:
        tables = sorted(r[0] for r in connection.execute("SELECT name FROM sqlite_master"))
    return digest, tables


class RecordingStore(MemoryViewStore):
    """A memory store that keeps every batch of changes it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.saved: list[ViewChanges] = []

    def save(self, version: str, expected: int | None, changes: ViewChanges) -> None:
        """Keep the batch, then save it."""
        self.saved.append(changes)
        super().save(version, expected, changes)


class TestViewsAsRows:
    """The runner writes what a batch changed: entity rows, audit rows, the position."""

    def test_a_batch_writes_only_the_rows_it_changed(self, app: CoCreation) -> None:
        """After the view is stored, one new ripple a day after everything else writes its
        platform's row, its initiative's (the last activity moved) and one audit row,
        nothing else; the stored view equals a clean rebuild."""
        story = tell_story(app, forget=False)
        store = RecordingStore()
        project(app, store)
        lead = coordinator_of(app, story.night)
        later = story.scenario.today + timedelta(days=1)
        ripple = Ripple("a late idea", RippleKind.NEW_IDEA, [Beneficiary.OWN_PLATFORM], later)
        app.record_ripple(lead, story.night, ripple, on=later)
        project(app, store)
        last = store.saved[-1]
        assert set(last.platforms) == {story.night}
        assert set(last.initiatives) == {story.initiative}
        assert last.initiatives[story.initiative].last_activity_on == later
        assert (last.persons, last.meetings, last.newsletters) == ({}, {}, {})
        assert [app.recorder.max_notification_id()] == [e.position for e in last.audit]
        stored = store.load(ViewFold.version)
        assert stored is not None
        assert rebuild(app, ViewFold()) == stored.view

    def test_personal_data_is_only_in_person_rows(self, tmp_path: Path) -> None:
        """No name, e-mail or phone number of a person is stored outside the persons table
        (R-PII-1), so erasing a person's row is one DELETE."""
        db = tmp_path / "events.sqlite"
        app = CoCreation(env=sqlite_env(str(db)))
        tell_story(app, forget=False)
        project(app)
        view = current_view(app)
        app.close()
        personal = {
            value.encode()
            for p in view.persons.values()
            for value in (p.name, p.email, p.phone)
            if value
        }
        with sqlite3.connect(db) as connection:
            others = [
                bytes(row[0])
                for table, column in (
                    ("cocreation_view_rows", "state"),
                    ("cocreation_view_audit", "entry"),
                )
                for row in connection.execute(f"SELECT {column} FROM {table}")
            ]
            persons = b"".join(
                bytes(r[0]) for r in connection.execute("SELECT state FROM cocreation_view_persons")
            )
        assert personal
        assert all(datum in persons for datum in personal)
        assert not [row for row in others for datum in personal if datum in row]

    def test_a_store_with_the_old_one_blob_view_is_rebuilt(self, tmp_path: Path) -> None:
        """A view stored by the one-blob format of earlier versions is not read: reads fold
        the events, and the first projection writes the rows and drops the old tables."""
        db = tmp_path / "old.sqlite"
        app = CoCreation(env=sqlite_env(str(db)))
        tell_story(app, forget=False)
        with sqlite3.connect(db) as connection:
            connection.execute(
                "CREATE TABLE cocreation_views (name TEXT, version TEXT, state BLOB)"
            )
            connection.execute("INSERT INTO cocreation_views VALUES ('ViewFold', 'view-2', x'00')")
            connection.execute("CREATE TABLE cocreation_view_tracking (name TEXT)")
        assert rebuild(app, ViewFold()) == current_view(app)
        project(app)
        assert rebuild(app, ViewFold()) == current_view(app)
        app.close()
        tables = fingerprint(db)[1]
        assert "cocreation_views" not in tables
        assert "cocreation_view_tracking" not in tables

    def test_runs_after_every_event_equal_a_clean_rebuild(self) -> None:
        """A runner run after each event of the v1 store (every event class), loading only
        the stored rows that event reads, stores what a clean rebuild folds."""
        app = CoCreation(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
        store = MemoryViewStore()
        for event in v1_log():
            app.recorder.insert_events([event])
            ProjectionRunner(app, ViewFold(), store).run()
        stored = store.load(ViewFold.version)
        assert stored is not None
        assert rebuild(app, ViewFold()) == stored.view

    def test_stored_rows_equal_a_clean_rebuild(self, make_app: MakeApp) -> None:
        """Every row stored by the runner decodes to the value a clean rebuild folds."""
        app = make_app()
        tell_story(app)
        store = view_store_for(app)
        project(app, store)
        stored = store.load(ViewFold.version)
        assert stored is not None
        assert rebuild(app, ViewFold()) == stored.view


class TestReadsNeverWrite:
    """A read folds what the store lacks in memory; it never writes, nor creates a table."""

    def test_a_store_behind_reads_like_a_rebuild_and_stays_behind(self, make_app: MakeApp) -> None:
        """With events recorded after the stored view, a read equals a clean rebuild, and the
        stored position does not move."""
        app = make_app()
        story = tell_story(app, forget=False)
        store = view_store_for(app)
        stored_at = project(app, store)
        s = story.scenario
        app.register_person("Late Comer", by=s.anchor, initiative=s.initiative, on=s.today)
        assert rebuild(app, ViewFold()) == current_view(app, store)
        assert stored_at == store.position(ViewFold.version)

    def test_reading_a_store_never_projected_creates_no_table(self, tmp_path: Path) -> None:
        """Reading a store without views folds every event and leaves the file as it was."""
        db = tmp_path / "v1.sqlite"
        shutil.copyfile(FIXTURE, db)
        before = fingerprint(db)
        app = CoCreation(env={**sqlite_env(str(db)), "CREATE_TABLE": "false"})
        app.factory.datastore.pool.is_journal_mode_wal = True  # type: ignore[attr-defined]
        view = current_view(app)
        assert audit_page(app, limit=5) == view.audit[:5]
        app.close()
        assert before == fingerprint(db)

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


class TestOneInitiativesRows:
    """A read of one initiative loads its rows and the persons they name, and reads the same."""

    def test_one_initiatives_rows_read_like_the_whole_view(self, tmp_path: Path) -> None:
        """For each initiative of the v1 store, every read model from its own rows equals the
        one from the whole view, and no other initiative's rows are loaded."""
        db = tmp_path / "v1.sqlite"
        shutil.copyfile(FIXTURE, db)
        app = CoCreation(env=sqlite_env(str(db)))
        project(app)
        whole = current_view(app)
        assert len(whole.initiatives) == 2
        for initiative in whole.initiatives:
            own = current_view(app, initiative=initiative)
            assert readings(whole, initiative) == readings(own, initiative)
            assert set(own.initiatives) == {initiative}
            assert {p.initiative for p in own.platforms.values()} <= {initiative}
            assert {e.initiative for e in own.audit} == {initiative}
            assert audit_trail(whole, initiative=initiative) == audit_trail(own)
        app.close()

    @pytest.mark.parametrize("projected", [1, 60, 150, 240])
    def test_one_initiatives_rows_of_a_store_behind_read_like_a_rebuild(
        self, projected: int
    ) -> None:
        """With views stored up to event ``projected`` of the v1 store and the rest only in
        the log, one initiative's rows plus the rows the later events read give the same read
        models and audit trail as a clean rebuild."""
        app = CoCreation(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
        log = v1_log()
        app.recorder.insert_events(log[:projected])
        store = MemoryViewStore()
        project(app, store)
        app.recorder.insert_events(log[projected:])
        whole = rebuild(app, ViewFold())
        for initiative in whole.initiatives:
            own = current_view(app, store, initiative=initiative)
            assert readings(whole, initiative) == readings(own, initiative)
            assert audit_trail(whole, initiative=initiative) == audit_trail(own)
        assert projected == store.position(ViewFold.version)

    def test_audit_pages_make_the_whole_trail(self, make_app: MakeApp) -> None:
        """Page after page, stored and not yet stored, the audit trail comes out whole."""
        app = make_app()
        story = tell_story(app)
        store = view_store_for(app)
        ProjectionRunner(app, ViewFold(), store).run()
        s = story.scenario
        app.register_person("Late Comer", by=s.anchor, initiative=s.initiative, on=s.today)
        pages: list[AuditEntry] = []
        after = 0
        while page := audit_page(app, store, after=after, limit=17):
            pages.extend(page)
            after = page[-1].position
        assert list(rebuild(app, ViewFold()).audit) == pages


class TestTimeTravel:
    """As of a business date, as recorded at a time, or both (issue 9, item 6)."""

    def late_ripple(self, app: CoCreation, story: Story) -> tuple[datetime, date]:
        """Enter, after everything else, a ripple that happened on day 10; returns the time
        just before it was entered and its business date."""
        before = datetime.now(UTC)
        lead = coordinator_of(app, story.night)
        happened = START + timedelta(days=10)
        ripple = Ripple("found in old minutes", RippleKind.NEW_IDEA, ["own_platform"], happened)
        app.record_ripple(lead, story.night, ripple, on=happened)
        return before, happened

    def descriptions(self, view: View, platform: UUID) -> set[str]:
        """The ripples of the platform in the view."""
        if platform not in view.platforms:
            return set()
        return {e.ripple.description for e in view.platforms[platform].ripples.values()}

    def test_a_late_entry_counts_on_its_business_date(self, make_app: MakeApp) -> None:
        """What was true on day 10 holds the ripple entered months later, and nothing that
        happened after day 10 (the goals of day 7 yes, the progress of day 21 no)."""
        app = make_app()
        story = tell_story(app, forget=False)
        _, happened = self.late_ripple(app, story)
        on_day = view_as_of(app, on=happened)
        assert {"found in old minutes"} == self.descriptions(on_day, story.night)
        night = on_day.platforms[story.night]
        assert night.goals
        assert not any(g.progress for g in night.goals.values())
        assert all(e.occurred_on is not None and e.occurred_on <= happened for e in on_day.audit)
        day_before = view_as_of(app, on=happened - timedelta(days=1))
        assert set() == self.descriptions(day_before, story.night)

    def test_platforms_not_yet_established_are_absent(self, make_app: MakeApp) -> None:
        """On a date before a platform was established it is not in the view, nor any of
        its events; from that date on it is."""
        app = make_app()
        story = tell_story(app, forget=False)
        established = rebuild(app, ViewFold()).platforms[story.sports].established_on
        assert story.sports not in view_as_of(app, on=established - timedelta(days=1)).platforms
        assert story.sports in view_as_of(app, on=established).platforms

    def test_recorded_and_business_time_combine(self, make_app: MakeApp) -> None:
        """What the store knew before the late entry about day 10 lacks it; what it knows now
        about day 10 has it; what it knew then about the last day is the view of then."""
        app = make_app()
        story = tell_story(app, forget=False)
        before, happened = self.late_ripple(app, story)
        then = view_as_of(app, recorded_at=before)
        assert set() == self.descriptions(
            view_as_of(app, on=happened, recorded_at=before), story.night
        )
        assert {"found in old minutes"} <= self.descriptions(view_as_of(app), story.night)
        assert "found in old minutes" not in self.descriptions(then, story.night)
        last_day = story.scenario.today
        assert then == view_as_of(app, on=last_day, recorded_at=before)
        assert then == view_as_of(app, before)

    def test_on_the_last_business_date_is_the_whole_view(self, make_app: MakeApp) -> None:
        """On (or after) the latest business date of any event, the view is today's."""
        app = make_app()
        story = tell_story(app, forget=False)
        self.late_ripple(app, story)
        whole = rebuild(app, ViewFold())
        latest = max(e.occurred_on for e in whole.audit if e.occurred_on is not None)
        assert whole == view_as_of(app, on=latest)
        assert View() == view_as_of(app, on=START - timedelta(days=1))

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
