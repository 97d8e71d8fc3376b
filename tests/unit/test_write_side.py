"""The write side stays lean: small aggregates, commands that read only what they need.

A platform keeps what its decisions need (counters, the last reality check, open sparring),
so its snapshot stays small whatever its history; the roles of a person and their voice in a
decision come from the initiative's index of representatives; the aggregate cache is caught up
with the store once per command and holds what this process saved.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.domain import Snapshot

from cocreation_domain import (
    CoCreation,
    Consent,
    GoalProgress,
    NotPermitted,
    Ripple,
)
from cocreation_domain.model import Initiative
from cocreation_domain.testing.history import (
    initiative_ripples_of,
    progress_of,
    reality_checks_of,
    ripples_of,
    sparring_of,
)
from cocreation_domain.testing.scenario import Scenario, sample_goals, sample_reality_check

DAY = date(2025, 3, 3)
SNAPSHOT_LIMIT = 16 * 1024


def ripple(description: str, corrects: str | None = None) -> Ripple:
    """A ripple that benefits the platform itself."""
    return Ripple(description, "new_idea", ["own_platform"], DAY, corrects=corrects)


def long_history(app: CoCreation, rounds: int) -> tuple[Scenario, UUID]:
    """A platform in phase 6 with ``rounds`` ripples, corrections, progress notes, reality
    checks and answered sparring requests."""
    p6 = Scenario.phase6(app)
    platform = p6.platforms[0]
    coordinator = p6.coordinators[platform]
    keys = app.set_goals(coordinator, platform, sample_goals(3), p6.consent(platform), on=DAY)
    for i in range(rounds):
        on = DAY + timedelta(days=i)
        app.record_ripple(coordinator, platform, ripple(f"ripple {i} " + "x" * 80), on=on)
        app.record_ripple(coordinator, platform, ripple(f"fix {i}", corrects="R1"), on=on)
        progress = GoalProgress(f"note {i} " + "y" * 80, on, i)
        app.record_goal_progress(coordinator, platform, keys[0], progress, on=on)
        app.record_reality_check(coordinator, platform, sample_reality_check(), on=on)
        key = app.request_sparring(coordinator, platform, f"topic {i}", on=on)
        app.give_sparring(p6.anchor, platform, key, f"answer {i} " + "z" * 80, on=on)
    return p6, platform


def snapshot_bytes(app: CoCreation, aggregate: UUID) -> int:
    """The size of the aggregate's latest stored snapshot, as stored."""
    assert app.snapshots is not None
    app.take_snapshot(aggregate)
    stored = app.snapshots.recorder.select_events(aggregate, desc=True, limit=1)
    return len(stored[0].state)


class TestSmallPlatform:
    """The platform holds what its decisions need; its history lives in its events."""

    def test_snapshot_stays_small_whatever_the_history(self) -> None:
        """A platform's snapshot stays under 16 KiB after 1,200 history events: it grows by
        the counters' digits only, not per ripple, progress note, reality check or answer."""
        app = CoCreation(env={"IS_SNAPSHOTTING_ENABLED": "y"})
        _, short = long_history(app, 5)
        _, long = long_history(app, 200)
        sizes = (snapshot_bytes(app, short), snapshot_bytes(app, long))
        assert sizes[1] <= SNAPSHOT_LIMIT
        assert 0 <= sizes[1] - sizes[0] <= 16

    def test_history_is_in_the_events(self) -> None:
        """R-RIP-2: every ripple, note, check and answer is in the platform's events, while
        the aggregate keeps counters, the last reality check's date and the open requests."""
        app = CoCreation()
        p6, platform = long_history(app, 3)
        the_platform = app.get_platform(platform)
        open_key = app.request_sparring(p6.coordinators[platform], platform, "open one", on=DAY)
        expected = (6, 3, 4, 3, 3, 4, [open_key], DAY + timedelta(days=2))
        actual = (
            len(ripples_of(app, platform)),
            sum(len(n) for n in progress_of(app, platform).values()),
            len(sparring_of(app, platform)),
            len(reality_checks_of(app, platform)),
            the_platform.reality_check_count,
            app.get_platform(platform).sparring_count,
            list(app.get_platform(platform).open_sparring),
            the_platform.last_reality_check_on,
        )
        assert expected == actual

    def test_any_recorded_ripple_can_be_corrected(self) -> None:
        """R-RIP-2: the ripple counter answers which keys exist: R1 … Rn are correctable."""
        app = CoCreation()
        p6, platform = long_history(app, 2)
        coordinator = p6.coordinators[platform]
        key = app.record_ripple(coordinator, platform, ripple("fix", corrects="R4"), on=DAY)
        expected = ("R5", "R4", ["R1", "R2", "R3", "R4", "R5"])
        actual = (
            key,
            ripples_of(app, platform)[key].corrects,
            list(app.get_platform(platform).ripple_keys),
        )
        assert expected == actual

    def test_apply_bodies_assign_items(self) -> None:
        """Replaying a ripple changes the counter, not the platform's containers: the goals
        and actor dicts are the same objects before and after."""
        app = CoCreation()
        p6, platform = long_history(app, 1)
        the_platform = app.get_platform(platform)
        goals, since = the_platform.goals, the_platform.actor_since
        principal = app.get_initiative(p6.initiative).principal_of(p6.coordinators[platform])
        assert principal is not None
        the_platform.record_ripple(principal, DAY, ripple("one"))
        assert (the_platform.goals is goals, the_platform.actor_since is since) == (True, True)


class TestOldSnapshots:
    """Snapshots taken before the aggregates were slimmed are upcast (class_version 2)."""

    def test_platform_v1_snapshot_keeps_its_counts(self) -> None:
        """A version-1 platform snapshot (with every ripple, check and sparring) reads as the
        same platform replayed from its events."""
        app = CoCreation()
        _, platform = long_history(app, 2)
        replayed = app.get_platform(platform)
        state: dict[str, Any] = {
            k: v
            for k, v in vars(replayed).items()
            if k not in {"_id", "_version", "_pending_events"}
        }
        for name in ("ripple_count", "reality_check_count", "sparring_count", "open_sparring"):
            del state[name]
        state["ripples"] = ripples_of(app, platform)
        state["reality_checks"] = reality_checks_of(app, platform)
        state["sparring"] = sparring_of(app, platform)
        old = Snapshot(
            originator_id=platform,
            originator_version=replayed.version,
            timestamp=Snapshot.create_timestamp(),
            topic="cocreation:Platform",
            state=state,
        )
        revived = old.mutate(None)
        assert vars(revived) == {**vars(replayed), "_pending_events": []}

    def test_initiative_v1_snapshot_builds_its_index(self) -> None:
        """A version-1 initiative snapshot (with every ripple, meetings as a set) gets the
        person-to-actor index from its representatives, counts its ripples and keeps its
        meetings (kinds unknown)."""
        app = CoCreation()
        p6 = Scenario.phase6(app)
        app.record_initiative_ripple(p6.anchor, p6.initiative, ripple("one"), on=DAY)
        initiative = app.get_initiative(p6.initiative)
        dropped = {"_id", "_version", "_pending_events", "represented", "forgotten"}
        state = {k: v for k, v in vars(initiative).items() if k not in dropped}
        del state["ripple_count"]
        state["ripples"] = initiative_ripples_of(app, p6.initiative)
        state["meetings"] = frozenset(UUID(m) for m in initiative.meetings)
        old = Snapshot(
            originator_id=initiative.id,
            originator_version=initiative.version,
            timestamp=Snapshot.create_timestamp(),
            topic="cocreation:Initiative",
            state=state,
        )
        revived = old.mutate(None)
        assert isinstance(revived, Initiative)
        unknown_kinds = dict.fromkeys(initiative.meetings)
        expected = {**vars(initiative), "meetings": unknown_kinds, "_pending_events": []}
        assert vars(revived) == expected


class TestIndexOfRepresentatives:
    """The principal and the voices come from the initiative's index (R-AUTH-1, R-FLAT-3)."""

    def test_a_command_by_a_representative_loads_no_person(self) -> None:
        """A member's ripple loads the platform and the initiative, never a Person."""
        app = CoCreation()
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        member, consent = p6.member(platform), p6.consent(platform)
        loaded: list[type[Any]] = []
        get = app.repository.get

        def counting(ident: UUID, **kwargs: Any) -> Any:
            aggregate = get(ident, **kwargs)
            loaded.append(type(aggregate))
            return aggregate

        app.repository.get = counting  # type: ignore[method-assign,assignment]
        app.record_ripple(member, platform, ripple("indexed"), on=DAY)
        app.put_on_standby(member, platform, "why", "what next", consent, on=DAY)
        assert sorted(t.__name__ for t in loaded) == [
            "Initiative",
            "Initiative",
            "Platform",
            "Platform",
        ]

    def test_a_forgotten_representative_neither_acts_nor_speaks(self) -> None:
        """R-PII-2, R-FLAT-3: once forgotten, the index refuses the person's commands and
        their voice counts for no actor."""
        app = CoCreation()
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        member = p6.member(platform)
        app.forget_person(member, member, on=DAY)
        initiative = app.get_initiative(p6.initiative)
        with pytest.raises(NotPermitted):
            app.record_ripple(member, platform, ripple("after forgetting"), on=DAY)
        voice = initiative.voice_of(member)
        assert (str(member) in initiative.forgotten, voice.actor if voice else "?") == (True, None)

    def test_forgetting_records_only_the_id(self) -> None:
        """R-PII-1: the initiative's event of a forgetting carries the person's id only."""
        app = CoCreation()
        p6 = Scenario.phase6(app)
        member = p6.member(p6.platforms[0])
        app.forget_person(member, member, on=DAY)
        noted = [
            e
            for e in app.events.get(p6.initiative)
            if isinstance(e, Initiative.RepresentativeForgotten)
        ]
        fields = set(vars(noted[0])) - {"originator_id", "originator_version", "timestamp"}
        assert (len(noted), fields) == (1, {"person", "principal", "occurred_on"})


class TestCache:
    """The cache is caught up once per command, and only reads what other writers stored."""

    def test_saved_aggregate_is_cached_as_a_copy(self) -> None:
        """Changing an aggregate after saving it does not reach the cache."""
        app = CoCreation()
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        the_platform = app.get_platform(platform)
        principal = app.get_initiative(p6.initiative).principal_of(p6.member(platform))
        assert principal is not None
        the_platform.record_ripple(principal, DAY, ripple("a"))
        app.save(the_platform)
        the_platform.actor_since.clear()
        assert app.get_platform(platform).actor_since != {}

    def test_consent_decides_with_the_index(self) -> None:
        """R-FLAT-3: the platform's consent passes through voices read from the index."""
        app = CoCreation()
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        consent: Consent = p6.consent(platform)
        app.put_on_standby(p6.member(platform), platform, "why", "next", consent, on=DAY)
        assert app.get_platform(platform).state == "standby"
