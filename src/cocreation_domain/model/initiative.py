"""The initiative: one common challenge, its anchor, actors and platforms (Card 1)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

import attrs

from cocreation_domain.model.base import CoCreationAggregate
from cocreation_domain.model.errors import NotFound, NotPermitted, RuleViolation
from cocreation_domain.model.lifecycles import INITIATIVE
from cocreation_domain.model.rules import require_text
from cocreation_domain.model.values import ActorProfile, Policies, Principal, Ripple

__all__ = ["Initiative"]


class Initiative(CoCreationAggregate):
    """A co-creation initiative from founding to conclusion."""

    TOPIC = "cocreation:Initiative"
    LIFECYCLE = INITIATIVE

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
        ripples: dict[str, Ripple]

    class Event(CoCreationAggregate.Event):
        """Base of this aggregate's events."""

    class Founded(Event, CoCreationAggregate.Created):
        TOPIC = "cocreation:Initiative.Founded"
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
            aggregate.ripples = {}

    Created = Founded  # the one "created" event; keeps eventsourcing from defining another

    class EstablishmentWorkshopHeld(Event):
        TOPIC = "cocreation:Initiative.EstablishmentWorkshopHeld"
        held_on: date

        def apply(self, aggregate: Initiative) -> None:
            aggregate.workshop_held_on = self.held_on

    class CoCreationStarted(Event):
        TOPIC = "cocreation:Initiative.CoCreationStarted"
        state: str

        def apply(self, aggregate: Initiative) -> None:
            aggregate.state = self.state
            aggregate.co_creation_started_on = self.occurred_on

    class Concluded(Event):
        TOPIC = "cocreation:Initiative.Concluded"
        state: str

        def apply(self, aggregate: Initiative) -> None:
            aggregate.state = self.state
            aggregate.concluded_on = self.occurred_on

    class AnchorHandedOver(Event):
        TOPIC = "cocreation:Initiative.AnchorHandedOver"
        to_person: UUID

        def apply(self, aggregate: Initiative) -> None:
            aggregate.anchor = self.to_person

    class ActorRegistered(Event):
        TOPIC = "cocreation:Initiative.ActorRegistered"
        actor: ActorProfile

        def apply(self, aggregate: Initiative) -> None:
            aggregate.actors = aggregate.actors | {self.actor}

    class PlatformRegistered(Event):
        TOPIC = "cocreation:Initiative.PlatformRegistered"
        platform: UUID

        def apply(self, aggregate: Initiative) -> None:
            aggregate.platforms = aggregate.platforms | {self.platform}

    class RippleRecorded(Event):
        TOPIC = "cocreation:Initiative.RippleRecorded"
        ripple: Ripple

        def apply(self, aggregate: Initiative) -> None:
            aggregate.ripples = {**aggregate.ripples, self.ripple.key: self.ripple}

    class PoliciesChanged(Event):
        TOPIC = "cocreation:Initiative.PoliciesChanged"
        policies: Policies

        def apply(self, aggregate: Initiative) -> None:
            aggregate.policies = self.policies

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

    def record_ripple(self, by: Principal, on: date, ripple: Ripple) -> None:
        """Record a ripple on the initiative, by the anchor or any actor's person (R-RIP-1)."""
        self._destination("record_ripple")
        if not (by.is_anchor or self.has_actor(by.actor)):
            raise NotPermitted("member or anchor", "record a ripple on the initiative")
        self._record(self.RippleRecorded, by, on, ripple=self._new_ripple(ripple))

    def correct_ripple(self, by: Principal, on: date, correction: Ripple) -> None:
        """Record a correction of a ripple; the original stays (R-RIP-2)."""
        self._destination("correct_ripple")
        if not (by.is_anchor or self.has_actor(by.actor)):
            raise NotPermitted("member or anchor", "correct a ripple on the initiative")
        if correction.corrects not in self.ripples:
            raise NotFound("ripple", correction.corrects)
        self._record(self.RippleRecorded, by, on, ripple=self._new_ripple(correction))

    def change_policies(self, by: Principal, on: date, policies: Policies) -> None:
        """Override the initiative's policies."""
        self._require_anchor(by, "change policies")
        self._destination("change_policies")
        if not 0 <= policies.quorum_percent < 100 or policies.goals_min > policies.goals_max:
            raise RuleViolation("R-FLAT-3", "a quorum is 0-99 % and goals_min <= goals_max")
        self._record(self.PoliciesChanged, by, on, policies=policies)

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

    def _new_ripple(self, ripple: Ripple) -> Ripple:
        require_text(ripple.description, "R-RIP-1", "a ripple's description")
        return attrs.evolve(ripple, key=f"R{len(self.ripples) + 1}")
