"""P2, rebuilding every read model (``--only p2``; targets: <= 0.8, linear within 1.1, peak
memory <= 2x).

What it measures: ``projections.rebuild`` of every read model from N and from 2N events of
an SQLite file (``--p2-events``; copies of one busy initiative, each with new ids), each run
in a child process of its own (:mod:`child_runs`), so its peak RSS is its own; and, beside
it, a simple status fold over the same events (the read path alone, no target).

Against what bare eventsourcing work: a bare eventsourcing application reading and decoding
the same events in the same batches (``--batch-size``) and keeping nothing, also in a child
of its own. Runs of each kind alternate, ``--repeat`` times; the best counts, and a
measurement slower than a quarter of ``--p2-deadline`` runs once.

What the ratios mean: rebuild / read+decode at N and at 2N (0.8: rebuilding costs less than
bare eventsourcing reading and decoding the events); time per event at 2N / at N (1.0 is
linear); peak RSS / bare's peak RSS (an idle interpreter's is noted). A rebuild stopped at
the deadline makes its ratio a lower bound.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from child_runs import Runs, idle_peak_kib, keep_faster, measure, worth_another
from harness import Result, Rows
from workload import read_side_store, template_events

LABELS = {"ours": "P2 rebuild (the package's projections)", "status": "P2 status fold"}


def p2(args: argparse.Namespace, directory: Path) -> Rows:
    """Rebuild from N and 2N events vs bare read+decode, runs of each kind interleaved."""
    template = template_events(args.p2_template_actions, seed=7)
    small, large = args.p2_events, 2 * args.p2_events
    paths = {n: read_side_store(directory, template, n) for n in (small, large)}
    kinds = ["bare", "ours", "status"]
    runs: Runs = {}
    hopeless: set[str] = set()  # hit the deadline at N: 2N would too, and tell nothing more
    for n, path in paths.items():
        for repeat in range(args.repeat):
            for kind in kinds:
                if kind in hopeless or not worth_another(runs, kind, n, args.p2_deadline):
                    continue
                run = measure(kind, path, args.batch_size, args.p2_deadline)
                keep_faster(runs, kind, n, run, f"P2 {kind} {n:,} run {repeat + 1}")
        hopeless |= {k for k in kinds if (k, n) in runs and not runs[k, n].finished}
    results: list[Result] = []
    notes: list[str] = []
    setup = f"batches of {args.batch_size}; {len(template)}-event initiatives"
    for kind in kinds[1:]:
        target = 0.8 if kind == "ours" else None
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
            if kind == "ours" and (kind, n) in runs and runs[kind, n].finished:
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
