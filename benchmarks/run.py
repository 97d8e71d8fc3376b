"""Benchmarks of cocreation_domain against bare eventsourcing (run by ``nox -s bench``).

Every figure is a ratio of two timings measured side by side in this run, each the best of
``--repeat`` alternating runs, so the machine's speed cancels out:

- P1 command path: a realistic command mix through ``CoCreation`` vs bare eventsourcing
  saving the same events (same aggregates, same order, same encoded sizes) with its
  canonical command shape (get, trigger, save); on POPO and on an SQLite file. Target <= 1.2.
- P2 rebuilding every read model from N events on an SQLite file vs bare eventsourcing
  reading and decoding the same events; 2N vs N for linearity. Target <= 1.0.
- P3 loading a platform with 10,000 events vs one with 10 (snapshots on). Target <= 2.
- P4 replaying the platform's events on ``Platform`` vs on an aggregate without the rule
  tables (no lifecycle, no rules, no commands). Target <= 1.05.
- Sealing (issue 12): the P1 mix through sealed vs unsealed ``CoCreation`` (the cost of
  sealing on the command path, no target), and ``sealing.verify`` over N events of an SQLite
  file vs bare eventsourcing reading them (``select_notifications`` in batches). Target <= 1.5.
- Peak memory of P2: each P2 measurement runs in its own process, whose peak RSS is reported
  (with that of an idle process importing the same packages, for comparison).

Sizes default to the issue's and can be changed by flags (``--help``); nothing here asserts
a time. ``--markdown FILE`` also writes the result table as Markdown.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib.util
import json
import os
import platform as host
import random
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import attrs
from eventsourcing.application import Application, project_aggregate
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder, StoredEvent
from eventsourcing.utils import get_topic

from cocreation_domain import (
    CoCreation,
    Consent,
    DomainError,
    GoalProgress,
    MeetingKind,
    Platform,
    RealityCheck,
    Ripple,
    sqlite_env,
)
from cocreation_domain.sealing import verify
from cocreation_domain.sealing.recorders import SealedSQLiteRecorder
from cocreation_domain.testing import Scenario
from cocreation_domain.testing.scenario import sample_goals
from cocreation_domain.transcodings import register_transcodings

START = date(2025, 1, 6)


# --- the realistic command mix --------------------------------------------------------------


class Initiative:
    """One initiative in phase 6: three platforms of overlapping actors, a year of work.

    ``step`` issues one business action (one to three commands) drawn from a fixed mix:
    ripples, goal progress, reality checks, platform meetings (plan, invite, hold), sparring,
    standby and resume, new coordinators, revised and reached goals, ripples on the
    initiative and contact updates. Refused commands (e.g. progress on a platform on
    standby) are part of the mix, as they are in real use.
    """

    def __init__(self, app: CoCreation, rng: random.Random, actors: int = 6) -> None:
        self.app = app
        self.rng = rng
        s = self.s = Scenario.start(app, actors=actors, today=START)
        groups = [s.actors[0:3], s.actors[2:5], [s.actors[4], s.actors[5], s.actors[0]]]
        self.platforms = [s.platform(list(g), name=f"Platform {i}") for i, g in enumerate(groups)]
        self.goals = {p: s.active(p) for p in self.platforms}
        s.start_co_creation()
        # What the driver knows from its own commands, so that choosing the next action
        # reads nothing from the store: only the commands themselves are measured.
        self.actors = {p: list(g) for p, g in zip(self.platforms, groups, strict=True)}
        self.consent = {
            p: Consent(consenting={s.person_of(a) for a in g})
            for p, g in zip(self.platforms, groups, strict=True)
        }
        self.goal = {
            p: dict(zip(self.goals[p], sample_goals(len(self.goals[p])), strict=True))
            for p in self.platforms
        }
        self.coordinator = {p: self._coordinator(p) for p in self.platforms}
        self.on_standby = dict.fromkeys(self.platforms, False)
        self.refused = 0

    def _coordinator(self, platform: UUID) -> UUID:
        chosen = self.app.get_platform(platform).coordinator
        assert chosen is not None
        return chosen.person

    def step(self) -> None:
        """One business action on a random platform."""
        try:
            self._act()
        except DomainError:
            self.refused += 1

    def _act(self) -> None:
        app, s, rng = self.app, self.s, self.rng
        p = rng.choice(self.platforms)
        day = s.later(rng.choice((1, 2, 3)))
        actors = self.actors[p]
        member = s.person_of(rng.choice(actors))
        coordinator = self.coordinator[p]
        roll = rng.random()
        if roll < 0.25:
            app.record_ripple(
                member,
                p,
                Ripple(f"new contact {day}", "new_relationship", ["other_actors"], day),
                on=day,
            )
        elif roll < 0.45:
            progress = GoalProgress(f"observed on {day}", day, rng.randint(0, 50))
            app.record_goal_progress(member, p, rng.choice(self.goals[p]), progress, on=day)
        elif roll < 0.55:
            check = RealityCheck(
                "steady", "few volunteers", rng.random() < 0.2, "a year", "continue"
            )
            app.record_reality_check(coordinator, p, check, on=day)
        elif roll < 0.65:
            meeting = app.plan_meeting(
                coordinator, MeetingKind.PLATFORM, day + timedelta(days=14), platform=p, on=day
            )
            app.invite_meeting(coordinator, meeting, on=day)
            app.hold_meeting(coordinator, meeting, on=day + timedelta(days=14))
        elif roll < 0.70:
            key = app.request_sparring(coordinator, p, "how to keep the actors engaged", on=day)
            app.give_sparring(s.anchor, p, key, "rotate the hosting", on=day)
        elif roll < 0.75:
            if self.on_standby[p]:
                app.resume_platform(member, p, self.consent[p], on=day)
            else:
                app.put_on_standby(
                    member,
                    p,
                    "awaiting a political decision",
                    "review in a month",
                    self.consent[p],
                    review_on=day + timedelta(days=30),
                    on=day,
                )
            self.on_standby[p] = not self.on_standby[p]
        elif roll < 0.80:
            actor = rng.choice(actors)
            app.choose_coordinator(member, p, actor, s.person_of(actor), self.consent[p], on=day)
            self.coordinator[p] = s.person_of(actor)
        elif roll < 0.85:
            key = rng.choice(self.goals[p])
            revised = attrs.evolve(self.goal[p][key], key=key, evaluation=f"interviews, {day}")
            app.revise_goal(member, p, revised, self.consent[p], on=day)
        elif roll < 0.90:
            app.reach_goal(member, p, rng.choice(self.goals[p]), on=day)
        elif roll < 0.95:
            ripple = Ripple(f"idea shared {day}", "new_idea", ["outside_initiative"], day)
            app.record_initiative_ripple(s.anchor, s.initiative, ripple, on=day)
        else:
            app.update_contact(member, member, phone=f"+45 {rng.randint(10**7, 10**8 - 1)}", on=day)


def run_mix(app: CoCreation, actions: int, per_initiative: int, seed: int) -> int:
    """Drive ``actions`` business actions through ``app``, a new initiative every
    ``per_initiative`` actions; return the number of refused commands."""
    rng = random.Random(seed)
    refused = 0
    done = 0
    while done < actions:
        initiative = Initiative(app, rng)
        for _ in range(min(per_initiative, actions - done)):
            initiative.step()
        done += per_initiative
        refused += initiative.refused
    return refused


# --- bare eventsourcing -----------------------------------------------------------------------


class Bare(Aggregate):
    """A plain eventsourcing aggregate: no lifecycle, no rules, one event with a payload."""

    class Started(Aggregate.Created):
        payload: str

    class Noted(Aggregate.Event):
        payload: str

        def apply(self, aggregate: Aggregate) -> None:
            aggregate.payload = self.payload  # type: ignore[attr-defined]

    def __init__(self, payload: str) -> None:
        self.payload = payload

    def note(self, payload: str) -> None:
        self.trigger_event(self.Noted, payload=payload)


class BareApp(Application[UUID]):
    """Bare eventsourcing: the JSON transcoder (with the domain's types, to read our events)."""

    name = "Bare"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_transcodings(transcoder)


SAME_CACHE = {"AGGREGATE_CACHE_MAXSIZE": CoCreation.env["AGGREGATE_CACHE_MAXSIZE"]}
"""Bare eventsourcing gets the aggregate cache CoCreation has by default, so P1 compares the
libraries' work per command, not cached loads with replays."""


def bare_save(app: BareApp, shape: list[tuple[UUID, int, int]]) -> None:
    """Store one event per ``(aggregate, version, size)`` the canonical way: create or get,
    trigger, save; each payload sized so the stored event has ``size`` bytes."""
    created_overhead, noted_overhead = _bare_overheads()
    for aggregate_id, version, size in shape:
        if version == 1:
            payload = "x" * max(size - created_overhead, 0)
            aggregate = Bare._create(Bare.Started, id=aggregate_id, payload=payload)
        else:
            aggregate = app.repository.get(aggregate_id)
            aggregate.note(payload="x" * max(size - noted_overhead, 0))
        app.save(aggregate)


def _bare_overheads() -> tuple[int, int]:
    """The stored sizes of a bare created and a bare noted event with empty payloads."""
    app = BareApp(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    aggregate = Bare(payload="")
    aggregate.note(payload="")
    created, noted = (app.mapper.to_stored_event(e) for e in aggregate.collect_events())
    return len(created.state), len(noted.state)


def event_shape(app: Application[UUID]) -> list[tuple[UUID, int, int]]:
    """``(aggregate, version, stored size)`` of every event in ``app``, in log order."""
    return [
        (UUID(str(n.originator_id)), n.originator_version, len(n.state))
        for n in app.recorder.select_notifications(start=1, limit=10**9)
    ]


# --- stores ----------------------------------------------------------------------------------


@contextmanager
def store(kind: str, directory: Path) -> Iterator[dict[str, str]]:
    """A fresh store's environment: POPO, or a new SQLite file in ``directory``."""
    if kind == "popo":
        yield {"PERSISTENCE_MODULE": "eventsourcing.popo"}
        return
    path = directory / f"{kind}-{uuid4().hex[:8]}.sqlite"
    try:
        yield sqlite_env(str(path))
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def best(runs: list[float]) -> float:
    """The fastest run: the one least disturbed by anything else on the machine."""
    return min(runs)


def timed(function: Callable[[], object]) -> float:
    gc.collect()
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


# --- P1 --------------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    ours: float
    theirs: float
    target: float | None
    unit_note: str

    @property
    def ratio(self) -> float:
        return self.ours / self.theirs

    @property
    def verdict(self) -> str:
        if self.target is None:
            return ""
        return (
            "met" if self.ratio <= self.target else f"missed by {self.ratio / self.target - 1:.0%}"
        )


def p1_once(kind: str, directory: Path, args: argparse.Namespace, seed: int) -> P1Run:
    """The command mix through CoCreation, then the same events through bare eventsourcing."""
    with store(kind, directory) as env:
        app = CoCreation(env=env)
        started = time.perf_counter()
        refused = run_mix(app, args.p1_actions, args.p1_per_initiative, seed=seed)
        ours = time.perf_counter() - started
        shape = event_shape(app)
        app.close()
    with store(kind, directory) as env:
        bare = BareApp(env={**env, **SAME_CACHE})
        theirs = timed(lambda: bare_save(bare, shape))
        bare.close()
    return P1Run(ours, theirs, len(shape), refused, sum(s for _, _, s in shape) / len(shape))


@dataclass
class P1Run:
    ours: float
    theirs: float
    events: int
    refused: int
    mean_size: float


def p1(args: argparse.Namespace, directory: Path) -> tuple[list[Result], list[str]]:
    results = []
    for kind in ("popo", "sqlite"):
        runs = [p1_once(kind, directory, args, seed) for seed in range(args.repeat)]
        last = runs[-1]
        note = (
            f"{args.p1_actions} actions, {last.events} events, {last.refused} refused commands;"
            f" mean event {last.mean_size:.0f} bytes"
        )
        ours, theirs = best([r.ours for r in runs]), best([r.theirs for r in runs])
        results.append(Result(f"P1 command path, {kind}", ours, theirs, 1.2, note))
    return results, []


# --- P2 --------------------------------------------------------------------------------------


UUID_HEX = re.compile(rb"[0-9a-f]{32}")


def template_events(actions: int, seed: int) -> list[StoredEvent]:
    """The stored events of one busy initiative, driven through the command mix."""
    app = CoCreation(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    run_mix(app, actions, actions, seed)
    return [
        StoredEvent(n.originator_id, n.originator_version, n.topic, n.state)
        for n in app.recorder.select_notifications(start=1, limit=10**9)
    ]


class Renamer:
    """Gives every id it meets a new one, the same new one each time it meets it again."""

    def __init__(self) -> None:
        self.mapping: dict[bytes, bytes] = {}

    def hex(self, old: bytes) -> bytes:
        return self.mapping.setdefault(old, uuid4().hex.encode())

    def __call__(self, match: re.Match[bytes]) -> bytes:
        return self.hex(match.group())


def fill(path: Path, template: list[StoredEvent], count: int) -> int:
    """Store ``count`` events in a new SQLite file: copies of the template initiative, each
    with every id replaced by a new one (so each copy is a separate initiative)."""
    app = CoCreation(env=sqlite_env(str(path)))
    written = 0
    batch: list[StoredEvent] = []
    while written < count:
        fresh = Renamer()
        for stored in template:
            if written >= count:
                break
            originator = UUID(fresh.hex(UUID(str(stored.originator_id)).hex.encode()).decode())
            state = UUID_HEX.sub(fresh, stored.state)
            batch.append(StoredEvent(originator, stored.originator_version, stored.topic, state))
            written += 1
            if len(batch) >= 10_000:
                app.recorder.insert_events(batch)
                batch = []
    if batch:
        app.recorder.insert_events(batch)
    app.close()
    return written


def projections_available() -> bool:
    """Whether the package's read models exist (they are built by another part of the work)."""
    return importlib.util.find_spec("cocreation_domain.projections") is not None


class Deadline(Exception):
    """A measurement ran out of its time budget."""


def status_fold(app: Application[UUID], batch_size: int, tick: Callable[[int], None]) -> object:
    """A simple status fold: per aggregate, its event count, state and last business date."""
    status: dict[UUID, dict[str, Any]] = {}
    position = 0
    while True:
        notifications = app.recorder.select_notifications(
            start=position, limit=batch_size, inclusive_of_start=False
        )
        if not notifications:
            return status
        for n in notifications:
            e = app.mapper.to_domain_event(n)
            entry = status.setdefault(e.originator_id, {"events": 0})
            entry["events"] += 1
            entry["last"] = getattr(e, "occurred_on", None)
            if hasattr(e, "state"):
                entry["state"] = e.state
        position = notifications[-1].id
        tick(position)


def read_and_decode(app: Application[UUID], batch_size: int, tick: Callable[[int], None]) -> int:
    """Read and decode every event, in batches, keeping nothing: bare eventsourcing's part."""
    count = position = 0
    while True:
        notifications = app.recorder.select_notifications(
            start=position, limit=batch_size, inclusive_of_start=False
        )
        if not notifications:
            return count
        for n in notifications:
            app.mapper.to_domain_event(n)
            count += 1
        position = notifications[-1].id
        tick(position)


def peak_kib() -> int:
    """This process's peak resident memory in KiB.

    Linux's ``VmHWM`` starts afresh when a program is executed; ``ru_maxrss`` would carry
    the peak of the benchmark process that forked this one.
    """
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(kind: str, path: str, batch_size: int, deadline: float) -> None:
    """Run one P2 measurement in this fresh process; print its time, reach, progress curve
    and peak RSS as JSON."""
    started = time.perf_counter()
    curve: list[tuple[int, float]] = []

    def tick(position: int) -> None:
        elapsed = time.perf_counter() - started
        curve.append((position, elapsed))
        if elapsed > deadline:
            raise Deadline

    finished = True
    try:
        if kind == "bare":
            read_and_decode(BareApp(env=sqlite_env(path)), batch_size, tick)
        elif kind == "status":
            status_fold(CoCreation(env=sqlite_env(path)), batch_size, tick)
        else:
            from cocreation_domain.projections import ViewFold, rebuild

            rebuild(
                CoCreation(env=sqlite_env(path)),
                ViewFold(),
                batch_size=batch_size,
                progress=lambda position, _last: tick(position),
            )
    except Deadline:
        finished = False
    seconds = time.perf_counter() - started
    report = {"seconds": seconds, "finished": finished, "peak_kib": peak_kib(), "curve": curve}
    print(json.dumps(report))


@dataclass
class Run:
    seconds: float
    finished: bool
    peak_kib: int
    curve: list[tuple[int, float]]

    @property
    def reached(self) -> int:
        return self.curve[-1][0] if self.curve else 0

    def halves(self) -> float:
        """Time for the second half of the events reached over time for the first half (1.0
        when every event costs the same, 3.0 when the cost grows in proportion)."""
        half = self.reached // 2
        at_half = next(t for position, t in self.curve if position >= half)
        return (self.curve[-1][1] - at_half) / at_half


def measure(kind: str, path: Path, batch_size: int, deadline: float) -> Run:
    """One measurement in a child process (its own interpreter, so its peak RSS is its own)."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path), str(batch_size), str(deadline)],
        capture_output=True,
        text=True,
        check=True,
    )
    return Run(**json.loads(out.stdout.strip().splitlines()[-1]))


def idle_peak_kib() -> int:
    """The peak RSS of a child that imports everything and measures nothing."""
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); import run; "
            "import eventsourcing.sqlite, cocreation_domain.projections; print(run.peak_kib())",
            str(Path(__file__).parent),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip())


LABELS = {"ours": "P2 rebuild (the package's projections)", "status": "P2 status fold"}


def p2(args: argparse.Namespace, directory: Path) -> tuple[list[Result], list[str]]:
    """Rebuild from N and 2N events vs bare read+decode, runs of each kind interleaved."""
    template = template_events(args.p2_template_actions, seed=7)
    small, large = args.p2_events, 2 * args.p2_events
    paths = {n: directory / f"p2-{n}.sqlite" for n in (small, large)}
    for n, path in paths.items():
        fill(path, template, n)
    fold = "ours" if projections_available() else "status"
    kinds = ["bare", fold, "status"] if fold == "ours" else ["bare", fold]
    runs: dict[tuple[str, int], Run] = {}
    hopeless: set[str] = set()  # hit the deadline at N: 2N would too, and tell nothing more
    for n, path in paths.items():
        for repeat in range(args.repeat):
            for kind in kinds:
                previous = runs.get((kind, n))
                if kind in hopeless or (previous and previous.seconds > args.p2_deadline / 4):
                    continue  # one run of a slow measurement is enough: noise is no matter
                run = measure(kind, path, args.batch_size, args.p2_deadline)
                if previous is None or run.seconds < previous.seconds:
                    runs[kind, n] = run
                stop = "" if run.finished else " (stopped at the deadline)"
                print(
                    f"  P2 {kind} {n:,} run {repeat + 1}: {run.seconds:.1f} s, "
                    f"{run.reached:,} events{stop}",
                    flush=True,
                )
        hopeless |= {k for k in kinds if (k, n) in runs and not runs[k, n].finished}
    results: list[Result] = []
    notes: list[str] = []
    setup = f"batches of {args.batch_size}; {len(template)}-event initiatives"
    for kind in kinds[1:]:
        target = 1.0 if kind == fold else None
        label = LABELS[kind]
        for n in (small, large):
            ours, bare = runs.get((kind, n)), runs["bare", n]
            if ours is None:
                notes.append(
                    f"{label}, {n:,} events: not run, the rebuild of {small:,} "
                    f"events did not finish within {args.p2_deadline:.0f} s"
                )
                continue
            note = setup
            if not ours.finished:
                note += (
                    f"; stopped after {ours.seconds:.0f} s at event {ours.reached:,} of "
                    f"{n:,}: the ratio is a lower bound"
                )
            results.append(
                Result(
                    f"{label} vs read+decode, {n:,} events",
                    ours.seconds,
                    bare.seconds,
                    target,
                    note,
                )
            )
        if (kind, large) in runs and runs[kind, small].finished and runs[kind, large].finished:
            results.append(
                Result(
                    f"{label} linearity, {large:,} vs {small:,} events (time per event)",
                    runs[kind, large].seconds / large,
                    runs[kind, small].seconds / small,
                    target,
                    "ideal 1.0",
                )
            )
        longest = runs.get((kind, large)) or runs[kind, small]
        notes.append(
            f"{label}: the second half of the {longest.reached:,} events it read "
            f"took {longest.halves():.2f}x the time of the first half (1.0 when "
            "linear; bare read+decode: "
            f"{runs['bare', large].halves():.2f}x)"
        )
        for n in (small, large):
            if (kind, n) in runs:
                run = runs[kind, n]
                notes.append(
                    f"{label} peak RSS, {n:,} events: {run.peak_kib / 1024:.0f} MiB"
                    f"{'' if run.finished else f' (at event {run.reached:,})'}; "
                    f"bare read+decode {runs['bare', n].peak_kib / 1024:.0f} MiB"
                )
    notes.append(
        f"P2 peak RSS of an idle interpreter importing the same packages: "
        f"{idle_peak_kib() / 1024:.0f} MiB"
    )
    return results, notes


# --- P3 --------------------------------------------------------------------------------------


def grown(app: CoCreation, rng: random.Random, events: int) -> UUID:
    """A platform of a new initiative, driven through the mix until it has ``events`` events."""
    initiative = Initiative(app, rng)
    del initiative.platforms[1:]  # every action on the first platform
    platform = initiative.platforms[0]
    while app.get_platform(platform).version < events:
        initiative.step()
    return platform


def snapshot_bytes(app: CoCreation, aggregate: UUID) -> int:
    """The stored size of the latest snapshot of ``aggregate``."""
    assert app.snapshots is not None
    (latest,) = app.snapshots.get(aggregate, desc=True, limit=1)
    return len(app.mapper.to_stored_event(latest).state)


def p3(args: argparse.Namespace, directory: Path) -> tuple[list[Result], list[str]]:
    path = directory / "p3.sqlite"
    env = {**sqlite_env(str(path)), "SNAPSHOT_INTERVAL": f"Platform={args.snapshot_interval}"}
    app = CoCreation(env=env)
    rng = random.Random(3)
    large_id, small_id = (grown(app, rng, n) for n in (args.p3_events, args.p3_small))
    versions = (app.get_platform(large_id).version, app.get_platform(small_id).version)
    reader = CoCreation(env={**env, "AGGREGATE_CACHE_MAXSIZE": ""})  # cold loads: no cache
    warm = CoCreation(env=env)  # the default aggregate cache, filled by a first load
    warm.get_platform(large_id)
    warm.get_platform(small_id)

    def load(app: CoCreation, platform: UUID) -> Callable[[], object]:
        return lambda: [app.get_platform(platform) for _ in range(args.p3_loads)]

    runs: dict[tuple[str, str], list[float]] = {}
    for _ in range(max(args.repeat, 5)):  # cheap: more runs, less noise
        for kind, app_ in (("cold", reader), ("warm", warm)):
            for size, platform_id in (("large", large_id), ("small", small_id)):
                runs.setdefault((kind, size), []).append(timed(load(app_, platform_id)))
    platform = reader.get_platform(large_id)
    note = (
        f"{versions[0]:,} vs {versions[1]} events, snapshot every {args.snapshot_interval}; "
        f"state of the large one: {len(platform.ripples)} ripples, "
        f"{sum(len(g.progress) for g in platform.goals.values())} progress notes, "
        f"{len(platform.reality_checks)} reality checks; latest snapshot "
        f"{snapshot_bytes(reader, large_id) / 1024:.0f} KiB"
    )
    for each in (app, reader, warm):
        each.close()
    name = f"P3 load {versions[0]:,}-event vs {versions[1]}-event platform"
    return [
        Result(
            f"{name} (cold: snapshot and events from the store)",
            best(runs["cold", "large"]),
            best(runs["cold", "small"]),
            2.0,
            note,
        ),
        Result(
            f"{name} (warm: the default aggregate cache, fast-forwarded)",
            best(runs["warm", "large"]),
            best(runs["warm", "small"]),
            None,
            "a running service's loads; the cache is on by default",
        ),
    ], []


# --- P4 --------------------------------------------------------------------------------------


class PlainPlatform(Aggregate):
    """The platform's state without its rule tables: no lifecycle, no rules, no commands."""


def p4(args: argparse.Namespace, directory: Path) -> tuple[list[Result], list[str]]:
    app = CoCreation()
    rng = random.Random(4)
    events = list(app.events.get(grown(app, rng, args.p4_events)))
    created = events[0]
    plain_created = type(created).__new__(type(created))
    object.__setattr__(
        plain_created, "__dict__", {**vars(created), "originator_topic": get_topic(PlainPlatform)}
    )
    plain_events = [plain_created, *events[1:]]
    ours: Any = project_aggregate(None, events)
    plain: Any = project_aggregate(None, plain_events)
    assert type(ours) is Platform
    assert type(plain) is PlainPlatform
    assert vars(ours) == vars(plain), "the same events must give the same state"

    def replay(stream: list[Any]) -> Callable[[], object]:
        return lambda: [project_aggregate(None, stream) for _ in range(args.p4_replays)]

    ours_runs, plain_runs = [], []
    for _ in range(max(args.repeat, 5)):  # cheap: more runs, less noise
        ours_runs.append(timed(replay(events)))
        plain_runs.append(timed(replay(plain_events)))
    note = f"{len(events)} events replayed {args.p4_replays} times, in memory (decoding excluded)"
    name = "P4 replay Platform vs plain aggregate"
    return [Result(name, best(ours_runs), best(plain_runs), 1.05, note)], []


# --- report ----------------------------------------------------------------------------------


# --- tamper evidence (issue 12) ----------------------------------------------------------------

UNSEALED = {
    "popo": "eventsourcing.popo:POPOApplicationRecorder",
    "sqlite": "eventsourcing.sqlite:SQLiteApplicationRecorder",
}
"""eventsourcing's own recorders: CoCreation with one of these stores without sealing."""


class SealTimer:
    """Time spent inside the SQLite recorder's sealing step (read the last seal, chain, insert
    the seals), summed over the saves of a run."""

    seconds = 0.0
    saves = 0


class TimedSealedSQLiteRecorder(SealedSQLiteRecorder):
    """The sealed SQLite recorder, adding the time of each sealing step to ``SealTimer``."""

    def _seal(self, c: Any, positions: Any, stored_events: Any) -> None:
        started = time.perf_counter()
        super()._seal(c, positions, stored_events)
        SealTimer.seconds += time.perf_counter() - started
        SealTimer.saves += 1


def mix_seconds(
    kind: str, directory: Path, args: argparse.Namespace, seed: int, sealed: bool
) -> float:
    """The P1 command mix through CoCreation on a fresh store, sealed or not (SQLite, sealed:
    through the timed recorder, so ``SealTimer`` holds the sealing step's share)."""
    with store(kind, directory) as env:
        if not sealed:
            env = {**env, "APPLICATION_RECORDER_TOPIC": UNSEALED[kind]}
        elif kind == "sqlite":
            env = {**env, "APPLICATION_RECORDER_TOPIC": get_topic(TimedSealedSQLiteRecorder)}
        app = CoCreation(env=env)
        seconds = timed(lambda: run_mix(app, args.p1_actions, args.p1_per_initiative, seed=seed))
        app.close()
    return seconds


def bare_read(path: Path, batch_size: int) -> int:
    """Bare eventsourcing reading every notification of an SQLite file, in batches."""
    app = BareApp(env=sqlite_env(str(path)))
    count = position = 0
    while True:
        notifications = app.recorder.select_notifications(
            start=position, limit=batch_size, inclusive_of_start=False
        )
        if not notifications:
            break
        count += len(notifications)
        position = notifications[-1].id
    app.close()
    return count


def raw_scan(path: Path) -> int:
    """sqlite3 reading every event row as plain tuples: the floor under any reader."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        return sum(1 for _ in db.execute("SELECT rowid, * FROM stored_events ORDER BY rowid"))


def verify_store(path: Path) -> int:
    """cocreation_domain.sealing.verify over the whole file (read only)."""
    app = CoCreation(env={**sqlite_env(str(path)), "CREATE_TABLE": "false"})
    result = verify(app)
    app.close()
    if not result.ok:
        raise RuntimeError(result.summary())
    return result.events


def paired(pairs: list[tuple[float, float]]) -> str:
    """Min and median of the per-pair ratios."""
    ratios = sorted(a / b for a, b in pairs)
    median = ratios[len(ratios) // 2]
    return f"pair ratios min {ratios[0]:.2f}x, median {median:.2f}x ({len(ratios)} pairs)"


def sealing(args: argparse.Namespace, directory: Path) -> tuple[list[Result], list[str]]:
    """The cost of sealing on the command path, and verification vs bare reading."""
    results: list[Result] = []
    for kind in ("popo", "sqlite"):
        mix_seconds(kind, directory, args, args.repeat, sealed=False)  # warm-up, not counted
        SealTimer.seconds, SealTimer.saves = 0.0, 0
        pairs = []
        for seed in range(args.repeat):  # alternate which goes first
            order = (True, False) if seed % 2 == 0 else (False, True)
            got = {s: mix_seconds(kind, directory, args, seed, s) for s in order}
            pairs.append((got[True], got[False]))
        note = f"same {args.p1_actions}-action mix, sealed vs eventsourcing's recorder; " + paired(
            pairs
        )
        if kind == "sqlite" and SealTimer.saves:
            share = SealTimer.seconds / sum(p[0] for p in pairs)
            per_save = SealTimer.seconds / SealTimer.saves * 1e6
            note += f"; the sealing step: {share:.1%} of the sealed runs, {per_save:.0f} us a save"
        sealed, plain = min(p[0] for p in pairs), min(p[1] for p in pairs)
        results.append(Result(f"P1 cost of sealing, {kind}", sealed, plain, None, note))
    template = template_events(args.p2_template_actions, seed=7)
    path = directory / "sealed.sqlite"
    events = fill(path, template, args.seal_events)
    reads, scans = [], []
    for repeat in range(args.repeat):
        measured = {}
        for name, work in (
            ("bare", lambda: bare_read(path, args.batch_size)),
            ("verify", lambda: verify_store(path)),
            ("raw", lambda: raw_scan(path)),
        ):
            measured[name] = timed(work)
        print(
            f"  verify {events:,} run {repeat + 1}: verify {measured['verify']:.2f} s, bare read "
            f"{measured['bare']:.2f} s, raw scan {measured['raw']:.2f} s",
            flush=True,
        )
        reads.append((measured["verify"], measured["bare"]))
        scans.append((measured["verify"], measured["raw"]))
    results.append(
        Result(
            f"verify {events:,} events vs bare eventsourcing read, sqlite",
            min(v for v, _ in reads),
            min(b for _, b in reads),
            1.5,
            f"bare read in batches of {args.batch_size}; " + paired(reads),
        )
    )
    results.append(
        Result(
            f"verify {events:,} events vs raw sqlite3 scan (no target)",
            min(v for v, _ in scans),
            min(r for _, r in scans),
            None,
            "what joining the seals and hashing costs over reading rows; " + paired(scans),
        )
    )
    return results, []


def machine() -> list[str]:
    """What the numbers were measured on."""
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        models = [
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = models[0] if models else cpu
    packages = ("eventsourcing", "transitions", "attrs", "orjson")
    return [
        f"machine: {os.cpu_count()} CPUs ({cpu}), {host.system()} {host.release()}",
        f"python: {sys.version.split()[0]} ({host.python_implementation()})",
        "versions: "
        + ", ".join(f"{p} {package_version(p)}" for p in packages)
        + f", SQLite {sqlite3.sqlite_version}",
        f"commit: {_commit()}",
    ]


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parent,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def table(results: list[Result]) -> list[str]:
    lines = [
        "| measurement | ours (s) | baseline (s) | ratio | target | verdict |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        target = f"<= {r.target}" if r.target is not None else ""
        cells = [r.name, f"{r.ours:.4g}", f"{r.theirs:.4g}", f"{r.ratio:.2f}x", target, r.verdict]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each timing; the best counts"
    )
    parser.add_argument("--p1-actions", type=int, default=3000, help="business actions in P1")
    parser.add_argument(
        "--p1-per-initiative", type=int, default=500, help="actions per initiative in P1"
    )
    parser.add_argument(
        "--p2-events", type=int, default=200_000, help="events in P2 (and twice that)"
    )
    parser.add_argument(
        "--p2-template-actions", type=int, default=600, help="actions in each copied initiative"
    )
    parser.add_argument("--batch-size", type=int, default=500, help="events read per query in P2")
    parser.add_argument(
        "--p2-deadline",
        type=float,
        default=120.0,
        help="seconds after which a P2 rebuild stops (its ratio becomes a bound)",
    )
    parser.add_argument(
        "--child", nargs=4, metavar=("KIND", "PATH", "BATCH", "DEADLINE"), help=argparse.SUPPRESS
    )
    parser.add_argument(
        "--p3-events", type=int, default=10_000, help="events of the large platform"
    )
    parser.add_argument("--p3-small", type=int, default=10, help="events of the small platform")
    parser.add_argument("--p3-loads", type=int, default=20, help="loads per P3 timing")
    parser.add_argument(
        "--snapshot-interval", type=int, default=100, help="platform snapshot interval"
    )
    parser.add_argument("--p4-events", type=int, default=2000, help="events replayed in P4")
    parser.add_argument("--p4-replays", type=int, default=20, help="replays per P4 timing")
    parser.add_argument(
        "--seal-events", type=int, default=200_000, help="events verified in the sealing bench"
    )
    parser.add_argument(
        "--only",
        choices=["p1", "p2", "p3", "p4", "seal"],
        action="append",
        help="run only these",
    )
    parser.add_argument("--markdown", type=Path, help="also write the results as Markdown here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    if args.child:
        kind, path, batch, deadline = args.child
        child(kind, path, int(batch), float(deadline))
        return
    chosen = set(args.only or ["p1", "p2", "p3", "p4", "seal"])
    command = "python benchmarks/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
    header = [*machine(), f"command: {command.strip()}"]
    print("\n".join(header), flush=True)
    results: list[Result] = []
    notes: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cocreation-bench-") as tmp:
        directory = Path(tmp)
        for name, bench in (("p1", p1), ("p3", p3), ("p4", p4), ("p2", p2), ("seal", sealing)):
            if name in chosen:
                found, found_notes = bench(args, directory)
                for r in found:
                    results.append(r)
                    print(f"{r.name}: {r.ratio:.2f}x {r.verdict} -- {r.unit_note}", flush=True)
                notes.extend(found_notes)
                print("\n".join(found_notes), flush=True)
    notes.append(f"total benchmark time: {time.perf_counter() - started:.0f} s")
    report = [*table(results), "", *notes]
    print("\n" + "\n".join(report))
    if args.markdown is not None:
        args.markdown.write_text("\n".join([*(f"- {h}" for h in header), "", *report, ""]))


if __name__ == "__main__":
    main()
