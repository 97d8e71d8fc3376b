"""Versioned events: every event class declares ``class_version``, and an upcaster replays the
v1 store's events of a changed class (issue 8, docs/versioning.md)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from uuid import UUID

import attrs
import pytest
from eventsourcing import utils as es_utils

from cocreation_domain import CoCreation, Platform, sqlite_env
from cocreation_domain.documents import audit_text, export_events, json_line
from cocreation_domain.model import GoalStatus
from cocreation_domain.projections import audit_trail, current_view
from integration.test_v1_store import V1  # type: ignore[import-not-found]


class GoalReachedV2(Platform.Event):
    """A version-2 redefinition of ``Platform.GoalReached``: ``goal`` renamed to ``goal_key``,
    and the date the goal was reached carried explicitly (``reached_on``)."""

    TOPIC = Platform.GoalReached.TOPIC
    class_version = 2
    goal_key: str
    reached_on: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """v1 → v2: rename ``goal``, and derive ``reached_on`` from the business date."""
        state["goal_key"] = state.pop("goal")
        state["reached_on"] = state["occurred_on"].isoformat()

    def apply(self, aggregate: Platform) -> None:
        """Mark the goal reached, as v1 did, under the new field name."""
        record = attrs.evolve(aggregate.goals[self.goal_key], status=GoalStatus.REACHED)
        aggregate.goals = {**aggregate.goals, self.goal_key: record}
        aggregate.last_activity_on = self.occurred_on


class TestUpcasting:
    """A changed event class replays the stored v1 events through its upcaster."""

    @pytest.fixture
    def v2_registered(self, monkeypatch: pytest.MonkeyPatch) -> type[GoalReachedV2]:
        """``GoalReachedV2`` registered under the v1 topic, for this test only."""
        monkeypatch.setitem(es_utils._topic_cache, GoalReachedV2.TOPIC, GoalReachedV2)
        return GoalReachedV2

    def test_v1_events_replay_through_the_upcaster(
        self, tmp_path: Path, v2_registered: type[GoalReachedV2]
    ) -> None:
        """Every stored v1 ``GoalReached`` event decodes as version 2 (renamed field, derived
        date), while the stored bytes keep the v1 schema (never rewritten)."""
        with sqlite3.connect(f"file:{V1.store}?mode=ro", uri=True) as db:
            rows = db.execute(
                "SELECT originator_id, originator_version, state FROM stored_events "
                "WHERE topic = ?",
                (GoalReachedV2.TOPIC,),
            ).fetchall()
        assert rows
        stored = [bytes(state) for *_, state in rows]
        assert all(b'"goal"' in state and b"goal_key" not in state for state in stored)
        app = CoCreation(sqlite_env(str(V1.copy(tmp_path))))
        try:
            decoded = []
            for originator_id, version, _ in rows:
                events = list(app.events.get(UUID(str(originator_id)), gt=version - 1, lte=version))
                decoded.extend(events)
            assert len(rows) == len(decoded)
            for event in decoded:
                assert isinstance(event, GoalReachedV2)
                assert event.goal_key.startswith("G")
                assert event.reached_on == event.occurred_on.isoformat()
                assert "goal" not in vars(event)
        finally:
            app.close()

    def test_aggregates_replay_with_the_upcasted_class(
        self, tmp_path: Path, v2_registered: type[GoalReachedV2]
    ) -> None:
        """Platforms whose history holds v1 ``GoalReached`` events load through the v2 class to
        the same goal statuses as with the v1 class."""
        with sqlite3.connect(f"file:{V1.store}?mode=ro", uri=True) as db:
            ids = {
                UUID(str(o))
                for (o,) in db.execute(
                    "SELECT DISTINCT originator_id FROM stored_events WHERE topic = ?",
                    (GoalReachedV2.TOPIC,),
                )
            }
        app = CoCreation(sqlite_env(str(V1.copy(tmp_path))))
        try:
            upcasted = {i: app.get_platform(i).goals for i in ids}
        finally:
            app.close()
        es_utils._topic_cache[GoalReachedV2.TOPIC] = Platform.GoalReached
        again = tmp_path / "again"
        again.mkdir()
        app = CoCreation(sqlite_env(str(V1.copy(again))))
        try:
            original = {i: app.get_platform(i).goals for i in ids}
        finally:
            app.close()
        assert original == upcasted
        assert any(
            record.status == "reached" for goals in upcasted.values() for record in goals.values()
        )


class TestMigratingByCopy:
    """A store is migrated by copying its events through the upcasters, never rewritten."""

    def test_copying_the_v1_store_keeps_every_event_and_output(self, tmp_path: Path) -> None:
        """The copy loop of docs/versioning.md copies every v1 event, in order, into a new
        store that renders the same audit trail and export; the old store is unchanged."""
        old = CoCreation(sqlite_env(str(V1.copy(tmp_path))))
        new = CoCreation(sqlite_env(str(tmp_path / "new.sqlite")))
        try:
            before = old.recorder.max_notification_id()
            start = 1
            while page := old.recorder.select_notifications(start, 100):
                for notification in page:
                    event = old.mapper.to_domain_event(notification)
                    new.recorder.insert_events([new.mapper.to_stored_event(event)])
                start = page[-1].id + 1
            assert before == old.recorder.max_notification_id()
            assert before == new.recorder.max_notification_id()
            assert audit_text(audit_trail(current_view(old))) == audit_text(
                audit_trail(current_view(new))
            )
            assert [json_line(r) for r in export_events(old)] == [
                json_line(r) for r in export_events(new)
            ]
        finally:
            old.close()
            new.close()
