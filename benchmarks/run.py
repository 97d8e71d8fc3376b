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

This script is the command line only. The timing, pairing, stores, result rows and the bare
eventsourcing baseline are in ``benchmarks/harness.py``; the command mix and the filled
stores in ``workload.py``; each measurement in a module of its own (``p1_commands.py``,
``p1_checks.py``, ``seal_costs.py``, ``p3_loads.py``, ``p4_replay.py``, ``p2_rebuild.py``,
``p5_read_side.py``, ``tamper_evidence.py``), whose docstring says what it measures, against
what, and what its ratio means. To add a row, write a function ``(args, directory) ->
(results, notes)`` in a new module, give it its sizes in ``SIZES`` and name it in
``BENCHES``; a ``harness.Result`` holds the two timings (or the paired rounds) and the target.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from child_runs import child
from harness import Bench, Result, line, machine, table
from p1_checks import p1_checks
from p1_commands import p1
from p2_rebuild import p2
from p3_loads import p3
from p4_replay import p4
from p5_read_side import p5
from seal_costs import seal_costs
from tamper_evidence import tamper_evidence

BENCHES: tuple[tuple[str, Bench], ...] = (
    ("p1", p1),
    ("p1checks", p1_checks),
    ("seal", seal_costs),
    ("p3", p3),
    ("p4", p4),
    ("p2", p2),
    ("p5", p5),
    ("verify", tamper_evidence),
)
"""Every benchmark row, in the order they run; ``--only`` chooses among their names."""

SIZES: tuple[tuple[str, type[int] | type[float], float, str], ...] = (
    ("--repeat", int, 3, "runs of each timing; the best counts"),
    ("--p1-actions", int, 3000, "business actions in P1"),
    ("--p1-per-initiative", int, 500, "actions per initiative in P1"),
    ("--p2-events", int, 200_000, "events in P2 (and twice that)"),
    ("--p2-template-actions", int, 600, "actions in each copied initiative"),
    ("--batch-size", int, 500, "events read per query in P2"),
    (
        "--p2-deadline",
        float,
        120.0,
        "seconds after which a P2 rebuild stops (its ratio becomes a bound)",
    ),
    ("--p3-events", int, 10_000, "events of the large platform"),
    ("--p3-small", int, 100, "events of the small platform"),
    ("--replay-short", int, 1000, "events of the short replay in P3"),
    ("--replay-long", int, 100_000, "events of the long replay in P3"),
    ("--p3-loads", int, 20, "loads per P3 timing"),
    ("--snapshot-interval", int, 100, "platform snapshot interval"),
    ("--p4-events", int, 2000, "events replayed in P4"),
    ("--p4-replays", int, 20, "replays per P4 timing"),
    ("--seal-events", int, 200_000, "events verified in the verify bench"),
    ("--seal-rebuild-actions", int, 3000, "actions whose events are rebuilt in the sealing cost"),
    ("--p5-initiatives", int, 1000, "initiatives in P5's large store"),
    ("--p5-template-actions", int, 40, "actions of each P5 initiative"),
)
"""Every size and budget: flag, type, default, help."""


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The command line: the sizes, ``--only``, ``--markdown`` and the hidden ``--child``."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    for flag, kind, default, text in SIZES:
        parser.add_argument(flag, type=kind, default=default, help=text)
    parser.add_argument(
        "--only", choices=[name for name, _ in BENCHES], action="append", help="run only these"
    )
    parser.add_argument("--markdown", type=Path, help="also write the results as Markdown here")
    parser.add_argument(
        "--child", nargs=4, metavar=("KIND", "PATH", "BATCH", "DEADLINE"), help=argparse.SUPPRESS
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Run the chosen measurements, print each row as it comes and the table at the end."""
    args = parse(argv)
    if args.child:  # one read-side measurement in a process of its own (child_runs.measure)
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
                    print(line(r), flush=True)
                notes.extend(found_notes)
                print("\n".join(found_notes), flush=True)
    notes.append(f"total benchmark time: {time.perf_counter() - started:.0f} s")
    report = [*table(results), "", *notes]
    print("\n" + "\n".join(report))
    if args.markdown is not None:
        args.markdown.write_text("\n".join([*(f"- {h}" for h in header), "", *report, ""]))


if __name__ == "__main__":
    main()
