"""P1, the command path (``--only p1``; target <= 1.0).

What it measures: the realistic command mix (:func:`workload.run_mix`) through
``CoCreation`` (argument checks, rules, lifecycles, value objects, sealed personal data, the
sealed hash chain), on POPO, on an SQLite file on a RAM disk (``/dev/shm``: flush latency
does not hide the library's cost) and on an SQLite file on disk.

Against what bare eventsourcing work: the same saves replayed through a bare eventsourcing
application (:class:`harness.BareApp` with the same aggregate cache): one save per save of
ours, each touched aggregate got from its repository (or created), one event triggered per
event of ours carrying the same field values (:class:`harness.Mirror`, encoded by
eventsourcing's own JSON transcoder), the touched aggregates saved together. Commands our
rules refuse cost time on our side only.

What the ratio means: each round runs both sides on the same seed, ours first; the round's
ratio is ours / bare, and the row reports the median (and in its note the min) of
``max(--repeat, 5)`` rounds. 1.0 means a command through the library costs what storing its
events the canonical eventsourcing way costs.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from harness import (
    SAME_CACHE,
    BareApp,
    Mirror,
    Result,
    Rows,
    fields_of,
    median,
    ram_directory,
    store,
    timed,
)
from workload import p1_mix

from cocreation_domain import CoCreation


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
    """One paired round: both timings and what each side stored."""

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
    """The mean stored size of the events in ``app``, in bytes."""
    sizes = [len(n.state) for n in app.recorder.select_notifications(start=1, limit=10**9)]
    return sum(sizes) / max(len(sizes), 1)


def p1_once(kind: str, directory: Path, args: argparse.Namespace, seed: int) -> P1Run:
    """One round: the command mix through CoCreation, then the same saves through bare
    eventsourcing, both with the same seed."""
    with store(kind, directory) as env:
        app = Recording(env=env)
        gc.collect()
        started = time.perf_counter()
        refused = p1_mix(app, args, seed)
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


def p1(args: argparse.Namespace, directory: Path) -> Rows:
    """The command path on each store, paired rounds against bare eventsourcing."""
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
