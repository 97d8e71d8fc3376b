"""P5, the read side (``--only p5``; targets: catch-up <= 1.2, linear within 1.1, warm read
<= 20 ms, store-size scaling <= 1.5).

What it measures, on SQLite files filled as for P2 (N and 2N events, ``--p2-events``):

- the projection runner's first catch-up (``projections.project``: every view stored as
  rows, position tracked), on a fresh copy of the events, in a child process of its own;
- its linearity and that of ``rebuild`` (time per event at 2N over at N);
- a warm read of one initiative's status (views current) at N events;
- the status of one initiative in a store of ``--p5-initiatives`` initiatives vs the same
  read in a store holding only it.

Against what: these rows are the library against itself, not against bare eventsourcing
(P2 pairs the rebuild with bare eventsourcing reading and decoding the same events): the
catch-up against ``rebuild`` of the same store in the same run, the warm read against a
fixed 20 ms budget, the large store against the one-initiative store read alternately.

What the ratios mean: catch-up / rebuild (1.2: storing the rows costs at most 20% over
rebuilding in memory); 1.0 is linear; warm read / 20 ms; large store / one-initiative store
(1.0: a read does not grow with the store).
"""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

from child_runs import Runs, keep_faster, measure, worth_another
from harness import Result, Rows, best, existing, timed
from workload import fill, read_side_store, template_events

from cocreation_domain import CoCreation, sqlite_env


def status_read(path: Path, initiative: UUID | None = None) -> tuple[Callable[[], object], Any]:
    """A warm read of one initiative's status from the stored rows of ``path`` (views
    current), and the application to close afterwards."""
    from cocreation_domain.projections import current_view, status_overview

    app = existing(path)
    if initiative is None:
        initiative = next(iter(current_view(app, audit=False).initiatives))
    chosen = initiative

    def read() -> object:
        view = current_view(app, initiative=chosen, audit=False)
        return status_overview(view, chosen, view.initiatives[chosen].last_activity_on)

    return read, app


def p5(args: argparse.Namespace, directory: Path) -> Rows:
    """The runner's first catch-up vs rebuild at N and 2N, warm reads, store-size scaling."""
    from cocreation_domain.projections import current_view, project
    from cocreation_domain.projections.runner import RUNNER_BATCH_SIZE

    template = template_events(args.p2_template_actions, seed=7)
    small, large = args.p2_events, 2 * args.p2_events
    results: list[Result] = []
    notes: list[str] = []
    runs: Runs = {}
    copies: dict[int, Path] = {}
    for n in (small, large):
        path = read_side_store(directory, template, n)
        for repeat in range(args.repeat):
            for kind in ("ours", "runner"):
                if not worth_another(runs, kind, n, args.p2_deadline):
                    continue
                target = path
                if kind == "runner":  # a fresh copy of the events, no views stored yet
                    target = copies[n] = directory / f"p5-{n}-{repeat}.sqlite"
                    shutil.copyfile(path, target)
                run = measure(kind, target, args.batch_size, args.p2_deadline)
                keep_faster(runs, kind, n, run, f"P5 {kind} {n:,} run {repeat + 1}")
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
    app_many = existing(many)
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
