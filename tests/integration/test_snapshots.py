"""A snapshot of every aggregate round-trips: take, save, reload, equal (issue 2, "Done when").

Initiatives, platforms (in every kind of state), meetings and newsletters are snapshotted into
the snapshot store and reloaded by another application on the same store. Persons are never
stored as snapshots (their personal data stays in person events only, R-PII-1), so a person's
snapshot is taken and round-tripped through the application's mapper (encode, decode) instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import attrs
import pytest
from eventsourcing.application import project_aggregate
from eventsourcing.domain import Snapshot

from cocreation_domain import (
    ActorChangeReason,
    Baseline,
    Beneficiary,
    ClosureReason,
    CoCreation,
    Contribution,
    GoalProgress,
    Policies,
    Ripple,
    RippleKind,
)
from cocreation_domain.testing import Scenario
from cocreation_domain.testing.history import ripples_of
from cocreation_domain.testing.scenario import sample_goals

DAY = date(2025, 1, 6)


def shape(value: Any) -> Any:
    """``value`` with the type of every part spelled out, so a list that came back where a
    tuple went in (or a str for an enum) shows up as a difference."""
    if isinstance(value, dict):
        return ("dict", {k: shape(v) for k, v in value.items()})
    if isinstance(value, tuple | list):
        return (type(value).__name__, [shape(v) for v in value])
    if isinstance(value, frozenset | set):
        return (type(value).__name__, sorted(repr(shape(v)) for v in value))
    if attrs.has(type(value)):
        return (type(value).__name__, shape(attrs.asdict(value, recurse=False)))
    if isinstance(value, Enum):
        return (type(value).__name__, value.value)
    return (type(value).__name__, value)


@pytest.fixture
def apps(store_env: dict[str, str]) -> Iterator[Callable[[], CoCreation]]:
    """Snapshotting applications on the parametrised store (POPO: one shared application)."""
    made: list[CoCreation] = []

    def build() -> CoCreation:
        if store_env["PERSISTENCE_MODULE"] == "eventsourcing.popo" and made:
            return made[0]
        app = CoCreation(env={**store_env, "IS_SNAPSHOTTING_ENABLED": "y"})
        made.append(app)
        return app

    yield build
    for app in made:
        app.close()


def member(s: Scenario, platform: UUID) -> UUID:
    """The representative of the platform's first current actor."""
    return s.person_of(sorted(s.app.get_platform(platform).actors)[0])


def ripple(text: str, corrects: str | None = None) -> Ripple:
    """A ripple benefiting two groups."""
    beneficiaries = {Beneficiary.OWN_PLATFORM, Beneficiary.OTHER_ACTORS}
    return Ripple(text, RippleKind.NEW_RELATIONSHIP, beneficiaries, DAY, corrects)


def rich_history(app: CoCreation) -> dict[str, UUID]:
    """An initiative whose aggregates hold every kind of value, by name."""
    s = Scenario.start(app, actors=5)
    app.change_policies(
        s.anchor, s.initiative, Policies(phase6_months=(4, 18), stagnation_days=60), on=DAY
    )
    a, b, c, d, e = s.actors
    active, paused = s.platform([a, b, c], "Active"), s.platform([d], "Paused")
    closed, merged = s.platform([e], "Closed"), s.platform([a, e], "Merged")
    s.start_co_creation()
    coordinator = s.coordinate(active, a)
    app.hold_first_meeting(
        coordinator,
        active,
        "Safer streets at night",
        [Contribution(a, "meeting room"), Contribution(b, "street workers")],
        on=s.later(),
    )
    keys = app.set_goals(coordinator, active, sample_goals(4), s.consent(active), on=s.later())
    for key in keys:
        app.describe_baseline(coordinator, active, key, Baseline("before", 12, DAY), on=s.later())
    app.record_goal_progress(
        coordinator, active, keys[1], GoalProgress("fewer", s.today, Decimal("7.5"))
    )
    app.reach_goal(coordinator, active, keys[0], on=s.later())
    app.record_ripple(coordinator, active, ripple("a friendship"), on=s.later())
    app.record_ripple(coordinator, active, ripple("two friendships", "R1"), on=s.later())
    app.remove_actor(coordinator, active, c, ActorChangeReason.INACTIVE, s.consent(active))
    app.record_initiative_ripple(s.anchor, s.initiative, ripple("a new idea"), on=s.later())
    app.put_on_standby(
        s.person_of(d),
        paused,
        "awaiting the council",
        "the anchor asks in May",
        s.consent(paused),
        review_on=DAY + timedelta(days=120),
        on=s.later(),
    )
    app.close_platform(
        s.person_of(e), closed, ClosureReason.GOALS_REACHED, "hand over", s.consent(closed)
    )
    app.merge_platforms(s.person_of(a), merged, active, s.consent(merged), s.consent(active))
    meeting = app.get_platform(active).first_meeting
    assert meeting is not None
    status = app.convene_joint_status_meeting(
        s.anchor, s.initiative, s.today + timedelta(days=50), on=s.today
    )
    newsletter = app.hold_joint_status_meeting(
        s.anchor, status, override_reason="the first status meeting", on=s.later(50)
    )
    return {
        "initiative": s.initiative,
        "active platform": active,
        "standby platform": paused,
        "closed platform": closed,
        "merged platform": merged,
        "first meeting": meeting,
        "joint status meeting": status,
        "newsletter": newsletter,
    }


AGGREGATES = [
    "initiative",
    "active platform",
    "standby platform",
    "closed platform",
    "merged platform",
    "first meeting",
    "joint status meeting",
    "newsletter",
]


class TestStoredSnapshots:
    """Every aggregate but persons is snapshotted, saved, reloaded elsewhere and equal."""

    @pytest.mark.parametrize("name", AGGREGATES)
    def test_reloads_equal(self, apps: Callable[[], CoCreation], name: str) -> None:
        """A snapshot taken, saved and reloaded by another application equals the aggregate,
        type for type."""
        writer = apps()
        aggregate = rich_history(writer)[name]
        live: Any = writer.repository.get(aggregate)
        writer.take_snapshot(aggregate)
        reader = apps()
        assert reader.snapshots is not None
        (snapshot,) = reader.snapshots.get(aggregate, desc=True, limit=1)
        from_snapshot = snapshot.mutate(None)  # type: ignore[attr-defined]
        assert (live.version, live) == (snapshot.originator_version, from_snapshot)
        assert shape(vars(live)) == shape(vars(from_snapshot))
        assert live == reader.repository.get(aggregate)

    def test_history_goes_on_after_a_snapshot(self, apps: Callable[[], CoCreation]) -> None:
        """Events after a snapshot apply to the reloaded state exactly as to the replayed one."""
        writer = apps()
        platform = rich_history(writer)["active platform"]
        writer.take_snapshot(platform)
        reader = apps()
        the_platform = reader.get_platform(platform)
        by = sorted(the_platform.actors)[0]
        person = sorted(reader.persons_of(the_platform.initiative, by))[0]
        reader.record_ripple(person, platform, ripple("after the snapshot"), on=DAY)
        replayed = project_aggregate(None, reader.events.get(platform))
        assert replayed == reader.get_platform(platform)
        assert ripples_of(reader, platform)["R3"].description == "after the snapshot"


class TestPersonSnapshots:
    """Persons round-trip through the mapper; they are never saved as snapshots (R-PII-1)."""

    @pytest.mark.parametrize("moment", ["registered", "updated", "forgotten"])
    def test_round_trips_through_the_mapper(
        self, apps: Callable[[], CoCreation], moment: str
    ) -> None:
        """A person's snapshot, encoded and decoded as the store would, rebuilds an equal person."""
        app = apps()
        s = Scenario.start(app)
        person = s.person_of(s.actors[0])
        if moment in {"updated", "forgotten"}:
            app.update_contact(person, person, phone="+45 1234 5678", title="Chair", on=DAY)
        if moment == "forgotten":
            app.forget_person(s.anchor, person, on=DAY)
        live = app.get_person(person)
        stored = app.mapper.to_stored_event(Snapshot.take(live))
        snapshot = app.mapper.to_domain_event(stored)
        assert isinstance(snapshot, Snapshot)
        from_snapshot = snapshot.mutate(None)
        assert (live.version, live) == (snapshot.originator_version, from_snapshot)
        assert shape(vars(live)) == shape(vars(from_snapshot))
