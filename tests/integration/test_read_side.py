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

from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.model import Ripple, RippleKind
from cocreation_domain.projections import (
    AuditEntry,
    ProjectionRunner,
    View,
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
FIXTURE = Path(__file__).parents[1] / "fixtures" / "v1" / "store.sqlite"


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


class TestViewsAsRows:
    """The runner writes what a batch changed: entity rows, audit rows, the position."""

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
