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

from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    ProcessingEvent,
    Repository,
)
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    InfrastructureFactory,
    IntegrityError,
    JSONTranscoder,
    PersistenceError,
    Recording,
    Transcoder,
    UUIDAsHex,
)
from eventsourcing.utils import Environment, EnvType, strtobool

from cocreation_domain.model import (
    ActorChangeReason,
    ActorProfile,
    Agenda,
    AgendaItem,
    Baseline,
    ChangeKind,
    ClosureReason,
    ConcurrencyConflict,
    Consent,
    Contribution,
    Coordinator,
    Decision,
    Goal,
    GoalProgress,
    GuestTalk,
    Initiative,
    InitiativeState,
    Meeting,
    MeetingKind,
    Minutes,
    Newsletter,
    NewsletterSection,
    NotFound,
    NotPermitted,
    OnboardingTopic,
    Person,
    Platform,
    Policies,
    PosterEntry,
    Principal,
    Readiness,
    RealityCheck,
    Ripple,
    RuleViolation,
    StoreError,
    Venue,
    Voice,
)
from cocreation_domain.model.agendas import default_agenda, first_meeting_agenda
from cocreation_domain.model.base import CoCreationAggregate
from cocreation_domain.model.meeting import joint_status_readiness, participants_of
from cocreation_domain.model.newsletter import new_ripples, recipients_of
from cocreation_domain.repository import CopyingRepository
from cocreation_domain.transcoder import OrjsonTranscoder
from cocreation_domain.transcodings import register_transcodings

__all__ = ["CoCreation", "LostRace", "command", "snapshot_intervals", "sqlite_env"]

P = ParamSpec("P")
R = TypeVar("R")
A = TypeVar("A", Initiative, Platform, Person, Meeting, Newsletter)
C = TypeVar("C", bound="CoCreation")


def sqlite_env(path: str) -> dict[str, str]:
    """The environment that stores an application's events in the SQLite file ``path``."""
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": path}


def _store_location(env: Mapping[str, str] | None) -> tuple[str, str]:
    """Where an environment keeps its events and what to check, for an error message.

    Names the file or database, never a password.
    """
    env = env or {}
    module = env.get("PERSISTENCE_MODULE", "")
    if module.endswith("sqlite"):
        where = f"SQLite file {env.get('SQLITE_DBNAME', '')!r}"
        return where, "check that its directory exists and this process may write there"
    if module.endswith("postgres"):
        host = f"{env.get('POSTGRES_HOST', '')}:{env.get('POSTGRES_PORT', '5432')}"
        where = f"PostgreSQL database {env.get('POSTGRES_DBNAME', '')!r} at {host}"
        return where, "check POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER and the server"
    return f"of PERSISTENCE_MODULE {module!r}", "check the persistence settings"


SNAPSHOTTED: dict[str, type[CoCreationAggregate]] = {
    "Initiative": Initiative,
    "Platform": Platform,
}
"""The long-lived aggregate types ``SNAPSHOT_INTERVAL`` can name.

Persons are never snapshotted: a snapshot would copy personal data out of person events
(R-PII-1), and a person has few events anyway.
"""


def snapshot_intervals(text: str) -> dict[type[Any], int]:
    """Parse ``SNAPSHOT_INTERVAL``: one number for the initiative and platform, or ``Type=n``.

    >>> snapshot_intervals("Platform=100, Initiative=500") == {Platform: 100, Initiative: 500}
    True
    >>> sorted(t.__name__ for t in snapshot_intervals("50"))
    ['Initiative', 'Platform']
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


def command(method: Callable[Concatenate[C, P], R]) -> Callable[Concatenate[C, P], R]:
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
    def retrying(app: C, /, *args: P.args, **kwargs: P.kwargs) -> R:
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
    environment variable (``"100"`` for initiatives and platforms, ``"Platform=100"`` per
    type, ``"0"`` for none), the ``snapshotting_intervals`` class attribute. Persons are
    never snapshotted (R-PII-1).

    Events are encoded by :class:`~cocreation_domain.transcoder.OrjsonTranscoder`, in the
    format of eventsourcing's ``JSONTranscoder`` (which can read our stores). The application
    does not write with ``JSONTranscoder``: it writes string enums as bare strings, so their
    type would be lost on replay; ``TRANSCODER_TOPIC`` is therefore refused.
    """

    name = "CoCreation"
    env: ClassVar[dict[str, str]] = {"AGGREGATE_CACHE_MAXSIZE": "1000"}
    """Defaults under the environment: an aggregate cache of 1000 aggregates, fast-forwarded
    from the store on every load (so other writers' events are always seen) and handed out
    as copies (:class:`~cocreation_domain.repository.CopyingRepository`). An empty
    ``AGGREGATE_CACHE_MAXSIZE`` turns the cache off."""
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
        if env is not None and not isinstance(env, Mapping):
            raise StoreError(
                repr(env),
                "env takes a mapping of settings; for a SQLite file pass "
                f"env=sqlite_env({str(env)!r}) (see docs/embedding.md)",
            )
        try:
            super().__init__(env)
        except PersistenceError as failed:
            where, check = _store_location(getattr(self, "env", env))
            raise StoreError(where, f"{failed}; {check}") from failed

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        """Read the environment, and choose the snapshot intervals (see the class doc)."""
        environment = super().construct_env(name, env)
        if self._intervals is not None:
            intervals: dict[type[Any], int] = dict(self._intervals)
        elif environment.get(self.SNAPSHOT_INTERVAL):
            intervals = snapshot_intervals(environment.get(self.SNAPSHOT_INTERVAL, ""))
        else:
            intervals = dict(type(self).snapshotting_intervals)
        if Person in intervals:
            raise ValueError("R-PII-1: persons are never snapshotted (personal data)")
        # Per instance: eventsourcing reads the intervals through ``self`` when saving.
        self.snapshotting_intervals = intervals  # type: ignore[misc]
        if intervals:
            environment[InfrastructureFactory.IS_SNAPSHOTTING_ENABLED] = "y"
        return environment

    def construct_repository(self) -> Repository[UUID]:
        """eventsourcing's repository, configured by the same variables, copying cheaply."""
        maxsize = self.env.get(self.AGGREGATE_CACHE_MAXSIZE)
        return CopyingRepository(
            self.events,
            snapshot_store=self.snapshots,
            cache_maxsize=int(maxsize) if maxsize else None,
            fastforward=strtobool(self.env.get(self.AGGREGATE_CACHE_FASTFORWARD, "y")),
            fastforward_skipping=strtobool(
                self.env.get(self.AGGREGATE_CACHE_FASTFORWARD_SKIPPING, "n")
            ),
            copy_from_cache=strtobool(self.env.get(self.DEEPCOPY_FROM_AGGREGATE_CACHE, "y")),
        )

    def construct_transcoder(self) -> Transcoder:
        """The orjson transcoder with eventsourcing's and the domain's transcodings."""
        if self.env.get(InfrastructureFactory.TRANSCODER_TOPIC):
            msg = (
                "TRANSCODER_TOPIC is not supported: CoCreation writes with OrjsonTranscoder, "
                "because other transcoders lose the type of string enums"
            )
            raise ValueError(msg)
        transcoder = OrjsonTranscoder()
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
        """Register a person: themselves (no ``by``), or by the anchor for an actor.

        A person registered for an actor is indexed on the initiative in the same save, so the
        newsletter finds every person of every actor (R-NEWS-4).
        """
        principal = None
        the_initiative = None
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
        if actor is not None and principal is not None and the_initiative is not None:
            the_initiative.add_representative(principal, _today(on), actor, person.id)
            self.save(person, the_initiative)
        else:
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
            after_co_creation_started=the_initiative.state != InitiativeState.PREPARING,
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
        """Record the first platform meeting's focus and contributions in one step.

        It goes through a real :class:`Meeting` (R-PLAT-2): planned and invited by the
        coordinator for ``on`` with the default first-meeting agenda (premises, rules of play,
        *Fokus + Aktører*), hosted by the rotation's suggestion, held with every current actor
        present; meeting, platform and initiative are saved together.
        """
        the_platform = self._get(Platform, platform)
        initiative = self._get(Initiative, the_platform.initiative)
        principal = self._principal(by, initiative)
        day = _today(on)
        meeting = Meeting.plan(
            principal,
            day,
            initiative,
            MeetingKind.PLATFORM_FIRST,
            day,
            first_meeting_agenda(),
            host=the_platform.suggested_host,
            platform=the_platform,
        )
        meeting.invite(principal, day, the_platform.actors, platform=the_platform)
        self._hold_first(
            principal,
            day,
            meeting,
            the_platform,
            focus,
            contributions,
            the_platform.actors,
            Minutes(summary=focus),
        )
        initiative.register_meeting(principal, day, meeting)
        self.save(meeting, the_platform, initiative)

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
            initiative.state != InitiativeState.PREPARING,
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
            initiative.state != InitiativeState.PREPARING,
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

    # --- meetings (Cards 2, 3, 7; R-MEET-1..6, R-PLAT-2, R-ACT-3) -------------------------

    @command
    def plan_meeting(
        self,
        by: UUID,
        kind: MeetingKind,
        scheduled_on: date,
        *,
        initiative: UUID | None = None,
        platform: UUID | None = None,
        host: UUID | None = None,
        venue: Venue | None = None,
        agenda: Agenda | None = None,
        with_actor: UUID | None = None,
        on: date | None = None,
    ) -> UUID:
        """Plan a meeting; returns its id.

        Platform meetings (``platform_first``, ``platform_goal_setting``, ``platform``) name
        the ``platform`` and are planned by its coordinator (R-MEET-1); the others name the
        ``initiative`` and are planned by the anchor. The host defaults to the rotation's
        suggestion (R-MEET-1, R-MEET-4), the agenda to the kind's default (in Danish and
        English). A pre-meeting names the actor it is held ``with_actor`` (R-ACT-3).
        """
        kind = MeetingKind(kind)
        the_platform = self._get(Platform, platform) if platform is not None else None
        if the_platform is not None:
            initiative = the_platform.initiative
        if initiative is None:
            raise NotFound("initiative", None)
        the_initiative = self._get(Initiative, initiative)
        principal = self._principal(by, the_initiative)
        day = _today(on)
        platforms = self._platforms(the_initiative)
        participants = participants_of(platforms)
        if host is None and the_platform is not None:
            host = the_platform.suggested_host
        elif host is None and kind is MeetingKind.JOINT_STATUS:
            host = the_initiative.suggested_joint_status_host(participants)
        meeting = Meeting.plan(
            principal,
            day,
            the_initiative,
            kind,
            scheduled_on,
            agenda if agenda is not None else default_agenda(kind),
            host=host,
            venue=venue,
            platform=the_platform,
            with_actor=with_actor,
            participants=participants,
            unfocused=_unfocused(platforms),
        )
        the_initiative.register_meeting(principal, day, meeting)
        self.save(meeting, the_initiative)
        return meeting.id

    @command
    def invite_meeting(self, by: UUID, meeting: UUID, *, on: date | None = None) -> None:
        """Send a planned meeting's invitations: the platform's current actors, the
        coordinators' actors, every current actor of the initiative (joint status, R-MEET-4),
        or the pre-meeting's actor. The lead time is recorded (a short one is flagged)."""
        the_meeting, initiative, principal, platform = self._meeting(by, meeting)
        platforms = self._platforms(initiative)
        the_meeting.invite(
            principal,
            _today(on),
            _invitees(the_meeting, platform, platforms),
            platform=platform,
            unfocused=_unfocused(platforms),
        )
        self.save(the_meeting)

    @command
    def reschedule_meeting(
        self,
        by: UUID,
        meeting: UUID,
        scheduled_on: date,
        *,
        reason: str = "",
        host: UUID | None = None,
        venue: Venue | None = None,
        on: date | None = None,
    ) -> None:
        """Move a planned or invited meeting to another date (and host or venue)."""
        the_meeting, initiative, principal, platform = self._meeting(by, meeting)
        the_meeting.reschedule(
            principal,
            _today(on),
            scheduled_on,
            reason=reason,
            host=host,
            venue=venue,
            platform=platform,
            participants=participants_of(self._platforms(initiative)),
        )
        self.save(the_meeting)

    @command
    def add_agenda_item(
        self, by: UUID, meeting: UUID, item: AgendaItem, *, on: date | None = None
    ) -> str:
        """Add a point to a meeting's agenda; returns the point's key."""
        the_meeting, _, principal, platform = self._meeting(by, meeting)
        the_meeting.add_agenda_item(principal, _today(on), item, platform=platform)
        self.save(the_meeting)
        return the_meeting.agenda.items[-1].key

    @command
    def add_guest_talk(
        self, by: UUID, meeting: UUID, speaker: UUID, topic: str, *, on: date | None = None
    ) -> str:
        """Put a guest talk by a registered person on a joint status meeting's agenda
        (R-MEET-6); returns the point's key."""
        the_meeting, _, principal, _ = self._meeting(by, meeting)
        if self._get(Person, speaker).is_forgotten:
            raise NotFound("person", speaker)
        the_meeting.add_guest_talk(principal, _today(on), GuestTalk(speaker=speaker, topic=topic))
        self.save(the_meeting)
        return the_meeting.agenda.items[-1].key

    @command
    def cancel_meeting(
        self, by: UUID, meeting: UUID, reason: str = "", *, on: date | None = None
    ) -> None:
        """Cancel a planned or invited meeting."""
        the_meeting, _, principal, platform = self._meeting(by, meeting)
        the_meeting.cancel(principal, _today(on), reason, platform=platform)
        self.save(the_meeting)

    @command
    def hold_meeting(
        self,
        by: UUID,
        meeting: UUID,
        *,
        attendance: Collection[UUID] | None = None,
        minutes: Minutes | None = None,
        on: date | None = None,
    ) -> None:
        """Hold a regular platform meeting, the coordinator meeting or a pre-meeting.

        ``attendance`` (actors present) defaults to the invitees. The platform records the
        activity and the host's turn (R-MEET-1); the initiative records the coordinator meeting
        (R-MEET-2) or the pre-meeting (R-ACT-3), in the same save. The first platform meeting,
        the goal-setting meeting and the joint status meeting have their own commands.
        """
        the_meeting, initiative, principal, platform = self._meeting(by, meeting)
        day = _today(on)
        special = {
            MeetingKind.PLATFORM_FIRST: ("R-PLAT-2", "hold_first_platform_meeting"),
            MeetingKind.PLATFORM_GOAL_SETTING: ("R-FLAT-4", "hold_goal_setting_meeting"),
            MeetingKind.JOINT_STATUS: ("R-NEWS-1", "hold_joint_status_meeting"),
        }.get(the_meeting.kind)
        if special is not None:
            rule, method = special
            raise RuleViolation(rule, f"a {the_meeting.kind} meeting is held with {method}")
        the_meeting.hold(
            principal,
            day,
            self._attendance(the_meeting, initiative, attendance),
            minutes or Minutes(),
            platform=platform,
        )
        if platform is not None:
            platform.record_meeting(principal, day, the_meeting)
            self.save(the_meeting, platform)
        elif the_meeting.kind is MeetingKind.COORDINATOR:
            initiative.hold_coordinator_meeting(principal, day, the_meeting)
            self.save(the_meeting, initiative)
        else:
            initiative.record_pre_meeting(principal, day, the_meeting)
            self.save(the_meeting, initiative)

    @command
    def hold_first_platform_meeting(
        self,
        by: UUID,
        meeting: UUID,
        focus: str,
        contributions: Collection[Contribution] = (),
        *,
        attendance: Collection[UUID] | None = None,
        minutes: Minutes | None = None,
        on: date | None = None,
    ) -> None:
        """Hold the platform's first meeting: its focus and each actor's contribution (the
        *Fokus + Aktører* template). The platform becomes ``focused`` in the same save
        (R-PLAT-2: invited by the coordinator, agenda revisiting premises and rules of play)."""
        the_meeting, initiative, principal, platform = self._meeting(by, meeting)
        if platform is None or the_meeting.kind is not MeetingKind.PLATFORM_FIRST:
            raise RuleViolation("R-PLAT-2", "this is not a platform's first meeting")
        attendees = self._attendance(the_meeting, initiative, attendance)
        self._hold_first(
            principal, _today(on), the_meeting, platform, focus, contributions, attendees, minutes
        )
        self.save(the_meeting, platform)

    @command
    def hold_goal_setting_meeting(
        self,
        by: UUID,
        meeting: UUID,
        goals: Sequence[Goal],
        consent: Consent,
        *,
        attendance: Collection[UUID] | None = None,
        minutes: Minutes | None = None,
        on: date | None = None,
    ) -> list[str]:
        """Hold the second platform meeting, where the platform sets its 3-5 goals by decision
        (Card 5, R-GOAL-1..4, R-FLAT-4); returns the goal keys."""
        the_meeting, initiative, principal, platform = self._meeting(by, meeting)
        if platform is None or the_meeting.kind is not MeetingKind.PLATFORM_GOAL_SETTING:
            raise RuleViolation("R-FLAT-4", "this is not a platform's goal-setting meeting")
        day = _today(on)
        before = set(platform.goals)
        the_meeting.hold(
            principal,
            day,
            self._attendance(the_meeting, initiative, attendance),
            minutes or Minutes(),
            platform=platform,
        )
        platform.set_goals(principal, day, initiative.policies, self._decision(consent), goals)
        platform.record_meeting(principal, day, the_meeting)
        self.save(the_meeting, platform)
        return sorted(set(platform.goals) - before, key=lambda k: int(k[1:]))

    @command
    def hold_joint_status_meeting(
        self,
        by: UUID,
        meeting: UUID,
        *,
        attendance: Collection[UUID] | None = None,
        minutes: Minutes | None = None,
        override_reason: str | None = None,
        on: date | None = None,
    ) -> UUID:
        """Hold a joint status meeting and open its newsletter in the same save (R-NEWS-1);
        returns the newsletter's id.

        The readiness gate (R-MEET-5, R-ACT-3) refuses unless every open, non-standby platform
        performed a reality check and every new actor had its pre-meeting since the previous
        joint status meeting, or an ``override_reason`` is given (recorded with the gaps).
        """
        the_meeting, initiative, principal, _ = self._meeting(by, meeting)
        if the_meeting.kind is not MeetingKind.JOINT_STATUS:
            raise RuleViolation("R-NEWS-1", "this is not a joint status meeting")
        day = _today(on)
        platforms = self._platforms(initiative)
        participants = participants_of(platforms)
        newsletter_id = Newsletter.create_id()
        the_meeting.hold(
            principal,
            day,
            self._attendance(the_meeting, initiative, attendance),
            minutes or Minutes(),
            participants=participants,
            readiness=joint_status_readiness(initiative, platforms),
            override_reason=override_reason,
            newsletter=newsletter_id,
        )
        newsletter = Newsletter.open(
            principal,
            day,
            the_meeting,
            [p.id for p in platforms if p.is_open],
            initiative.last_newsletter,
            newsletter_id,
        )
        initiative.hold_joint_status_meeting(
            principal, day, the_meeting, newsletter.id, participants
        )
        self.save(the_meeting, newsletter, initiative)
        return newsletter.id

    @command
    def convene_coordinator_meeting(
        self,
        by: UUID,
        initiative: UUID,
        scheduled_on: date,
        *,
        host: UUID | None = None,
        venue: Venue | None = None,
        agenda: Agenda | None = None,
        on: date | None = None,
    ) -> UUID:
        """Plan and invite the coordinator meeting with Card 3's eight points, once every open
        platform has held its first meeting (R-MEET-2); returns the meeting's id."""
        return self._convene(
            by, initiative, MeetingKind.COORDINATOR, scheduled_on, host, venue, agenda, on
        )

    @command
    def convene_joint_status_meeting(
        self,
        by: UUID,
        initiative: UUID,
        scheduled_on: date,
        *,
        host: UUID | None = None,
        venue: Venue | None = None,
        agenda: Agenda | None = None,
        guest_talk: GuestTalk | None = None,
        on: date | None = None,
    ) -> UUID:
        """Plan and invite a joint status meeting of all actors (R-MEET-4), hosted by the
        rotation's suggestion unless ``host`` is given, with an optional guest talk (R-MEET-6);
        returns the meeting's id."""
        return self._convene(
            by,
            initiative,
            MeetingKind.JOINT_STATUS,
            scheduled_on,
            host,
            venue,
            agenda,
            on,
            guest_talk=guest_talk,
        )

    @command
    def hold_pre_meeting(
        self,
        by: UUID,
        initiative: UUID,
        actor: UUID,
        *,
        minutes: Minutes | None = None,
        on: date | None = None,
    ) -> UUID:
        """Record the anchor's pre-meeting with a new actor, planned, invited and held on ``on``
        in one save (R-ACT-3); returns the meeting's id."""
        the_initiative = self._get(Initiative, initiative)
        principal = self._principal(by, the_initiative)
        day = _today(on)
        meeting = Meeting.plan(
            principal,
            day,
            the_initiative,
            MeetingKind.PRE_MEETING,
            day,
            default_agenda(MeetingKind.PRE_MEETING),
            with_actor=actor,
        )
        meeting.invite(principal, day, {actor})
        meeting.hold(principal, day, {actor}, minutes or Minutes())
        the_initiative.register_meeting(principal, day, meeting)
        the_initiative.record_pre_meeting(principal, day, meeting)
        self.save(meeting, the_initiative)
        return meeting.id

    # --- reality checks, sparring, change proposals, poster (Cards 3, 4, 7) ----------------

    @command
    def record_reality_check(
        self, by: UUID, platform: UUID, check: RealityCheck, *, on: date | None = None
    ) -> str:
        """Record the platform's reality check, by its coordinator; returns its key (RC1 …)."""
        the_platform = self._on_platform(by, platform, on, Platform.record_reality_check, check)
        return max(the_platform.reality_checks, key=lambda k: int(k[2:]))

    @command
    def request_sparring(
        self, by: UUID, platform: UUID, topic: str, *, on: date | None = None
    ) -> str:
        """Ask the anchor for sparring, by the platform's coordinator; returns the key."""
        the_platform = self._on_platform(by, platform, on, Platform.request_sparring, topic)
        return max(the_platform.sparring, key=lambda k: int(k[1:]))

    @command
    def give_sparring(
        self, by: UUID, platform: UUID, key: str, notes: str, *, on: date | None = None
    ) -> None:
        """Answer a platform's sparring request, by the anchor."""
        self._on_platform(by, platform, on, Platform.give_sparring, key, notes)

    @command
    def propose_change(
        self,
        by: UUID,
        initiative: UUID,
        platform: UUID,
        kind: ChangeKind,
        reason: str,
        *,
        into: UUID | None = None,
        on: date | None = None,
    ) -> str:
        """Propose merging or closing a platform, by the anchor at or after the coordinator
        meeting (R-MEET-3); only the platform's decision carries it out. Returns its key."""
        the_initiative = self._get(Initiative, initiative)
        key = the_initiative.propose_change(
            self._principal(by, the_initiative),
            _today(on),
            self._get(Platform, platform),
            kind,
            reason,
            self._get(Platform, into) if into is not None else None,
        )
        self.save(the_initiative)
        return key

    @command
    def decline_change(
        self, by: UUID, initiative: UUID, key: str, consent: Consent, *, on: date | None = None
    ) -> None:
        """Record a platform's decision against a proposed change (R-MEET-3, R-FLAT-3)."""
        the_initiative = self._get(Initiative, initiative)
        proposal = the_initiative.change_proposals.get(key)
        if proposal is None:
            raise NotFound("change proposal", key)
        the_initiative.decline_change(
            self._principal(by, the_initiative),
            _today(on),
            key,
            self._get(Platform, proposal.platform),
            self._decision(consent),
        )
        self.save(the_initiative)

    @command
    def update_poster(self, by: UUID, initiative: UUID, *, on: date | None = None) -> None:
        """Update the poster from the open platforms: name, focus, actors, coordinator
        (Card 3, R-MEET-3)."""
        the_initiative = self._get(Initiative, initiative)
        entries = [
            PosterEntry(
                platform=p.id,
                name=p.name,
                state=p.state,
                focus=p.focus,
                actors=p.actors,
                coordinator=p.coordinator.actor if p.coordinator else None,
            )
            for p in self._platforms(the_initiative)
            if p.is_open
        ]
        the_initiative.update_poster(self._principal(by, the_initiative), _today(on), entries)
        self.save(the_initiative)

    # --- newsletters (Cards 7, 8; R-NEWS-1..4) ---------------------------------------------

    @command
    def submit_newsletter_section(
        self,
        by: UUID,
        newsletter: UUID,
        platform: UUID,
        progress: str,
        hard: str,
        *,
        ripples: Collection[str] | None = None,
        on: date | None = None,
    ) -> None:
        """Submit a platform's newsletter section, by its coordinator (R-NEWS-2). ``ripples``
        default to the platform's ripples not reported in an earlier newsletter."""
        the_newsletter = self._get(Newsletter, newsletter)
        the_platform = self._get(Platform, platform)
        initiative = self._get(Initiative, the_newsletter.initiative)
        if ripples is None:
            ripples = new_ripples(the_platform, self._earlier_sections(the_newsletter))
        the_newsletter.submit_section(
            self._principal(by, initiative), _today(on), the_platform, progress, hard, ripples
        )
        self.save(the_newsletter)

    @command
    def compile_newsletter(
        self,
        by: UUID,
        newsletter: UUID,
        *,
        missing: Mapping[UUID, str] | None = None,
        on: date | None = None,
    ) -> None:
        """Compile a newsletter, by the anchor, naming each missing section with a reason
        (R-NEWS-3)."""
        the_newsletter = self._get(Newsletter, newsletter)
        initiative = self._get(Initiative, the_newsletter.initiative)
        the_newsletter.compile(self._principal(by, initiative), _today(on), missing or {})
        self.save(the_newsletter)

    @command
    def publish_newsletter(
        self, by: UUID, newsletter: UUID, *, on: date | None = None
    ) -> frozenset[UUID]:
        """Publish a compiled newsletter, by the anchor, to every person of every current
        actor, forgotten persons excluded (R-NEWS-4); returns the recorded recipients."""
        the_newsletter = self._get(Newsletter, newsletter)
        initiative = self._get(Initiative, the_newsletter.initiative)
        principal = self._principal(by, initiative)
        actors = participants_of(self._platforms(initiative))
        forgotten = {
            person
            for actor in actors
            for person in initiative.persons_of(actor)
            if self._get(Person, person).is_forgotten
        }
        recipients = recipients_of(initiative, actors, forgotten)
        the_newsletter.publish(principal, _today(on), recipients, actors)
        self.save(the_newsletter)
        return recipients

    # --- meeting and newsletter queries ----------------------------------------------------

    def get_meeting(self, meeting: UUID) -> Meeting:
        """The meeting as its events left it."""
        return self._get(Meeting, meeting)

    def get_newsletter(self, newsletter: UUID) -> Newsletter:
        """The newsletter as its events left it."""
        return self._get(Newsletter, newsletter)

    def meetings_of(self, initiative: UUID) -> list[Meeting]:
        """Every meeting of the initiative, by date."""
        meetings = [self._get(Meeting, m) for m in self._get(Initiative, initiative).meetings]
        return sorted(meetings, key=lambda m: (m.scheduled_on, str(m.id)))

    def newsletters_of(self, initiative: UUID) -> list[Newsletter]:
        """Every newsletter of the initiative, oldest first."""
        ids = self._get(Initiative, initiative).joint_status_newsletters.values()
        return sorted((self._get(Newsletter, n) for n in ids), key=lambda n: n.opened_on)

    def joint_status_readiness(self, initiative: UUID) -> Readiness:
        """What the next joint status meeting still waits for (R-MEET-5, R-ACT-3)."""
        the_initiative = self._get(Initiative, initiative)
        return joint_status_readiness(the_initiative, self._platforms(the_initiative))

    def suggest_host(self, platform: UUID) -> UUID | None:
        """The current actor whose turn it is to host the platform's next meeting (R-MEET-1)."""
        return self._get(Platform, platform).suggested_host

    def suggest_joint_status_host(self, initiative: UUID) -> UUID | None:
        """The current actor whose turn it is to host the next joint status meeting
        (R-MEET-4)."""
        the_initiative = self._get(Initiative, initiative)
        participants = participants_of(self._platforms(the_initiative))
        return the_initiative.suggested_joint_status_host(participants)

    def persons_of(self, initiative: UUID, actor: UUID) -> frozenset[UUID]:
        """The persons registered for ``actor``, forgotten persons excluded (R-PII-2)."""
        persons = self._get(Initiative, initiative).persons_of(actor)
        return frozenset(p for p in persons if not self._get(Person, p).is_forgotten)

    # --- meeting plumbing ------------------------------------------------------------------

    def _platforms(self, initiative: Initiative) -> list[Platform]:
        return [self._get(Platform, p) for p in sorted(initiative.platforms)]

    def _meeting(
        self, by: UUID, meeting: UUID
    ) -> tuple[Meeting, Initiative, Principal, Platform | None]:
        """A meeting, its initiative, the principal's roles there, and its platform if any."""
        the_meeting = self._get(Meeting, meeting)
        initiative = self._get(Initiative, the_meeting.initiative)
        platform = (
            self._get(Platform, the_meeting.platform) if the_meeting.platform is not None else None
        )
        return the_meeting, initiative, self._principal(by, initiative), platform

    @staticmethod
    def _attendance(
        meeting: Meeting, initiative: Initiative, attendance: Collection[UUID] | None
    ) -> frozenset[UUID]:
        """The actors present (the invitees unless given); each an actor of the initiative."""
        present = frozenset(meeting.invitees if attendance is None else attendance)
        for actor in present:
            initiative.actor(actor)
        return present

    def _hold_first(
        self,
        principal: Principal,
        day: date,
        meeting: Meeting,
        platform: Platform,
        focus: str,
        contributions: Collection[Contribution],
        attendance: Collection[UUID],
        minutes: Minutes | None,
    ) -> None:
        meeting.hold(principal, day, attendance, minutes or Minutes(), platform=platform)
        platform.hold_first_meeting(principal, day, meeting, focus, contributions)

    def _convene(
        self,
        by: UUID,
        initiative: UUID,
        kind: MeetingKind,
        scheduled_on: date,
        host: UUID | None,
        venue: Venue | None,
        agenda: Agenda | None,
        on: date | None,
        guest_talk: GuestTalk | None = None,
    ) -> UUID:
        """Plan and invite a meeting the anchor convenes (with a guest talk), in one save."""
        the_initiative = self._get(Initiative, initiative)
        principal = self._principal(by, the_initiative)
        day = _today(on)
        platforms = self._platforms(the_initiative)
        participants = participants_of(platforms)
        if host is None and kind is MeetingKind.JOINT_STATUS:
            host = the_initiative.suggested_joint_status_host(participants)
        meeting = Meeting.plan(
            principal,
            day,
            the_initiative,
            kind,
            scheduled_on,
            agenda if agenda is not None else default_agenda(kind),
            host=host,
            venue=venue,
            participants=participants,
            unfocused=_unfocused(platforms),
        )
        meeting.invite(
            principal,
            day,
            _invitees(meeting, None, platforms),
            unfocused=_unfocused(platforms),
        )
        if guest_talk is not None:
            if self._get(Person, guest_talk.speaker).is_forgotten:
                raise NotFound("person", guest_talk.speaker)
            meeting.add_guest_talk(principal, day, guest_talk)
        the_initiative.register_meeting(principal, day, meeting)
        self.save(meeting, the_initiative)
        return meeting.id

    def _earlier_sections(self, newsletter: Newsletter) -> list[NewsletterSection]:
        """Every section of the newsletters before ``newsletter``, newest first."""
        sections: list[NewsletterSection] = []
        previous = newsletter.previous
        while previous is not None:
            earlier = self._get(Newsletter, previous)
            sections.extend(earlier.sections.values())
            previous = earlier.previous
        return sections

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


def _unfocused(platforms: Iterable[Platform]) -> frozenset[UUID]:
    """Open platforms that have not held their first meeting (R-MEET-2)."""
    return frozenset(p.id for p in platforms if p.is_open and p.first_meeting is None)


def _invitees(
    meeting: Meeting, platform: Platform | None, platforms: Iterable[Platform]
) -> frozenset[UUID]:
    """Whom a meeting invites, as actors: see :meth:`CoCreation.invite_meeting`."""
    if platform is not None:
        return platform.actors
    if meeting.kind is MeetingKind.COORDINATOR:
        return frozenset(p.coordinator.actor for p in platforms if p.is_open and p.coordinator)
    if meeting.kind is MeetingKind.PRE_MEETING and meeting.with_actor is not None:
        return frozenset({meeting.with_actor})
    return participants_of(platforms)
