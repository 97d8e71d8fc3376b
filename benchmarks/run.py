"""Benchmarks of cocreation_domain against bare eventsourcing (run by ``nox -s bench``).

Every figure is a ratio of two timings measured side by side in this run, so the machine's
speed cancels out:

- P1 command path, paired: in each round both sides run the same seed, and the round's ratio
  is ours / bare; the min and median of ``max(--repeat, 5)`` rounds are reported. Ours is a
  realistic command mix through ``CoCreation``; bare eventsourcing stores the same events
  (the same field values, encoded by its own JSON transcoder) in the same saves (one save per
  save of ours, each aggregate got from its repository, triggered, saved), with the same
  aggregate cache. On POPO, on an SQLite file on a RAM disk (``/dev/shm``: flush latency
  does not hide the library's cost) and on an SQLite file on disk. Target <= 1.0.
- P2 rebuilding every read model from N events on an SQLite file vs bare eventsourcing
  reading and decoding the same events; 2N vs N for linearity. Target <= 1.0.
- P3 loading a platform with 10,000 events vs one with 100 (snapshots on), in milliseconds
  per load beside the ratio; the snapshot's size (target <= 16 KiB). Target <= 1.5. And the
  replay cost per event of a 100,000-event platform vs a 1,000-event one (target <= 1.1).
- P4 replaying the platform's events on ``Platform`` vs bare eventsourcing replaying the same
  field values on an aggregate whose ``apply`` is one assignment: the cost of the rule tables
  and of the ``apply`` bodies. Target <= 1.05.
- P1 validation cost: the same mix through ``CoCreation`` with every check, without
  ``@command``'s argument checks, and without those and the value objects' validators, run
  in turn (rotating order) with the same seed, timed in process CPU time. Target <= 1.05.
- Cost of sealing personal data (R-PII-3), ``--only seal``: the P1 command mix, and a rebuild
  of every read model from the events it stored, through ``CoCreation`` (person events sealed
  with per-person keys) vs the same application storing them in plaintext, runs alternating.
  Target for P1 <= 1.05.
- Tamper evidence (issue 12), ``--only verify``: the P1 mix through sealed vs unsealed
  ``CoCreation`` (the cost of sealing on the command path, no target), and
  ``sealing.verify`` over N events of an SQLite file vs bare eventsourcing reading them
  (``select_notifications`` in batches). Target <= 1.5.
- Peak memory of P2: each P2 measurement runs in its own process, whose peak RSS is reported
  (with that of an idle process importing the same packages, for comparison). Target <= 2.
- P5 the read side: the projection runner's first catch-up (storing every view as rows) vs
  ``rebuild`` of the same store (target <= 1.2), both linear (time per event at 2N vs N,
  target <= 1.1); a warm read of one initiative's status (views current) at N events against
  a 20 ms budget; and the status of one initiative in a store of 1,000 initiatives vs the same
  in a store holding only it (target <= 1.5).

Sizes default to the issue's and can be changed by flags (``--help``); nothing here asserts
a time. ``--markdown FILE`` also writes the result table as Markdown.

To add a row, write a function ``pN(args, directory) -> (results, notes)`` and name it in
``BENCHES``; a :class:`Result` holds the two timings (or the paired rounds) and the target.
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
from functools import partial
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
from cocreation_domain.model.checks import EARLIEST
from cocreation_domain.sealing import verify
from cocreation_domain.sealing.recorders import SealedSQLiteRecorder
from cocreation_domain.testing import Scenario
from cocreation_domain.testing.scenario import sample_goals
from cocreation_domain.transcodings import register_transcodings

START = date(2025, 1, 6)
EARLIEST_DAY = EARLIEST
"""The earliest business date the library accepts (a long story starts there)."""


# --- the realistic command mix --------------------------------------------------------------


class Initiative:
    """One initiative in phase 6: three platforms of overlapping actors, a year of work.

    ``step`` issues one business action (one to three commands) drawn from a fixed mix:
    ripples, goal progress, reality checks, platform meetings (plan, invite, hold), sparring,
    standby and resume, new coordinators, revised and reached goals, ripples on the
    initiative and contact updates. Refused commands (e.g. progress on a platform on
    standby) are part of the mix, as they are in real use.
    """

    def __init__(
        self, app: CoCreation, rng: random.Random, actors: int = 6, start: date = START
    ) -> None:
        self.app = app
        self.rng = rng
        s = self.s = Scenario.start(app, actors=actors, today=start)
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


class Mirror(Aggregate):
    """Bare eventsourcing's shape of one of our aggregates: every event carries the same field
    values as ours, and ``apply`` is one assignment."""

    class Started(Aggregate.Created):
        fields: dict[str, Any]

    class Happened(Aggregate.Event):
        fields: dict[str, Any]

        def apply(self, aggregate: Aggregate) -> None:
            aggregate.fields = self.fields  # type: ignore[attr-defined]

    def __init__(self, fields: dict[str, Any]) -> None:
        self.fields = fields

    def happen(self, fields: dict[str, Any]) -> None:
        self.trigger_event(self.Happened, fields=fields)


OWN_FIELDS = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic"})


def fields_of(event: Any) -> dict[str, Any]:
    """The event's own field values (what a bare event of the same content carries)."""
    return {k: v for k, v in vars(event).items() if k not in OWN_FIELDS}


def mirrored(events: list[Any]) -> list[Any]:
    """Our events as bare eventsourcing events of a :class:`Mirror` (same ids, versions and
    field values)."""
    mirror: list[Any] = []
    for event in events:
        kind: Any = Mirror.Started if event.originator_version == 1 else Mirror.Happened
        values: dict[str, Any] = {
            "originator_id": event.originator_id,
            "originator_version": event.originator_version,
            "timestamp": event.timestamp,
            "fields": fields_of(event),
        }
        if kind is Mirror.Started:
            values["originator_topic"] = get_topic(Mirror)
        mirror.append(kind(**values))
    return mirror


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
    """One row: our timing, the baseline's, the target ratio and what was measured.

    With ``pairs`` (the ratios of paired rounds) the row's ratio is their median; otherwise
    it is ``ours / theirs``.
    """

    name: str
    ours: float
    theirs: float
    target: float | None
    unit_note: str
    pairs: tuple[float, ...] = ()

    @property
    def ratio(self) -> float:
        if self.pairs:
            return median(list(self.pairs))
        return self.ours / self.theirs

    @property
    def verdict(self) -> str:
        if self.target is None:
            return ""
        return (
            "met" if self.ratio <= self.target else f"missed by {self.ratio / self.target - 1:.0%}"
        )


class Recording(CoCreation):
    """CoCreation that remembers the events of each of its saves, in order."""

    name = "CoCreation"

    def __init__(self, env: dict[str, str]) -> None:
        super().__init__(env=env)
        self.saves: list[list[Any]] = []

    def _record(self, processing_event: Any) -> Any:
        recordings = super()._record(processing_event)
        self.saves.append(list(processing_event.events))
        return recordings


def bare_commands(app: BareApp, saves: list[list[Any]]) -> None:
    """Bare eventsourcing's canonical command per save of ours: get each aggregate (or create
    it), trigger an event with the same field values, save them together."""
    for events in saves:
        touched: dict[UUID, Mirror] = {}
        for event in events:
            if event.originator_version == 1:
                touched[event.originator_id] = Mirror._create(
                    Mirror.Started, id=event.originator_id, fields=fields_of(event)
                )
                continue
            aggregate = touched.get(event.originator_id)
            if aggregate is None:
                aggregate = touched[event.originator_id] = app.repository.get(event.originator_id)
            aggregate.happen(fields_of(event))
        app.save(*touched.values())


@dataclass
class P1Run:
    ours: float
    theirs: float
    events: int
    saves: int
    bare_saves: int
    refused: int
    mean_size: float
    bare_mean_size: float

    @property
    def ratio(self) -> float:
        return self.ours / self.theirs


def mean_size(app: Application[UUID]) -> float:
    sizes = [len(n.state) for n in app.recorder.select_notifications(start=1, limit=10**9)]
    return sum(sizes) / max(len(sizes), 1)


def p1_once(kind: str, directory: Path, args: argparse.Namespace, seed: int) -> P1Run:
    """One round: the command mix through CoCreation, then the same saves through bare
    eventsourcing, both with the same seed."""
    with store(kind, directory) as env:
        app = Recording(env=env)
        gc.collect()
        started = time.perf_counter()
        refused = run_mix(app, args.p1_actions, args.p1_per_initiative, seed=seed)
        ours = time.perf_counter() - started
        saves = app.saves
        events = sum(len(events) for events in saves)
        ours_size = mean_size(app)
        app.close()
    with store(kind, directory) as env:
        bare = BareApp(env={**env, **SAME_CACHE})
        counted: list[int] = []
        record = bare._record

        def counting(processing_event: Any) -> Any:
            counted.append(1)
            return record(processing_event)

        bare._record = counting  # type: ignore[method-assign]
        theirs = timed(lambda: bare_commands(bare, saves))
        bare_size = mean_size(bare)
        bare.close()
    return P1Run(ours, theirs, events, len(saves), len(counted), refused, ours_size, bare_size)


def ram_directory(directory: Path) -> Path | None:
    """A directory on a RAM disk (``/dev/shm``), or None where there is none."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or not os.access(shm, os.W_OK):
        return None
    ram = shm / directory.name
    ram.mkdir(exist_ok=True)
    return ram


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def p1(args: argparse.Namespace, directory: Path) -> tuple[list[Result], list[str]]:
    results = []
    ram = ram_directory(directory)
    stores = [("popo", "POPO", directory), ("sqlite", "SQLite file on disk", directory)]
    if ram is not None:
        stores.insert(1, ("sqlite", "SQLite file on a RAM disk", ram))
    for kind, label, where in stores:
        pairs = [p1_once(kind, where, args, seed) for seed in range(max(args.repeat, 5))]
        last = pairs[-1]
        ratios = [r.ratio for r in pairs]
        note = (
            f"{len(pairs)} paired rounds: ratio min {min(ratios):.2f}x, median "
            f"{median(ratios):.2f}x; last round {args.p1_actions} actions, {last.events} events "
            f"in {last.saves} saves (bare: {last.bare_saves}), {last.refused} refused commands; "
            f"mean stored event {last.mean_size:.0f} bytes (bare {last.bare_mean_size:.0f})"
        )
        results.append(
            Result(
                f"P1 command path, {label}",
                median([r.ours for r in pairs]),
                median([r.theirs for r in pairs]),
                1.0,
                note,
                pairs=tuple(ratios),
            )
        )
    if ram is not None:
        with contextlib.suppress(OSError):
            ram.rmdir()
    return results, []


# --- P1 validation cost ------------------------------------------------------------------------


class Unchecked(CoCreation):
    """CoCreation without ``@command``'s argument checks (to measure what they cost)."""

    _check_arguments = False


def p1_checks_once(kind: str, directory: Path, args: argparse.Namespace, seed: int) -> list[float]:
    """The P1 mix three ways: every check on; argument checks off; argument checks and
    value-object validators off (``attrs.validators.set_disabled``). The order rotates with
    ``seed`` so no variant always runs first; each timing is the process's CPU time, which a
    loaded machine disturbs far less than the wall clock (the variants differ only in CPU
    work)."""
    variants = ((CoCreation, True), (Unchecked, True), (Unchecked, False))
    timings = [0.0, 0.0, 0.0]
    for step in range(3):
        index = (seed + step) % 3
        app_class, validators = variants[index]
        with store(kind, directory) as env:
            app = app_class(env=env)
            attrs.validators.set_disabled(not validators)
            try:
                started = time.process_time()
                run_mix(app, args.p1_actions, args.p1_per_initiative, seed=seed)
                timings[index] = time.process_time() - started
            finally:
                attrs.validators.set_disabled(False)
                app.close()
    return timings


def p1_checks(args: argparse.Namespace, directory: Path) -> tuple[list[Result], list[str]]:
    """What validation at the boundary costs on the P1 command path (target <= 1.05)."""
    results = []
    for kind in ("popo", "sqlite"):
        runs = [p1_checks_once(kind, directory, args, seed) for seed in range(args.repeat)]
        checked, unchecked, bare = (best([r[i] for r in runs]) for i in range(3))
        note = f"{args.p1_actions} actions, CPU time, order rotated, best of {args.repeat}"
        results.append(
            Result(f"P1 argument checks, {kind}", checked, unchecked, 1.05, note + "; vs off")
        )
        results.append(
            Result(
                f"P1 all validation, {kind}",
                checked,
                bare,
                1.05,
                note + "; vs argument checks and value-object validators off",
            )
        )
    return results, []


# --- the cost of sealing personal data ------------------------------------------------------


class PlainCoCreation(CoCreation):
    """``CoCreation`` with eventsourcing's plain mapper: person events stored in plaintext
    (the baseline that shows what sealing costs; never a way to run the library)."""

    def construct_mapper(self) -> Any:
        from cocreation_domain.personal_data import MemoryKeyStore

        self.key_store = MemoryKeyStore()
        return self.factory.mapper(transcoder=self.construct_transcoder())


def seal_costs(args: argparse.Namespace, directory: Path) -> tuple[list[Result], list[str]]:
    """P1 (the command mix) and a read-model rebuild, sealed vs plaintext, alternating."""
    from cocreation_domain.projections import ViewFold, rebuild

    results: list[Result] = []
    notes: list[str] = []
    classes: list[type[CoCreation]] = [CoCreation, PlainCoCreation]
    for kind in ("popo", "sqlite"):
        mix: dict[type[CoCreation], list[float]] = {c: [] for c in classes}
        for seed in range(args.repeat):
            for cls in classes:
                with store(kind, directory) as env:
                    app = cls(env=env)
                    mix[cls].append(
                        timed(partial(run_mix, app, args.p1_actions, args.p1_per_initiative, seed))
                    )
                    persons = len(
                        app.recorder.select_notifications(
                            1, 10**9, topics=("cocreation:Person.Registered",)
                        )
                    )
                    app.close()
        results.append(
            Result(
                f"P1 cost of sealing personal data, {kind}",
                best(mix[CoCreation]),
                best(mix[PlainCoCreation]),
                1.05,
                f"{args.p1_actions} actions, {persons} persons registered; sealed vs plaintext",
            )
        )
    paths = {cls: directory / f"seal-{cls.__name__}.sqlite" for cls in classes}
    events = 0
    for cls, path in paths.items():
        app = cls(env=sqlite_env(str(path)))
        run_mix(app, args.seal_rebuild_actions, args.p1_per_initiative, seed=11)
        events = app.recorder.max_notification_id() or 0
        app.close()
    rebuilds: dict[type[CoCreation], list[float]] = {c: [] for c in classes}
    for _ in range(args.repeat):
        for cls, path in paths.items():
            app = cls(env=sqlite_env(str(path)))
            rebuilds[cls].append(timed(partial(rebuild, app, ViewFold())))
            app.close()
    results.append(
        Result(
            "P2 cost of sealing personal data (rebuild every read model), sqlite",
            best(rebuilds[CoCreation]),
            best(rebuilds[PlainCoCreation]),
            None,
            f"{events:,} events; sealed vs plaintext",
        )
    )
    notes.append(
        "Sealing costs are paired against the same application storing person events in "
        "plaintext; P1 and P2 themselves stay paired against bare eventsourcing."
    )
    return results, notes


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
        elif kind == "runner":
            from cocreation_domain.projections import project

            project(  # the views stored as rows in the same file, position tracked
                CoCreation(env=sqlite_env(path)), progress=lambda position, _last: tick(position)
            )
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
        target = 0.8 if kind == fold else None
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
                    None if target is None else 1.1,
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
            if kind == fold and (kind, n) in runs and runs[kind, n].finished:
                results.append(
                    Result(
                        f"{label} peak memory vs read+decode, {n:,} events (MiB)",
                        runs[kind, n].peak_kib / 1024,
                        runs["bare", n].peak_kib / 1024,
                        2.0,
                        "peak RSS of each child process (an idle one is noted below)",
                    )
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


# --- P5: the read side -----------------------------------------------------------------------


def status_read(path: Path, initiative: UUID | None = None) -> tuple[Callable[[], object], Any]:
    """A warm read of one initiative's status from the stored rows of ``path`` (views
    current), and the application to close afterwards."""
    from cocreation_domain.projections import current_view, status_overview

    app = CoCreation(env={**sqlite_env(str(path)), "CREATE_TABLE": "false"})
    if initiative is None:
        initiative = next(iter(current_view(app, audit=False).initiatives))
    chosen = initiative

    def read() -> object:
        view = current_view(app, initiative=chosen, audit=False)
        return status_overview(view, chosen, view.initiatives[chosen].last_activity_on)

    return read, app


def p5(args: argparse.Namespace, directory: Path) -> tuple[list[Result], list[str]]:
    """The runner's first catch-up vs rebuild at N and 2N, warm reads, store-size scaling."""
    import shutil

    from cocreation_domain.projections import project
    from cocreation_domain.projections.runner import RUNNER_BATCH_SIZE

    template = template_events(args.p2_template_actions, seed=7)
    small, large = args.p2_events, 2 * args.p2_events
    results: list[Result] = []
    notes: list[str] = []
    runs: dict[tuple[str, int], Run] = {}
    copies: dict[int, Path] = {}
    for n in (small, large):
        path = directory / f"p2-{n}.sqlite"
        if not path.exists():
            fill(path, template, n)
        for repeat in range(args.repeat):
            for kind in ("ours", "runner"):
                previous = runs.get((kind, n))
                if previous and previous.seconds > args.p2_deadline / 4:
                    continue  # one run of a slow measurement is enough
                target = path
                if kind == "runner":  # a fresh copy of the events, no views stored yet
                    target = copies[n] = directory / f"p5-{n}-{repeat}.sqlite"
                    shutil.copyfile(path, target)
                run = measure(kind, target, args.batch_size, args.p2_deadline)
                if previous is None or run.seconds < previous.seconds:
                    runs[kind, n] = run
                print(
                    f"  P5 {kind} {n:,} run {repeat + 1}: {run.seconds:.1f} s, "
                    f"{run.reached:,} events{'' if run.finished else ' (deadline)'}",
                    flush=True,
                )
    for n in (small, large):
        runner, rebuilt = runs["runner", n], runs["ours", n]
        bound = "" if runner.finished and rebuilt.finished else "; stopped at the deadline"
        results.append(
            Result(
                f"P5 runner's first catch-up vs rebuild, {n:,} events",
                runner.seconds,
                rebuilt.seconds,
                1.2,
                f"runner stores rows every {RUNNER_BATCH_SIZE:,} events, rebuild reads "
                f"{args.batch_size} a query{bound}; peak RSS {runner.peak_kib / 1024:.0f} vs "
                f"{rebuilt.peak_kib / 1024:.0f} MiB",
            )
        )
    for kind, label in (("runner", "runner's first catch-up"), ("ours", "rebuild")):
        results.append(
            Result(
                f"P5 {label} linearity, {large:,} vs {small:,} events (time per event)",
                runs[kind, large].seconds / large,
                runs[kind, small].seconds / small,
                1.1,
                f"second half vs first half of {large:,}: {runs[kind, large].halves():.2f}x",
            )
        )
    read, app = status_read(copies[small])
    warm = best([timed(read) for _ in range(max(args.repeat, 20))])
    app.close()
    results.append(
        Result(
            f"P5 warm read of one initiative's status, {small:,} events (vs 20 ms)",
            warm,
            0.020,
            1.0,
            "views current: position, that initiative's rows, the persons they name",
        )
    )
    few = template_events(args.p5_template_actions, seed=11)
    one, many = directory / "p5-one.sqlite", directory / "p5-many.sqlite"
    fill(one, few, len(few))
    fill(many, few, len(few) * args.p5_initiatives)
    for path in (one, many):
        app = CoCreation(env=sqlite_env(str(path)))
        project(app)
        app.close()
    read_one, app_one = status_read(one)
    from cocreation_domain.projections import current_view

    app_many = CoCreation(env={**sqlite_env(str(many)), "CREATE_TABLE": "false"})
    last = next(reversed(current_view(app_many, audit=False).initiatives))
    app_many.close()
    read_many, app_many = status_read(many, last)
    timings: dict[str, list[float]] = {"one": [], "many": []}
    for _ in range(max(args.repeat, 20)):
        timings["one"].append(timed(read_one))
        timings["many"].append(timed(read_many))
    app_one.close()
    app_many.close()
    results.append(
        Result(
            f"P5 status of one initiative: store of {args.p5_initiatives:,} initiatives vs one",
            best(timings["many"]),
            best(timings["one"]),
            1.5,
            f"{len(few)}-event initiatives ({len(few) * args.p5_initiatives:,} events); "
            "views current",
        )
    )
    return results, notes


# --- P3 --------------------------------------------------------------------------------------


def grown(app: CoCreation, rng: random.Random, events: int) -> UUID:
    """A platform of a new initiative, driven through the mix until it has ``events`` events.

    Its story starts on the earliest business date the library accepts (1990): at one to three
    days an action, 10,000 events on one platform span about 75 years, and a story starting
    today would run past the last accepted date (2100), where every command is refused.
    """
    initiative = Initiative(app, rng, start=EARLIEST_DAY)
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
    snapshot_kib = snapshot_bytes(reader, large_id) / 1024
    per_load = {key: best(times) / args.p3_loads * 1000 for key, times in runs.items()}
    note = (
        f"{versions[0]:,} vs {versions[1]} events, snapshot every {args.snapshot_interval}; "
        f"one load {per_load['cold', 'large']:.2f} ms vs {per_load['cold', 'small']:.2f} ms; "
        f"the large one counts {platform.ripple_count} ripples and "
        f"{platform.reality_check_count} reality checks (their history is in its events); "
        f"latest snapshot {snapshot_kib:.1f} KiB (target <= 16 KiB: "
        f"{'met' if snapshot_kib <= 16 else 'missed'})"
    )
    for each in (app, reader, warm):
        each.close()
    name = f"P3 load {versions[0]:,}-event vs {versions[1]}-event platform"
    return [
        Result(
            f"{name} (cold: snapshot and events from the store)",
            best(runs["cold", "large"]),
            best(runs["cold", "small"]),
            1.5,
            note,
        ),
        Result(
            f"{name} (warm: the default aggregate cache)",
            best(runs["warm", "large"]),
            best(runs["warm", "small"]),
            None,
            f"a running service's loads: {per_load['warm', 'large']:.3f} ms vs "
            f"{per_load['warm', 'small']:.3f} ms per load",
        ),
        replay_per_event(args),
    ], []


REPEATABLE = (
    Platform.RippleRecorded,
    Platform.GoalProgressRecorded,
    Platform.RealityCheckPerformed,
    Platform.MeetingHeld,
    Platform.GoalReached,
    Platform.GoalRevised,
    Platform.CoordinatorChosen,
)
"""Platform events whose ``apply`` can be replayed again and again (a long history)."""


def long_stream(events: list[Any], count: int) -> list[Any]:
    """``count`` events of one platform: its real events, then its repeatable ones again with
    the following versions (every apply body runs as in a real history of that length)."""
    body = [e for e in events[1:] if isinstance(e, REPEATABLE)]
    stream = list(events[:count])
    version = len(stream)
    while len(stream) < count:
        for event in body:
            if len(stream) >= count:
                break
            version += 1
            copy = object.__new__(type(event))
            object.__setattr__(copy, "__dict__", {**vars(event), "originator_version": version})
            stream.append(copy)
    return stream


def replay_per_event(args: argparse.Namespace) -> Result:
    """Full replay of a long platform history vs a short one, per event (in memory)."""
    app = CoCreation()
    events = list(app.events.get(grown(app, random.Random(5), 1000)))
    short, long = (long_stream(events, n) for n in (args.replay_short, args.replay_long))

    def replay(stream: list[Any], times: int) -> Callable[[], object]:
        return lambda: [project_aggregate(None, stream) for _ in range(times)]

    times_short = max(1, args.replay_long // args.replay_short)
    short_runs, long_runs = [], []
    for _ in range(max(args.repeat, 5)):
        short_runs.append(timed(replay(short, times_short)) / (times_short * len(short)))
        long_runs.append(timed(replay(long, 1)) / len(long))
    note = (
        f"{len(long):,} vs {len(short):,} events of one platform, in memory; "
        f"{best(long_runs) * 1e6:.2f} vs {best(short_runs) * 1e6:.2f} µs per event"
    )
    name = f"P3 replay per event, {len(long):,} vs {len(short):,} events"
    return Result(name, best(long_runs), best(short_runs), 1.1, note)


# --- P4 --------------------------------------------------------------------------------------


def p4(args: argparse.Namespace, directory: Path) -> tuple[list[Result], list[str]]:
    app = CoCreation()
    rng = random.Random(4)
    events = list(app.events.get(grown(app, rng, args.p4_events)))
    bare_events = mirrored(events)
    ours: Any = project_aggregate(None, events)
    bare: Any = project_aggregate(None, bare_events)
    assert type(ours) is Platform
    assert type(bare) is Mirror
    assert bare.fields == fields_of(events[-1]), "the bare side replays the same values"

    def replay(stream: list[Any]) -> Callable[[], object]:
        return lambda: [project_aggregate(None, stream) for _ in range(args.p4_replays)]

    ours_runs, bare_runs = [], []
    for _ in range(max(args.repeat, 5)):  # cheap: more runs, less noise
        ours_runs.append(timed(replay(events)))
        bare_runs.append(timed(replay(bare_events)))
    note = (
        f"{len(events)} events replayed {args.p4_replays} times, in memory (decoding "
        "excluded); bare: the same field values, apply is one assignment"
    )
    name = "P4 replay Platform (rule tables, apply bodies) vs bare eventsourcing"
    return [Result(name, best(ours_runs), best(bare_runs), 1.05, note)], []


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
        results.append(
            Result(f"P1 cost of the sealed log (hash chain), {kind}", sealed, plain, None, note)
        )
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
    parser.add_argument("--p3-small", type=int, default=100, help="events of the small platform")
    parser.add_argument(
        "--replay-short", type=int, default=1000, help="events of the short replay in P3"
    )
    parser.add_argument(
        "--replay-long", type=int, default=100_000, help="events of the long replay in P3"
    )
    parser.add_argument("--p3-loads", type=int, default=20, help="loads per P3 timing")
    parser.add_argument(
        "--snapshot-interval", type=int, default=100, help="platform snapshot interval"
    )
    parser.add_argument("--p4-events", type=int, default=2000, help="events replayed in P4")
    parser.add_argument("--p4-replays", type=int, default=20, help="replays per P4 timing")
    parser.add_argument(
        "--seal-events", type=int, default=200_000, help="events verified in the verify bench"
    )
    parser.add_argument(
        "--seal-rebuild-actions",
        type=int,
        default=3000,
        help="actions whose events are rebuilt in the sealing cost",
    )
    parser.add_argument(
        "--only", choices=[name for name, _ in BENCHES], action="append", help="run only these"
    )
    parser.add_argument(
        "--p5-initiatives", type=int, default=1000, help="initiatives in P5's large store"
    )
    parser.add_argument(
        "--p5-template-actions", type=int, default=40, help="actions of each P5 initiative"
    )
    parser.add_argument("--markdown", type=Path, help="also write the results as Markdown here")
    return parser.parse_args(argv)


Bench = Callable[[argparse.Namespace, Path], tuple[list[Result], list[str]]]
"""A benchmark: its result rows and notes."""

BENCHES: tuple[tuple[str, Bench], ...] = (
    ("p1", p1),
    ("p1checks", p1_checks),
    ("seal", seal_costs),
    ("p3", p3),
    ("p4", p4),
    ("p2", p2),
    ("p5", p5),
    ("verify", sealing),
)
"""Every benchmark row, in the order they run; ``--only`` chooses among their names."""


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    if args.child:
        kind, path, batch, deadline = args.child
        child(kind, path, int(batch), float(deadline))
        return
    chosen = set(args.only or [name for name, _ in BENCHES])
    command = "python benchmarks/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
    header = [*machine(), f"command: {command.strip()}"]
    print("\n".join(header), flush=True)
    results: list[Result] = []
    notes: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cocreation-bench-") as tmp:
        directory = Path(tmp)
        for name, bench in BENCHES:
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
