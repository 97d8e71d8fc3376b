"""P4, replaying a platform's events (``--only p4``; target <= 1.05).

What it measures: ``project_aggregate`` over the ``--p4-events`` events of one platform grown
through the command mix, ``--p4-replays`` times, in memory (decoding excluded): the cost of
``Platform``'s lifecycle and rule tables and of its ``apply`` bodies.

Against what bare eventsourcing work: the same replay of the same events as bare
eventsourcing events of :class:`harness.Mirror` (same ids, versions and field values), whose
``apply`` is one assignment. The two alternate, ``max(--repeat, 5)`` times; the best counts.

What the ratio means: ours / bare; 1.05 means the library's bookkeeping adds 5% to what
eventsourcing itself spends replaying an aggregate (mostly its per-event checks).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

from eventsourcing.application import project_aggregate
from harness import Mirror, Result, Rows, best, fields_of, mirrored, replays, timed
from workload import grown

from cocreation_domain import CoCreation, Platform


def p4(args: argparse.Namespace, directory: Path) -> Rows:
    """Replaying one platform's events on ``Platform`` vs on a bare aggregate."""
    app = CoCreation()
    rng = random.Random(4)
    events = list(app.events.get(grown(app, rng, args.p4_events)))
    bare_events = mirrored(events)
    ours: Any = project_aggregate(None, events)
    bare: Any = project_aggregate(None, bare_events)
    assert type(ours) is Platform
    assert type(bare) is Mirror
    assert bare.fields == fields_of(events[-1]), "the bare side replays the same values"

    ours_runs, bare_runs = [], []
    for _ in range(max(args.repeat, 5)):  # cheap: more runs, less noise
        ours_runs.append(timed(replays(events, args.p4_replays)))
        bare_runs.append(timed(replays(bare_events, args.p4_replays)))
    note = (
        f"{len(events)} events replayed {args.p4_replays} times, in memory (decoding "
        "excluded); bare: the same field values, apply is one assignment"
    )
    name = "P4 replay Platform (rule tables, apply bodies) vs bare eventsourcing"
    return [Result(name, best(ours_runs), best(bare_runs), 1.05, note)], []
