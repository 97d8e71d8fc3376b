"""A small, readable builder for an initiative in a known state, for tests and examples."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import attrs

from cocreation_domain.application import CoCreation
from cocreation_domain.model import Baseline, Consent, Goal, GoalKind, Horizon

__all__ = ["Scenario", "sample_goals"]


def sample_goals(count: int = 3) -> list[Goal]:
    """``count`` valid goals: a short- and a long-term one, of every kind in turn."""
    kinds = [GoalKind.QUALITATIVE, GoalKind.QUANTITATIVE, GoalKind.HYPOTHESIS]
    goals = []
    for i in range(count):
        kind = kinds[i % 3]
        goals.append(
            Goal(
                title=f"Goal {i + 1}",
                kind=kind,
                horizon=Horizon.SHORT if i % 2 == 0 else Horizon.LONG,
                serves_challenge="fewer young people drift into crime",
                evaluation="interviews and statistics",
                indicator="reports" if kind is GoalKind.QUANTITATIVE else None,
                unit="count" if kind is GoalKind.QUANTITATIVE else None,
                target=10 if kind is GoalKind.QUANTITATIVE else None,
                argument="because meeting places matter" if kind is GoalKind.HYPOTHESIS else None,
                weaknesses="hard to attribute" if kind is GoalKind.HYPOTHESIS else None,
            )
        )
    return goals


@attrs.define
class Scenario:
    """An initiative with an anchor and actors, each actor with one representative.

    >>> from cocreation_domain import CoCreation
    >>> s = Scenario.start(CoCreation(), actors=3)
    >>> platform = s.platform(s.actors[:2])
    >>> s.app.get_platform(platform).state
    'established'
    """

    app: CoCreation
    anchor: UUID
    initiative: UUID
    actors: list[UUID]
    persons: dict[UUID, UUID]
    """The representative person of each actor."""
    today: date

    @classmethod
    def start(cls, app: CoCreation, actors: int = 3, today: date = date(2025, 1, 6)) -> Scenario:
        """Found an initiative with ``actors`` actors, one representative each."""
        anchor = app.register_person("Anna Anker", email="anna@example.org", on=today)
        initiative = app.found_initiative(
            anchor, "Safe Harbour", "young people drifting into crime", on=today
        )
        actor_ids = [
            app.register_actor(anchor, initiative, f"Actor {i + 1}", on=today)
            for i in range(actors)
        ]
        persons = {
            a: app.register_person(
                f"Person {i + 1}",
                email=f"p{i + 1}@example.org",
                by=anchor,
                initiative=initiative,
                actor=a,
                on=today,
            )
            for i, a in enumerate(actor_ids)
        }
        return cls(app, anchor, initiative, actor_ids, persons, today)

    def later(self, days: int = 1) -> date:
        """Move the business date on and return it."""
        self.today += timedelta(days=days)
        return self.today

    def consent(self, platform: UUID) -> Consent:
        """Every current actor of ``platform`` consents through its representative."""
        actors = self.app.get_platform(platform).actors
        return Consent(consenting={self.persons[a] for a in actors if a in self.persons})

    def person_of(self, actor: UUID) -> UUID:
        """The representative of ``actor``."""
        return self.persons[actor]

    def add_actor(self, name: str) -> UUID:
        """Register one more actor with a representative."""
        actor = self.app.register_actor(self.anchor, self.initiative, name, on=self.today)
        self.persons[actor] = self.app.register_person(
            f"Rep of {name}", by=self.anchor, initiative=self.initiative, actor=actor, on=self.today
        )
        return actor

    def platform(self, actors: list[UUID] | None = None, name: str = "Platform") -> UUID:
        """Establish a platform (at the workshop if co-creation has not started)."""
        return self.app.establish_platform(
            self.anchor, self.initiative, name, actors or self.actors, on=self.today
        )

    def start_co_creation(self) -> None:
        """Hold the workshop if needed and start phase 6 (needs a platform)."""
        if self.app.get_initiative(self.initiative).workshop_held_on is None:
            self.app.hold_establishment_workshop(self.anchor, self.initiative, on=self.today)
        self.app.start_co_creation(self.anchor, self.initiative, on=self.today)

    def coordinate(self, platform: UUID, actor: UUID | None = None) -> UUID:
        """Choose ``actor`` (default: the first current one) as coordinator; returns its person."""
        the_platform = self.app.get_platform(platform)
        actor = actor or sorted(the_platform.actors)[0]
        person = self.persons[actor]
        self.app.choose_coordinator(
            person, platform, actor, person, self.consent(platform), on=self.today
        )
        return person

    def focused(self, platform: UUID) -> UUID:
        """Coordinator chosen and first meeting held; returns the coordinator's person."""
        coordinator = self.coordinate(platform)
        for actor in self.app.get_platform(platform).pending_onboarding:
            self.app.onboard_actor(self.anchor, platform, actor, on=self.today)
        self.app.hold_first_meeting(coordinator, platform, "Safer streets at night", on=self.today)
        return coordinator

    def with_goals(self, platform: UUID, count: int = 3) -> list[str]:
        """Focus the platform and set ``count`` goals; returns the goal keys."""
        coordinator = self.focused(platform)
        return self.app.set_goals(
            coordinator, platform, sample_goals(count), self.consent(platform), on=self.today
        )

    def active(self, platform: UUID, count: int = 3) -> list[str]:
        """Goals set and every baseline described: the platform is ``active``."""
        keys = self.with_goals(platform, count)
        member = self.persons[sorted(self.app.get_platform(platform).actors)[0]]
        for key in keys:
            self.app.describe_baseline(
                member, platform, key, Baseline("as things stood", 5, self.today), on=self.today
            )
        return keys
