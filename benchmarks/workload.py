"""What the measurements drive: the realistic command mix of P1, one platform grown through
it (P3, P4), and SQLite files filled with copies of one busy initiative (P2, P5, verify).

Everything here is seeded: the same seed gives the same commands, so both sides of a pair
(and a run before and after a change) do the same work.
"""

from __future__ import annotations

import argparse
import random
import re
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import attrs
from eventsourcing.persistence import StoredEvent

from cocreation_domain import (
    CoCreation,
    DomainError,
    GoalProgress,
    MeetingKind,
    RealityCheck,
    Ripple,
    sqlite_env,
)
from cocreation_domain.model.checks import EARLIEST
from cocreation_domain.testing import Scenario
from cocreation_domain.testing.scenario import sample_goals

START = date(2025, 1, 6)
EARLIEST_DAY = EARLIEST
"""The earliest business date the library accepts (a long story starts there)."""


# --- the realistic command mix --------------------------------------------------------------


class Initiative:
    """One initiative in phase 6: three platforms of overlapping actors, a year of work.

    ``step`` issues one business action (one to three commands) drawn from a fixed mix:
    ripples, goal progress, reality checks, platform meetings (plan, invite, hold), sparring,
    standby and resume, new coordinators, revised and reached goals, ripples on the
    initiative and contact updates. Refused commands (e.g. progress on a platform on
    standby) are part of the mix, as they are in real use.
    """

    def __init__(
        self, app: CoCreation, rng: random.Random, actors: int = 6, start: date = START
    ) -> None:
        self.app = app
        self.rng = rng
        s = self.s = Scenario.start(app, actors=actors, today=start)
        groups = [s.actors[0:3], s.actors[2:5], [s.actors[4], s.actors[5], s.actors[0]]]
        self.platforms = [s.platform(list(g), name=f"Platform {i}") for i, g in enumerate(groups)]
        self.goals = {p: s.active(p) for p in self.platforms}
        s.start_co_creation()
        # What the driver knows from its own commands (the coordinators: the scenario's), so
        # that choosing the next action reads nothing from the store: only the commands
        # themselves are measured.
        self.actors = {p: list(g) for p, g in zip(self.platforms, groups, strict=True)}
        self.consent = {p: s.consent(p, g) for p, g in zip(self.platforms, groups, strict=True)}
        self.goal = {
            p: dict(zip(self.goals[p], sample_goals(len(self.goals[p])), strict=True))
            for p in self.platforms
        }
        self.on_standby = dict.fromkeys(self.platforms, False)
        self.refused = 0

    def step(self) -> None:
        """One business action on a random platform."""
        try:
            self._act()
        except DomainError:
            self.refused += 1

    def _act(self) -> None:
        app, s, rng = self.app, self.s, self.rng
        p = rng.choice(self.platforms)
        day = s.later(rng.choice((1, 2, 3)))
        actors = self.actors[p]
        member = s.person_of(rng.choice(actors))
        coordinator = s.coordinators[p]
        roll = rng.random()
        if roll < 0.25:
            app.record_ripple(
                member,
                p,
                Ripple(f"new contact {day}", "new_relationship", ["other_actors"], day),
                on=day,
            )
        elif roll < 0.45:
            progress = GoalProgress(f"observed on {day}", day, rng.randint(0, 50))
            app.record_goal_progress(member, p, rng.choice(self.goals[p]), progress, on=day)
        elif roll < 0.55:
            check = RealityCheck(
                "steady", "few volunteers", rng.random() < 0.2, "a year", "continue"
            )
            app.record_reality_check(coordinator, p, check, on=day)
        elif roll < 0.65:
            meeting = app.plan_meeting(
                coordinator, MeetingKind.PLATFORM, day + timedelta(days=14), platform=p, on=day
            )
            app.invite_meeting(coordinator, meeting, on=day)
            app.hold_meeting(coordinator, meeting, on=day + timedelta(days=14))
        elif roll < 0.70:
            key = app.request_sparring(coordinator, p, "how to keep the actors engaged", on=day)
            app.give_sparring(s.anchor, p, key, "rotate the hosting", on=day)
        elif roll < 0.75:
            if self.on_standby[p]:
                app.resume_platform(member, p, self.consent[p], on=day)
            else:
                app.put_on_standby(
                    member,
                    p,
                    "awaiting a political decision",
                    "review in a month",
                    self.consent[p],
                    review_on=day + timedelta(days=30),
                    on=day,
                )
            self.on_standby[p] = not self.on_standby[p]
        elif roll < 0.80:
            actor = rng.choice(actors)
            app.choose_coordinator(member, p, actor, s.person_of(actor), self.consent[p], on=day)
            s.coordinators[p] = s.person_of(actor)
        elif roll < 0.85:
            key = rng.choice(self.goals[p])
            revised = attrs.evolve(self.goal[p][key], key=key, evaluation=f"interviews, {day}")
            app.revise_goal(member, p, revised, self.consent[p], on=day)
        elif roll < 0.90:
            app.reach_goal(member, p, rng.choice(self.goals[p]), on=day)
        elif roll < 0.95:
            ripple = Ripple(f"idea shared {day}", "new_idea", ["outside_initiative"], day)
            app.record_initiative_ripple(s.anchor, s.initiative, ripple, on=day)
        else:
            app.update_contact(member, member, phone=f"+45 {rng.randint(10**7, 10**8 - 1)}", on=day)


def run_mix(app: CoCreation, actions: int, per_initiative: int, seed: int) -> int:
    """Drive ``actions`` business actions through ``app``, a new initiative every
    ``per_initiative`` actions; return the number of refused commands."""
    rng = random.Random(seed)
    refused = 0
    done = 0
    while done < actions:
        initiative = Initiative(app, rng)
        for _ in range(min(per_initiative, actions - done)):
            initiative.step()
        done += per_initiative
        refused += initiative.refused
    return refused


def p1_mix(app: CoCreation, args: argparse.Namespace, seed: int) -> int:
    """The P1 command mix at the sizes given on the command line (``--p1-actions`` actions, a
    new initiative every ``--p1-per-initiative``); the number of refused commands."""
    return run_mix(app, args.p1_actions, args.p1_per_initiative, seed=seed)


def grown(app: CoCreation, rng: random.Random, events: int) -> UUID:
    """A platform of a new initiative, driven through the mix until it has ``events`` events.

    Its story starts on the earliest business date the library accepts (1990): at one to three
    days an action, 10,000 events on one platform span about 75 years, and a story starting
    today would run past the last accepted date (2100), where every command is refused.
    """
    initiative = Initiative(app, rng, start=EARLIEST_DAY)
    del initiative.platforms[1:]  # every action on the first platform
    platform = initiative.platforms[0]
    while app.get_platform(platform).version < events:
        initiative.step()
    return platform


# --- stores filled with copies of one initiative --------------------------------------------


UUID_HEX = re.compile(rb"[0-9a-f]{32}")


def template_events(actions: int, seed: int) -> list[StoredEvent]:
    """The stored events of one busy initiative, driven through the command mix."""
    app = CoCreation(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    run_mix(app, actions, actions, seed)
    return [
        StoredEvent(n.originator_id, n.originator_version, n.topic, n.state)
        for n in app.recorder.select_notifications(start=1, limit=10**9)
    ]


class Renamer:
    """Gives every id it meets a new one, the same new one each time it meets it again."""

    def __init__(self) -> None:
        self.mapping: dict[bytes, bytes] = {}

    def hex(self, old: bytes) -> bytes:
        return self.mapping.setdefault(old, uuid4().hex.encode())

    def __call__(self, match: re.Match[bytes]) -> bytes:
        return self.hex(match.group())


def fill(path: Path, template: list[StoredEvent], count: int) -> int:
    """Store ``count`` events in a new SQLite file: copies of the template initiative, each
    with every id replaced by a new one (so each copy is a separate initiative)."""
    app = CoCreation(env=sqlite_env(str(path)))
    written = 0
    batch: list[StoredEvent] = []
    while written < count:
        fresh = Renamer()
        for stored in template:
            if written >= count:
                break
            originator = UUID(fresh.hex(UUID(str(stored.originator_id)).hex.encode()).decode())
            state = UUID_HEX.sub(fresh, stored.state)
            batch.append(StoredEvent(originator, stored.originator_version, stored.topic, state))
            written += 1
            if len(batch) >= 10_000:
                app.recorder.insert_events(batch)
                batch = []
    if batch:
        app.recorder.insert_events(batch)
    app.close()
    return written


def read_side_store(directory: Path, template: list[StoredEvent], count: int) -> Path:
    """The SQLite file of ``count`` events that P2 and P5 read, filled with copies of
    ``template`` where it does not exist yet (so the two share it within a run)."""
    path = directory / f"p2-{count}.sqlite"
    if not path.exists():
        fill(path, template, count)
    return path
