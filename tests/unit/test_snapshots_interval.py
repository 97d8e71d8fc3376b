"""Snapshots of long-lived aggregates: configurable intervals, and loading equals replaying."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.application import project_aggregate
from hypothesis import given
from hypothesis import strategies as st

from cocreation_domain import CoCreation, Initiative, Person, Platform, Ripple
from cocreation_domain.testing import Scenario

DAY = date(2025, 2, 3)


def ripple(n: int) -> Ripple:
    """The ``n``-th ripple of a platform."""
    return Ripple(f"ripple {n}", "new_relationship", ["other_actors"], DAY)


def replayed(app: CoCreation, aggregate: UUID) -> Any:
    """The aggregate folded from every one of its stored events, ignoring snapshots."""
    return project_aggregate(None, app.events.get(aggregate))


def snapshot_versions(app: CoCreation, aggregate: UUID) -> list[int]:
    """The versions at which snapshots of ``aggregate`` were stored."""
    assert app.snapshots is not None
    return [s.originator_version for s in app.snapshots.get(aggregate)]


def busy_platform(s: Scenario, ripples: int) -> UUID:
    """An active platform with goals, a baseline per goal and ``ripples`` ripples."""
    platform = s.platform()
    s.active(platform)
    for n in range(ripples):
        s.app.record_ripple(s.anchor, platform, ripple(n), on=DAY + timedelta(days=n))
    return platform


class TestIntervals:
    """Snapshots are off by default and taken every n events of the configured types."""

    def test_no_snapshots_by_default(self) -> None:
        """Without configuration the application has no snapshot store."""
        expected: tuple[object, object] = (None, {})
        app = CoCreation()
        actual = (app.snapshots, app.snapshotting_intervals)
        assert expected == actual

    def test_environment_names_intervals_per_type(self) -> None:
        """SNAPSHOT_INTERVAL=Platform=5 snapshots a platform at versions 5, 10, 15 … only."""
        app = CoCreation(env={"SNAPSHOT_INTERVAL": "Platform=5"})
        s = Scenario.start(app)
        platform = busy_platform(s, ripples=12)
        version = app.get_platform(platform).version
        expected: tuple[list[int], list[int]] = (list(range(5, version + 1, 5)), [])
        actual = (snapshot_versions(app, platform), snapshot_versions(app, s.initiative))
        assert expected == actual

    def test_bare_number_covers_initiative_and_platform(self) -> None:
        """SNAPSHOT_INTERVAL=3 snapshots initiatives and platforms every third event."""
        expected = {Initiative: 3, Platform: 3}
        actual = CoCreation(env={"SNAPSHOT_INTERVAL": "3"}).snapshotting_intervals
        assert expected == actual

    def test_argument_overrides_environment(self) -> None:
        """The constructor's intervals win over SNAPSHOT_INTERVAL."""
        app = CoCreation(env={"SNAPSHOT_INTERVAL": "3"}, snapshotting_intervals={Platform: 50})
        expected = {Platform: 50}
        actual = app.snapshotting_intervals
        assert expected == actual

    def test_class_attribute_is_the_default(self) -> None:
        """A subclass's snapshotting_intervals apply when nothing else is configured."""

        class Snapshotting(CoCreation):
            name = "CoCreation"
            snapshotting_intervals = {Initiative: 9}

        expected = ({Initiative: 9}, True)
        app = Snapshotting()
        actual = (app.snapshotting_intervals, app.snapshots is not None)
        assert expected == actual

    def test_zero_turns_snapshots_off(self) -> None:
        """SNAPSHOT_INTERVAL=0 takes no snapshots."""
        expected: tuple[object, object] = (None, {})
        app = CoCreation(env={"SNAPSHOT_INTERVAL": "0"})
        actual = (app.snapshots, app.snapshotting_intervals)
        assert expected == actual

    def test_persons_are_never_snapshotted(self) -> None:
        """R-PII-1: a snapshot would copy personal data out of person events; it is refused."""
        with pytest.raises(ValueError, match="R-PII-1"):
            CoCreation(snapshotting_intervals={Person: 5})

    @pytest.mark.parametrize("text", ["Person=5", "Platform=x", "often", "Platform:5"])
    def test_malformed_interval_is_refused(self, text: str) -> None:
        """A SNAPSHOT_INTERVAL naming no snapshotted type or no number is refused."""
        with pytest.raises(ValueError, match="SNAPSHOT_INTERVAL"):
            CoCreation(env={"SNAPSHOT_INTERVAL": text})


class TestAnyHistory:
    """Whatever happened to a platform, its snapshot-loaded state equals the full replay."""

    @given(
        interval=st.integers(1, 6),
        steps=st.lists(
            st.sampled_from(["ripple", "standby", "resume", "coordinator"]), max_size=25
        ),
    )
    def test_snapshot_load_equals_replay(self, interval: int, steps: list[str]) -> None:
        """R-PLAT-4: standby and resume, ripples and coordinators survive snapshots exactly."""
        app = CoCreation(snapshotting_intervals={Platform: interval})
        s = Scenario.start(app, actors=3)
        platform = s.platform()
        s.coordinate(platform)
        for n, step in enumerate(steps):
            on = DAY + timedelta(days=n)
            state = app.get_platform(platform).state
            if step == "ripple":
                app.record_ripple(s.anchor, platform, ripple(n), on=on)
            elif step == "standby" and state != "standby":
                app.put_on_standby(
                    s.person_of(s.actors[0]),
                    platform,
                    "politics",
                    "review",
                    s.consent(platform),
                    on=on,
                )
            elif step == "resume" and state == "standby":
                app.resume_platform(s.person_of(s.actors[0]), platform, s.consent(platform), on=on)
            elif step == "coordinator":
                actor = s.actors[n % len(s.actors)]
                current = app.get_platform(platform).coordinator
                if current is None or current.actor != actor:
                    s.coordinate(platform, actor)
        expected = vars(replayed(app, platform))
        actual = vars(app.get_platform(platform))
        assert expected == actual
