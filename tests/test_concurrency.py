"""Concurrent writers: a command that loses a race decides again, and nothing is lost or doubled.

The unit tests interleave two applications on one store deterministically: the application
under test lets the other one save just before its own save. The stress test runs four OS
processes issuing hundreds of commands each on shared platforms, then checks the store
against what every process says its accepted commands stored.
"""

from __future__ import annotations

import multiprocessing
import queue
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import attrs
import pytest
from eventsourcing.application import ProcessingEvent
from eventsourcing.persistence import Recording

from cocreation_domain import (
    CoCreation,
    ConcurrencyConflict,
    Consent,
    DomainError,
    GoalProgress,
    Ripple,
)
from cocreation_domain.application import LostRace, command
from cocreation_domain.testing import Scenario

DAY = date(2025, 3, 3)


def ripple(description: str) -> Ripple:
    """A ripple that benefits the platform itself."""
    return Ripple(description, "new_idea", ["own_platform"], DAY)


class Interleaved(CoCreation):
    """An application that lets a rival writer save just before its next ``runs`` saves."""

    name = "CoCreation"  # the same tables as CoCreation (PostgreSQL names them after the app)
    rival: Callable[[], object] | None = None
    runs = 0
    saves = 0

    def let_rival(self, rival: Callable[[], object], runs: int = 1) -> None:
        """From now on, run ``rival`` before each of the next ``runs`` saves."""
        self.rival, self.runs, self.saves = rival, runs, 0

    def _record(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        if self.rival is not None:
            self.saves += 1
            if self.saves <= self.runs:
                self.rival()
        return super()._record(processing_event)


@pytest.fixture
def two_apps(store_env: dict[str, str]) -> Iterator[tuple[Interleaved, CoCreation]]:
    """Two applications on one shared store (an SQLite file or a PostgreSQL schema)."""
    ours, theirs = Interleaved(env=store_env), CoCreation(env=store_env)
    yield ours, theirs
    ours.close()
    theirs.close()


SHARED_STORES = pytest.mark.parametrize("store_env", ["sqlite", "postgres"], indirect=True)


@SHARED_STORES
class TestLostRace:
    """A command whose save collides with another writer's is decided again from the store."""

    def test_lost_race_is_decided_again(self, two_apps: tuple[Interleaved, CoCreation]) -> None:
        """The loser reloads and numbers its ripple after the winner's (R-RIP-1 keys)."""
        ours, theirs = two_apps
        s = Scenario.start(ours)
        platform = s.platform()
        ours.let_rival(lambda: theirs.record_ripple(s.anchor, platform, ripple("theirs"), on=DAY))
        key = ours.record_ripple(s.anchor, platform, ripple("ours"), on=DAY)
        stored = theirs.get_platform(platform).ripples
        expected = ("R2", 2, {"R1": "theirs", "R2": "ours"})
        actual = (key, ours.saves, {k: r.description for k, r in stored.items()})
        assert expected == actual

    def test_gives_up_after_max_attempts(self, two_apps: tuple[Interleaved, CoCreation]) -> None:
        """Losing every attempt raises ConcurrencyConflict, and none of the loser's events exist."""
        ours, theirs = two_apps
        s = Scenario.start(ours)
        platform = s.platform()
        before = ours.recorder.max_notification_id() or 0
        ours.max_attempts = 3
        ours.let_rival(
            lambda: theirs.record_ripple(s.anchor, platform, ripple("theirs"), on=DAY), runs=3
        )
        with pytest.raises(ConcurrencyConflict) as raised:
            ours.record_ripple(s.anchor, platform, ripple("ours"), on=DAY)
        stored = [
            ours.mapper.to_domain_event(n)
            for n in ours.recorder.select_notifications(start=before + 1, limit=100)
        ]
        expected = (3, ["theirs"] * 3)
        actual = (raised.value.attempts, [e.ripple.description for e in stored])  # type: ignore[attr-defined]
        assert expected == actual

    def test_uncopied_cache_is_refreshed_after_a_lost_race(self, store_env: dict[str, str]) -> None:
        """With an aggregate cache neither fast-forwarded nor copied, the retry still reloads."""
        cached = {
            **store_env,
            "AGGREGATE_CACHE_MAXSIZE": "100",
            "AGGREGATE_CACHE_FASTFORWARD": "n",
            "DEEPCOPY_FROM_AGGREGATE_CACHE": "n",
        }
        ours, theirs = Interleaved(env=cached), CoCreation(env=store_env)
        try:
            s = Scenario.start(ours)
            platform = s.platform()
            ours.get_platform(platform)  # now cached
            ours.let_rival(
                lambda: theirs.record_ripple(s.anchor, platform, ripple("theirs"), on=DAY)
            )
            key = ours.record_ripple(s.anchor, platform, ripple("ours"), on=DAY)
            expected = ("R2", {"R1": "theirs", "R2": "ours"})
            ripples = ours.get_platform(platform).ripples
            actual = (key, {k: r.description for k, r in ripples.items()})
            assert expected == actual
        finally:
            ours.close()
            theirs.close()


class SavesTwice(Interleaved):
    """A faulty command that saves one aggregate, then another."""

    name = "CoCreation"

    @command
    def ripple_twice(self, by: UUID, first: UUID, second: UUID) -> None:
        """Record a ripple on ``first`` and save, then on ``second`` and save."""
        for platform in (first, second):
            the_platform = self.get_platform(platform)
            the_platform.record_ripple(
                self._principal(by, self.get_initiative(the_platform.initiative)),
                DAY,
                ripple("twice"),
            )
            self.save(the_platform)


@SHARED_STORES
def test_command_that_saved_is_not_decided_again(store_env: dict[str, str]) -> None:
    """A lost race after a command already saved propagates instead of storing twice."""
    ours, theirs = SavesTwice(env=store_env), CoCreation(env=store_env)
    try:
        s = Scenario.start(ours)
        first, second = s.platform(name="First"), s.platform(name="Second")
        # The rival writes on the second platform before each of our two saves.
        ours.let_rival(
            lambda: theirs.record_ripple(s.anchor, second, ripple("theirs"), on=DAY), runs=2
        )
        with pytest.raises(LostRace):
            ours.ripple_twice(s.anchor, first, second)
        expected = (["twice"], ["theirs", "theirs"])
        actual = tuple(
            [r.description for r in theirs.get_platform(p).ripples.values()]
            for p in (first, second)
        )
        assert expected == actual
    finally:
        ours.close()
        theirs.close()


# --- four processes, hundreds of commands each ------------------------------------------------

WORKERS = 4
COMMANDS_PER_WORKER = 250
KINDS = ("ripple", "progress", "standby", "resume", "coordinator", "initiative_ripple")


@attrs.frozen
class Setup:
    """The ids every worker needs: the shared initiative, its platforms, goals and persons."""

    anchor: UUID
    initiative: UUID
    platforms: tuple[UUID, ...]
    goals: tuple[str, ...]
    actors: tuple[UUID, ...]
    persons: tuple[UUID, ...]


@attrs.frozen
class Outcome:
    """One command a worker issued: what, on which aggregate, and what it stored."""

    kind: str
    target: UUID
    accepted: bool
    stored: tuple[tuple[UUID, int, int, str], ...]
    """(originator id, version, notification id, topic) of every event the command stored."""
    detail: str


class Tracing(CoCreation):
    """An application that remembers the events its last save stored and the races it lost."""

    name = "CoCreation"  # the same tables as CoCreation (PostgreSQL names them after the app)

    def __init__(self, env: dict[str, str]) -> None:
        super().__init__(env=env)
        self.stored: list[tuple[UUID, int, int, str]] = []
        self.lost_races = 0

    def _record(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        try:
            recordings = super()._record(processing_event)
        except LostRace:
            self.lost_races += 1
            raise
        for r in recordings:
            event = r.domain_event
            self.stored.append(
                (
                    event.originator_id,
                    event.originator_version,
                    r.notification.id,
                    r.notification.topic,
                )
            )
        return recordings


def work(env: dict[str, str], setup: Setup, seed: int, start: Any, results: Any) -> None:
    """Issue a random mix of commands on the shared platforms; report every outcome."""
    app = Tracing(env)
    rng = random.Random(seed)
    consent = Consent(consenting=setup.persons)
    outcomes: list[Outcome] = []
    start.wait(timeout=120)
    for i in range(COMMANDS_PER_WORKER):
        kind = rng.choice(KINDS)
        platform = rng.choice(setup.platforms)
        by = rng.choice(setup.persons)
        on = DAY + timedelta(days=i)
        app.stored.clear()
        target = setup.initiative if kind == "initiative_ripple" else platform
        try:
            if kind == "ripple":
                detail = app.record_ripple(by, platform, ripple(f"w{seed}-{i}"), on=on)
            elif kind == "progress":
                progress = GoalProgress(f"w{seed}-{i}", on, i)
                app.record_goal_progress(by, platform, rng.choice(setup.goals), progress, on=on)
                detail = ""
            elif kind == "standby":
                app.put_on_standby(by, platform, "waiting", "review", consent, on=on)
                detail = ""
            elif kind == "resume":
                app.resume_platform(by, platform, consent, on=on)
                detail = ""
            elif kind == "coordinator":
                index = rng.randrange(len(setup.actors))
                actor, person = setup.actors[index], setup.persons[index]
                app.choose_coordinator(by, platform, actor, person, consent, on=on)
                detail = str(person)
            else:
                detail = app.record_initiative_ripple(
                    setup.anchor, setup.initiative, ripple(f"w{seed}-{i}"), on=on
                )
        except DomainError as refusal:
            outcomes.append(Outcome(kind, target, False, tuple(app.stored), type(refusal).__name__))
        else:
            outcomes.append(Outcome(kind, target, True, tuple(app.stored), detail))
    app.close()
    results.put((seed, app.lost_races, outcomes))


def prepare(app: CoCreation) -> Setup:
    """Two active platforms of four actors in an initiative that has started co-creation."""
    s = Scenario.start(app, actors=4)
    platforms = (s.platform(name="North"), s.platform(name="South"))
    goals: list[str] = []
    for platform in platforms:
        goals = s.active(platform)
    s.start_co_creation()
    return Setup(
        anchor=s.anchor,
        initiative=s.initiative,
        platforms=platforms,
        goals=tuple(goals),
        actors=tuple(s.actors),
        persons=tuple(s.persons[a] for a in s.actors),
    )


def collect(results: Any, workers: list[Any]) -> list[Any]:
    """Every worker's report; fails at once, with exit codes, when a worker died without one."""
    reports: list[Any] = []
    deadline = time.monotonic() + 300
    while len(reports) < len(workers):
        try:
            reports.append(results.get(timeout=1))
        except queue.Empty:
            dead = [w.exitcode for w in workers if w.exitcode not in (None, 0)]
            if dead or time.monotonic() > deadline:
                for worker in workers:
                    worker.kill()
                pytest.fail(f"workers failed (exit codes {[w.exitcode for w in workers]})")
    for worker in workers:
        worker.join(timeout=30)
    assert [w.exitcode for w in workers] == [0] * len(workers)
    return reports


@SHARED_STORES
def test_four_processes_lose_and_duplicate_nothing(store_env: dict[str, str]) -> None:
    """Every accepted command's events are stored exactly once, refused ones store nothing,
    versions are contiguous, and the state read with snapshots equals a fresh full replay."""
    env = {**store_env, "SQLITE_LOCK_TIMEOUT": "30", "SNAPSHOT_INTERVAL": "Platform=20"}
    app = CoCreation(env=env)
    setup = prepare(app)
    setup_position = app.recorder.max_notification_id() or 0

    context = multiprocessing.get_context("spawn")
    start = context.Barrier(WORKERS)
    results = context.Queue()
    workers = [
        context.Process(target=work, args=(env, setup, seed, start, results))
        for seed in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    reports = collect(results, workers)

    outcomes = [o for _, _, worker_outcomes in reports for o in worker_outcomes]
    lost_races = sum(lost for _, lost, _ in reports)
    accepted = [o for o in outcomes if o.accepted]
    refused = [o for o in outcomes if not o.accepted]

    # The store after the setup: every event, in notification order.
    notifications = app.recorder.select_notifications(start=setup_position + 1, limit=10**6)
    stored = [(n.originator_id, n.originator_version, n.id, n.topic) for n in notifications]
    claimed = [event for o in accepted for event in o.stored]

    # Exactly once: every event an accepted command reported is in the store, no event is
    # claimed twice or by nobody, and refused commands stored nothing.
    assert sorted(claimed, key=lambda e: e[2]) == stored
    assert all(not o.stored for o in refused)
    assert all(o.stored for o in accepted)
    assert len({e[2] for e in stored}) == len(stored)

    # No gaps: each aggregate's versions run 1..n without holes or repeats.
    for aggregate in (*setup.platforms, setup.initiative):
        versions = [e.originator_version for e in app.events.get(aggregate)]
        assert versions == list(range(1, len(versions) + 1))

    # Every process lost races and still stored its commands: the retry was exercised.
    assert lost_races > 0, "no race was lost: the test did not exercise the retry"

    fresh = CoCreation(env={**store_env, "SNAPSHOT_INTERVAL": "0"})
    for platform in setup.platforms:
        with_snapshots, replayed = app.get_platform(platform), fresh.get_platform(platform)
        assert vars(with_snapshots) == vars(replayed)
        mine = [o for o in accepted if o.target == platform]
        toggles = [o for o in mine if o.kind in ("standby", "resume")]
        kinds = Counter(o.kind for o in mine)
        chosen = [o for o in mine if o.kind == "coordinator"]
        assert sorted(replayed.ripples) == sorted(f"R{i + 1}" for i in range(kinds["ripple"]))
        assert sum(len(r.progress) for r in replayed.goals.values()) == kinds["progress"]
        last_toggle = max(toggles, key=lambda o: o.stored[0][2]).kind if toggles else "resume"
        assert replayed.state == ("standby" if last_toggle == "standby" else "active")
        if chosen:
            last_choice = max(chosen, key=lambda o: o.stored[0][2])
            assert replayed.coordinator is not None
            assert str(replayed.coordinator.person) == last_choice.detail
    initiative = fresh.get_initiative(setup.initiative)
    initiative_ripples = [o.detail for o in accepted if o.kind == "initiative_ripple"]
    assert sorted(initiative.ripples) == sorted(initiative_ripples)
    assert len(set(initiative_ripples)) == len(initiative_ripples)
    fresh.close()
    app.close()
