"""The base every area's commands are typed against: loading (``_get``), the principal and the
voices read from history, and the helpers each command starts from."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from cocreation_domain.application.store import Store
from cocreation_domain.model import (
    Consent,
    Decision,
    Delivery,
    Initiative,
    Meeting,
    Newsletter,
    NotFound,
    NotPermitted,
    Person,
    Platform,
    Principal,
    RuleViolation,
    Voice,
)
from cocreation_domain.model.rules import require_text
from cocreation_domain.repository import CopyingRepository

A = TypeVar("A", Initiative, Platform, Person, Meeting, Newsletter, Delivery)


class Base(Store):
    """The base every area's commands are typed against: loading (``_get``), the principal and
    the voices read from history, and the helpers each command starts from."""

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

    def _exists(self, kind: type[A], ident: UUID) -> bool:
        try:
            self._get(kind, ident)
        except NotFound:
            return False
        return True

    def _platforms(self, initiative: Initiative) -> list[Platform]:
        return [self._get(Platform, p) for p in sorted(initiative.platforms)]

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
