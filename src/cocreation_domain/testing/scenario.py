"""The one builder that puts an initiative into a known state: for tests, the demo and the
benchmarks.

A :class:`Scenario` holds the application and what a story has built so far (the anchor, the
initiative, its actors and their representatives, the platforms, their coordinators, named
meetings, newsletters, forgotten persons) and the business date ``today``. Each step issues
the commands one moment of the method needs, on ``today``, by the person whose role it is,
and records what it made. Move the date with :meth:`Scenario.later` or :meth:`Scenario.at`.

Stories are told through it: :meth:`Scenario.start` (an initiative with actors),
:meth:`Scenario.phase6` (platforms with coordinators and first meetings), ``tell_story`` in
:mod:`cocreation_domain.testing.story` (an eventful year for the read models) and the demo in
:mod:`cocreation_domain.demo` (an 18-month initiative with a named cast). A test of who may do
what takes :meth:`Scenario.cast`: the people around one platform, by role.

The module needs nothing beyond the library (no Hypothesis), so the demo can use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from uuid import UUID

import attrs

from cocreation_domain.application import CoCreation
from cocreation_domain.model import (
    Baseline,
    Consent,
    Goal,
    GoalKind,
    GoalProgress,
    Horizon,
    MeetingKind,
    MeetingTime,
    Minutes,
    RealityCheck,
    Recommendation,
    Ripple,
    Venue,
)

__all__ = ["Cast", "Contact", "Scenario", "sample_goals", "sample_reality_check"]


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


def sample_reality_check(
    recommendation: Recommendation = Recommendation.CONTINUE, needs_sparring: bool = False
) -> RealityCheck:
    """A complete reality check recommending ``recommendation``."""
    return RealityCheck(
        progress="two of three goals on track",
        challenges="hard to reach the young people in the evening",
        needs_sparring=needs_sparring,
        horizon="another year",
        recommendation=recommendation,
    )


@attrs.frozen
class Contact:
    """A person to register: the name and the contact data the person event carries."""

    name: str
    email: str | None = None
    phone: str | None = None
    title: str | None = None


@attrs.define
class Scenario:
    """An initiative built step by step, and the ids of what was built.

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
    """The actors registered through the scenario, in order."""
    persons: dict[UUID, UUID]
    """The representative person of each actor (the first registered for it)."""
    today: date
    """The business date every step acts on."""
    platforms: list[UUID] = attrs.field(factory=list)
    """The platforms established through the scenario, in order."""
    coordinators: dict[UUID, UUID] = attrs.field(factory=dict)
    """The person coordinating each platform, as chosen through :meth:`coordinate`."""
    meetings: dict[str, UUID] = attrs.field(factory=dict)
    """Meeting ids by the name the story gave them."""
    newsletters: list[UUID] = attrs.field(factory=list)
    """The newsletters of the joint status meetings held through the scenario, oldest first."""
    forgotten: list[UUID] = attrs.field(factory=list)
    """Persons forgotten through :meth:`forget`; they no longer consent."""
    people: dict[str, UUID] = attrs.field(factory=dict)
    """Person ids by the name they were registered under through the scenario (the latest,
    should two share a name)."""

    # --- founding ------------------------------------------------------------------------

    @classmethod
    def found(
        cls, app: CoCreation, anchor: Contact, name: str, challenge: str, today: date
    ) -> Scenario:
        """Register the anchor and found the initiative ``name``; no actors yet."""
        person = app.register_person(
            anchor.name, email=anchor.email, phone=anchor.phone, title=anchor.title, on=today
        )
        initiative = app.found_initiative(person, name, challenge, on=today)
        return cls(app, person, initiative, [], {}, today, people={anchor.name: person})

    @classmethod
    def start(cls, app: CoCreation, actors: int = 3, today: date = date(2025, 1, 6)) -> Scenario:
        """Found an initiative with ``actors`` actors, one representative each."""
        s = cls.found(
            app,
            Contact("Anna Anker", email="anna@example.org"),
            "Safe Harbour",
            "young people drifting into crime",
            today,
        )
        s.actors = [
            app.register_actor(s.anchor, s.initiative, f"Actor {i + 1}", on=today)
            for i in range(actors)
        ]
        s.persons = {
            a: s.register(Contact(f"Person {i + 1}", email=f"p{i + 1}@example.org"), actor=a)
            for i, a in enumerate(s.actors)
        }
        return s

    @classmethod
    def phase6(
        cls,
        app: CoCreation,
        actors: int = 4,
        groups: Sequence[Sequence[int]] = ((0, 1), (2, 3)),
        focused: bool = True,
    ) -> Scenario:
        """An initiative in phase 6: a platform per group of actor numbers established at the
        workshop, each coordinated by its first actor in id order and, if ``focused``, its
        first meeting held.

        >>> from cocreation_domain import CoCreation
        >>> s = Scenario.phase6(CoCreation())
        >>> [s.app.get_platform(p).state for p in s.platforms]
        ['focused', 'focused']
        >>> s.reality_checks()
        >>> meeting, newsletter = s.joint_status()
        >>> s.app.get_newsletter(newsletter).state
        'collecting'
        """
        s = cls.start(app, actors=actors)
        for n, group in enumerate(groups, 1):
            s.platform([s.actors[i] for i in group], name=f"Platform {n}")
        s.start_co_creation()
        for platform in s.platforms:
            s.coordinate(platform)
        if focused:
            for platform in s.platforms:
                s.focus(platform)
        return s

    # --- the date ------------------------------------------------------------------------

    def later(self, days: int = 1) -> date:
        """Move the business date on and return it."""
        self.today += timedelta(days=days)
        return self.today

    def at(self, day: date) -> Scenario:
        """Set the business date to ``day`` (a story may note things down after the fact)."""
        self.today = day
        return self

    # --- who is who ----------------------------------------------------------------------

    def person_of(self, actor: UUID) -> UUID:
        """The representative of ``actor``."""
        return self.persons[actor]

    def actor_of(self, person: UUID) -> UUID:
        """The actor ``person`` was registered for."""
        actor = self.app.get_person(person).actor
        if actor is None:
            raise LookupError(f"person {person} represents no actor")
        return actor

    def member(self, platform: UUID) -> UUID:
        """The representative of the platform's first actor in id order (whom
        :meth:`coordinate` chooses by default)."""
        return self.persons[sorted(self.app.get_platform(platform).actors)[0]]

    def non_coordinator(self, platform: UUID) -> UUID:
        """The first representative, in the scenario's order of actors, of an actor of
        ``platform`` who is not its coordinator."""
        current = self.app.get_platform(platform).actors
        coordinator = self.coordinators.get(platform)
        return next(
            self.persons[a] for a in self.actors if a in current and self.persons[a] != coordinator
        )

    def outsider(self, platform: UUID) -> UUID:
        """The representative of the first actor of the scenario not on ``platform``."""
        current = self.app.get_platform(platform).actors
        return next(self.persons[a] for a in self.actors if a not in current)

    def consent(self, platform: UUID, actors: Iterable[UUID] | None = None) -> Consent:
        """Consent through their representatives of ``actors`` (default: every current actor
        of ``platform``), forgotten persons left out."""
        if actors is None:
            actors = self.app.get_platform(platform).actors
        consenting = {self.persons[a] for a in actors if a in self.persons}
        return Consent(consenting=consenting - set(self.forgotten))

    def cast(self, platform: UUID, other: UUID) -> Cast:
        """The people around ``platform`` by role, with ``other`` the platform of the actor not
        on it; registers the ``auditor``, who holds no role."""
        return Cast(
            s=self,
            platform=platform,
            other=other,
            coordinator=self.coordinators[platform],
            member=self.non_coordinator(platform),
            outsider=self.outsider(platform),
            auditor=self.stranger("Auditor"),
        )

    # --- persons and actors --------------------------------------------------------------

    def register(self, contact: Contact, actor: UUID | None = None) -> UUID:
        """Register a person, for ``actor`` (by the anchor) if given; returns the person."""
        person = self.app.register_person(
            contact.name,
            email=contact.email,
            phone=contact.phone,
            title=contact.title,
            by=None if actor is None else self.anchor,
            initiative=None if actor is None else self.initiative,
            actor=actor,
            on=self.today,
        )
        self.people[contact.name] = person
        return person

    def stranger(self, name: str) -> UUID:
        """Register a person who represents no actor and holds no role."""
        return self.register(Contact(name))

    def add_actor(self, name: str, kind: str = "", people: Sequence[Contact] = ()) -> UUID:
        """Register one more actor and its persons (default: one representative); the first
        person represents the actor in :meth:`consent` and :meth:`coordinate`."""
        actor = self.app.register_actor(
            self.anchor, self.initiative, name, kind=kind, on=self.today
        )
        self.actors.append(actor)
        for contact in people or [Contact(f"Rep of {name}")]:
            self.persons.setdefault(actor, self.register(contact, actor))
        return actor

    def forget(self, person: UUID) -> None:
        """``person`` asks to be forgotten (R-PII-2)."""
        self.app.forget_person(person, person, on=self.today)
        self.forgotten.append(person)

    # --- platforms -----------------------------------------------------------------------

    def platform(self, actors: list[UUID] | None = None, name: str = "Platform") -> UUID:
        """Establish a platform (at the workshop if co-creation has not started)."""
        platform = self.app.establish_platform(
            self.anchor, self.initiative, name, actors or self.actors, on=self.today
        )
        self.platforms.append(platform)
        return platform

    def start_co_creation(self) -> None:
        """Hold the workshop if needed and start phase 6 (needs a platform)."""
        if self.app.get_initiative(self.initiative).workshop_held_on is None:
            self.app.hold_establishment_workshop(self.anchor, self.initiative, on=self.today)
        self.app.start_co_creation(self.anchor, self.initiative, on=self.today)

    def coordinate(self, platform: UUID, actor: UUID | None = None) -> UUID:
        """Choose ``actor`` (default: the first current one) as coordinator by consent of every
        current actor; returns its person."""
        the_platform = self.app.get_platform(platform)
        actor = actor or sorted(the_platform.actors)[0]
        person = self.persons[actor]
        self.app.choose_coordinator(
            person, platform, actor, person, self.consent(platform), on=self.today
        )
        self.coordinators[platform] = person
        return person

    def focus(self, platform: UUID, focus: str = "Safer streets at night") -> None:
        """The coordinator holds the platform's first meeting (a real meeting, R-PLAT-2)."""
        self.app.hold_first_meeting(self.coordinators[platform], platform, focus, on=self.today)

    def focused(self, platform: UUID) -> UUID:
        """Coordinator chosen, pending actors onboarded and first meeting held; returns the
        coordinator's person."""
        coordinator = self.coordinate(platform)
        for actor in self.app.get_platform(platform).pending_onboarding:
            self.app.onboard_actor(self.anchor, platform, actor, on=self.today)
        self.focus(platform)
        return coordinator

    def goals(self, platform: UUID, count: int = 3) -> list[str]:
        """The coordinator sets ``count`` sample goals by consent; returns the goal keys."""
        return self.app.set_goals(
            self.coordinators[platform],
            platform,
            sample_goals(count),
            self.consent(platform),
            on=self.today,
        )

    def baselines(self, platform: UUID, keys: Iterable[str], by: UUID | None = None) -> None:
        """``by`` (default: the coordinator) describes the baseline of every goal in ``keys``."""
        person = self.coordinators[platform] if by is None else by
        for key in keys:
            self.app.describe_baseline(
                person, platform, key, Baseline("as things stood", 5, self.today), on=self.today
            )

    def with_goals(self, platform: UUID, count: int = 3) -> list[str]:
        """Focus the platform and set ``count`` goals; returns the goal keys."""
        self.focused(platform)
        return self.goals(platform, count)

    def active(self, platform: UUID, count: int = 3) -> list[str]:
        """Goals set and every baseline described: the platform is ``active``."""
        keys = self.with_goals(platform, count)
        self.baselines(platform, keys, by=self.member(platform))
        return keys

    def progress(self, platform: UUID, goal: str, progress: GoalProgress) -> None:
        """The coordinator records an observation of progress on ``goal``."""
        self.app.record_goal_progress(
            self.coordinators[platform], platform, goal, progress, on=self.today
        )

    def ripple(self, ripple: Ripple, platform: UUID | None = None, by: UUID | None = None) -> str:
        """Record ``ripple`` on ``platform`` (by default by its coordinator), or on the
        initiative when ``platform`` is None (by default by the anchor); returns its key."""
        if platform is None:
            return self.app.record_initiative_ripple(
                by or self.anchor, self.initiative, ripple, on=self.today
            )
        return self.app.record_ripple(
            by or self.coordinators[platform], platform, ripple, on=self.today
        )

    def reality_check(self, platform: UUID, check: RealityCheck | None = None) -> None:
        """The coordinator records the platform's reality check (default: the sample one)."""
        self.app.record_reality_check(
            self.coordinators[platform],
            platform,
            sample_reality_check() if check is None else check,
            on=self.today,
        )

    def reality_checks(self, platforms: Sequence[UUID] | None = None) -> None:
        """Every (or each given) platform's coordinator records the sample reality check."""
        for platform in self.platforms if platforms is None else platforms:
            self.reality_check(platform)

    # --- meetings and newsletters --------------------------------------------------------

    def meeting(
        self,
        platform: UUID,
        kind: MeetingKind,
        scheduled_on: date,
        *,
        host: UUID | None = None,
        venue: Venue | None = None,
        time: MeetingTime | None = None,
    ) -> UUID:
        """The coordinator plans and invites a meeting of ``platform``."""
        coordinator = self.coordinators[platform]
        meeting = self.app.plan_meeting(
            coordinator,
            kind,
            scheduled_on,
            platform=platform,
            host=host,
            venue=venue,
            time=time,
            on=self.today,
        )
        self.app.invite_meeting(coordinator, meeting, on=self.today)
        return meeting

    def hold_joint_status(
        self, meeting: UUID, minutes: Minutes | None = None, override_reason: str | None = None
    ) -> UUID:
        """The anchor holds the joint status meeting; returns (and records) its newsletter."""
        newsletter = self.app.hold_joint_status_meeting(
            self.anchor,
            meeting,
            minutes=minutes,
            override_reason=override_reason,
            on=self.today,
        )
        self.newsletters.append(newsletter)
        return newsletter

    def joint_status(
        self, days_ahead: int = 42, override_reason: str | None = None
    ) -> tuple[UUID, UUID]:
        """Convene a joint status meeting ``days_ahead`` days from today, move to its day and
        hold it; returns the meeting's and the newsletter's ids."""
        meeting = self.app.convene_joint_status_meeting(
            self.anchor, self.initiative, self.today + timedelta(days_ahead), on=self.today
        )
        self.later(days_ahead)
        return meeting, self.hold_joint_status(meeting, override_reason=override_reason)

    def section(self, newsletter: UUID, platform: UUID, progress: str, hard: str) -> None:
        """The coordinator submits the platform's newsletter section."""
        self.app.submit_newsletter_section(
            self.coordinators[platform], newsletter, platform, progress, hard, on=self.today
        )


@attrs.frozen
class Cast:
    """The people around one platform of a :class:`Scenario`, by role (the permission
    matrix, R-AUTH-1)."""

    s: Scenario
    platform: UUID
    other: UUID
    """The platform of the scenario's actor that is not on ``platform``."""
    coordinator: UUID
    member: UUID
    """A person of the platform's actors who is not its coordinator."""
    outsider: UUID
    """Represents an actor of the initiative that is not on ``platform``."""
    auditor: UUID
    """Registered, but represents no actor and holds no role."""

    @property
    def app(self) -> CoCreation:
        """The application under test."""
        return self.s.app

    @property
    def anchor(self) -> UUID:
        """The anchor's person."""
        return self.s.anchor

    @property
    def initiative(self) -> UUID:
        """The initiative's id."""
        return self.s.initiative

    def consent(self, platform: UUID | None = None) -> Consent:
        """Consent of every current actor of ``platform`` (default: the cast's platform)."""
        return self.s.consent(platform or self.platform)

    def actor_of(self, person: UUID) -> UUID:
        """The actor ``person`` represents."""
        return self.s.actor_of(person)
