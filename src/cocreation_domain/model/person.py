"""Persons: the only aggregate that holds personal data (R-PII-1, R-PII-2).

Every other event refers to a person by id. The personal fields of these events
(``PERSONAL_FIELDS``) are stored sealed with the person's own key when the event says
``sealed`` (every event written since sealing began, class version 2), so forgetting a person
can erase them by destroying that key (R-PII-3, :mod:`cocreation_domain.personal_data`).
Version 1 events were stored in plaintext; their upcasters mark them ``sealed=False``, and a
person registered by one cannot be forgotten until the store is copied by ``cocreation
migrate``, which seals them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from cocreation_domain.model.base import CoCreationAggregate
from cocreation_domain.model.errors import NotFound, NotPermitted, RuleViolation
from cocreation_domain.model.lifecycles import PERSON, PersonState
from cocreation_domain.model.rules import require_text
from cocreation_domain.model.values import Principal

__all__ = [
    "FORGOTTEN",
    "FORGOTTEN_FIELDS",
    "PERSONAL_FIELDS",
    "PERSON_LANGUAGES",
    "Person",
    "require_representatives",
]

FORGOTTEN = "(forgotten)"
"""How a forgotten person reads everywhere (R-PII-2)."""

PERSON_LANGUAGES = ("da", "en")
"""The languages a person can read the newsletter in (R-NEWS-6); Danish unless chosen."""

PERSONAL_FIELDS = ("name", "email", "phone", "title")
"""The fields of person events that hold personal data, stored sealed (R-PII-3)."""

FORGOTTEN_FIELDS: dict[str, str | None] = {
    field: FORGOTTEN if field == "name" else None for field in PERSONAL_FIELDS
}
"""What a forgotten person's personal fields read as (R-PII-2)."""


def _plaintext_in_v1(state: dict[str, Any]) -> None:
    """The upcaster of both person events that carry personal fields: version 1 stored them
    in plaintext."""
    state["sealed"] = False


class Person(CoCreationAggregate):
    """A named person speaking for an actor (or for none, like an anchor from outside)."""

    TOPIC = "cocreation:Person"
    LIFECYCLE = PERSON
    language = PERSON_LANGUAGES[0]
    """The language the person reads in (R-NEWS-6): Danish until they choose."""

    if TYPE_CHECKING:  # assigned by events; a class annotation would make a dataclass
        initiative: UUID | None
        actor: UUID | None
        name: str
        email: str | None
        phone: str | None
        title: str | None
        sealed: bool

    class Event(CoCreationAggregate.Event):
        """Base of this aggregate's events."""

    class Registered(Event, CoCreationAggregate.Created):
        """A person registered; v2 stores the personal fields sealed (``sealed=True``)."""

        TOPIC = "cocreation:Person.Registered"
        PERSONAL_FIELDS = PERSONAL_FIELDS
        class_version = 2
        initiative: UUID | None
        actor: UUID | None
        name: str
        email: str | None
        phone: str | None
        title: str | None
        sealed: bool

        upcast_v1_v2 = staticmethod(_plaintext_in_v1)

        def apply(self, aggregate: Person) -> None:
            aggregate.state = PERSON.initial
            aggregate.initiative = self.initiative
            aggregate.actor = self.actor
            aggregate.name = self.name
            aggregate.email = self.email
            aggregate.phone = self.phone
            aggregate.title = self.title
            aggregate.sealed = self.sealed

    Created = Registered

    class ContactUpdated(Event):
        """Contact data changed; v2 stores the personal fields sealed (``sealed=True``)."""

        TOPIC = "cocreation:Person.ContactUpdated"
        PERSONAL_FIELDS = PERSONAL_FIELDS
        class_version = 2
        name: str
        email: str | None
        phone: str | None
        title: str | None
        sealed: bool

        upcast_v1_v2 = staticmethod(_plaintext_in_v1)

        def apply(self, aggregate: Person) -> None:
            aggregate.name = self.name
            aggregate.email = self.email
            aggregate.phone = self.phone
            aggregate.title = self.title

    class LanguageChosen(Event):
        TOPIC = "cocreation:Person.LanguageChosen"
        class_version = 1
        language: str

        def apply(self, aggregate: Person) -> None:
            aggregate.language = self.language

    class Forgotten(Event):
        TOPIC = "cocreation:Person.Forgotten"
        class_version = 1
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
            sealed=True,
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
            sealed=True,
        )

    def choose_language(self, by: Principal, on: date, language: str) -> None:
        """Choose the language the person reads newsletters in, by the person or the anchor
        (R-NEWS-6): one of :data:`PERSON_LANGUAGES`."""
        self._require_self_or_anchor(by, "choose the language")
        self._destination("choose_language")
        if language not in PERSON_LANGUAGES:
            choices = ", ".join(PERSON_LANGUAGES)
            raise RuleViolation("R-NEWS-6", f"no language {language!r}; choose one of {choices}")
        self._record(self.LanguageChosen, by, on, language=language)

    def forget(self, by: Principal, on: date) -> None:
        """Forget the person: from now on they read as "(forgotten)" (R-PII-2).

        Forgetting erases only what was sealed (R-PII-3): a person registered before sealing
        (plaintext events) is refused until the store is copied by ``cocreation migrate``.
        """
        self._require_self_or_anchor(by, "forget a person")
        destination = self._destination("forget")
        if not self.sealed:
            raise RuleViolation(
                "R-PII-3",
                "this person's events were stored before sealing (plaintext) and forgetting "
                "could not erase them; copy the store with `cocreation migrate SOURCE TARGET` "
                "(which seals every personal field) and forget the person in the copy",
            )
        self._record(self.Forgotten, by, on, state=destination)

    def require_data_access(self, by: Principal) -> None:
        """Only the person, or the anchor on their behalf, gets their data (R-PII-4)."""
        self._require_self_or_anchor(by, "get a person's data")

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


def require_representatives(persons: Iterable[Person], initiative: UUID, actor: UUID) -> None:
    """The persons named for ``actor`` (joining a platform) represent that actor of that
    initiative (R-PII-1) and are not forgotten (R-PII-2: a forgotten person is not found)."""
    for person in persons:
        if person.is_forgotten:
            raise NotFound("person", person.id)
        if person.initiative != initiative or person.actor != actor:
            raise RuleViolation("R-PII-1", f"person {person.id} does not represent actor {actor}")
