"""The write side on SQLite files: the aggregate cache reads no stored event when nobody else
wrote and another writer's events once, and the v1 store's forgotten persons are indexed
(R-PII-2). The lean aggregates: ``tests/unit/test_write_side.py``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any
from uuid import UUID

from cocreation_domain import (
    CoCreation,
)
from cocreation_domain.testing.history import (
    ripples_of,
)
from cocreation_domain.testing.scenario import Scenario
from unit.test_write_side import DAY, ripple  # type: ignore[import-not-found]

V1 = Path(__file__).parents[1] / "fixtures" / "v1"


class TestCache:
    """The cache is caught up once per command, and only reads what other writers stored."""

    def test_no_events_read_when_nobody_else_wrote(self, tmp_path: Any) -> None:
        """On an SQLite file written by this process alone, a command reads no stored event:
        what it saved before is in the cache."""
        app = CoCreation(
            env={
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(tmp_path / "s.db"),
            }
        )
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        app.record_ripple(p6.member(platform), platform, ripple("warm"), on=DAY)
        reads: list[UUID] = []
        select = app.recorder.select_events

        def counting(originator_id: Any, **kwargs: Any) -> Any:
            reads.append(originator_id)
            return select(originator_id, **kwargs)

        app.recorder.select_events = counting  # type: ignore[method-assign]
        for i in range(5):
            app.record_ripple(p6.member(platform), platform, ripple(f"warm {i}"), on=DAY)
        assert (reads, app.get_platform(platform).ripple_count) == ([], 6)
        app.close()

    def test_other_writers_events_are_read_once(self, tmp_path: Any) -> None:
        """Another writer's event reaches our cached platform through one catch-up, and our
        next command decides on it (R-RIP-1 keys follow theirs)."""
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(tmp_path / "s.db"),
        }
        ours = CoCreation(env=env)
        p6 = Scenario.phase6(ours)
        platform = p6.platforms[0]
        ours.record_ripple(p6.member(platform), platform, ripple("ours"), on=DAY)
        theirs = CoCreation(env=env)
        theirs.record_ripple(p6.member(platform), platform, ripple("theirs"), on=DAY)
        key = ours.record_ripple(p6.member(platform), platform, ripple("ours again"), on=DAY)
        assert (key, [r.description for r in ripples_of(ours, platform).values()]) == (
            "R3",
            ["ours", "theirs", "ours again"],
        )
        ours.close()
        theirs.close()


class TestStoresFromBefore:
    """A store whose persons were forgotten before the index recorded forgetting is repaired
    once, by the anchor (R-PII-2)."""

    def test_v1_store_forgotten_persons_are_indexed(self, tmp_path: Any) -> None:
        """R-PII-2: on a copy of the v1 store, the repair notes exactly the persons whose own
        events say they were forgotten, and a second run notes nobody."""
        store = tmp_path / "v1.sqlite"
        shutil.copyfile(V1 / "store.sqlite", store)
        app = CoCreation(
            env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(store)}
        )
        initiative = UUID(json.loads((V1 / "ids.json").read_text())["demo_initiative"])
        the_initiative = app.get_initiative(initiative)
        forgotten = frozenset(
            UUID(p) for p in the_initiative.represented if app.get_person(UUID(p)).is_forgotten
        )
        first = app.index_forgotten_persons(the_initiative.anchor, initiative, on=DAY)
        again = app.index_forgotten_persons(the_initiative.anchor, initiative, on=DAY)
        indexed = frozenset(UUID(p) for p in app.get_initiative(initiative).forgotten)
        nobody: frozenset[UUID] = frozenset()
        app.close()
        assert (len(forgotten) >= 1, first, again, indexed) == (
            True,
            forgotten,
            nobody,
            forgotten,
        )
