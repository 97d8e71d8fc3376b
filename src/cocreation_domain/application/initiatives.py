"""The initiative: founding, phases, anchor and policies, actors and backing, its ripples,
change proposals and the poster, and the initiative queries."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from cocreation_domain.application.base import Base, _text_argument, _today
from cocreation_domain.application.retry import command
from cocreation_domain.model import (
    ActorProfile,
    ChangeKind,
    Consent,
    Initiative,
    NotFound,
    NotPermitted,
    Person,
    Platform,
    Policies,
    Principal,
    Ripple,
)
from cocreation_domain.model.platform import poster_entries


class InitiativeCommands(Base):
    """The initiative: founding, phases, anchor and policies, actors and backing, its ripples,
    change proposals and the poster, and the initiative queries."""

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

    def get_initiative(self, initiative: UUID) -> Initiative:
        """The initiative as its events left it."""
        return self._get(Initiative, initiative)

    def platforms_of(self, initiative: UUID) -> list[Platform]:
        """Every platform of the initiative."""
        return [self._get(Platform, p) for p in sorted(self._get(Initiative, initiative).platforms)]
