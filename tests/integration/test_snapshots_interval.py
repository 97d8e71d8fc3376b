"""Snapshots of long-lived aggregates on every store: a taken snapshot reloads equal, loading
with snapshots equals replaying, another instance reads the same state. The intervals:
``tests/unit/test_snapshots_interval.py``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cocreation_domain import CoCreation
from cocreation_domain.testing import Scenario
from unit.test_snapshots_interval import DAY, busy_platform, replayed, ripple, snapshot_versions  # type: ignore[import-not-found]


@pytest.fixture
def snapshotting(store_env: dict[str, str]) -> Iterator[CoCreation]:
    """An application on the parametrised store snapshotting platforms every 7 events and
    initiatives every 3."""
    app = CoCreation(env={**store_env, "SNAPSHOT_INTERVAL": "Platform=7,Initiative=3"})
    yield app
    app.close()


class TestRoundTrip:
    """A snapshot reloads to the aggregate it was taken of, on every store."""

    def test_taken_snapshot_reloads_equal(self, snapshotting: CoCreation) -> None:
        """A snapshot taken now, saved and reloaded, rebuilds an equal platform."""
        s = Scenario.start(snapshotting)
        platform = busy_platform(s, ripples=3)
        snapshotting.take_snapshot(platform)
        assert snapshotting.snapshots is not None
        (latest,) = snapshotting.snapshots.get(platform, desc=True, limit=1)
        expected = vars(snapshotting.get_platform(platform))
        actual = vars(latest.mutate(None))  # type: ignore[attr-defined]
        assert expected == actual

    def test_loading_with_snapshots_equals_replaying_every_event(
        self, snapshotting: CoCreation
    ) -> None:
        """After many events, the platform and initiative loaded from their latest snapshots
        equal those folded from every stored event."""
        s = Scenario.start(snapshotting)
        platforms = [busy_platform(s, ripples=40), busy_platform(s, ripples=9)]
        for n in range(5):
            snapshotting.record_initiative_ripple(s.anchor, s.initiative, ripple(n), on=DAY)
        for aggregate in (*platforms, s.initiative):
            assert snapshot_versions(snapshotting, aggregate), "no snapshot was taken"
            expected = vars(replayed(snapshotting, aggregate))
            actual = vars(snapshotting.repository.get(aggregate))
            assert expected == actual

    @pytest.mark.parametrize("store_env", ["sqlite", "postgres"], indirect=True)
    def test_another_instance_reads_the_same_state(self, store_env: dict[str, str]) -> None:
        """An application without snapshots reads what a snapshotting one stored, equally."""
        writer = CoCreation(env={**store_env, "SNAPSHOT_INTERVAL": "4"})
        reader = CoCreation(env=store_env)
        try:
            s = Scenario.start(writer)
            platform = busy_platform(s, ripples=15)
            expected = vars(writer.get_platform(platform))
            actual = vars(reader.get_platform(platform))
            assert expected == actual
        finally:
            writer.close()
            reader.close()
