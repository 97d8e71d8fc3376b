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
import random
import threading
import time
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
    ApplicationRecorder,
    DatetimeAsISO,
    DecimalAsStr,
    InfrastructureFactory,
    IntegrityError,
    JSONTranscoder,
    Mapper,
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
    Delivery,
    Goal,
    GoalProgress,
    GuestTalk,
    Initiative,
    InitiativeState,
    Meeting,
    MeetingKind,
    MeetingTime,
    Minutes,
    Newsletter,
    NewsletterSection,
    NotFound,
    NotPermitted,
    OnboardingTopic,
    Person,
    Platform,
    Policies,
    Principal,
    Readiness,
    RealityCheck,
    Ripple,
    RuleViolation,
    StoreError,
    Venue,
    Voice,
)
from cocreation_domain.model.agendas import default_agenda
from cocreation_domain.model.arguments import SignatureCheck, signature_check
from cocreation_domain.model.base import CoCreationAggregate
from cocreation_domain.model.meeting import (
    invitees_of,
    joint_status_readiness,
    participants_of,
    unfocused_platforms,
)
from cocreation_domain.model.newsletter import new_ripples, recipients_of
from cocreation_domain.model.person import require_representatives
from cocreation_domain.model.platform import poster_entries
from cocreation_domain.model.rules import require_text
from cocreation_domain.model.values import (
    Beneficiary,
    CrossPlatformInitiative,
    CrossPlatformLead,
    OverlapReview,
    RippleKind,
)
from cocreation_domain.personal_data import (
    KeyStore,
    PersonalDataMapper,
    PersonalFields,
    key_store_for,
)
from cocreation_domain.portability import person_document
from cocreation_domain.repository import CopyingRepository
from cocreation_domain.sealing import sealed_recorder
from cocreation_domain.transcoder import OrjsonTranscoder
from cocreation_domain.transcodings import register_transcodings

__all__ = ["CoCreation", "LostRace", "command", "snapshot_intervals", "sqlite_env"]

P = ParamSpec("P")
R = TypeVar("R")
A = TypeVar("A", Initiative, Platform, Person, Meeting, Newsletter, Delivery)
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
    """What the command running in this thread has done so far.

    ``loaded`` maps each aggregate the current attempt loaded to the copy it works on (so an
    aggregate is loaded, and the cache caught up with the store, once per attempt).
    """

    running = False
    recorded = False
    caught_up = False
    loaded: dict[UUID, Any] | None = None

    def begin(self) -> None:
        """Start an attempt: nothing recorded, nothing loaded, the cache not yet caught up."""
        self.recorded = False
        self.caught_up = False
        self.loaded = {}

    def end(self) -> None:
        """Leave the command: later loads are the caller's own."""
        self.running = False
        self.caught_up = False
        self.loaded = None


def backoff(attempt: int, base: float, cap: float) -> float:
    """Seconds to wait after losing race number ``attempt`` (0-based): "full jitter", a random
    share of an exponentially growing window, so rival writers spread out instead of colliding
    again in step.

    >>> 0.0 <= backoff(0, 0.01, 1.0) <= 0.01, backoff(20, 0.01, 0.5) <= 0.5
    (True, True)
    """
    return random.uniform(0.0, min(cap, base * 2.0**attempt))


def command(method: Callable[Concatenate[C, P], R]) -> Callable[Concatenate[C, P], R]:
    """Check the arguments, then decide again from a fresh load when another writer saved first
    (optimistic concurrency).

    Before anything is loaded, every argument is checked against the command's annotations
    (:func:`~cocreation_domain.model.arguments.signature_check`): a value that does not fit
    raises :class:`~cocreation_domain.model.InvalidInput` naming the parameter, the same on
    every store, and the command receives the arguments normalised (text stripped, vocabulary
    values as members, collections as tuples).

    Each attempt runs the whole command: it loads every aggregate from the store, checks
    permission, lifecycle and rules, and saves once. When the save loses a race
    (:class:`LostRace`), nothing of ours was stored, so the next attempt starts from what the
    other writer left. After ``max_attempts`` lost races the command raises
    :class:`~cocreation_domain.model.ConcurrencyConflict`. A command called by another
    command runs inside the outer command's attempt. If a command recorded events and then
    lost a race on a second save, deciding again would store the first events twice, so the
    ``LostRace`` propagates instead (commands save once, last). Between attempts the command
    waits a jittered, exponentially growing while (:func:`backoff`, ``retry_delay`` and
    ``retry_delay_cap`` of the application).
    """

    checked: list[SignatureCheck] = []

    @functools.wraps(method)
    def retrying(app: C, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if app._check_arguments:
            if not checked:
                checked.append(signature_check(method))
            args, kwargs = checked[0](args, kwargs)  # type: ignore[assignment]
        call = app._call
        if call.running:
            return method(app, *args, **kwargs)
        call.running = True
        try:
            for attempt in range(app.max_attempts):
                call.begin()
                try:
                    return method(app, *args, **kwargs)
                except LostRace:
                    if call.recorded:
                        raise
                if attempt + 1 < app.max_attempts:
                    time.sleep(backoff(attempt, app.retry_delay, app.retry_delay_cap))
            raise ConcurrencyConflict(app.max_attempts)
        finally:
            call.end()

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
    """Defaults under the environment: an aggregate cache of 1000 aggregates, caught up with
    the store once per command attempt (so other writers' events are always seen, and read
    only when there are some), holding what this process saved, and handed out as copies
    (:class:`~cocreation_domain.repository.CopyingRepository`). An empty
    ``AGGREGATE_CACHE_MAXSIZE`` turns the cache off."""
    max_attempts = 20
    """How often a command is decided again after losing a race with another writer."""
    retry_delay = 0.005
    """Seconds: the window of the first jittered wait after a lost race (doubling each time)."""
    retry_delay_cap = 0.1
    """Seconds: the largest window of a jittered wait after a lost race."""
    _check_arguments: ClassVar[bool] = True
    """Whether ``@command`` checks arguments (off only to measure what checking costs)."""
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {}
    """Snapshot interval per aggregate type (eventsourcing's mechanism); see the class doc."""
    SNAPSHOT_INTERVAL = "SNAPSHOT_INTERVAL"

    def __init__(
        self,
        env: EnvType | None = None,
        *,
        snapshotting_intervals: Mapping[type[CoCreationAggregate], int] | None = None,
        key_store: KeyStore | None = None,
    ) -> None:
        self._call = _Call()
        self._intervals = snapshotting_intervals
        self._key_store = key_store
        self.personal_data_purges: dict[str, Callable[[UUID], None]] = {}
        """What else holds copies of personal data and must purge a forgotten person's
        (by name, e.g. the read side's stored views); each is called with the person's id
        after their key is destroyed (R-PII-3)."""
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

    def construct_mapper(self) -> Mapper[UUID]:
        """The mapper that seals person events' personal fields with each person's key
        (R-PII-3), from the ``key_store`` argument or else the table beside the events
        (:func:`~cocreation_domain.personal_data.key_store_for`)."""
        datastore = getattr(self.factory, "datastore", None)
        self.key_store = self._key_store or key_store_for(datastore, self.env)
        plain: Mapper[UUID] = self.factory.mapper(transcoder=self.construct_transcoder())
        return PersonalDataMapper(
            plain.transcoder,
            PersonalFields(self.key_store),
            compressor=plain.compressor,
            cipher=plain.cipher,
        )

    def construct_recorder(self) -> ApplicationRecorder:
        """eventsourcing's recorder for the environment, sealed: every event is chained into
        the store's hash-chained log in the transaction recording it
        (:mod:`cocreation_domain.sealing`)."""
        return sealed_recorder(self.factory)

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
        repository = self.repository
        if isinstance(repository, CopyingRepository):
            repository.saved(recordings, processing_event.aggregates)
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
        the_initiative = None if initiative is None else self._get(Initiative, initiative)
        if by is not None:
            if the_initiative is None:
                raise NotPermitted("anchor", "name the initiative whose anchor registers")
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
        """Forget a person (R-PII-2), by the person or the anchor, and erase them (R-PII-3).

        Once the command is decided, the person's key is destroyed (every sealed personal
        field then reads as "(forgotten)"), ``Person.Forgotten`` is saved, and every
        :attr:`personal_data_purges` purges its copies. The key goes first, so a crash after
        it leaves nothing readable; a command retried after a lost race finds the key gone
        and decides again. A person whose events predate sealing is refused (R-PII-3), naming
        ``cocreation migrate``. A person of an actor is noted as forgotten in the initiative's
        index of representatives in the same save (by id only), so commands read who may act
        and speak from the initiative alone.
        """
        subject = self._get(Person, person)
        principal = self._person_principal(by, subject)
        day = _today(on)
        subject.forget(principal, day)
        initiative = None
        if subject.initiative is not None:
            initiative = self._get(Initiative, subject.initiative)
            initiative.note_forgotten(principal, day, person)
        self.key_store.destroy(person)
        if initiative is None:
            self.save(subject)
        else:
            self.save(subject, initiative)
        for purge in self.personal_data_purges.values():
            purge(person)

    @command
    def index_forgotten_persons(
        self, by: UUID, initiative: UUID, *, on: date | None = None
    ) -> frozenset[UUID]:
        """Note in the initiative's index every person of its actors who was forgotten before
        the index recorded forgetting (stores written before it did), by the anchor; returns
        the persons noted now. Run it once per initiative after upgrading such a store: until
        then those persons could still act and speak through the index."""
        the_initiative, principal, day = self._initiative_for(by, initiative, on)
        noted = frozenset(
            UUID(person)
            for person in the_initiative.represented
            if person not in the_initiative.forgotten
            and self._get(Person, UUID(person)).is_forgotten
        )
        the_initiative.index_forgotten(principal, day, noted)
        self.save(the_initiative)
        return noted

    @command
    def choose_language(
        self, by: UUID, person: UUID, language: str, *, on: date | None = None
    ) -> None:
        """Choose the language (``da`` or ``en``) a person reads newsletters in, by the person
        or the anchor (R-NEWS-6)."""
        subject = self._get(Person, person)
        subject.choose_language(self._person_principal(by, subject), _today(on), language)
        self.save(subject)

    @command
    def attach_person(
        self, by: UUID, person: UUID, initiative: UUID, actor: UUID, *, on: date | None = None
    ) -> None:
        """R-ACT-7: attach a registered person to ``actor`` of ``initiative`` (the anchor may
        be attached too); by the anchor or a person of that actor. A person represents at most
        one actor at a time. The initiative indexes the person in the same save."""
        subject = self._get(Person, person)
        the_initiative = self._get(Initiative, initiative)
        principal = self._principal(by, the_initiative)
        day = _today(on)
        if subject.is_forgotten:
            raise NotFound("person", person)
        subject.attach_to_actor(principal, day, the_initiative.id, actor)
        the_initiative.attach_representative(principal, day, actor, subject.id)
        self.save(subject, the_initiative)

    @command
    def detach_person(self, by: UUID, person: UUID, *, on: date | None = None) -> None:
        """R-ACT-7: detach a person from the actor they represent; by the anchor or a person
        of that actor. The initiative's index drops the person in the same save."""
        subject = self._get(Person, person)
        if subject.initiative is None or subject.actor is None:
            raise RuleViolation("R-ACT-7", f"person {person} represents no actor")
        the_initiative = self._get(Initiative, subject.initiative)
        principal = self._principal(by, the_initiative)
        day = _today(on)
        actor = subject.actor
        subject.detach_from_actor(principal, day)
        the_initiative.remove_representative(principal, day, actor, subject.id)
        self.save(subject, the_initiative)

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
        the_initiative, principal, day = self._initiative_for(by, initiative, on)
        the_initiative.hold_establishment_workshop(principal, day)
        self.save(the_initiative)

    @command
    def start_co_creation(self, by: UUID, initiative: UUID, *, on: date | None = None) -> None:
        """Begin phase 6 (R-INIT-1)."""
        the_initiative, principal, day = self._initiative_for(by, initiative, on)
        the_initiative.start_co_creation(principal, day)
        self.save(the_initiative)

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
        the_initiative, principal, day = self._initiative_for(by, initiative, on)
        the_initiative.hand_over_anchor(principal, day, to_person)
        self.save(the_initiative)

    @command
    def change_policies(
        self, by: UUID, initiative: UUID, policies: Policies, *, on: date | None = None
    ) -> None:
        """Override the initiative's policies."""
        the_initiative, principal, day = self._initiative_for(by, initiative, on)
        the_initiative.change_policies(principal, day, policies)
        self.save(the_initiative)

    @command
    def register_actor(
        self, by: UUID, initiative: UUID, name: str, *, kind: str = "", on: date | None = None
    ) -> UUID:
        """Register an organisation taking part; returns the actor's id."""
        actor = ActorProfile(id=uuid4(), name=name, kind=kind)
        the_initiative, principal, day = self._initiative_for(by, initiative, on)
        the_initiative.register_actor(principal, day, actor)
        self.save(the_initiative)
        return actor.id

    @command
    def record_initiative_ripple(
        self, by: UUID, initiative: UUID, ripple: Ripple, *, on: date | None = None
    ) -> str:
        """Record a ripple on the initiative itself (R-RIP-1); returns its key."""
        the_initiative, principal, day = self._initiative_for(by, initiative, on)
        if ripple.corrects:
            key = the_initiative.correct_ripple(principal, day, ripple)
        else:
            key = the_initiative.record_ripple(principal, day, ripple)
        self.save(the_initiative)
        return key

    @command
    def record_backing(
        self, by: UUID, initiative: UUID, actor: UUID, given_by: str, *, on: date | None = None
    ) -> None:
        """R-ACT-6 (Card 2): record the backing ``actor`` has from its home organisation, and
        which office gave it (never a person's name); by the anchor or a person of the actor."""
        office = _text_argument(given_by, "R-ACT-6", "who gave the backing")
        the_initiative, principal, day = self._initiative_for(by, initiative, on)
        the_initiative.record_backing(principal, day, actor, office)
        self.save(the_initiative)

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
        the_platform, _, principal, day = self._platform_for(by, platform, on)
        the_platform.onboard_actor(principal, day, actor, topics)
        self.save(the_platform)

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

        The one way a first meeting is held, in one save: what :meth:`plan_meeting`,
        :meth:`invite_meeting` and :meth:`hold_first_platform_meeting` do, on ``on``. A real
        :class:`Meeting` (R-PLAT-2), planned and invited by the coordinator with the default
        first-meeting agenda (premises, rules of play, *Fokus + Aktører*), hosted by the
        rotation's suggestion, held with every invited actor present.
        """
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        kind = MeetingKind.PLATFORM_FIRST
        meeting = self._plan(principal, day, initiative, kind, day, platform=the_platform)
        invitees = invitees_of(meeting, the_platform, ())
        meeting.invite(principal, day, invitees, platform=the_platform)
        self._hold_first(
            principal,
            day,
            meeting,
            the_platform,
            focus,
            contributions,
            invitees,
            Minutes(summary=focus),
        )
        # Registered last, so the save's events are in the order they were made (time travel
        # by recorded time reads the log in that order).
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
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        decision = self._decision(consent, initiative)
        keys = the_platform.set_goals(principal, day, initiative.policies, decision, goals)
        self.save(the_platform)
        return keys

    @command
    def describe_baseline(
        self, by: UUID, platform: UUID, goal: str, baseline: Baseline, *, on: date | None = None
    ) -> None:
        """Describe how things stood before the work on ``goal`` began (R-PLAT-3)."""
        the_platform, _, principal, day = self._platform_for(by, platform, on)
        the_platform.describe_baseline(principal, day, goal, baseline)
        self.save(the_platform)

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
        the_platform, _, principal, day = self._platform_for(by, platform, on)
        the_platform.record_goal_progress(principal, day, goal, progress)
        self.save(the_platform)

    @command
    def reach_goal(self, by: UUID, platform: UUID, goal: str, *, on: date | None = None) -> None:
        """Mark a goal reached."""
        the_platform, _, principal, day = self._platform_for(by, platform, on)
        the_platform.reach_goal(principal, day, goal)
        self.save(the_platform)

    @command
    def add_goal(
        self, by: UUID, platform: UUID, goal: Goal, consent: Consent, *, on: date | None = None
    ) -> str:
        """Add a goal by decision; returns its key."""
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        decision = self._decision(consent, initiative)
        key = the_platform.add_goal(principal, day, initiative.policies, decision, goal)
        self.save(the_platform)
        return key

    @command
    def revise_goal(
        self, by: UUID, platform: UUID, goal: Goal, consent: Consent, *, on: date | None = None
    ) -> None:
        """Revise the goal with ``goal.key`` by decision."""
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        decision = self._decision(consent, initiative)
        the_platform.revise_goal(principal, day, initiative.policies, decision, goal)
        self.save(the_platform)

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
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        decision = self._decision(consent, initiative)
        the_platform.drop_goal(principal, day, initiative.policies, decision, goal, reason)
        self.save(the_platform)

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
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        decision = self._decision(consent, initiative)
        the_platform.put_on_standby(
            principal, day, initiative.policies, decision, reason, aftercare, review_on
        )
        self.save(the_platform)

    @command
    def resume_platform(
        self, by: UUID, platform: UUID, consent: Consent, *, on: date | None = None
    ) -> None:
        """Resume a platform from standby by decision."""
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        decision = self._decision(consent, initiative)
        the_platform.resume(principal, day, initiative.policies, decision)
        self.save(the_platform)

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
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        decision = self._decision(consent, initiative)
        the_platform.close(principal, day, initiative.policies, decision, reason, aftercare)
        self.save(the_platform)

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
            self._decision(consent, initiative),
            the_target,
            self._decision(target_consent, initiative),
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
        """Let a registered actor join a platform by decision, with the persons who represent
        it (registered for that actor, not forgotten)."""
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        initiative.actor(actor)
        require_representatives((self._get(Person, p) for p in persons), initiative.id, actor)
        the_platform.join_actor(
            principal,
            day,
            initiative.policies,
            self._decision(consent, initiative),
            actor,
            persons,
            initiative.state != InitiativeState.PREPARING,
        )
        self.save(the_platform)

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
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        decision = self._decision(consent, initiative)
        the_platform.leave_actor(principal, day, initiative.policies, decision, actor, reason)
        self.save(the_platform)

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
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        initiative.actor(new)
        the_platform.replace_actor(
            principal,
            day,
            initiative.policies,
            self._decision(consent, initiative),
            old,
            new,
            reason,
            initiative.state != InitiativeState.PREPARING,
        )
        self.save(the_platform)

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
        the_platform, initiative, principal, day = self._platform_for(by, platform, on)
        chosen = self._voice(person, initiative)
        the_platform.choose_coordinator(
            principal,
            day,
            initiative.policies,
            self._decision(consent, initiative),
            Coordinator(actor=actor, person=person),
            chosen.actor,
        )
        self.save(the_platform)

    @command
    def record_ripple(
        self, by: UUID, platform: UUID, ripple: Ripple, *, on: date | None = None
    ) -> str:
        """Record (or correct) a ripple on a platform (R-RIP-1, R-RIP-2); returns its key."""
        the_platform, _, principal, day = self._platform_for(by, platform, on)
        key = the_platform.record_ripple(principal, day, ripple)
        self.save(the_platform)
        return key

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
        time: MeetingTime | None = None,
        on: date | None = None,
    ) -> UUID:
        """Plan a meeting; returns its id. Without a ``time`` (start, duration, time zone)
        the meeting lasts all day.

        Platform meetings (``platform_first``, ``platform_goal_setting``, ``platform``) name
        the ``platform`` and are planned by its coordinator (R-MEET-1); the others name the
        ``initiative`` and are planned by the anchor. The host defaults to the rotation's
        suggestion (R-MEET-1, R-MEET-4), the agenda to the kind's default (in Danish and
        English). A pre-meeting names the actor it is held ``with_actor`` (R-ACT-3).
        """
        the_platform = self._get(Platform, platform) if platform is not None else None
        if the_platform is not None:
            if initiative not in (None, the_platform.initiative):
                raise NotFound("initiative", initiative)
            initiative = the_platform.initiative
        if initiative is None:
            raise NotFound("initiative", None)
        the_initiative, principal, day = self._initiative_for(by, initiative, on)
        if with_actor is not None:
            the_initiative.actor(with_actor)
        meeting = self._plan(
            principal,
            day,
            the_initiative,
            kind,
            scheduled_on,
            platform=the_platform,
            host=host,
            venue=venue,
            agenda=agenda,
            with_actor=with_actor,
            time=time,
        )
        the_initiative.register_meeting(principal, day, meeting)
        self.save(meeting, the_initiative)
        return meeting.id

    def _plan(
        self,
        principal: Principal,
        day: date,
        initiative: Initiative,
        kind: MeetingKind,
        scheduled_on: date,
        *,
        platform: Platform | None = None,
        host: UUID | None = None,
        venue: Venue | None = None,
        agenda: Agenda | None = None,
        with_actor: UUID | None = None,
        time: MeetingTime | None = None,
    ) -> Meeting:
        """Plan a meeting (neither registered on the initiative nor saved): see
        :meth:`plan_meeting`."""
        platforms = self._platforms(initiative)
        participants = participants_of(platforms)
        if host is None and platform is not None:
            host = platform.suggested_host
        elif host is None and kind is MeetingKind.JOINT_STATUS:
            host = initiative.suggested_joint_status_host(participants)
        return Meeting.plan(
            principal,
            day,
            initiative,
            kind,
            scheduled_on,
            agenda if agenda is not None else default_agenda(kind),
            time=time,
            host=host,
            venue=venue,
            platform=platform,
            with_actor=with_actor,
            participants=participants,
            unfocused=unfocused_platforms(platforms),
        )

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
            invitees_of(the_meeting, platform, platforms),
            platform=platform,
            unfocused=unfocused_platforms(platforms),
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
        time: MeetingTime | None = None,
        on: date | None = None,
    ) -> None:
        """Move a planned or invited meeting to another date (and time, host or venue; each
        kept unless given). Its invitation's ``SEQUENCE`` grows by one."""
        the_meeting, initiative, principal, platform = self._meeting(by, meeting)
        the_meeting.reschedule(
            principal,
            _today(on),
            scheduled_on,
            reason=reason,
            time=time,
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
        self,
        by: UUID,
        meeting: UUID,
        speaker: UUID,
        topic: str,
        *,
        organisation: str = "",
        on: date | None = None,
    ) -> str:
        """Put a guest talk by a registered person (from ``organisation``) on a joint status
        meeting's agenda (R-MEET-6, R-NEWS-5); returns the point's key."""
        the_meeting, _, principal, _ = self._meeting(by, meeting)
        if self._get(Person, speaker).is_forgotten:
            raise NotFound("person", speaker)
        talk = GuestTalk(speaker=speaker, topic=topic, organisation=organisation)
        the_meeting.add_guest_talk(principal, _today(on), talk)
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
        the_meeting.hold(
            principal,
            day,
            self._attendance(the_meeting, initiative, attendance),
            minutes or Minutes(),
            platform=platform,
        )
        decision = self._decision(consent, initiative)
        keys = platform.set_goals(principal, day, initiative.policies, decision, goals)
        platform.record_meeting(principal, day, the_meeting)
        self.save(the_meeting, platform)
        return keys

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
        time: MeetingTime | None = None,
        on: date | None = None,
    ) -> UUID:
        """Plan and invite the coordinator meeting with Card 3's eight points, once every open
        platform has held its first meeting (R-MEET-2); returns the meeting's id."""
        return self._convene(
            by,
            initiative,
            MeetingKind.COORDINATOR,
            scheduled_on,
            host,
            venue,
            agenda,
            on,
            time=time,
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
        time: MeetingTime | None = None,
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
            time=time,
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
        the_platform, _, principal, day = self._platform_for(by, platform, on)
        key = the_platform.record_reality_check(principal, day, check)
        self.save(the_platform)
        return key

    @command
    def request_sparring(
        self, by: UUID, platform: UUID, topic: str, *, on: date | None = None
    ) -> str:
        """Ask the anchor for sparring, by the platform's coordinator; returns the key."""
        the_platform, _, principal, day = self._platform_for(by, platform, on)
        key = the_platform.request_sparring(principal, day, topic)
        self.save(the_platform)
        return key

    @command
    def give_sparring(
        self, by: UUID, platform: UUID, key: str, notes: str, *, on: date | None = None
    ) -> None:
        """Answer a platform's sparring request, by the anchor."""
        the_platform, _, principal, day = self._platform_for(by, platform, on)
        the_platform.give_sparring(principal, day, key, notes)
        self.save(the_platform)

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
    def record_overlap_review(
        self, by: UUID, meeting: UUID, review: OverlapReview, *, on: date | None = None
    ) -> None:
        """R-MEET-7 (Cards 3, 7): the anchor records the overlap review of a held coordinator
        or joint status meeting: the platforms compared and the outcome."""
        if not isinstance(review, OverlapReview):
            raise RuleViolation("R-MEET-7", "an overlap review is an OverlapReview")
        the_meeting, initiative, principal, _ = self._meeting(by, meeting)
        the_meeting.record_overlap_review(principal, _today(on), review, initiative.platforms)
        self.save(the_meeting)

    @command
    def record_presentation(
        self, by: UUID, meeting: UUID, platform: UUID, *, on: date | None = None
    ) -> None:
        """R-MEET-8 (Card 3): the anchor records that ``platform``'s coordinator presented it
        at the held coordinator meeting."""
        the_meeting, _, principal, _ = self._meeting(by, meeting)
        the_meeting.record_presentation(principal, _today(on), self._get(Platform, platform))
        self.save(the_meeting)

    @command
    def record_cross_platform_initiative(
        self,
        by: UUID,
        meeting: UUID,
        title: str,
        description: str,
        platforms: Collection[UUID],
        leads_to: CrossPlatformLead,
        *,
        on: date | None = None,
    ) -> str:
        """R-NEWS-5 (Card 7): the anchor records a new initiative across platforms that the
        held joint status meeting proposed; it leads to a proposed new platform, or to a ripple
        on the initiative recorded in the same save. Returns its key (``X1`` …)."""
        if leads_to not in set(CrossPlatformLead):
            raise RuleViolation("R-NEWS-5", "it leads to a new platform or to a ripple")
        lead = CrossPlatformLead(leads_to)
        text = _text_argument(title, "R-NEWS-5", "the initiative's title")
        about = _text_argument(description, "R-NEWS-5", "what it is about")
        named: Collection[object] = platforms  # callers from outside the type system too
        if not all(isinstance(p, UUID) for p in named):
            raise RuleViolation("R-NEWS-5", "the platforms are named by their ids")
        the_meeting, initiative, principal, _ = self._meeting(by, meeting)
        day = _today(on)
        ripple_key = None
        if lead is CrossPlatformLead.RIPPLE:
            ripple = Ripple(
                description=f"{text}: {about}",
                kind=RippleKind.NEW_IDEA,
                beneficiaries={Beneficiary.OTHER_ACTORS},
                observed_on=day,
            )
            ripple_key = initiative.record_ripple(principal, day, ripple)
        proposed = CrossPlatformInitiative(
            title=text,
            description=about,
            platforms=frozenset(platforms),
            leads_to=lead,
            ripple=ripple_key,
        )
        keyed = the_meeting.record_cross_platform_initiative(
            principal, day, proposed, initiative.platforms
        )
        self.save(the_meeting, initiative)
        return keyed.key

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
            self._decision(consent, the_initiative),
        )
        self.save(the_initiative)

    @command
    def update_poster(self, by: UUID, initiative: UUID, *, on: date | None = None) -> None:
        """Update the poster from the open platforms: name, focus, actors, coordinator
        (Card 3, R-MEET-3)."""
        the_initiative = self._get(Initiative, initiative)
        entries = poster_entries(self._platforms(the_initiative))
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

    # --- newsletter delivery by e-mail (R-NEWS-6) ------------------------------------------

    @command
    def queue_deliveries(self, by: UUID, newsletter: UUID, *, on: date | None = None) -> int:
        """Queue the published newsletter for every recorded recipient not queued yet, by the
        anchor, in one save (the outbox, R-NEWS-6); returns how many were queued now.
        Sending them is :func:`cocreation_domain.documents.mail.send_newsletter`."""
        the_newsletter = self._get(Newsletter, newsletter)
        principal = self._principal(by, self._get(Initiative, the_newsletter.initiative))
        Delivery.require_sendable(principal, the_newsletter)
        day = _today(on)
        queued = [
            Delivery.queue(principal, day, the_newsletter, person)
            for person in sorted(the_newsletter.recipients)
            if not self._exists(Delivery, Delivery.id_for(newsletter, person))
        ]
        self.save(*queued)
        return len(queued)

    def deliveries_of(self, newsletter: UUID) -> list[Delivery]:
        """The queued deliveries of a newsletter, one per recipient, by person id."""
        recipients = self._get(Newsletter, newsletter).recipients
        found = []
        for person in sorted(recipients):
            with contextlib.suppress(NotFound):
                found.append(self._get(Delivery, Delivery.id_for(newsletter, person)))
        return found

    @command
    def attempt_delivery(
        self, by: UUID, delivery: UUID, *, resend_in_doubt: bool = False, on: date | None = None
    ) -> None:
        """Record, before the SMTP conversation, that a delivery is being sent (R-NEWS-6).
        One left in doubt by a crash is sent again only with ``resend_in_doubt``."""
        the_delivery, principal = self._delivery(by, delivery)
        the_delivery.attempt(principal, _today(on), resend_in_doubt=resend_in_doubt)
        self.save(the_delivery)

    @command
    def confirm_delivery(self, by: UUID, delivery: UUID, *, on: date | None = None) -> None:
        """Record that the SMTP server accepted the message (R-NEWS-6)."""
        the_delivery, principal = self._delivery(by, delivery)
        the_delivery.confirm(principal, _today(on))
        self.save(the_delivery)

    @command
    def fail_delivery(
        self, by: UUID, delivery: UUID, reason: str, *, on: date | None = None
    ) -> None:
        """Record that a delivery failed, and why (never the address, R-PII-1)."""
        the_delivery, principal = self._delivery(by, delivery)
        the_delivery.fail(principal, _today(on), reason)
        self.save(the_delivery)

    def _exists(self, kind: type[A], ident: UUID) -> bool:
        try:
            self._get(kind, ident)
        except NotFound:
            return False
        return True

    def _delivery(self, by: UUID, delivery: UUID) -> tuple[Delivery, Principal]:
        the_delivery = self._get(Delivery, delivery)
        newsletter = self._get(Newsletter, the_delivery.newsletter)
        return the_delivery, self._principal(by, self._get(Initiative, newsletter.initiative))

    # --- meeting and newsletter queries ----------------------------------------------------

    def get_meeting(self, meeting: UUID) -> Meeting:
        """The meeting as its events left it."""
        return self._get(Meeting, meeting)

    def get_newsletter(self, newsletter: UUID) -> Newsletter:
        """The newsletter as its events left it."""
        return self._get(Newsletter, newsletter)

    def meetings_of(self, initiative: UUID) -> list[Meeting]:
        """Every meeting of the initiative, by date."""
        ids = self._get(Initiative, initiative).meetings
        meetings = [self._get(Meeting, UUID(m)) for m in ids]
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
        time: MeetingTime | None = None,
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
            time=time,
            host=host,
            venue=venue,
            participants=participants,
            unfocused=unfocused_platforms(platforms),
        )
        meeting.invite(
            principal,
            day,
            invitees_of(meeting, None, platforms),
            unfocused=unfocused_platforms(platforms),
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

    def person_data(self, by: UUID, person: UUID) -> dict[str, Any]:
        """Everything stored about ``person`` as one JSON-ready document (R-PII-4), for the
        person or the anchor; the schema is documented in ``docs/privacy.md``
        (:func:`~cocreation_domain.portability.person_document`)."""
        subject = self._get(Person, person)
        if by != person:
            subject.require_data_access(self._person_principal(by, subject))
        return person_document(self, person)

    def platforms_of(self, initiative: UUID) -> list[Platform]:
        """Every platform of the initiative."""
        return [self._get(Platform, p) for p in sorted(self._get(Initiative, initiative).platforms)]

    # --- plumbing --------------------------------------------------------------------------

    def _get(self, kind: type[A], ident: UUID) -> A:
        """Load an aggregate, translating "not there" (or "not that kind") to ``NotFound``.

        Inside a command an aggregate is loaded once per attempt (later calls return the same
        copy), and the cache is caught up with the store before the first load only.
        """
        call = self._call
        loaded = call.loaded
        aggregate: object = loaded.get(ident) if loaded is not None else None
        if aggregate is None:
            try:
                if isinstance(self.repository, CopyingRepository):
                    caught_up = loaded is not None and call.caught_up
                    aggregate = self.repository.get(ident, caught_up=caught_up)
                    call.caught_up = loaded is not None
                else:
                    aggregate = self.repository.get(ident)
            except AggregateNotFoundError:
                raise NotFound(kind.__name__.lower(), ident) from None
            if loaded is not None:
                loaded[ident] = aggregate
        if not isinstance(aggregate, kind):
            raise NotFound(kind.__name__.lower(), ident)
        return aggregate

    def _principal(self, by: UUID, initiative: Initiative) -> Principal:
        """The roles ``by`` holds in ``initiative``, read from history (never from the caller):
        from the initiative's index of representatives, or, for a person the index does not
        know (an anchor from outside), from the person's own events."""
        indexed = initiative.principal_of(by)
        if indexed is not None:
            return indexed
        person = self._get(Person, by)
        if person.is_forgotten:
            raise NotPermitted("registered person", "a forgotten person issues no command")
        actor = person.actor if person.initiative == initiative.id else None
        return Principal(person=by, actor=actor, is_anchor=initiative.anchor == by)

    def _person_principal(self, by: UUID, subject: Person) -> Principal:
        if subject.initiative is None:
            return Principal(person=by)
        return self._principal(by, self._get(Initiative, subject.initiative))

    def _decision(self, consent: Consent, initiative: Initiative) -> Decision:
        """Each person speaks for the actor they represent (or none, R-FLAT-3), as the
        initiative's index of representatives says; a person it does not know is read from
        their own events."""

        def voices(persons: Iterable[UUID]) -> frozenset[Voice]:
            return frozenset(self._voice(p, initiative) for p in persons)

        return Decision(consenting=voices(consent.consenting), objecting=voices(consent.objecting))

    def _voice(self, person: UUID, initiative: Initiative) -> Voice:
        """The actor ``person`` speaks for (none once forgotten), from the index of
        representatives, or from the person's own events when the index does not know them."""
        indexed = initiative.voice_of(person)
        if indexed is not None:
            return indexed
        found = self._get(Person, person)
        return Voice(person=person, actor=None if found.is_forgotten else found.actor)

    def _initiative_for(
        self, by: UUID, initiative: UUID, on: date | None
    ) -> tuple[Initiative, Principal, date]:
        """The initiative, the roles ``by`` holds there, and the command's business date."""
        the_initiative = self._get(Initiative, initiative)
        return the_initiative, self._principal(by, the_initiative), _today(on)

    def _platform_for(
        self, by: UUID, platform: UUID, on: date | None
    ) -> tuple[Platform, Initiative, Principal, date]:
        """The platform, its initiative, the roles ``by`` holds there, and the business date."""
        the_platform = self._get(Platform, platform)
        initiative = self._get(Initiative, the_platform.initiative)
        return the_platform, initiative, self._principal(by, initiative), _today(on)


def _text_argument(value: object, rule: str, what: str) -> str:
    """``value`` as non-blank text, checked before anything is loaded (a domain error, never a
    ``TypeError`` from deep inside)."""
    if not isinstance(value, str):
        raise RuleViolation(rule, f"{what} must be text")
    return require_text(value, rule, what)


def _today(on: date | None) -> date:
    """The business date of a command: the one given, or today (never inside an event)."""
    return on if on is not None else date.today()
