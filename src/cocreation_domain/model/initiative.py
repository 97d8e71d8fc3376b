"""The initiative: one common challenge, its anchor, actors and platforms (Card 1)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

import attrs

from cocreation_domain.model.base import CoCreationAggregate
from cocreation_domain.model.decisions import require_passed
from cocreation_domain.model.errors import NotFound, NotPermitted, RuleViolation
from cocreation_domain.model.hosting import after_hosting, suggest_host
from cocreation_domain.model.lifecycles import INITIATIVE, MeetingState, PlatformState
from cocreation_domain.model.rules import KeyRange, keyed_ripple, require_text
from cocreation_domain.model.values import (
    ActorProfile,
    Backing,
    ChangeKind,
    ChangeProposal,
    Decision,
    HostTally,
    MeetingKind,
    Policies,
    PosterEntry,
    Principal,
    Ripple,
    Voice,
)

if TYPE_CHECKING:  # the platform and meeting modules are read here, never imported at run time
    from cocreation_domain.model.meeting import Meeting
    from cocreation_domain.model.platform import Platform

__all__ = ["Initiative"]


class Initiative(CoCreationAggregate):
    """A co-creation initiative from founding to conclusion."""

    TOPIC = "cocreation:Initiative"
    LIFECYCLE = INITIATIVE
    class_version = 2
    """Version of the aggregate's state in snapshots (2: the index of representatives answers
    who speaks for which actor, and who was forgotten; ripples are counted, not kept)."""

    if TYPE_CHECKING:  # assigned by events; a class annotation would make a dataclass
        name: str
        common_challenge: str
        anchor: UUID
        policies: Policies
        workshop_held_on: date | None
        co_creation_started_on: date | None
        concluded_on: date | None
        actors: frozenset[ActorProfile]
        platforms: frozenset[UUID]
        ripple_count: int
        # persons, meetings, change proposals, poster (Cards 3, 7, 8)
        representatives: dict[str, frozenset[UUID]]
        represented: dict[str, UUID]
        forgotten: dict[str, date]
        meetings: dict[str, MeetingKind | None]
        """The initiative's meetings by id, with their kind (a dict, so registering one adds
        an item; ``None``: registered before version 2 of the state, see the meeting)."""
        coordinator_meeting_held_on: date | None
        last_coordinator_meeting: UUID | None
        last_coordinator_meeting_on: date | None
        joint_status_newsletters: dict[str, UUID]
        last_joint_status_on: date | None
        last_newsletter: UUID | None
        joint_status_hosts: dict[str, HostTally]
        pre_meetings: dict[str, date]
        change_proposals: dict[str, ChangeProposal]
        poster: frozenset[PosterEntry]
        poster_updated_on: date | None
        backing: dict[str, Backing]

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """A snapshot taken before version 2 lacks the person-to-actor index: build it."""
        state["represented"] = {
            str(person): UUID(actor)
            for actor, persons in state.get("representatives", {}).items()
            for person in persons
        }
        state.update(forgotten={})  # no one noted as forgotten yet
        # Meetings were a frozenset of ids; their kinds are in the meetings' own events.
        state["meetings"] = {str(m): None for m in state.get("meetings", ())}
        state["ripple_count"] = len(state.pop("ripples", {}))

    class Event(CoCreationAggregate.Event):
        """Base of this aggregate's events."""

    class Founded(Event, CoCreationAggregate.Created):
        TOPIC = "cocreation:Initiative.Founded"
        class_version = 1
        name: str
        common_challenge: str
        anchor: UUID
        policies: Policies

        def apply(self, aggregate: Initiative) -> None:
            aggregate.state = INITIATIVE.initial
            aggregate.name = self.name
            aggregate.common_challenge = self.common_challenge
            aggregate.anchor = self.anchor
            aggregate.policies = self.policies
            aggregate.workshop_held_on = None
            aggregate.co_creation_started_on = None
            aggregate.concluded_on = None
            aggregate.actors = frozenset()
            aggregate.platforms = frozenset()
            aggregate.ripple_count = 0
            aggregate.representatives = {}
            aggregate.represented = {}
            aggregate.forgotten = {}
            aggregate.meetings = {}
            aggregate.coordinator_meeting_held_on = None
            aggregate.last_coordinator_meeting = None
            aggregate.last_coordinator_meeting_on = None
            aggregate.joint_status_newsletters = {}
            aggregate.last_joint_status_on = None
            aggregate.last_newsletter = None
            aggregate.joint_status_hosts = {}
            aggregate.pre_meetings = {}
            aggregate.change_proposals = {}
            aggregate.poster = frozenset()
            aggregate.poster_updated_on = None
            aggregate.backing = {}

    Created = Founded  # the one "created" event; keeps eventsourcing from defining another

    class EstablishmentWorkshopHeld(Event):
        TOPIC = "cocreation:Initiative.EstablishmentWorkshopHeld"
        class_version = 1
        held_on: date

        def apply(self, aggregate: Initiative) -> None:
            aggregate.workshop_held_on = self.held_on

    class CoCreationStarted(Event):
        TOPIC = "cocreation:Initiative.CoCreationStarted"
        class_version = 1
        state: str

        def apply(self, aggregate: Initiative) -> None:
            aggregate.state = self.state
            aggregate.co_creation_started_on = self.occurred_on

    class Concluded(Event):
        TOPIC = "cocreation:Initiative.Concluded"
        class_version = 1
        state: str

        def apply(self, aggregate: Initiative) -> None:
            aggregate.state = self.state
            aggregate.concluded_on = self.occurred_on

    class AnchorHandedOver(Event):
        TOPIC = "cocreation:Initiative.AnchorHandedOver"
        class_version = 1
        to_person: UUID

        def apply(self, aggregate: Initiative) -> None:
            aggregate.anchor = self.to_person

    class ActorRegistered(Event):
        TOPIC = "cocreation:Initiative.ActorRegistered"
        class_version = 1
        actor: ActorProfile

        def apply(self, aggregate: Initiative) -> None:
            aggregate.actors = aggregate.actors | {self.actor}

    class PlatformRegistered(Event):
        TOPIC = "cocreation:Initiative.PlatformRegistered"
        class_version = 1
        platform: UUID

        def apply(self, aggregate: Initiative) -> None:
            aggregate.platforms = aggregate.platforms | {self.platform}

    class RippleRecorded(Event):
        TOPIC = "cocreation:Initiative.RippleRecorded"
        class_version = 1
        ripple: Ripple

        def apply(self, aggregate: Initiative) -> None:
            aggregate.ripple_count += 1  # the ripple itself is history

    class PoliciesChanged(Event):
        TOPIC = "cocreation:Initiative.PoliciesChanged"
        class_version = 1
        policies: Policies

        def apply(self, aggregate: Initiative) -> None:
            aggregate.policies = self.policies

    class RepresentativeAdded(Event):
        TOPIC = "cocreation:Initiative.RepresentativeAdded"
        class_version = 1
        actor: UUID
        person: UUID

        def apply(self, aggregate: Initiative) -> None:
            key = str(self.actor)
            persons = aggregate.representatives.get(key, frozenset()) | {self.person}
            aggregate.representatives[key] = persons
            aggregate.represented[str(self.person)] = self.actor

    class RepresentativeForgotten(Event):
        """A person of the index asked to be forgotten (R-PII-2); only the id is recorded."""

        TOPIC = "cocreation:Initiative.RepresentativeForgotten"
        class_version = 1
        person: UUID

        def apply(self, aggregate: Initiative) -> None:
            aggregate.forgotten[str(self.person)] = self.occurred_on

    class RepresentativeRemoved(Event):
        """R-ACT-7: a person no longer represents the actor (detached)."""

        TOPIC = "cocreation:Initiative.RepresentativeRemoved"
        class_version = 1
        actor: UUID
        person: UUID
        persons: frozenset[UUID]

        def apply(self, aggregate: Initiative) -> None:
            aggregate.representatives[str(self.actor)] = self.persons
            aggregate.represented.pop(str(self.person), None)

    class BackingRecorded(Event):
        """R-ACT-6: an actor's home organisation backs its taking part (Card 2)."""

        TOPIC = "cocreation:Initiative.BackingRecorded"
        class_version = 1
        actor: UUID
        backing: Backing

        def apply(self, aggregate: Initiative) -> None:
            aggregate.backing[str(self.actor)] = self.backing

    class MeetingRegistered(Event):
        TOPIC = "cocreation:Initiative.MeetingRegistered"
        class_version = 1
        meeting: UUID
        kind: MeetingKind

        def apply(self, aggregate: Initiative) -> None:
            aggregate.meetings[str(self.meeting)] = self.kind

    class CoordinatorMeetingHeld(Event):
        TOPIC = "cocreation:Initiative.CoordinatorMeetingHeld"
        class_version = 1
        meeting: UUID
        first_held_on: date

        def apply(self, aggregate: Initiative) -> None:
            aggregate.coordinator_meeting_held_on = self.first_held_on
            aggregate.last_coordinator_meeting = self.meeting
            aggregate.last_coordinator_meeting_on = self.occurred_on

    class JointStatusMeetingHeld(Event):
        TOPIC = "cocreation:Initiative.JointStatusMeetingHeld"
        class_version = 1
        meeting: UUID
        newsletter: UUID
        host: UUID | None
        hosts: dict[str, HostTally]

        def apply(self, aggregate: Initiative) -> None:
            aggregate.joint_status_newsletters[str(self.meeting)] = self.newsletter
            aggregate.last_joint_status_on = self.occurred_on
            aggregate.last_newsletter = self.newsletter
            aggregate.joint_status_hosts = self.hosts

    class PreMeetingHeld(Event):
        TOPIC = "cocreation:Initiative.PreMeetingHeld"
        class_version = 1
        meeting: UUID
        actor: UUID

        def apply(self, aggregate: Initiative) -> None:
            aggregate.pre_meetings[str(self.actor)] = self.occurred_on

    class ChangeProposed(Event):
        TOPIC = "cocreation:Initiative.ChangeProposed"
        class_version = 1
        proposal: ChangeProposal

        def apply(self, aggregate: Initiative) -> None:
            aggregate.change_proposals[self.proposal.key] = self.proposal

    class ChangeDeclined(Event):
        TOPIC = "cocreation:Initiative.ChangeDeclined"
        class_version = 1
        key: str
        decision: Decision

        def apply(self, aggregate: Initiative) -> None:
            declined = attrs.evolve(
                aggregate.change_proposals[self.key], declined_on=self.occurred_on
            )
            aggregate.change_proposals[self.key] = declined

    class PosterUpdated(Event):
        TOPIC = "cocreation:Initiative.PosterUpdated"
        class_version = 1
        entries: frozenset[PosterEntry]

        def apply(self, aggregate: Initiative) -> None:
            aggregate.poster = self.entries
            aggregate.poster_updated_on = self.occurred_on

    # --- commands ------------------------------------------------------------------------

    @classmethod
    def found(
        cls,
        by: Principal,
        on: date,
        name: str,
        common_challenge: str,
        policies: Policies | None = None,
    ) -> Initiative:
        """Found an initiative; the founder becomes its anchor."""
        return cls._create(
            cls.Founded,
            principal=by.person,
            occurred_on=on,
            name=require_text(name, "R-INIT-1", "the initiative's name"),
            common_challenge=require_text(common_challenge, "R-INIT-1", "the common challenge"),
            anchor=by.person,
            policies=policies or Policies(),
        )

    def hold_establishment_workshop(self, by: Principal, on: date) -> None:
        """Record the establishment workshop, held once while preparing."""
        self._require_anchor(by, "hold the establishment workshop")
        self._destination("hold_establishment_workshop")
        if self.workshop_held_on is not None:
            raise RuleViolation("R-INIT-1", "the establishment workshop was already held")
        self._record(self.EstablishmentWorkshopHeld, by, on, held_on=on)

    def start_co_creation(self, by: Principal, on: date) -> None:
        """Conclude the working group and begin phase 6 (R-INIT-1)."""
        self._require_anchor(by, "start co-creation")
        dest = self._destination("start_co_creation")
        if self.workshop_held_on is None:
            raise RuleViolation("R-INIT-1", "co-creation starts after the establishment workshop")
        if not self.platforms:
            raise RuleViolation("R-INIT-1", "co-creation starts with at least one platform")
        self._record(self.CoCreationStarted, by, on, state=dest)

    def conclude(self, by: Principal, on: date, open_platforms: Collection[UUID]) -> None:
        """Conclude the initiative once every platform is closed or merged (R-INIT-2).

        ``open_platforms`` are this initiative's platforms not yet closed or merged; the
        application reads them from the platforms' own histories.
        """
        self._require_anchor(by, "conclude the initiative")
        dest = self._destination("conclude")
        if open_platforms:
            raise RuleViolation(
                "R-INIT-2", f"{len(open_platforms)} platform(s) are neither closed nor merged"
            )
        self._record(self.Concluded, by, on, state=dest)

    def hand_over_anchor(self, by: Principal, on: date, to_person: UUID) -> None:
        """Hand the anchor role to another person, any time before conclusion."""
        self._require_anchor(by, "hand over the anchor role")
        self._destination("hand_over_anchor")
        self._record(self.AnchorHandedOver, by, on, to_person=to_person)

    def register_actor(self, by: Principal, on: date, actor: ActorProfile) -> None:
        """Register an organisation taking part in the initiative."""
        self._require_anchor(by, "register an actor")
        self._destination("register_actor")
        require_text(actor.name, "R-ACT-1", "an actor's name")
        if any(a.id == actor.id for a in self.actors):
            raise RuleViolation("R-ACT-1", f"actor {actor.id} is already registered")
        self._record(self.ActorRegistered, by, on, actor=actor)

    def register_platform(self, by: Principal, on: date, platform: UUID) -> None:
        """Register a newly established platform; the anchor records it (R-PLAT-1)."""
        self._require_anchor(by, "establish a platform")
        self._destination("register_platform")
        self._record(self.PlatformRegistered, by, on, platform=platform)

    def record_ripple(self, by: Principal, on: date, ripple: Ripple) -> str:
        """Record a ripple on the initiative, by the anchor or any actor's person (R-RIP-1);
        returns its key."""
        self._destination("record_ripple")
        if not (by.is_anchor or self.has_actor(by.actor)):
            raise NotPermitted("member or anchor", "record a ripple on the initiative")
        keyed = keyed_ripple(ripple, self.ripple_keys)
        self._record(self.RippleRecorded, by, on, ripple=keyed)
        return keyed.key

    def correct_ripple(self, by: Principal, on: date, correction: Ripple) -> str:
        """Record a correction of a ripple; the original stays (R-RIP-2). Returns its key."""
        self._destination("correct_ripple")
        if not (by.is_anchor or self.has_actor(by.actor)):
            raise NotPermitted("member or anchor", "correct a ripple on the initiative")
        if correction.corrects is None:
            raise NotFound("ripple", correction.corrects)
        keyed = keyed_ripple(correction, self.ripple_keys)
        self._record(self.RippleRecorded, by, on, ripple=keyed)
        return keyed.key

    def change_policies(self, by: Principal, on: date, policies: Policies) -> None:
        """Override the initiative's policies."""
        self._require_anchor(by, "change policies")
        self._destination("change_policies")
        self._record(self.PoliciesChanged, by, on, policies=policies)

    # --- persons, meetings, change proposals, poster (Cards 3, 7, 8) ------------------------

    def add_representative(self, by: Principal, on: date, actor: UUID, person: UUID) -> None:
        """Index a person registered for an actor, so newsletters find every actor's persons
        (R-NEWS-4). Save it with the person's registration."""
        self._require_anchor(by, "register a person for an actor")
        self._destination("add_representative")
        self.actor(actor)
        if person in self.representatives.get(str(actor), frozenset()):
            raise RuleViolation("R-NEWS-4", f"person {person} already represents actor {actor}")
        self._record(self.RepresentativeAdded, by, on, actor=actor, person=person)

    def note_forgotten(self, by: Principal, on: date, person: UUID) -> None:
        """Note in the index that a person of an actor was forgotten (R-PII-2), so commands
        no longer let them act or speak. Only the id is recorded; forgetting is a right in
        every state of the initiative. Save it with the person's forgetting."""
        self._require_anchor_or_self(by, person)
        if str(person) not in self.represented:
            raise NotFound("person of an actor", person)
        if str(person) in self.forgotten:
            raise RuleViolation("R-PII-2", f"person {person} is already forgotten")
        self._record(self.RepresentativeForgotten, by, on, person=person)

    def index_forgotten(self, by: Principal, on: date, persons: Collection[UUID]) -> None:
        """Note persons forgotten before the index recorded forgetting, by the anchor (a
        repair of stores written before it did; R-PII-2)."""
        self._require_anchor(by, "index forgotten persons")
        for person in sorted(persons, key=str):
            self.note_forgotten(by, on, person)

    def _require_anchor_or_self(self, by: Principal, person: UUID) -> None:
        if not by.is_anchor and by.person != person:
            raise NotPermitted("the person or the anchor", "note a person as forgotten")

    def principal_of(self, person: UUID) -> Principal | None:
        """The roles ``person`` holds here, from the index of representatives: the actor they
        speak for and whether they are the anchor. ``None`` when the index does not know the
        person (an anchor who represents no actor, a stranger): ask the person's own events.
        A forgotten person issues no command (R-PII-2)."""
        key = str(person)
        actor = self.represented.get(key)
        if actor is None:
            return None
        if key in self.forgotten:
            raise NotPermitted("registered person", "a forgotten person issues no command")
        return Principal(person=person, actor=actor, is_anchor=self.anchor == person)

    def voice_of(self, person: UUID) -> Voice | None:
        """The voice ``person`` gives in a platform decision, from the index: for the actor
        they represent, or for none once forgotten (R-FLAT-3). ``None`` when the index does
        not know the person."""
        key = str(person)
        actor = self.represented.get(key)
        if actor is None:
            return None
        return Voice(person=person, actor=None if key in self.forgotten else actor)

    def remove_representative(self, by: Principal, on: date, actor: UUID, person: UUID) -> None:
        """R-ACT-7: take a detached person out of the actor's index; save it with the
        person's detachment. By the anchor, or a person of that actor."""
        self._require_anchor_or_actor(by, actor, "detach a person from an actor")
        self._destination("remove_representative")
        persons = self.representatives.get(str(actor), frozenset())
        if person not in persons:
            raise RuleViolation("R-ACT-7", f"person {person} does not represent actor {actor}")
        self._record(
            self.RepresentativeRemoved,
            by,
            on,
            actor=actor,
            person=person,
            persons=persons - {person},
        )

    def record_backing(self, by: Principal, on: date, actor: UUID, given_by: str) -> None:
        """R-ACT-6 (Card 2): record that ``actor``'s home organisation backs its part, who
        (which office) gave it and on ``on``. By the anchor, or a person of that actor."""
        office = require_text(given_by, "R-ACT-6", "who gave the backing")
        self._require_anchor_or_actor(by, actor, "record an actor's backing")
        self._destination("record_backing")
        self.actor(actor)
        self._record(
            self.BackingRecorded, by, on, actor=actor, backing=Backing(given_by=office, given_on=on)
        )

    def attach_representative(self, by: Principal, on: date, actor: UUID, person: UUID) -> None:
        """R-ACT-7: index a registered person attached to ``actor`` later; save it with the
        person's attachment. By the anchor, or a person of that actor."""
        self._require_anchor_or_actor(by, actor, "attach a person to an actor")
        self._destination("add_representative")
        self.actor(actor)
        if person in self.representatives.get(str(actor), frozenset()):
            raise RuleViolation("R-ACT-7", f"person {person} already represents actor {actor}")
        self._record(self.RepresentativeAdded, by, on, actor=actor, person=person)

    @staticmethod
    def _require_anchor_or_actor(by: Principal, actor: UUID, what: str) -> None:
        if not by.is_anchor and by.actor != actor:
            raise NotPermitted("the anchor or a person of that actor", what)

    def register_meeting(self, by: Principal, on: date, meeting: Meeting) -> None:
        """Index a newly planned meeting of this initiative; save it with the meeting."""
        self._destination("register_meeting")
        if meeting.initiative != self.id or str(meeting.id) in self.meetings:
            raise NotFound("meeting of this initiative", meeting.id)
        self._record(self.MeetingRegistered, by, on, meeting=meeting.id, kind=meeting.kind)

    def hold_coordinator_meeting(self, by: Principal, on: date, meeting: Meeting) -> None:
        """Record that the coordinator meeting was held (R-MEET-2): from then on the anchor
        may propose changes (R-MEET-3). Save it with the held meeting."""
        self._require_anchor(by, "hold the coordinator meeting")
        self._destination("hold_coordinator_meeting")
        self._require_held(meeting, MeetingKind.COORDINATOR, "R-MEET-2")
        self._record(
            self.CoordinatorMeetingHeld,
            by,
            on,
            meeting=meeting.id,
            first_held_on=self.coordinator_meeting_held_on or on,
        )

    def hold_joint_status_meeting(
        self,
        by: Principal,
        on: date,
        meeting: Meeting,
        newsletter: UUID,
        participants: Collection[UUID],
    ) -> None:
        """Record a held joint status meeting and the newsletter it opened (R-NEWS-1), and
        the host's turn among the initiative's current actors (R-MEET-4).

        ``participants`` are the current actors of the open platforms. Save it with the
        meeting and the newsletter.
        """
        self._require_anchor(by, "hold a joint status meeting")
        self._destination("hold_joint_status_meeting")
        self._require_held(meeting, MeetingKind.JOINT_STATUS, "R-MEET-4")
        if meeting.newsletter != newsletter:
            raise RuleViolation("R-NEWS-1", "a joint status meeting opens exactly one newsletter")
        hosts = (
            after_hosting(self.joint_status_hosts, participants, meeting.host, on)
            if meeting.host is not None
            else dict(self.joint_status_hosts)
        )
        self._record(
            self.JointStatusMeetingHeld,
            by,
            on,
            meeting=meeting.id,
            newsletter=newsletter,
            host=meeting.host,
            hosts=hosts,
        )

    def record_pre_meeting(self, by: Principal, on: date, meeting: Meeting) -> None:
        """Record the anchor's pre-meeting with a new actor (R-ACT-3); save it with the
        held meeting."""
        self._require_anchor(by, "hold a pre-meeting")
        self._destination("record_pre_meeting")
        self._require_held(meeting, MeetingKind.PRE_MEETING, "R-ACT-3")
        if meeting.with_actor is None:
            raise RuleViolation("R-ACT-3", "a pre-meeting is held with one actor")
        self._record(self.PreMeetingHeld, by, on, meeting=meeting.id, actor=meeting.with_actor)

    def propose_change(
        self,
        by: Principal,
        on: date,
        platform: Platform,
        kind: ChangeKind,
        reason: str,
        into: Platform | None = None,
    ) -> str:
        """Propose merging or closing a platform at or after the coordinator meeting.

        Only a proposal (R-MEET-3): the platform itself stays as it is until its actors decide
        (R-FLAT-4). Returns the proposal's key (``C1`` …).
        """
        self._require_anchor(by, "propose a change")
        self._destination("propose_change")
        if self.last_coordinator_meeting is None:
            raise RuleViolation("R-MEET-3", "changes are proposed at the coordinator meeting")
        kind = ChangeKind(kind)
        reason = require_text(reason, "R-MEET-3", "the reason for the proposed change")
        self._require_open_platform(platform)
        if kind is ChangeKind.MERGE:
            if into is None:
                raise RuleViolation("R-MEET-3", "a proposed merge names the target platform")
            self._require_open_platform(into)
            if into.id == platform.id or into.state == PlatformState.STANDBY:
                raise RuleViolation(
                    "R-PLAT-6", "the target is another open platform, not on standby"
                )
        elif into is not None:
            raise RuleViolation("R-MEET-3", "only a merge names a target platform")
        key = f"C{len(self.change_proposals) + 1}"
        proposal = ChangeProposal(
            key=key,
            platform=platform.id,
            kind=kind,
            reason=reason,
            into=into.id if into is not None else None,
            meeting=self.last_coordinator_meeting,
            proposed_on=on,
        )
        self._record(self.ChangeProposed, by, on, proposal=proposal)
        return key

    def decline_change(
        self, by: Principal, on: date, key: str, platform: Platform, decision: Decision
    ) -> None:
        """Record the platform's decision against a proposed change (R-MEET-3, R-FLAT-3)."""
        self._destination("decline_change")
        proposal = self.change_proposals.get(key)
        if proposal is None:
            raise NotFound("change proposal", key)
        if platform.id != proposal.platform:
            raise RuleViolation("R-MEET-3", f"proposal {key} concerns another platform")
        if by.actor not in platform.actors:
            raise NotPermitted("member", "decide on a proposed change")
        if proposal.declined_on is not None or not platform.is_open:
            raise RuleViolation("R-MEET-3", f"the platform already decided on proposal {key}")
        require_passed(
            decision, platform.actors, self.policies.quorum_percent, "declining a change"
        )
        self._record(self.ChangeDeclined, by, on, key=key, decision=decision)

    def update_poster(self, by: Principal, on: date, entries: Collection[PosterEntry]) -> None:
        """Update the poster of the initiative: each platform, its focus and its actors
        (Card 3, after the coordinator meeting, R-MEET-3)."""
        self._require_anchor(by, "update the poster")
        self._destination("update_poster")
        unknown = {e.platform for e in entries} - self.platforms
        if unknown:
            raise NotFound("platform", sorted(unknown)[0])
        self._record(self.PosterUpdated, by, on, entries=frozenset(entries))

    def suggested_joint_status_host(self, participants: Collection[UUID]) -> UUID | None:
        """The actor whose turn it is to host the next joint status meeting among
        ``participants``, the current actors of the open platforms (R-MEET-4)."""
        return suggest_host(self.joint_status_hosts, participants)

    @property
    def ripple_keys(self) -> KeyRange:
        """The keys of every ripple recorded on the initiative (R1 … Rn), each correctable."""
        return KeyRange("R", self.ripple_count)

    def persons_of(self, actor: UUID) -> frozenset[UUID]:
        """The persons registered for ``actor`` (forgotten ones included; see R-PII-2)."""
        return self.representatives.get(str(actor), frozenset())

    def _require_held(self, meeting: Meeting, kind: MeetingKind, rule: str) -> None:
        if (
            meeting.initiative != self.id
            or meeting.kind is not kind
            or meeting.state != MeetingState.HELD
        ):
            raise RuleViolation(rule, f"needs a held {kind} meeting of this initiative")

    def _require_open_platform(self, platform: Platform) -> None:
        if platform.id not in self.platforms:
            raise NotFound("platform of this initiative", platform.id)
        if not platform.is_open:
            raise RuleViolation("R-PLAT-7", f"platform {platform.id} is {platform.state}")

    # --- queries -------------------------------------------------------------------------

    def has_actor(self, actor: UUID | None) -> bool:
        """Whether ``actor`` is registered on this initiative."""
        return any(a.id == actor for a in self.actors)

    def actor(self, actor: UUID) -> ActorProfile:
        """The profile of a registered actor."""
        for profile in self.actors:
            if profile.id == actor:
                return profile
        raise NotFound("actor", actor)
