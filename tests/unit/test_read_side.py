"""The read side on plain objects: a batch writes only the rows it changed, runs equal a clean
rebuild, one initiative's rows of a store behind. The stored rows:
``tests/integration/test_read_side.py``."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent

from cocreation_domain import CoCreation
from cocreation_domain.model import Beneficiary, Ripple, RippleKind
from cocreation_domain.projections import (
    MemoryViewStore,
    ProjectionRunner,
    ViewChanges,
    ViewFold,
    audit_trail,
    current_view,
    project,
    rebuild,
)
from cocreation_domain.testing.story import tell_story
from integration.test_read_side import FIXTURE, coordinator_of, readings  # type: ignore[import-not-found]


def v1_log() -> list[StoredEvent]:
    """The stored events of the v1 store (every event class), in log order."""
    with sqlite3.connect(f"{FIXTURE.absolute().as_uri()}?mode=ro", uri=True) as connection:
        rows = connection.execute(
            "SELECT originator_id, originator_version, topic, state FROM stored_events "
            "ORDER BY rowid"
        ).fetchall()
    return [StoredEvent(UUID(o), v, t, s) for o, v, t, s in rows]


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


class TestOneInitiativesRows:
    """A read of one initiative loads its rows and the persons they name, and reads the same."""

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
