"""Personal data (R-PII-1) in an SQLite file: only person events hold it. The persons' commands:
``tests/unit/test_persons.py``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cocreation_domain import (
    ActorChangeReason,
    Baseline,
    Beneficiary,
    ClosureReason,
    CoCreation,
    Contribution,
    GoalProgress,
    Person,
    Ripple,
    RippleKind,
    sqlite_env,
)
from cocreation_domain.testing import Scenario
from cocreation_domain.testing.scenario import sample_goals
from unit.test_persons import DAY  # type: ignore[import-not-found]

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
