"""P1 validation cost (``--only p1checks``; target <= 1.05).

What it measures: what validating every value at the boundary costs on the command path.
The P1 command mix runs three ways with the same seed: through ``CoCreation`` with every
check; without ``@command``'s argument checks (:class:`Unchecked`); and without those and
the value objects' validators (``attrs.validators.set_disabled``). On POPO and on an SQLite
file.

Against what: this row is not paired with bare eventsourcing; its baseline is the same
library with its checks switched off, doing the same commands in the same saves (P1 pairs
the whole path with bare eventsourcing).

What the ratio means: checked / unchecked CPU time, the best of ``--repeat`` rounds; the
order of the three variants rotates each round so none always runs first, and the clock is
the process's CPU time, which a loaded machine disturbs far less than the wall clock (the
variants differ only in CPU work). 1.05 means validation adds 5% to a command.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import attrs
from harness import Result, Rows, best, store
from workload import p1_mix

from cocreation_domain import CoCreation


class Unchecked(CoCreation):
    """CoCreation without ``@command``'s argument checks (to measure what they cost)."""

    _check_arguments = False


def p1_checks_once(kind: str, directory: Path, args: argparse.Namespace, seed: int) -> list[float]:
    """The P1 mix three ways: every check on; argument checks off; argument checks and
    value-object validators off (``attrs.validators.set_disabled``). The order rotates with
    ``seed`` so no variant always runs first; each timing is the process's CPU time."""
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
                p1_mix(app, args, seed)
                timings[index] = time.process_time() - started
            finally:
                attrs.validators.set_disabled(False)
                app.close()
    return timings


def p1_checks(args: argparse.Namespace, directory: Path) -> Rows:
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
