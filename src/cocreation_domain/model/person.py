"""Persons: the only aggregate that holds personal data (R-PII-1, R-PII-2).

Every other event refers to a person by id. Keeping personal data in these events alone lets
later work encrypt them per person and forget a person by discarding that person's key.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from cocreation_domain.model.base import CoCreationAggregate
from cocreation_domain.model.errors import NotPermitted, RuleViolation
from cocreation_domain.model.lifecycles import PERSON, PersonState
from cocreation_domain.model.rules import require_text
from cocreation_domain.model.values import Principal

__all__ = ["FORGOTTEN", "Person"]

FORGOTTEN = "(forgotten)"
"""How a forgotten person reads everywhere (R-PII-2)."""


class Person(CoCreationAggregate):
    """A named person speaking for an actor (or for none, like an anchor from outside)."""

    TOPIC = "cocreation:Person"
    LIFECYCLE = PERSON

    if TYPE_CHECKING:  # assigned by events; a class annotation would make a dataclass
        initiative: UUID | None
        actor: UUID | None
        name: str
        email: str | None
        phone: str | None
        title: str | None

    class Event(CoCreationAggregate.Event):
        """Base of this aggregate's events."""

    class Registered(Event, CoCreationAggregate.Created):
        TOPIC = "cocreation:Person.Registered"
        initiative: UUID | None
        actor: UUID | None
        name: str
        email: str | None
        phone: str | None
        title: str | None

        def apply(self, aggregate: Person) -> None:
            aggregate.state = PERSON.initial
            aggregate.initiative = self.initiative
            aggregate.actor = self.actor
            aggregate.name = self.name
            aggregate.email = self.email
            aggregate.phone = self.phone
            aggregate.title = self.title

    Created = Registered

    class ContactUpdated(Event):
        TOPIC = "cocreation:Person.ContactUpdated"
        name: str
        email: str | None
        phone: str | None
        title: str | None

        def apply(self, aggregate: Person) -> None:
            aggregate.name = self.name
            aggregate.email = self.email
            aggregate.phone = self.phone
            aggregate.title = self.title

    class Forgotten(Event):
        TOPIC = "cocreation:Person.Forgotten"
        state: str

        def apply(self, aggregate: Person) -> None:
            aggregate.state = self.state
            aggregate.name = FORGOTTEN
            aggregate.email = aggregate.phone = aggregate.title = None

    class AttachedToActor(Event):
        """R-ACT-7: the person now represents ``actor`` of ``initiative``."""

        TOPIC = "cocreation:Person.AttachedToActor"
        class_version = 1
        initiative: UUID
        actor: UUID

        def apply(self, aggregate: Person) -> None:
            aggregate.initiative = self.initiative
            aggregate.actor = self.actor

    class DetachedFromActor(Event):
        """R-ACT-7: the person no longer represents ``actor`` (and represents no actor)."""

        TOPIC = "cocreation:Person.DetachedFromActor"
        class_version = 1
        initiative: UUID
        actor: UUID

        def apply(self, aggregate: Person) -> None:
            aggregate.initiative = None
            aggregate.actor = None

    @classmethod
    def register(
        cls,
        by: Principal | None,
        on: date,
        name: str,
        email: str | None = None,
        phone: str | None = None,
        title: str | None = None,
        initiative: UUID | None = None,
        actor: UUID | None = None,
        id: UUID | None = None,
    ) -> Person:
        """Register a person: themselves (``by`` is None, then they speak for no actor yet),
        or for an actor of an initiative by that initiative's anchor."""
        if by is None and actor is not None:
            raise NotPermitted("anchor", "only the anchor registers a person for an actor")
        if by is not None and not by.is_anchor:
            raise NotPermitted("anchor", "register another person")
        if (initiative is None) != (actor is None):
            raise RuleViolation("R-PII-1", "a person represents an actor of an initiative, or none")
        person_id = id or cls.create_id()
        return cls._create(
            cls.Registered,
            id=person_id,
            principal=by.person if by else person_id,
            occurred_on=on,
            initiative=initiative,
            actor=actor,
            name=require_text(name, "R-PII-1", "a person's name"),
            email=email or None,
            phone=phone or None,
            title=title or None,
        )

    def update_contact(
        self,
        by: Principal,
        on: date,
        name: str | None = None,
        email: str | None = None,
        phone: str | None = None,
        title: str | None = None,
    ) -> None:
        """Update contact data, by the person or the anchor; ``None`` keeps a field."""
        self._require_self_or_anchor(by, "update contact data")
        self._destination("update_contact")
        self._record(
            self.ContactUpdated,
            by,
            on,
            name=require_text(name or self.name, "R-PII-1", "a person's name"),
            email=self.email if email is None else (email or None),
            phone=self.phone if phone is None else (phone or None),
            title=self.title if title is None else (title or None),
        )

    def forget(self, by: Principal, on: date) -> None:
        """Forget the person: from now on they read as "(forgotten)" (R-PII-2)."""
        self._require_self_or_anchor(by, "forget a person")
        self._record(self.Forgotten, by, on, state=self._destination("forget"))

    def attach_to_actor(self, by: Principal, on: date, initiative: UUID, actor: UUID) -> None:
        """R-ACT-7: attach this registered person to ``actor`` of ``initiative``.

        A person represents at most one actor at a time: one already attached is detached
        first. ``by`` is the anchor or a person of that actor (the initiative checks the actor
        and indexes the person in the same save). The anchor may be attached too.
        """
        if not by.is_anchor and by.actor != actor:
            raise NotPermitted("the anchor or a person of that actor", "attach a person")
        self._destination("attach_to_actor")
        if self.actor is not None:
            raise RuleViolation(
                "R-ACT-7", f"person {self.id} already represents actor {self.actor}; detach first"
            )
        self._record(self.AttachedToActor, by, on, initiative=initiative, actor=actor)

    def detach_from_actor(self, by: Principal, on: date) -> None:
        """R-ACT-7: detach this person from the actor they represent, by the anchor or a
        person of that actor."""
        self._destination("detach_from_actor")
        if self.actor is None or self.initiative is None:
            raise RuleViolation("R-ACT-7", f"person {self.id} represents no actor")
        if not by.is_anchor and by.actor != self.actor:
            raise NotPermitted("the anchor or a person of that actor", "detach a person")
        self._record(self.DetachedFromActor, by, on, initiative=self.initiative, actor=self.actor)

    @property
    def is_forgotten(self) -> bool:
        """Whether the person asked to be forgotten."""
        return self.state == PersonState.FORGOTTEN

    def _require_self_or_anchor(self, by: Principal, what: str) -> None:
        if by.person != self.id and not by.is_anchor:
            raise NotPermitted("the person or the anchor", what)
