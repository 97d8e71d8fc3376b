"""Read-side measurements in a child process of their own (P2 and P5): its own interpreter, so
its peak resident memory is its own, and a deadline after which it stops.

A child is ``python benchmarks/run.py --child KIND PATH BATCH DEADLINE`` (the same script,
so it imports what the benchmark process imports); it reads the SQLite file at ``PATH`` one
of four ways (``KIND``) and prints its time, how far it got, its progress curve and its peak
RSS as one line of JSON:

- ``bare``: bare eventsourcing reading and decoding every event in batches (the baseline);
- ``status``: a simple status fold over the same events;
- ``ours``: ``projections.rebuild`` of every read model;
- ``runner``: the projection runner's first catch-up, storing the views as rows.
"""

from __future__ import annotations

import contextlib
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from harness import BareApp, batches

from cocreation_domain import CoCreation, sqlite_env

RUN = Path(__file__).with_name("run.py")
"""The script a child runs (with ``--child``)."""


class Deadline(Exception):
    """A measurement ran out of its time budget."""


def status_fold(app: Application[UUID], batch_size: int, tick: Callable[[int], None]) -> object:
    """A simple status fold: per aggregate, its event count, state and last business date."""
    status: dict[UUID, dict[str, Any]] = {}
    for notifications in batches(app, batch_size):
        for n in notifications:
            e = app.mapper.to_domain_event(n)
            entry = status.setdefault(e.originator_id, {"events": 0})
            entry["events"] += 1
            entry["last"] = getattr(e, "occurred_on", None)
            if hasattr(e, "state"):
                entry["state"] = e.state
        tick(notifications[-1].id)
    return status


def read_and_decode(app: Application[UUID], batch_size: int, tick: Callable[[int], None]) -> int:
    """Read and decode every event, in batches, keeping nothing: bare eventsourcing's part."""
    count = 0
    for notifications in batches(app, batch_size):
        for n in notifications:
            app.mapper.to_domain_event(n)
            count += 1
        tick(notifications[-1].id)
    return count


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
    """Run one measurement in this fresh process; print its time, reach, progress curve
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
    """What a child reported."""

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
        [sys.executable, str(RUN), "--child", kind, str(path), str(batch_size), str(deadline)],
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
            "import sys; sys.path.insert(0, sys.argv[1]); import run, child_runs; "
            "import eventsourcing.sqlite, cocreation_domain.projections; "
            "print(child_runs.peak_kib())",
            str(Path(__file__).parent),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip())


Runs = dict[tuple[str, int], Run]
"""The fastest run so far of each ``(kind, events)``."""


def worth_another(runs: Runs, kind: str, events: int, deadline: float) -> bool:
    """Whether to run ``kind`` at ``events`` (again): one run of a slow measurement (over a
    quarter of the deadline) is enough, noise is no matter there."""
    previous = runs.get((kind, events))
    return previous is None or previous.seconds <= deadline / 4


def keep_faster(runs: Runs, kind: str, events: int, run: Run, label: str) -> None:
    """Keep ``run`` where it is the fastest of its kind so far, and print its progress line."""
    previous = runs.get((kind, events))
    if previous is None or run.seconds < previous.seconds:
        runs[kind, events] = run
    stop = "" if run.finished else " (stopped at the deadline)"
    print(
        f"  {label}: {run.seconds:.1f} s, {run.reached:,} events{stop}",
        flush=True,
    )
