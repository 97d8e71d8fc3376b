"""Tamper evidence, issue 12 (``--only verify``; target for verify <= 1.5).

What it measures:

- the P1 command mix through ``CoCreation`` on the sealed, hash-chained log (a SHA-256 per
  stored event, the seal rows in the same transaction), on POPO and on an SQLite file; on
  SQLite the sealing step's own share is timed inside the recorder;
- ``sealing.verify`` over ``--seal-events`` events of an SQLite file (filled as for P2).

Against what: the command mix against the same ``CoCreation`` on eventsourcing's own
recorders (no hash chain), the same seed, ``--repeat`` pairs alternating which goes first
(no target: it is part of P1, which pairs the whole path with bare eventsourcing); verify
against bare eventsourcing reading every notification of the same file in batches of
``--batch-size`` (``select_notifications``), and against a raw ``sqlite3`` scan of the rows
(the floor under any reader; no target).

What the ratios mean: best sealed run / best unsealed run (the notes give the pair ratios'
min and median); verify / bare read (1.5: checking every event's chain costs at most half
again what bare eventsourcing spends just reading them).
"""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
import time
from pathlib import Path
from typing import Any

from eventsourcing.utils import get_topic
from harness import BareApp, Result, Rows, batches, existing, paired, store, timed
from workload import fill, p1_mix, template_events

from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.sealing import verify
from cocreation_domain.sealing.recorders import SealedSQLiteRecorder

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
        seconds = timed(lambda: p1_mix(app, args, seed))
        app.close()
    return seconds


def bare_read(path: Path, batch_size: int) -> int:
    """Bare eventsourcing reading every notification of an SQLite file, in batches."""
    app = BareApp(env=sqlite_env(str(path)))
    count = sum(len(notifications) for notifications in batches(app, batch_size))
    app.close()
    return count


def raw_scan(path: Path) -> int:
    """sqlite3 reading every event row as plain tuples: the floor under any reader."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        return sum(1 for _ in db.execute("SELECT rowid, * FROM stored_events ORDER BY rowid"))


def verify_store(path: Path) -> int:
    """cocreation_domain.sealing.verify over the whole file (read only)."""
    app = existing(path)
    result = verify(app)
    app.close()
    if not result.ok:
        raise RuntimeError(result.summary())
    return result.events


def tamper_evidence(args: argparse.Namespace, directory: Path) -> Rows:
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
