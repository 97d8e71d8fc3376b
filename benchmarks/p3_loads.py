"""P3, loading a platform with a long history (``--only p3``; targets: cold load <= 1.5,
snapshot <= 16 KiB, replay per event <= 1.1).

What it measures: on an SQLite file with snapshots (every ``--snapshot-interval`` platform
events), ``get_platform`` of a platform grown through the command mix to ``--p3-events``
events, ``--p3-loads`` times, cold (no aggregate cache: the snapshot and the events after
it from the store) and warm (the default aggregate cache); the size of its latest snapshot;
and, in memory, a full replay of a ``--replay-long``-event platform history.

Against what: not bare eventsourcing but the library's own small case, measured alternately
in the same run: loading a platform of ``--p3-small`` events, and replaying a
``--replay-short``-event history (as many times as makes the same number of events). P4
compares replaying with bare eventsourcing.

What the ratios mean: large / small load time (1.5: a load costs at most half again as much
however long the platform's history; snapshots keep it bounded); time per replayed event,
long / short (1.0: replay is linear). The best of ``max(--repeat, 5)`` runs counts.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

from harness import Result, Rows, best, replays, timed
from workload import grown

from cocreation_domain import CoCreation, Platform, sqlite_env


def snapshot_bytes(app: CoCreation, aggregate: UUID) -> int:
    """The stored size of the latest snapshot of ``aggregate``."""
    assert app.snapshots is not None
    (latest,) = app.snapshots.get(aggregate, desc=True, limit=1)
    return len(app.mapper.to_stored_event(latest).state)


def p3(args: argparse.Namespace, directory: Path) -> Rows:
    """Cold and warm loads of a long platform vs a short one, its snapshot, replay per event."""
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
    times_short = max(1, args.replay_long // args.replay_short)
    short_runs, long_runs = [], []
    for _ in range(max(args.repeat, 5)):
        short_runs.append(timed(replays(short, times_short)) / (times_short * len(short)))
        long_runs.append(timed(replays(long, 1)) / len(long))
    note = (
        f"{len(long):,} vs {len(short):,} events of one platform, in memory; "
        f"{best(long_runs) * 1e6:.2f} vs {best(short_runs) * 1e6:.2f} µs per event"
    )
    name = f"P3 replay per event, {len(long):,} vs {len(short):,} events"
    return Result(name, best(long_runs), best(short_runs), 1.1, note)
