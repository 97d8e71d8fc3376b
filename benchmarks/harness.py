"""The benchmarks' harness: timing, pairing, stores, result rows, the report, and the bare
eventsourcing baseline that several measurements compare with.

Every measurement module (``p1_commands``, ``p1_checks``, ``seal_costs``, ``p2_rebuild``,
``p3_loads``, ``p4_replay``, ``p5_read_side``, ``tamper_evidence``) builds on this one; each
returns a list of :class:`Result` rows and a list of notes, which ``run.py`` prints and writes.
Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import platform as host
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.application import Application, project_aggregate
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder, Notification
from eventsourcing.utils import get_topic

from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.transcodings import register_transcodings

# --- timing and pairing ----------------------------------------------------------------------


def timed(function: Callable[[], object]) -> float:
    """Wall-clock seconds of one call, after a garbage collection (so no run pays for the
    garbage of the one before)."""
    gc.collect()
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def best(runs: list[float]) -> float:
    """The fastest run: the one least disturbed by anything else on the machine."""
    return min(runs)


def median(values: list[float]) -> float:
    """The median (the mean of the middle two of an even count)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def paired(pairs: list[tuple[float, float]]) -> str:
    """Min and median of the per-pair ratios (the upper median of an even count)."""
    ratios = sorted(a / b for a, b in pairs)
    middle = ratios[len(ratios) // 2]
    return f"pair ratios min {ratios[0]:.2f}x, median {middle:.2f}x ({len(ratios)} pairs)"


def replays(events: list[Any], times: int) -> Callable[[], object]:
    """A call that replays ``events`` (one aggregate's, in order) ``times`` times in memory,
    the way eventsourcing's repository does."""
    return lambda: [project_aggregate(None, events) for _ in range(times)]


# --- result rows -----------------------------------------------------------------------------


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


Rows = tuple[list[Result], list[str]]
"""What a measurement returns: its result rows and its notes."""

Bench = Callable[[argparse.Namespace, Path], Rows]
"""A measurement: given the parsed sizes and a scratch directory, its rows and notes."""


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


def ram_directory(directory: Path) -> Path | None:
    """A directory on a RAM disk (``/dev/shm``), or None where there is none."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or not os.access(shm, os.W_OK):
        return None
    ram = shm / directory.name
    ram.mkdir(exist_ok=True)
    return ram


def existing(path: Path) -> CoCreation:
    """``CoCreation`` on an SQLite file that already holds its tables (creates none)."""
    return CoCreation(env={**sqlite_env(str(path)), "CREATE_TABLE": "false"})


def batches(app: Application[UUID], batch_size: int) -> Iterator[Sequence[Notification]]:
    """Every notification of ``app``'s log, ``batch_size`` a query, in log order: the way
    bare eventsourcing reads a whole log."""
    position = 0
    while True:
        notifications = app.recorder.select_notifications(
            start=position, limit=batch_size, inclusive_of_start=False
        )
        if not notifications:
            return
        yield notifications
        position = notifications[-1].id


# --- bare eventsourcing ----------------------------------------------------------------------


class BareApp(Application[UUID]):
    """Bare eventsourcing: the JSON transcoder (with the domain's types, to read our events)."""

    name = "Bare"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_transcodings(transcoder)


SAME_CACHE = {"AGGREGATE_CACHE_MAXSIZE": CoCreation.env["AGGREGATE_CACHE_MAXSIZE"]}
"""Bare eventsourcing gets the aggregate cache CoCreation has by default, so P1 compares the
libraries' work per command, not cached loads with replays."""


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


# --- the report ------------------------------------------------------------------------------


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
    """The result rows as a Markdown table."""
    lines = [
        "| measurement | ours (s) | baseline (s) | ratio | target | verdict |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        target = f"<= {r.target}" if r.target is not None else ""
        cells = [r.name, f"{r.ours:.4g}", f"{r.theirs:.4g}", f"{r.ratio:.2f}x", target, r.verdict]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def line(result: Result) -> str:
    """A row as the progress line printed when it is measured."""
    return f"{result.name}: {result.ratio:.2f}x {result.verdict} -- {result.unit_note}"
