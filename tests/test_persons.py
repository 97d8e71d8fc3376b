"""Persons and their personal data (R-PII-1; forgetting, R-PII-2, as far as the core goes)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest

from cocreation_domain import (
    FORGOTTEN,
    ActorChangeReason,
    Baseline,
    Beneficiary,
    ClosureReason,
    CoCreation,
    Consent,
    Contribution,
    GoalProgress,
    LifecycleViolation,
    NotFound,
    NotPermitted,
    Person,
    Ripple,
    RippleKind,
    RuleViolation,
    sqlite_env,
)
from cocreation_domain.testing import Scenario
from cocreation_domain.testing.scenario import sample_goals

DAY = date(2025, 1, 6)

PERSONAL = {
    "Zofia Quellmann": ("zofia.quellmann@kommune.example", "+45 2233 4455", "SSP-konsulent"),
    "Bertil Ørnsholt": ("bertil@boligforening.example", "+45 6677 8899", "Beboerrådgiver"),
    "Ingrid Vasbyhave": ("ingrid.v@politi.example", "+45 1122 3344", "Nærpolitibetjent"),
    "Ulrik Hjortshøj": ("ulrik@natteravne.example", "+45 9988 7766", "Frivillig"),
}
"""Distinctive personal data that must appear in person events only."""


@pytest.fixture
def sqlite_app(tmp_path: Path) -> Iterator[CoCreation]:
    """An application on a real SQLite file."""
    app = CoCreation(env=sqlite_env(str(tmp_path / "events.sqlite")))
    yield app
    app.close()


def lived_history(app: CoCreation) -> Scenario:
    """An initiative whose persons are the ones of :data:`PERSONAL`, through every core event."""
    (anchor_name, (email, phone, title)), *reps = PERSONAL.items()
    anchor = app.register_person(anchor_name, email=email, phone=phone, title=title, on=DAY)
    initiative = app.found_initiative(anchor, "Safe Harbour", "young people drift", on=DAY)
    actors, persons = [], {}
    for i, (name, (email, phone, title)) in enumerate(reps):
        actor = app.register_actor(anchor, initiative, f"Organisation {i}", on=DAY)
        persons[actor] = app.register_person(
            name,
            email=email,
            phone=phone,
            title=title,
            by=anchor,
            initiative=initiative,
            actor=actor,
            on=DAY,
        )
        actors.append(actor)
    s = Scenario(app, anchor, initiative, actors, persons, DAY)
    a, b, c = actors
    platform = s.platform([a, b])
    other = s.platform([c], name="Other")
    s.start_co_creation()
    coordinator = s.coordinate(platform)
    app.hold_first_meeting(
        coordinator, platform, "Safer nights", [Contribution(a, "a meeting room")], on=DAY
    )
    keys = app.set_goals(coordinator, platform, sample_goals(3), s.consent(platform), on=DAY)
    for key in keys:
        app.describe_baseline(coordinator, platform, key, Baseline("as it was", 3), on=DAY)
    app.record_goal_progress(coordinator, platform, keys[1], GoalProgress("more", DAY, 4))
    ripple = Ripple(
        "a new friendship", RippleKind.NEW_RELATIONSHIP, {Beneficiary.OWN_PLATFORM}, DAY
    )
    app.record_ripple(coordinator, platform, ripple, on=DAY)
    app.record_initiative_ripple(anchor, initiative, ripple, on=DAY)
    app.join_actor(coordinator, platform, c, s.consent(platform), persons=[persons[c]], on=DAY)
    app.remove_actor(coordinator, platform, c, ActorChangeReason.OTHER, s.consent(platform))
    app.merge_platforms(persons[c], other, platform, s.consent(other), s.consent(platform))
    app.update_contact(persons[b], persons[b], phone="+45 5555 0000", on=DAY)
    app.close_platform(
        coordinator, platform, ClosureReason.GOALS_REACHED, "hand over", s.consent(platform)
    )
    app.hand_over_anchor(anchor, initiative, persons[a], on=DAY)
    return s


class TestPersonalDataStaysInPersonEvents:
    """R-PII-1: personal data lives only in person events; other events hold person ids."""

    def test_no_other_stored_event_holds_personal_data(self, sqlite_app: CoCreation) -> None:
        """R-PII-1: no stored non-person event contains a name, e-mail, phone or title."""
        lived_history(sqlite_app)
        needles = {*PERSONAL, *(v for values in PERSONAL.values() for v in values), "5555 0000"}
        stored = sqlite_app.recorder.select_notifications(start=1, limit=100_000)
        leaks = []
        for notification in stored:
            if notification.topic.startswith("cocreation:Person."):
                continue
            decoded = repr(vars(sqlite_app.mapper.to_domain_event(notification)))
            raw = notification.state.decode("utf-8", errors="replace")
            leaks += [(notification.topic, n) for n in needles if n in raw or n in decoded]
        assert leaks == []
        topics = {n.topic for n in stored}
        assert {"cocreation:Platform.Merged", "cocreation:Initiative.AnchorHandedOver"} <= topics

    def test_person_events_hold_it(self, sqlite_app: CoCreation) -> None:
        """R-PII-1: the person events carry the personal data (so the scan above can see it)."""
        lived_history(sqlite_app)
        stored = sqlite_app.recorder.select_notifications(start=1, limit=100_000)
        registered = [
            sqlite_app.mapper.to_domain_event(n)
            for n in stored
            if n.topic == "cocreation:Person.Registered"
        ]
        recorded = {
            e.name: (e.email, e.phone, e.title)
            for e in registered
            if isinstance(e, Person.Registered)
        }
        assert recorded == PERSONAL

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
