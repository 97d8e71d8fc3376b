"""Persons: registering, contact data, language, forgetting (R-PII-2, R-PII-3), attaching to
actors (R-ACT-7), and the person queries."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from cocreation_domain.application.base import Base, _today
from cocreation_domain.application.retry import command
from cocreation_domain.model import (
    Initiative,
    NotFound,
    NotPermitted,
    Person,
    RuleViolation,
)


class PersonCommands(Base):
    """Persons: registering, contact data, language, forgetting (R-PII-2, R-PII-3), attaching to
    actors (R-ACT-7), and the person queries."""

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

    def get_person(self, person: UUID) -> Person:
        """The person as their events left them (forgotten persons read as forgotten)."""
        return self._get(Person, person)

    def persons_of(self, initiative: UUID, actor: UUID) -> frozenset[UUID]:
        """The persons registered for ``actor``, forgotten persons excluded (R-PII-2)."""
        persons = self._get(Initiative, initiative).persons_of(actor)
        return frozenset(p for p in persons if not self._get(Person, p).is_forgotten)
