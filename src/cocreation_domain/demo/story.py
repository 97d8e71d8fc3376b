"""The demo's names over the scenario that tells it.

:class:`DemoStory` holds the :class:`~cocreation_domain.testing.scenario.Scenario` the chapters
build on and the names the story calls things by: organisations and platforms by key, people
by first name. Its steps take those names and a date, and issue the scenario's steps.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from uuid import UUID

import attrs

from cocreation_domain.application import CoCreation
from cocreation_domain.demo.cast import (
    ANCHOR,
    CHALLENGE,
    FOUNDED_ON,
    INITIATIVE,
    PLATFORM_MEETING_TIME,
    Member,
    Organisation,
)
from cocreation_domain.model import (
    Beneficiary,
    Consent,
    GoalProgress,
    MeetingKind,
    RealityCheck,
    Recommendation,
    Ripple,
    RippleKind,
    Venue,
)
from cocreation_domain.testing.scenario import Scenario

__all__ = ["DEMO_TODAY", "DemoStory"]

DEMO_TODAY = date(2025, 8, 15)
"""The business date the story is read on: the demo's read models are computed against it."""


@attrs.define
class DemoStory:
    """The ids a reader of the demo needs: the initiative, its people, platforms, meetings."""

    s: Scenario
    """The scenario the story is told through."""
    actors: dict[str, UUID] = attrs.field(factory=dict)
    """Actor ids by short name."""
    persons: dict[str, UUID] = attrs.field(factory=dict)
    """Person ids by first name."""
    speaker: dict[str, str] = attrs.field(factory=dict)
    """The first name of the person speaking for each actor."""
    platforms: dict[str, UUID] = attrs.field(factory=dict)
    """Platform ids by short name."""
    goals: dict[str, list[str]] = attrs.field(factory=dict)
    """Goal keys by platform short name."""
    turns: dict[str, int] = attrs.field(factory=dict)
    """How many meetings each platform has planned: whose turn it is to host."""
    today: date = DEMO_TODAY

    @classmethod
    def found(cls, app: CoCreation) -> DemoStory:
        """The anchor registers and founds the initiative in ``app``."""
        story = cls(Scenario.found(app, ANCHOR.contact, INITIATIVE, CHALLENGE, FOUNDED_ON))
        story.persons[ANCHOR.first] = story.anchor
        return story

    @property
    def app(self) -> CoCreation:
        """The application the story is written into."""
        return self.s.app

    @property
    def initiative(self) -> UUID:
        """The initiative's id."""
        return self.s.initiative

    @property
    def anchor(self) -> UUID:
        """The anchor's person."""
        return self.s.anchor

    @property
    def meetings(self) -> dict[str, UUID]:
        """Meeting ids by short name."""
        return self.s.meetings

    @property
    def newsletters(self) -> list[UUID]:
        """Newsletter ids, oldest first."""
        return self.s.newsletters

    @property
    def forgotten(self) -> list[UUID]:
        """Persons who asked to be forgotten."""
        return self.s.forgotten

    # --- who is who ----------------------------------------------------------------------

    def actor(self, organisation: Organisation, on: date) -> UUID:
        """Register an organisation as an actor with its people; the first speaks for it."""
        ident = self.s.at(on).add_actor(
            organisation.name, organisation.kind, [m.contact for m in organisation.people]
        )
        self.actors[organisation.key] = ident
        for member in organisation.people:
            self.persons[member.first] = self.s.people[member.contact.name]
            self.speaker.setdefault(organisation.key, member.first)
        return ident

    def backing(self, organisation: Organisation) -> None:
        """The organisation's speaker records who backed its part, on the day it was given
        (R-ACT-6)."""
        if organisation.backing is None:
            raise LookupError(f"{organisation.name} has no backing to record")
        self.app.record_backing(
            self.who(organisation.key),
            self.initiative,
            self.actors[organisation.key],
            organisation.backing.given_by,
            on=organisation.backing.on,
        )

    def guest(self, member: Member, on: date) -> UUID:
        """Register a person who belongs to no actor (a guest speaker)."""
        person = self.s.at(on).register(member.contact)
        self.persons[member.first] = person
        return person

    def who(self, actor: str) -> UUID:
        """The person speaking for ``actor`` (an actor's short name, or a first name)."""
        return self.persons[actor] if actor in self.persons else self.persons[self.speaker[actor]]

    def coordinator_of(self, platform: str) -> UUID:
        """The person coordinating ``platform``."""
        return self.s.coordinators[self.platforms[platform]]

    def consent(self, platform: str, *actors: str) -> Consent:
        """Consent of the named actors (default: every current actor of the platform)."""
        named = [self.actors[a] for a in actors] if actors else None
        return self.s.consent(self.platforms[platform], named)

    # --- what they do --------------------------------------------------------------------

    def platform(self, key: str, name: str, actors: Iterable[str], on: date) -> UUID:
        """Establish a platform of the named actors."""
        ident = self.s.at(on).platform([self.actors[a] for a in actors], name)
        self.platforms[key] = ident
        return ident

    def choose_coordinator(self, platform: str, actor: str, on: date) -> None:
        """Choose ``actor`` as the platform's coordinator, by consent of all its actors."""
        self.s.at(on).coordinate(self.platforms[platform], self.actors[actor])

    def platform_meeting(
        self, platform: str, kind: MeetingKind, on: date, invited_on: date, place: str
    ) -> UUID:
        """Plan and invite a platform meeting (by its coordinator, hosts in turn).

        The coordinator lets the current actors host in turn, in the order of their names:
        the rotation's own suggestion breaks ties by id, which differ from one telling of the
        story to the next, and the shares of initiative (R-FLAT-5) would differ with it.
        """
        profiles = {a.id: a.name for a in self.app.get_initiative(self.initiative).actors}
        current = sorted(
            self.app.get_platform(self.platforms[platform]).actors, key=lambda a: profiles[a]
        )
        turn = self.turns.get(platform, 0)
        self.turns[platform] = turn + 1
        return self.s.at(invited_on).meeting(
            self.platforms[platform],
            kind,
            on,
            host=current[turn % len(current)],
            venue=Venue(place=place, room_booked=True),
            time=PLATFORM_MEETING_TIME,
        )

    def ripple(
        self,
        platform: str | None,
        by: str,
        description: str,
        kind: RippleKind,
        beneficiaries: Iterable[Beneficiary],
        on: date,
    ) -> str:
        """Record a ripple on a platform, or on the initiative when ``platform`` is None."""
        ripple = Ripple(description, kind, frozenset(beneficiaries), on)
        where = None if platform is None else self.platforms[platform]
        return self.s.at(on).ripple(ripple, where, by=self.who(by))

    def progress(
        self,
        platform: str,
        goal: str,
        observation: str,
        observed_on: date,
        value: int | None = None,
        recorded_on: date | None = None,
    ) -> None:
        """The coordinator records an observation of progress on a goal (on the day it was
        observed, unless ``recorded_on`` says it was written down later)."""
        progress = GoalProgress(observation, observed_on, None if value is None else Decimal(value))
        self.s.at(recorded_on or observed_on).progress(self.platforms[platform], goal, progress)

    def reality_check(
        self,
        platform: str,
        on: date,
        progress: str,
        challenges: str,
        horizon: str,
        recommendation: Recommendation = Recommendation.CONTINUE,
        needs_sparring: bool = False,
    ) -> None:
        """The coordinator records the platform's reality check."""
        check = RealityCheck(progress, challenges, needs_sparring, horizon, recommendation)
        self.s.at(on).reality_check(self.platforms[platform], check)

    def section(self, newsletter: UUID, platform: str, on: date, progress: str, hard: str) -> None:
        """The coordinator submits the platform's newsletter section."""
        self.s.at(on).section(newsletter, self.platforms[platform], progress, hard)
