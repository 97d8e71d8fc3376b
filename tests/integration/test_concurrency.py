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
import traceback
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
from cocreation_domain.sealing import verify
from cocreation_domain.testing import Scenario
from cocreation_domain.testing.history import progress_of, ripples_of

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
        stored = ripples_of(theirs, platform)
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
            ripples = ripples_of(ours, platform)
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
            [r.description for r in ripples_of(theirs, p).values()] for p in (first, second)
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
    """Issue a random mix of commands on the shared platforms; report every outcome, or the
    traceback of what stopped this worker."""
    try:
        results.put(issue_commands(env, setup, seed, start))
    except BaseException:
        results.put((seed, -1, traceback.format_exc()))


def issue_commands(
    env: dict[str, str], setup: Setup, seed: int, start: Any
) -> tuple[int, int, list[Outcome]]:
    """The commands of one worker: ``(seed, races lost, outcomes)``."""
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
    return seed, app.lost_races, outcomes


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
            report = results.get(timeout=1)
        except queue.Empty:
            dead = [w.exitcode for w in workers if w.exitcode not in (None, 0)]
            if dead or time.monotonic() > deadline:
                for worker in workers:
                    worker.kill()
                pytest.fail(f"workers failed (exit codes {[w.exitcode for w in workers]})")
        else:
            if report[1] < 0:
                for worker in workers:
                    worker.kill()
                pytest.fail(f"worker {report[0]} failed:\n{report[2]}")
            reports.append(report)
    for worker in workers:
        worker.join(timeout=30)
    assert [w.exitcode for w in workers] == [0] * len(workers)
    return reports


@attrs.frozen
class Writers:
    """What four writer processes did to one store, and what the store holds afterwards."""

    env: dict[str, str]
    setup: Setup
    outcomes: tuple[Outcome, ...]
    lost_races: int
    stored: tuple[tuple[UUID, int, int, str], ...]
    """Every event stored after the setup, in notification order."""

    @property
    def accepted(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.accepted]

    @property
    def refused(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.accepted]

    def on(self, target: UUID) -> list[Outcome]:
        """The accepted commands on ``target``."""
        return [o for o in self.accepted if o.target == target]


def run_writers(env: dict[str, str]) -> Writers:
    """Prepare the store, let four spawned processes write to it at once, read it back."""
    app = CoCreation(env=env)
    setup = prepare(app)
    setup_position = app.recorder.max_notification_id() or 0
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(WORKERS)
    results = context.Queue()
    # The setup created the tables; writers creating them again at once can collide in
    # PostgreSQL's catalog ("tuple concurrently updated"), which is not what this test is about.
    writer_env = {**env, "CREATE_TABLE": "false"}
    workers = [
        context.Process(target=work, args=(writer_env, setup, seed, start, results))
        for seed in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    reports = collect(results, workers)
    notifications = app.recorder.select_notifications(start=setup_position + 1, limit=10**6)
    app.close()
    return Writers(
        env=env,
        setup=setup,
        outcomes=tuple(o for _, _, outcomes in reports for o in outcomes),
        lost_races=sum(lost for _, lost, _ in reports),
        stored=tuple(
            (UUID(str(n.originator_id)), n.originator_version, n.id, n.topic) for n in notifications
        ),
    )


@pytest.fixture(scope="module")
def writers(shared_store_env: dict[str, str]) -> Writers:
    """Four processes that issued 250 commands each on one store, SQLite file or PostgreSQL."""
    shared = {"SQLITE_LOCK_TIMEOUT": "30", "SNAPSHOT_INTERVAL": "Platform=20"}
    return run_writers({**shared_store_env, **shared})


def load_every_way(writers: Writers, aggregate: UUID) -> list[dict[str, Any]]:
    """The aggregate's state read three ways: from its latest snapshot and later events, by
    replaying every event, and through an aggregate cache."""
    plain = {**writers.env, "AGGREGATE_CACHE_MAXSIZE": ""}
    apps = [
        CoCreation(env=plain),
        CoCreation(env={**plain, "SNAPSHOT_INTERVAL": "0"}),
        CoCreation(env={**writers.env, "SNAPSHOT_INTERVAL": "0"}),
    ]
    try:
        apps[2].repository.get(aggregate)  # cached before the comparison, fast-forwarded in it
        return [dict(vars(app.repository.get(aggregate))) for app in apps]
    finally:
        for app in apps:
            app.close()


class TestFourWriters:
    """Four OS processes writing the same platforms at once lose and duplicate nothing."""

    def test_accepted_commands_are_stored_exactly_once(self, writers: Writers) -> None:
        """Every event an accepted command reported is in the store once, and no event is
        in the store that no accepted command reported."""
        expected = list(writers.stored)
        actual = sorted((e for o in writers.accepted for e in o.stored), key=lambda e: e[2])
        assert expected == actual

    def test_refused_commands_store_nothing(self, writers: Writers) -> None:
        """A refused command (including one that gave up after losing every race) stored no
        event, and every accepted one stored at least one."""
        expected: tuple[list[Outcome], list[Outcome]] = ([], [])
        actual = (
            [o for o in writers.refused if o.stored],
            [o for o in writers.accepted if not o.stored],
        )
        assert expected == actual

    def test_no_command_is_lost_to_contention(self, writers: Writers) -> None:
        """No command gave up with ConcurrencyConflict: jittered backoff between attempts lets
        every command that lost races win one."""
        expected: list[Outcome] = []
        actual = [o for o in writers.refused if o.detail == "ConcurrencyConflict"]
        assert expected == actual

    def test_versions_are_contiguous(self, writers: Writers) -> None:
        """Each aggregate's stored versions run 1, 2, 3 … without gaps or repeats."""
        app = CoCreation(env=writers.env)
        try:
            for aggregate in (*writers.setup.platforms, writers.setup.initiative):
                versions = [e.originator_version for e in app.events.get(aggregate)]
                assert list(range(1, len(versions) + 1)) == versions
        finally:
            app.close()

    def test_races_were_lost_and_decided_again(self, writers: Writers) -> None:
        """The writers collided, and commands that lost a race were decided again: ripple
        keys (R-RIP-1) are unique even though every writer numbered from what it loaded."""
        keys = [o.detail for o in writers.accepted if o.kind == "initiative_ripple"]
        assert writers.lost_races > 0, "no race was lost: the retry was not exercised"
        expected = sorted(set(keys))
        actual = sorted(keys)
        assert expected == actual

    def test_snapshots_cache_and_replay_agree(self, writers: Writers) -> None:
        """Each platform and the initiative read from snapshots, replayed from every event
        and read through the cache are equal."""
        for aggregate in (*writers.setup.platforms, writers.setup.initiative):
            from_snapshot, replayed, cached = load_every_way(writers, aggregate)
            assert replayed == from_snapshot
            assert replayed == cached

    def test_final_state_follows_the_accepted_commands(self, writers: Writers) -> None:
        """R-PLAT-4 and R-RIP-1: each platform holds exactly the accepted ripples and progress
        notes, is on standby if the last accepted toggle put it there, and has the coordinator
        the last accepted choice named."""
        app = CoCreation(env={**writers.env, "AGGREGATE_CACHE_MAXSIZE": ""})
        try:
            for platform in writers.setup.platforms:
                mine = writers.on(platform)
                kinds = Counter(o.kind for o in mine)
                toggles = [o for o in mine if o.kind in ("standby", "resume")]
                choices = [o for o in mine if o.kind == "coordinator"]
                last_toggle = max(toggles, key=lambda o: o.stored[0][2]).kind if toggles else ""
                setup_coordinator = app.get_platform(platform).coordinator
                if choices:
                    coordinator = max(choices, key=lambda o: o.stored[0][2]).detail
                else:
                    coordinator = str(setup_coordinator.person if setup_coordinator else None)
                expected = (
                    [f"R{i + 1}" for i in range(kinds["ripple"])],
                    kinds["progress"],
                    "standby" if last_toggle == "standby" else "active",
                    coordinator,
                )
                replayed = app.get_platform(platform)
                actual = (
                    list(replayed.ripple_keys),
                    sum(len(notes) for notes in progress_of(app, platform).values()),
                    replayed.state,
                    str(replayed.coordinator.person if replayed.coordinator else None),
                )
                assert expected == actual
            initiative = app.get_initiative(writers.setup.initiative)
            keys = [o.detail for o in writers.on(writers.setup.initiative)]
            assert sorted(keys) == sorted(initiative.ripple_keys)
        finally:
            app.close()

    def test_the_sealed_chain_is_total_and_verifies(self, writers: Writers) -> None:
        """SEAL-1: after four writers raced, every stored event is sealed exactly once, in
        notification order, and the chain verifies from the first event to the last."""
        app = CoCreation(env=writers.env)
        try:
            result = verify(app)
            last = app.recorder.max_notification_id()
            total = len(app.recorder.select_notifications(start=None, limit=10**6))
        finally:
            app.close()
        expected = (True, total, last)
        actual = (result.ok, result.events, result.head_position)
        assert expected == actual, result.summary()
