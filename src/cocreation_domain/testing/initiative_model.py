"""The reference model of a whole initiative in phase 6, behind
:class:`~cocreation_domain.testing.stateful.InitiativeMachine`: platforms and their meetings,
reality checks, actors joining and leaving, persons registered, forgotten and moved between
actors (R-ACT-7), backing (R-ACT-6), pre-meetings, the coordinator meeting and proposed changes,
joint status meetings and their newsletters.

Plain Python: no Hypothesis, no store. Like
:class:`~cocreation_domain.testing.platform_model.PlatformWorld`, :class:`InitiativeWorld` has
one method per command it models, with the command's signature, answering a
:class:`~cocreation_domain.testing.reference.Prediction`. Refusals and destinations come from the
lifecycle tables (``PLATFORM``, ``NEWSLETTER``); the readiness gate of joint status meetings
(R-MEET-5, R-ACT-3) is ``meeting.joint_status_readiness``, the model's own rule function, read
over the model's own record of reality checks, joins and pre-meetings (this module's records
provide the facts it reads, :mod:`cocreation_domain.model.facts`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, cast
from uuid import UUID

import attrs

from cocreation_domain.model import (
    NEWSLETTER,
    PLATFORM_OPEN,
    ActorChangeReason,
    ChangeKind,
    Consent,
    MeetingKind,
    NewsletterState,
    NotPermitted,
    PlatformState,
    Readiness,
    RealityCheck,
    RuleViolation,
)
from cocreation_domain.model.facts import InitiativeFacts, PlatformFacts
from cocreation_domain.model.meeting import joint_status_readiness
from cocreation_domain.testing.reference import (
    Prediction,
    Refusal,
    platform_refusals,
    refused,
    to_platform_state,
)

__all__ = ["InitiativeWorld", "NewsletterRecord", "PlatformRecord"]


@attrs.define
class PlatformRecord:
    """A platform as the model holds it, with the facts the readiness gate reads."""

    id: UUID
    initiative: UUID
    coordinator: UUID
    """The coordinator's person (never removed or forgotten in the machine)."""
    actors: set[UUID]
    actor_since: dict[UUID, date]
    state: str = PlatformState.ESTABLISHED
    standby_from: str | None = None
    last_reality_check_on: date | None = None

    @property
    def is_open(self) -> bool:
        """Open until closed or merged (the machine never ends a platform)."""
        return self.state in PLATFORM_OPEN

    @property
    def focused(self) -> bool:
        """The first meeting was held (standby keeps it)."""
        return (self.standby_from or self.state) != PlatformState.ESTABLISHED


@attrs.define
class NewsletterRecord:
    """A newsletter: the joint status meeting that opened it, the platforms asked for a
    section, those that gave one, its state and, once published, its recipients."""

    meeting: UUID
    asked: frozenset[UUID]
    state: str = NewsletterState.COLLECTING
    submitted: set[UUID] = attrs.Factory(set)
    recipients: frozenset[UUID] | None = None


@attrs.define
class InitiativeWorld:
    """One initiative in phase 6, everything in the order the run made it."""

    id: UUID
    anchor: UUID
    co_creation_started_on: date
    actors: list[UUID] = attrs.Factory(list)
    persons: dict[UUID, UUID] = attrs.Factory(dict)
    """Each person attached to an actor (R-ACT-7), forgotten ones too."""
    forgotten: set[UUID] = attrs.Factory(set)
    backed: set[UUID] = attrs.Factory(set)
    """Actors whose backing was recorded (R-ACT-6)."""
    platforms: dict[UUID, PlatformRecord] = attrs.Factory(dict)
    pre_meetings: dict[UUID, date] = attrs.Factory(dict)
    last_joint_status_on: date | None = None
    meetings: dict[UUID, MeetingKind] = attrs.Factory(dict)
    coordinator_meeting: bool = False
    invited_joint: list[UUID] = attrs.Factory(list)
    hosts: dict[UUID, UUID | None] = attrs.Factory(dict)
    """The host the application suggested for each invited joint status meeting."""
    newsletters: dict[UUID, NewsletterRecord] = attrs.Factory(dict)

    # --- what the model derives ----------------------------------------------------------------

    def participants(self) -> set[UUID]:
        """The current actors of the open platforms."""
        return {a for p in self.platforms.values() if p.is_open for a in p.actors}

    def readiness(self) -> Readiness:
        """What the next joint status meeting waits for (R-MEET-5, R-ACT-3), by the model's
        rule function over the model's facts."""
        # The records provide the facts the function reads, not every fact of the protocols.
        return joint_status_readiness(
            cast(InitiativeFacts, self), cast(list[PlatformFacts], list(self.platforms.values()))
        )

    def recipients(self) -> frozenset[UUID]:
        """Who a newsletter published now reaches: every person, not forgotten, of a current
        actor (R-NEWS-4, R-PII-2)."""
        current = self.participants()
        return frozenset(
            p for p, a in self.persons.items() if a in current and p not in self.forgotten
        )

    def consent(self, platform: UUID) -> Consent:
        """Every current actor consents through a person not forgotten."""
        return Consent(consenting={self.person_of(a) for a in self.platforms[platform].actors})

    def person_of(self, actor: UUID) -> UUID:
        """The first person, not forgotten, of ``actor``."""
        return next(p for p, a in self.persons.items() if a == actor and p not in self.forgotten)

    def spare_persons(self) -> list[UUID]:
        """Persons not forgotten, no coordinator, whose actor keeps another person."""
        coordinators = {p.coordinator for p in self.platforms.values()}
        remembered = [p for p in self.persons if p not in self.forgotten]
        return [
            p
            for p in remembered
            if p not in coordinators
            and sum(self.persons[q] == self.persons[p] for q in remembered) > 1
        ]

    # --- actors and persons ----------------------------------------------------------------------

    def join_actor(
        self, by: UUID, platform: UUID, actor: UUID, consent: Consent, *, on: date
    ) -> Prediction:
        """A new actor joins by consent, from ``on`` (the day the readiness gate reads)."""
        p = self.platforms[platform]

        def accept(_: object) -> None:
            p.actors.add(actor)
            p.actor_since.setdefault(actor, on)

        return Prediction(tuple(self._on(p, "join_actor")), accept)

    def onboard_actor(self, by: UUID, platform: UUID, actor: UUID, *, on: date) -> Prediction:
        """The anchor onboards the joined actor."""
        return Prediction(tuple(self._on(self.platforms[platform], "onboard_actor")))

    def remove_actor(
        self,
        by: UUID,
        platform: UUID,
        actor: UUID,
        reason: ActorChangeReason,
        consent: Consent,
        *,
        on: date,
    ) -> Prediction:
        """An actor that is not the coordinator's leaves by consent."""
        p = self.platforms[platform]
        return Prediction(tuple(self._on(p, "leave_actor")), lambda _: p.actors.discard(actor))

    def register_person(
        self, name: str, *, by: UUID, initiative: UUID, actor: UUID, on: date
    ) -> Prediction:
        """The anchor registers another person for an actor."""
        return Prediction((), lambda person: self.persons.__setitem__(person, actor))

    def forget_person(self, by: UUID, person: UUID, *, on: date) -> Prediction:
        """A person asks to be forgotten (R-PII-2): they stay attached, and receive nothing."""
        return Prediction((), lambda _: self.forgotten.add(person))

    def attach_person(
        self, by: UUID, person: UUID, initiative: UUID, actor: UUID, *, on: date
    ) -> Prediction:
        """A person represents at most one actor (R-ACT-7)."""
        refusals = [Refusal(RuleViolation, "R-ACT-7")] if person in self.persons else []
        return Prediction(tuple(refusals), lambda _: self.persons.__setitem__(person, actor))

    def detach_person(self, by: UUID, person: UUID, *, on: date) -> Prediction:
        """A person attached to an actor is detached from it (R-ACT-7)."""
        refusals = [] if person in self.persons else [Refusal(RuleViolation, "R-ACT-7")]
        return Prediction(tuple(refusals), lambda _: self.persons.pop(person))

    def record_backing(
        self, by: UUID, initiative: UUID, actor: UUID, given_by: str, *, on: date
    ) -> Prediction:
        """An actor's home organisation backs it (R-ACT-6)."""
        return Prediction((), lambda _: self.backed.add(actor))

    # --- platforms -----------------------------------------------------------------------------

    def hold_first_meeting(self, by: UUID, platform: UUID, focus: str, *, on: date) -> Prediction:
        """The coordinator holds the first meeting, once (R-PLAT-2)."""
        p = self.platforms[platform]
        return Prediction(
            tuple(self._coordinator(by, p) + self._on(p, "hold_first_meeting")),
            self._to_state(p, "hold_first_meeting"),
        )

    def plan_meeting(
        self, by: UUID, kind: MeetingKind, scheduled_on: date, *, platform: UUID, on: date
    ) -> Prediction:
        """The coordinator plans a meeting of a working platform (R-MEET-1)."""
        p = self.platforms[platform]
        refusals = self._coordinator(by, p) + self._on(p, "hold_meeting")
        return Prediction(tuple(refusals), lambda meeting: self.meetings.__setitem__(meeting, kind))

    def invite_meeting(self, by: UUID, meeting: UUID, *, on: date) -> Prediction:
        """Invitations go out."""
        return Prediction(())

    def hold_meeting(self, by: UUID, meeting: UUID, *, on: date) -> Prediction:
        """A meeting is held; the coordinator meeting opens proposals (R-MEET-3)."""
        coordinator = self.meetings[meeting] is MeetingKind.COORDINATOR

        def accept(_: object) -> None:
            self.coordinator_meeting = self.coordinator_meeting or coordinator

        return Prediction((), accept)

    def record_reality_check(
        self, by: UUID, platform: UUID, check: RealityCheck, *, on: date
    ) -> Prediction:
        """The coordinator of a working platform records its reality check (R-MEET-5)."""
        p = self.platforms[platform]
        refusals = self._coordinator(by, p) + self._on(p, "record_reality_check")
        return Prediction(tuple(refusals), lambda _: setattr(p, "last_reality_check_on", on))

    def put_on_standby(
        self,
        by: UUID,
        platform: UUID,
        reason: str,
        aftercare: str,
        consent: Consent,
        *,
        on: date,
    ) -> Prediction:
        """A working platform goes on standby by consent."""
        p = self.platforms[platform]

        def accept(_: object) -> None:
            p.standby_from = p.state
            self._to_state(p, "put_on_standby")(None)

        return Prediction(tuple(self._on(p, "put_on_standby")), accept)

    def resume_platform(
        self, by: UUID, platform: UUID, consent: Consent, *, on: date
    ) -> Prediction:
        """A platform on standby resumes where it left off."""
        p = self.platforms[platform]

        def accept(_: object) -> None:
            self._to_state(p, "resume")(None)
            p.standby_from = None

        return Prediction(tuple(self._on(p, "resume")), accept)

    # --- the common platform ---------------------------------------------------------------------

    def hold_pre_meeting(self, by: UUID, initiative: UUID, actor: UUID, *, on: date) -> Prediction:
        """The anchor meets a new actor before its first joint status meeting (R-ACT-3)."""
        return Prediction((), lambda _: self.pre_meetings.__setitem__(actor, on))

    def convene_coordinator_meeting(
        self, by: UUID, initiative: UUID, scheduled_on: date, *, on: date
    ) -> Prediction:
        """The coordinator meeting waits for every open platform's first meeting (R-MEET-2)."""
        unfocused = [p for p in self.platforms.values() if p.is_open and not p.focused]
        refusals = [Refusal(RuleViolation, "R-MEET-2")] if unfocused else []
        kind = MeetingKind.COORDINATOR
        return Prediction(tuple(refusals), lambda meeting: self.meetings.__setitem__(meeting, kind))

    def propose_change(
        self,
        by: UUID,
        initiative: UUID,
        platform: UUID,
        kind: ChangeKind,
        reason: str,
        *,
        on: date,
    ) -> Prediction:
        """Changes are proposed from a held coordinator meeting on (R-MEET-3)."""
        held = self.coordinator_meeting
        return Prediction(() if held else (Refusal(RuleViolation, "R-MEET-3"),))

    def convene_joint_status_meeting(
        self, by: UUID, initiative: UUID, scheduled_on: date, *, on: date
    ) -> Prediction:
        """The anchor convenes the next joint status meeting (R-MEET-4)."""
        return Prediction((), self.invited_joint.append)

    def hold_joint_status_meeting(
        self, by: UUID, meeting: UUID, *, override_reason: str | None = None, on: date
    ) -> Prediction:
        """Held by a current actor (R-MEET-4) once ready or with a reason (R-MEET-5, R-ACT-3),
        it opens the newsletter asking every platform for a section (R-NEWS-1)."""
        gaps = self.readiness()
        refusals: list[Refusal] = []
        if self.hosts.get(meeting) not in self.participants():
            refusals = [Refusal(RuleViolation, "R-MEET-4")]
        elif not gaps.ready and not override_reason:
            rule = "R-MEET-5" if gaps.missing_reality_checks else "R-ACT-3"
            refusals = [Refusal(RuleViolation, rule)]
        asked = frozenset(self.platforms)

        def accept(newsletter: UUID) -> None:
            self.invited_joint.remove(meeting)
            self.newsletters[newsletter] = NewsletterRecord(meeting=meeting, asked=asked)
            self.last_joint_status_on = on

        return Prediction(tuple(refusals), accept)

    def submit_newsletter_section(
        self, by: UUID, newsletter: UUID, platform: UUID, progress: str, hard: str, *, on: date
    ) -> Prediction:
        """A coordinator submits the platform's section while the newsletter collects
        (R-NEWS-2)."""
        n = self.newsletters[newsletter]
        refusals = refused(lambda: NEWSLETTER.destination("submit_section", n.state))
        return Prediction(tuple(refusals), lambda _: n.submitted.add(platform))

    def compile_newsletter(
        self, by: UUID, newsletter: UUID, *, missing: Mapping[UUID, str], on: date
    ) -> Prediction:
        """Compiling names every missing section with a reason (R-NEWS-3)."""
        n = self.newsletters[newsletter]
        refusals = refused(lambda: NEWSLETTER.destination("compile", n.state))
        if n.asked - n.submitted - set(missing):
            refusals += [Refusal(RuleViolation, "R-NEWS-3")]
        return Prediction(tuple(refusals), self._to_newsletter_state(n, "compile"))

    def publish_newsletter(self, by: UUID, newsletter: UUID, *, on: date) -> Prediction:
        """A compiled newsletter reaches every person of every current actor (R-NEWS-4)."""
        n = self.newsletters[newsletter]
        recipients = self.recipients()

        def accept(_: object) -> None:
            self._to_newsletter_state(n, "publish")(None)
            n.recipients = recipients

        return Prediction(
            tuple(refused(lambda: NEWSLETTER.destination("publish", n.state))), accept
        )

    # --- the lifecycle tables and roles ----------------------------------------------------------

    _on = staticmethod(platform_refusals)
    _to_state = staticmethod(to_platform_state)

    @staticmethod
    def _coordinator(by: UUID, p: PlatformRecord) -> list[Refusal]:
        return [] if by == p.coordinator else [Refusal(NotPermitted, "coordinator")]

    @staticmethod
    def _to_newsletter_state(n: NewsletterRecord, trigger: str) -> Callable[[Any], None]:
        return lambda _: setattr(n, "state", NEWSLETTER.destination(trigger, n.state))
