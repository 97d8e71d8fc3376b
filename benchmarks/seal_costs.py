"""The cost of sealing personal data, R-PII-3 (``--only seal``; target for P1 <= 1.05).

What it measures: the P1 command mix, and a rebuild of every read model from the events it
stored, through ``CoCreation`` (person events sealed with per-person keys) on POPO and on
an SQLite file.

Against what: not bare eventsourcing, but the same application storing person events in
plaintext (:class:`PlainCoCreation`, eventsourcing's plain mapper), doing the same commands
with the same seed; the two run alternately, sealed first, ``--repeat`` times. P1 and P2
themselves stay paired against bare eventsourcing.

What the ratio means: the best sealed run over the best plaintext run; 1.05 means sealing
personal data adds 5% to the command mix. The rebuild row has no target.
"""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path
from typing import Any

from harness import Result, Rows, best, store, timed
from workload import p1_mix, run_mix

from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.testing.history import events_stored


class PlainCoCreation(CoCreation):
    """``CoCreation`` with eventsourcing's plain mapper: person events stored in plaintext
    (the baseline that shows what sealing costs; never a way to run the library)."""

    def construct_mapper(self) -> Any:
        from cocreation_domain.personal_data import MemoryKeyStore

        self.key_store = MemoryKeyStore()
        return self.factory.mapper(transcoder=self.construct_transcoder())


def seal_costs(args: argparse.Namespace, directory: Path) -> Rows:
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
                    mix[cls].append(timed(partial(p1_mix, app, args, seed)))
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
        events = events_stored(app)
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
