"""Persons and their personal data (R-PII-1; forgetting, R-PII-2, as far as the core goes)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from cocreation_domain import (
    FORGOTTEN,
    CoCreation,
    Consent,
    LifecycleViolation,
    NotFound,
    NotPermitted,
    Person,
    RuleViolation,
)
from cocreation_domain.testing import Scenario

DAY = date(2025, 1, 6)


class TestPersonalDataStaysInPersonEvents:
    """R-PII-1: personal data lives only in person events; other events hold person ids."""

    def test_a_person_has_a_name(self, app: CoCreation) -> None:
        """R-PII-1: a person is registered with a name."""
        with pytest.raises(RuleViolation) as refused:
            app.register_person("  ", email="nobody@example.org")
        assert refused.value.rule == "R-PII-1"


class TestRegistering:
    """Persons register themselves, or the anchor registers them for an actor (R-AUTH-1)."""

    def test_a_person_registers_themselves(self, app: CoCreation) -> None:
        """R-PII-1: a self-registered person holds their data and speaks for no actor."""
        person = app.register_person("Mette Berg", email="mette@example.org", on=DAY)
        registered = app.get_person(person)
        assert (
            registered.name,
            registered.email,
            registered.actor,
            registered.initiative,
        ) == ("Mette Berg", "mette@example.org", None, None)
        created = next(iter(app.events.get(person)))
        assert isinstance(created, Person.Registered)
        assert person == created.principal

    def test_the_anchor_registers_a_person_for_an_actor(self, app: CoCreation) -> None:
        """R-PII-1: a representative registered by the anchor records its actor and initiative."""
        s = Scenario.start(app)
        person = app.get_person(s.person_of(s.actors[1]))
        assert (s.actors[1], s.initiative) == (person.actor, person.initiative)

    def test_only_the_anchor_registers_for_an_actor(self, app: CoCreation) -> None:
        """R-AUTH-1: a member registering a person for an actor needs the anchor role."""
        s = Scenario.start(app)
        with pytest.raises(NotPermitted) as refused:
            app.register_person(
                "Jens Hansen",
                by=s.person_of(s.actors[0]),
                initiative=s.initiative,
                actor=s.actors[0],
            )
        assert refused.value.role == "anchor"

    def test_the_actor_must_be_registered(self, app: CoCreation) -> None:
        """R-PII-1: a person cannot represent an actor unknown to the initiative."""
        s = Scenario.start(app)
        stranger = Scenario.start(app).actors[0]
        with pytest.raises(NotFound):
            app.register_person("Jens Hansen", by=s.anchor, initiative=s.initiative, actor=stranger)


class TestContactData:
    """The person or the anchor updates contact data (R-AUTH-1)."""

    def test_the_person_updates_their_own(self, app: CoCreation) -> None:
        """R-AUTH-1: a person updates their own phone; unnamed fields are kept, "" clears one."""
        s = Scenario.start(app)
        person = s.person_of(s.actors[0])
        app.update_contact(person, person, phone="+45 1234 5678", email="", on=DAY)
        updated = app.get_person(person)
        assert (updated.name, updated.email, updated.phone) == ("Person 1", None, "+45 1234 5678")

    def test_the_anchor_updates_anyones(self, app: CoCreation) -> None:
        """R-AUTH-1: the anchor updates a representative's contact data."""
        s = Scenario.start(app)
        person = s.person_of(s.actors[0])
        app.update_contact(s.anchor, person, title="Team lead", on=DAY)
        assert app.get_person(person).title == "Team lead"

    def test_another_member_may_not(self, app: CoCreation) -> None:
        """R-AUTH-1: one actor's person cannot change another's contact data."""
        s = Scenario.start(app)
        person = s.person_of(s.actors[0])
        with pytest.raises(NotPermitted) as refused:
            app.update_contact(s.person_of(s.actors[1]), person, phone="+45 0000 0000")
        assert refused.value.role == "the person or the anchor"
        assert app.get_person(person).phone is None


class TestForgetting:
    """R-PII-2 (core part): a forgotten person reads as "(forgotten)" and acts no more."""

    def test_reads_as_forgotten(self, app: CoCreation) -> None:
        """R-PII-2: after forgetting, the person reads as "(forgotten)" without contact data."""
        s = Scenario.start(app)
        person = s.person_of(s.actors[0])
        app.update_contact(person, person, phone="+45 1234 5678", title="Chair", on=DAY)
        app.forget_person(person, person, on=DAY)
        forgotten = app.get_person(person)
        assert (
            forgotten.state,
            forgotten.name,
            forgotten.email,
            forgotten.phone,
            forgotten.title,
        ) == ("forgotten", FORGOTTEN, None, None, None)

    def test_the_anchor_may_forget_a_person(self, app: CoCreation) -> None:
        """R-PII-2: the anchor forgets a person on their behalf; another member may not."""
        s = Scenario.start(app)
        person = s.person_of(s.actors[0])
        with pytest.raises(NotPermitted) as refused:
            app.forget_person(s.person_of(s.actors[1]), person)
        assert refused.value.role == "the person or the anchor"
        app.forget_person(s.anchor, person, on=DAY)
        assert app.get_person(person).is_forgotten

    def test_a_forgotten_person_issues_no_command(self, app: CoCreation) -> None:
        """R-PII-2: a forgotten person can no longer act for their actor."""
        s = Scenario.start(app)
        platform = s.platform()
        person = s.person_of(s.actors[0])
        app.forget_person(person, person, on=DAY)
        with pytest.raises(NotPermitted) as refused:
            app.put_on_standby(person, platform, "pause", "wait", Consent(consenting={person}))
        assert refused.value.role == "registered person"

    def test_forgotten_once(self, app: CoCreation) -> None:
        """R-PII-2: a forgotten person is not forgotten again, nor updated."""
        s = Scenario.start(app)
        person = s.person_of(s.actors[0])
        app.forget_person(s.anchor, person, on=DAY)
        with pytest.raises(LifecycleViolation) as refused:
            app.forget_person(s.anchor, person, on=DAY)
        assert refused.value.allowed == ()
        with pytest.raises(LifecycleViolation):
            app.update_contact(s.anchor, person, name="Back Again")
        assert app.get_person(person).name == FORGOTTEN

    def test_a_forgotten_person_cannot_become_anchor(self, app: CoCreation) -> None:
        """R-PII-2: the anchor role is not handed to a forgotten person."""
        s = Scenario.start(app)
        person = s.person_of(s.actors[0])
        app.forget_person(person, person, on=DAY)
        with pytest.raises(NotFound):
            app.hand_over_anchor(s.anchor, s.initiative, person)
        assert s.anchor == app.get_initiative(s.initiative).anchor


def test_unknown_person_is_not_found(app: CoCreation) -> None:
    """R-AUTH-1: a command by an id that is no registered person is refused as not found."""
    s = Scenario.start(app)
    with pytest.raises(NotFound):
        app.start_co_creation(UUID(int=7), s.initiative)
