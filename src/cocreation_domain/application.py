"""The ``CoCreation`` application: one method per command, persistence by environment.

Every command takes the acting person's id (``by``) and the business date (``on``, today when
omitted). The application derives the person's roles from stored events (which actor they
represent, whether they are the initiative's anchor), loads the aggregates, lets them decide,
and saves every changed aggregate in one atomic write. A refused command raises a
:class:`~cocreation_domain.model.DomainError` and saves nothing.

Persistence follows eventsourcing's environment variables: plain Python objects by default
(``PERSISTENCE_MODULE`` unset), an SQLite file with ``PERSISTENCE_MODULE=eventsourcing.sqlite``
and ``SQLITE_DBNAME=path``, PostgreSQL with ``PERSISTENCE_MODULE=eventsourcing.postgres``.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date
from typing import Any, ClassVar, Concatenate, ParamSpec, TypeVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    InfrastructureFactory,
    IntegrityError,
    JSONTranscoder,
    Recording,
    Transcoder,
    UUIDAsHex,
)
from eventsourcing.utils import Environment, EnvType

from cocreation_domain.model import (
    ActorChangeReason,
    ActorProfile,
    Baseline,
    ClosureReason,
    ConcurrencyConflict,
    Consent,
    Contribution,
    Coordinator,
    Decision,
    Goal,
    GoalProgress,
    Initiative,
    NotFound,
    NotPermitted,
    OnboardingTopic,
    Person,
    Platform,
    Policies,
    Principal,
    Ripple,
    Voice,
)
from cocreation_domain.model.base import CoCreationAggregate
from cocreation_domain.transcoder import OrjsonTranscoder
from cocreation_domain.transcodings import register_transcodings

__all__ = ["CoCreation", "LostRace", "command", "snapshot_intervals", "sqlite_env"]

P = ParamSpec("P")
R = TypeVar("R")
A = TypeVar("A", Initiative, Platform, Person)


def sqlite_env(path: str) -> dict[str, str]:
    """The environment that stores an application's events in the SQLite file ``path``."""
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": path}


SNAPSHOTTED: dict[str, type[CoCreationAggregate]] = {
    "Initiative": Initiative,
    "Platform": Platform,
    "Person": Person,
}
"""The aggregate types a snapshot interval can name."""


def snapshot_intervals(text: str) -> dict[type[Any], int]:
    """Parse ``SNAPSHOT_INTERVAL``: one number for every aggregate type, or ``Type=n`` pairs.

    >>> snapshot_intervals("Platform=100, Initiative=500") == {Platform: 100, Initiative: 500}
    True
    >>> sorted(t.__name__ for t in snapshot_intervals("50"))
    ['Initiative', 'Person', 'Platform']
    >>> snapshot_intervals("0")
    {}
    """
    text = text.strip()
    if text.isdigit():
        return {kind: int(text) for kind in SNAPSHOTTED.values()} if int(text) else {}
    intervals: dict[type[Any], int] = {}
    for pair in text.split(","):
        name, _, number = pair.partition("=")
        kind = SNAPSHOTTED.get(name.strip())
        if kind is None or not number.strip().isdigit():
            expected = f"a number or Type=number pairs of {', '.join(SNAPSHOTTED)}"
            raise ValueError(f"SNAPSHOT_INTERVAL: expected {expected}, got {text!r}")
        if int(number):
            intervals[kind] = int(number)
    return intervals


class LostRace(IntegrityError):
    """Another writer stored events of the same aggregate first; none of ours were stored."""


class _Call(threading.local):
    """What the command running in this thread has done so far."""

    running = False
    recorded = False


def command(
    method: Callable[Concatenate[CoCreation, P], R],
) -> Callable[Concatenate[CoCreation, P], R]:
    """Decide again from a fresh load when another writer saved first (optimistic concurrency).

    Each attempt runs the whole command: it loads every aggregate from the store, checks
    permission, lifecycle and rules, and saves once. When the save loses a race
    (:class:`LostRace`), nothing of ours was stored, so the next attempt starts from what the
    other writer left. After ``max_attempts`` lost races the command raises
    :class:`~cocreation_domain.model.ConcurrencyConflict`. A command called by another
    command runs inside the outer command's attempt. If a command recorded events and then
    lost a race on a second save, deciding again would store the first events twice, so the
    ``LostRace`` propagates instead (commands save once, last).
    """

    @functools.wraps(method)
    def retrying(app: CoCreation, /, *args: P.args, **kwargs: P.kwargs) -> R:
        call = app._call
        if call.running:
            return method(app, *args, **kwargs)
        call.running = True
        try:
            for _ in range(app.max_attempts):
                call.recorded = False
                try:
                    return method(app, *args, **kwargs)
                except LostRace:
                    if call.recorded:
                        raise
            raise ConcurrencyConflict(app.max_attempts)
        finally:
            call.running = False

    return retrying


class CoCreation(Application[UUID]):
    """A co-creation initiative's commands and queries over an event store.

    Snapshots (none by default) are taken every so many events of an aggregate type, from
    the first of: the ``snapshotting_intervals`` argument, the ``SNAPSHOT_INTERVAL``
    environment variable (``"100"`` for every aggregate type, ``"Platform=100,Initiative=500"``
    per type, ``"0"`` for none), the ``snapshotting_intervals`` class attribute.

    Events are encoded by :class:`~cocreation_domain.transcoder.OrjsonTranscoder` unless
    ``TRANSCODER_TOPIC`` names another transcoder class, e.g.
    ``eventsourcing.persistence:JSONTranscoder``; both read and write the same format.
    """

    name = "CoCreation"
    max_attempts = 5
    """How often a command is decided again after losing a race with another writer."""
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {}
    """Snapshot interval per aggregate type (eventsourcing's mechanism); see the class doc."""
    SNAPSHOT_INTERVAL = "SNAPSHOT_INTERVAL"

    def __init__(
        self,
        env: EnvType | None = None,
        *,
        snapshotting_intervals: Mapping[type[CoCreationAggregate], int] | None = None,
    ) -> None:
        self._call = _Call()
        self._intervals = snapshotting_intervals
        super().__init__(env)

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        """Read the environment, and choose the snapshot intervals (see the class doc)."""
        environment = super().construct_env(name, env)
        if self._intervals is not None:
            intervals = dict(self._intervals)
        elif environment.get(self.SNAPSHOT_INTERVAL):
            intervals = snapshot_intervals(environment.get(self.SNAPSHOT_INTERVAL, ""))
        else:
            intervals = dict(type(self).snapshotting_intervals)
        # Per instance: eventsourcing reads the intervals through ``self`` when saving.
        self.snapshotting_intervals = intervals  # type: ignore[misc]
        if intervals:
            environment[InfrastructureFactory.IS_SNAPSHOTTING_ENABLED] = "y"
        return environment

    def construct_transcoder(self) -> Transcoder:
        """The orjson transcoder, or the class ``TRANSCODER_TOPIC`` names; with our types."""
        if self.env.get(InfrastructureFactory.TRANSCODER_TOPIC):
            transcoder = self.factory.transcoder()
        else:
            transcoder = OrjsonTranscoder()
        if isinstance(transcoder, JSONTranscoder | OrjsonTranscoder):
            self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder | OrjsonTranscoder) -> None:
        """Register eventsourcing's default transcodings and the domain's."""
        for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
            transcoder.register(transcoding)
        register_transcodings(transcoder)

    def _record(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        """Store the events; a collision with another writer's events raises ``LostRace``.

        The colliding aggregates are dropped from the aggregate cache (when one is configured),
        so the next attempt loads what the other writer stored, not our unsaved changes.
        """
        try:
            recordings = super()._record(processing_event)
        except IntegrityError as error:
            cache = self.repository.cache
            if cache is not None:
                for aggregate_id in processing_event.aggregates:
                    with contextlib.suppress(KeyError):
                        cache.get(aggregate_id, evict=True)
            raise LostRace(*error.args) from error
        self._call.recorded = True
        return recordings

    # --- persons ---------------------------------------------------------------------------

    @command
    def register_person(
        self,
        name: str,
        *,
        email: str | None = None,
        phone: str | None = None,
        title: str | None = None,
        by: UUID | None = None,
        initiative: UUID | None = None,
        actor: UUID | None = None,
        on: date | None = None,
    ) -> UUID:
        """Register a person: themselves (no ``by``), or by the anchor for an actor."""
        principal = None
        if by is not None:
            if initiative is None:
                raise NotPermitted("anchor", "name the initiative whose anchor registers")
            the_initiative = self._get(Initiative, initiative)
            principal = self._principal(by, the_initiative)
            if actor is not None and not the_initiative.has_actor(actor):
                raise NotFound("actor", actor)
        person = Person.register(
            principal,
            _today(on),
            name,
            email=email,
            phone=phone,
            title=title,
            initiative=initiative if actor else None,
            actor=actor,
        )
        self.save(person)
        return person.id

    @command
    def update_contact(
        self,
        by: UUID,
        person: UUID,
        *,
        name: str | None = None,
        email: str | None = None,
        phone: str | None = None,
        title: str | None = None,
        on: date | None = None,
    ) -> None:
        """Update a person's contact data, by the person or the anchor."""
        subject = self._get(Person, person)
        subject.update_contact(
            self._person_principal(by, subject), _today(on), name, email, phone, title
        )
        self.save(subject)

    @command
    def forget_person(self, by: UUID, person: UUID, *, on: date | None = None) -> None:
        """Forget a person (R-PII-2), by the person or the anchor."""
        subject = self._get(Person, person)
        subject.forget(self._person_principal(by, subject), _today(on))
        self.save(subject)

    # --- initiative ------------------------------------------------------------------------

    @command
    def found_initiative(
        self,
        by: UUID,
        name: str,
        common_challenge: str,
        *,
        policies: Policies | None = None,
        on: date | None = None,
    ) -> UUID:
        """Found an initiative; the founder becomes its anchor."""
        founder = self._get(Person, by)
        if founder.is_forgotten:
            raise NotPermitted("registered person", "found an initiative")
        initiative = Initiative.found(
            Principal(person=by), _today(on), name, common_challenge, policies
        )
        self.save(initiative)
        return initiative.id

    @command
    def hold_establishment_workshop(
        self, by: UUID, initiative: UUID, *, on: date | None = None
    ) -> None:
        """Record the establishment workshop (phase 5)."""
        self._on_initiative(by, initiative, on, Initiative.hold_establishment_workshop)

    @command
    def start_co_creation(self, by: UUID, initiative: UUID, *, on: date | None = None) -> None:
        """Begin phase 6 (R-INIT-1)."""
        self._on_initiative(by, initiative, on, Initiative.start_co_creation)

    @command
    def conclude_initiative(self, by: UUID, initiative: UUID, *, on: date | None = None) -> None:
        """Conclude the initiative once every platform is closed or merged (R-INIT-2)."""
        the_initiative = self._get(Initiative, initiative)
        open_platforms = [p for p in the_initiative.platforms if self._get(Platform, p).is_open]
        the_initiative.conclude(self._principal(by, the_initiative), _today(on), open_platforms)
        self.save(the_initiative)

    @command
    def hand_over_anchor(
        self, by: UUID, initiative: UUID, to_person: UUID, *, on: date | None = None
    ) -> None:
        """Hand the anchor role to another registered person."""
        successor = self._get(Person, to_person)
        if successor.is_forgotten:
            raise NotFound("person", to_person)
        self._on_initiative(by, initiative, on, Initiative.hand_over_anchor, to_person)

    @command
    def change_policies(
        self, by: UUID, initiative: UUID, policies: Policies, *, on: date | None = None
    ) -> None:
        """Override the initiative's policies."""
        self._on_initiative(by, initiative, on, Initiative.change_policies, policies)

    @command
    def register_actor(
        self, by: UUID, initiative: UUID, name: str, *, kind: str = "", on: date | None = None
    ) -> UUID:
        """Register an organisation taking part; returns the actor's id."""
        actor = ActorProfile(id=uuid4(), name=name, kind=kind)
        self._on_initiative(by, initiative, on, Initiative.register_actor, actor)
        return actor.id

    @command
    def record_initiative_ripple(
        self, by: UUID, initiative: UUID, ripple: Ripple, *, on: date | None = None
    ) -> str:
        """Record a ripple on the initiative itself (R-RIP-1); returns its key."""
        the_initiative = self._on_initiative(
            by,
            initiative,
            on,
            Initiative.correct_ripple if ripple.corrects else Initiative.record_ripple,
            ripple,
        )
        return max(the_initiative.ripples, key=lambda k: int(k[1:]))

    # --- platforms -------------------------------------------------------------------------

    @command
    def establish_platform(
        self,
        by: UUID,
        initiative: UUID,
        name: str,
        actors: Collection[UUID],
        *,
        on: date | None = None,
    ) -> UUID:
        """Establish a platform of registered actors; the initiative registers it atomically."""
        the_initiative = self._get(Initiative, initiative)
        principal = self._principal(by, the_initiative)
        day = _today(on)
        for actor in actors:
            the_initiative.actor(actor)
        platform = Platform.establish(
            principal,
            day,
            the_initiative.id,
            name,
            actors,
            after_co_creation_started=the_initiative.state != "preparing",
        )
        the_initiative.register_platform(principal, day, platform.id)
        self.save(platform, the_initiative)
        return platform.id

    @command
    def onboard_actor(
        self,
        by: UUID,
        platform: UUID,
        actor: UUID,
        topics: Collection[OnboardingTopic] = tuple(OnboardingTopic),
        *,
        on: date | None = None,
    ) -> None:
        """Record that the anchor introduced an actor to the method (R-PLAT-1)."""
        self._on_platform(by, platform, on, Platform.onboard_actor, actor, topics)

    @command
    def hold_first_meeting(
        self,
        by: UUID,
        platform: UUID,
        focus: str,
        contributions: Collection[Contribution] = (),
        *,
        on: date | None = None,
    ) -> None:
        """Record the first platform meeting's focus and contributions."""
        self._on_platform(by, platform, on, Platform.hold_first_meeting, focus, contributions)

    @command
    def set_goals(
        self,
        by: UUID,
        platform: UUID,
        goals: Sequence[Goal],
        consent: Consent,
        *,
        on: date | None = None,
    ) -> list[str]:
        """Set the platform's 3-5 goals by decision; returns their keys (G1, G2 …)."""
        before = set(self._get(Platform, platform).goals)
        the_platform = self._decide(by, platform, consent, on, Platform.set_goals, goals)
        return sorted(set(the_platform.goals) - before, key=lambda k: int(k[1:]))

    @command
    def describe_baseline(
        self, by: UUID, platform: UUID, goal: str, baseline: Baseline, *, on: date | None = None
    ) -> None:
        """Describe how things stood before the work on ``goal`` began (R-PLAT-3)."""
        self._on_platform(by, platform, on, Platform.describe_baseline, goal, baseline)

    @command
    def record_goal_progress(
        self,
        by: UUID,
        platform: UUID,
        goal: str,
        progress: GoalProgress,
        *,
        on: date | None = None,
    ) -> None:
        """Record an observation of progress on a goal."""
        self._on_platform(by, platform, on, Platform.record_goal_progress, goal, progress)

    @command
    def reach_goal(self, by: UUID, platform: UUID, goal: str, *, on: date | None = None) -> None:
        """Mark a goal reached."""
        self._on_platform(by, platform, on, Platform.reach_goal, goal)

    @command
    def add_goal(
        self, by: UUID, platform: UUID, goal: Goal, consent: Consent, *, on: date | None = None
    ) -> str:
        """Add a goal by decision; returns its key."""
        the_platform = self._decide(by, platform, consent, on, Platform.add_goal, goal)
        return max(the_platform.goals, key=lambda k: int(k[1:]))

    @command
    def revise_goal(
        self, by: UUID, platform: UUID, goal: Goal, consent: Consent, *, on: date | None = None
    ) -> None:
        """Revise the goal with ``goal.key`` by decision."""
        self._decide(by, platform, consent, on, Platform.revise_goal, goal)

    @command
    def drop_goal(
        self,
        by: UUID,
        platform: UUID,
        goal: str,
        reason: str,
        consent: Consent,
        *,
        on: date | None = None,
    ) -> None:
        """Drop a goal by decision; it stays in the platform's history."""
        self._decide(by, platform, consent, on, Platform.drop_goal, goal, reason)

    @command
    def put_on_standby(
        self,
        by: UUID,
        platform: UUID,
        reason: str,
        aftercare: str,
        consent: Consent,
        *,
        review_on: date | None = None,
        on: date | None = None,
    ) -> None:
        """Pause a platform by decision (R-PLAT-4, R-PLAT-5)."""
        self._decide(
            by, platform, consent, on, Platform.put_on_standby, reason, aftercare, review_on
        )

    @command
    def resume_platform(
        self, by: UUID, platform: UUID, consent: Consent, *, on: date | None = None
    ) -> None:
        """Resume a platform from standby by decision."""
        self._decide(by, platform, consent, on, Platform.resume)

    @command
    def close_platform(
        self,
        by: UUID,
        platform: UUID,
        reason: ClosureReason,
        aftercare: str,
        consent: Consent,
        *,
        on: date | None = None,
    ) -> None:
        """Close a platform by decision (R-PLAT-5)."""
        self._decide(by, platform, consent, on, Platform.close, reason, aftercare)

    @command
    def merge_platforms(
        self,
        by: UUID,
        source: UUID,
        target: UUID,
        consent: Consent,
        target_consent: Consent,
        *,
        on: date | None = None,
    ) -> None:
        """Merge ``source`` into ``target``; both platforms decide, both are saved together."""
        the_source = self._get(Platform, source)
        the_target = self._get(Platform, target)
        initiative = self._get(Initiative, the_source.initiative)
        the_source.merge_into(
            self._principal(by, initiative),
            _today(on),
            initiative.policies,
            self._decision(consent),
            the_target,
            self._decision(target_consent),
        )
        self.save(the_source, the_target)

    @command
    def join_actor(
        self,
        by: UUID,
        platform: UUID,
        actor: UUID,
        consent: Consent,
        *,
        persons: Collection[UUID] = (),
        on: date | None = None,
    ) -> None:
        """Let a registered actor join a platform by decision."""
        initiative = self._initiative_of(platform)
        initiative.actor(actor)
        self._decide(
            by,
            platform,
            consent,
            on,
            Platform.join_actor,
            actor,
            persons,
            initiative.state != "preparing",
        )

    @command
    def remove_actor(
        self,
        by: UUID,
        platform: UUID,
        actor: UUID,
        reason: ActorChangeReason,
        consent: Consent,
        *,
        on: date | None = None,
    ) -> None:
        """Remove an actor by decision (R-ACT-2, R-ACT-4)."""
        self._decide(by, platform, consent, on, Platform.leave_actor, actor, reason)

    @command
    def replace_actor(
        self,
        by: UUID,
        platform: UUID,
        old: UUID,
        new: UUID,
        reason: ActorChangeReason,
        consent: Consent,
        *,
        on: date | None = None,
    ) -> None:
        """Swap one actor for another by decision."""
        initiative = self._initiative_of(platform)
        initiative.actor(new)
        self._decide(
            by,
            platform,
            consent,
            on,
            Platform.replace_actor,
            old,
            new,
            reason,
            initiative.state != "preparing",
        )

    @command
    def choose_coordinator(
        self,
        by: UUID,
        platform: UUID,
        actor: UUID,
        person: UUID,
        consent: Consent,
        *,
        on: date | None = None,
    ) -> None:
        """Choose the platform's coordinator by decision (R-ACT-1)."""
        chosen = self._get(Person, person)
        self._decide(
            by,
            platform,
            consent,
            on,
            Platform.choose_coordinator,
            Coordinator(actor=actor, person=person),
            None if chosen.is_forgotten else chosen.actor,
        )

    @command
    def record_ripple(
        self, by: UUID, platform: UUID, ripple: Ripple, *, on: date | None = None
    ) -> str:
        """Record (or correct) a ripple on a platform (R-RIP-1, R-RIP-2); returns its key."""
        the_platform = self._on_platform(by, platform, on, Platform.record_ripple, ripple)
        return max(the_platform.ripples, key=lambda k: int(k[1:]))

    # --- queries ---------------------------------------------------------------------------

    def get_initiative(self, initiative: UUID) -> Initiative:
        """The initiative as its events left it."""
        return self._get(Initiative, initiative)

    def get_platform(self, platform: UUID) -> Platform:
        """The platform as its events left it."""
        return self._get(Platform, platform)

    def get_person(self, person: UUID) -> Person:
        """The person as their events left them (forgotten persons read as forgotten)."""
        return self._get(Person, person)

    def platforms_of(self, initiative: UUID) -> list[Platform]:
        """Every platform of the initiative."""
        return [self._get(Platform, p) for p in sorted(self._get(Initiative, initiative).platforms)]

    # --- plumbing --------------------------------------------------------------------------

    def _get(self, kind: type[A], ident: UUID) -> A:
        """Load an aggregate, translating "not there" (or "not that kind") to ``NotFound``."""
        try:
            aggregate: object = self.repository.get(ident)
        except AggregateNotFoundError:
            raise NotFound(kind.__name__.lower(), ident) from None
        if not isinstance(aggregate, kind):
            raise NotFound(kind.__name__.lower(), ident)
        return aggregate

    def _principal(self, by: UUID, initiative: Initiative) -> Principal:
        """The roles ``by`` holds in ``initiative``, read from history (never from the caller)."""
        person = self._get(Person, by)
        if person.is_forgotten:
            raise NotPermitted("registered person", "a forgotten person issues no command")
        actor = person.actor if person.initiative == initiative.id else None
        return Principal(person=by, actor=actor, is_anchor=initiative.anchor == by)

    def _person_principal(self, by: UUID, subject: Person) -> Principal:
        if subject.initiative is None:
            return Principal(person=by)
        return self._principal(by, self._get(Initiative, subject.initiative))

    def _initiative_of(self, platform: UUID) -> Initiative:
        return self._get(Initiative, self._get(Platform, platform).initiative)

    def _decision(self, consent: Consent) -> Decision:
        """Each person speaks for the actor they represent (or none, R-FLAT-3)."""

        def voices(persons: Iterable[UUID]) -> frozenset[Voice]:
            found = (self._get(Person, p) for p in persons)
            return frozenset(
                Voice(person=p.id, actor=None if p.is_forgotten else p.actor) for p in found
            )

        return Decision(consenting=voices(consent.consenting), objecting=voices(consent.objecting))

    def _on_initiative(
        self, by: UUID, initiative: UUID, on: date | None, method: Callable[..., None], *args: Any
    ) -> Initiative:
        the_initiative = self._get(Initiative, initiative)
        method(the_initiative, self._principal(by, the_initiative), _today(on), *args)
        self.save(the_initiative)
        return the_initiative

    def _on_platform(
        self, by: UUID, platform: UUID, on: date | None, method: Callable[..., None], *args: Any
    ) -> Platform:
        the_platform = self._get(Platform, platform)
        initiative = self._get(Initiative, the_platform.initiative)
        method(the_platform, self._principal(by, initiative), _today(on), *args)
        self.save(the_platform)
        return the_platform

    def _decide(
        self,
        by: UUID,
        platform: UUID,
        consent: Consent,
        on: date | None,
        method: Callable[..., None],
        *args: Any,
    ) -> Platform:
        """Run a command of R-FLAT-4 with the decision the consenting persons make."""
        the_platform = self._get(Platform, platform)
        initiative = self._get(Initiative, the_platform.initiative)
        method(
            the_platform,
            self._principal(by, initiative),
            _today(on),
            initiative.policies,
            self._decision(consent),
            *args,
        )
        self.save(the_platform)
        return the_platform


def _today(on: date | None) -> date:
    """The business date of a command: the one given, or today (never inside an event)."""
    return on if on is not None else date.today()
