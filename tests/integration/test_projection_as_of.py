"""Read models as of a past moment: a notification id or a recorded time, for auditors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from eventsourcing.persistence import Notification, StoredEvent

from cocreation_domain import FORGOTTEN, CoCreation
from cocreation_domain.model.base import CoCreationAggregate
from cocreation_domain.projections import (
    ViewCodec,
    ViewFold,
    attention_list,
    audit_trail,
    forgotten_persons,
    goals_register,
    poster,
    rebuild,
    ripples_register,
    status_overview,
    view_as_of,
)
from cocreation_domain.projections.state import View
from cocreation_domain.testing.story import tell_story

MakeApp = Callable[[], CoCreation]


def notifications(app: CoCreation) -> list[Notification]:
    """Every notification of the application's log."""
    return list(app.recorder.select_notifications(start=None, limit=100_000))


def store_holding(events: list[Notification], app: CoCreation) -> CoCreation:
    """A fresh store that only ever held ``events``, opening personal data with ``app``'s keys."""
    other = CoCreation(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, key_store=app.key_store)
    other.recorder.insert_events(
        [StoredEvent(n.originator_id, n.originator_version, n.topic, n.state) for n in events]
    )
    return other


def recorded_at(event: object) -> datetime:
    """When the event was recorded."""
    assert isinstance(event, CoCreationAggregate.Event)
    return event.timestamp


def readings(view: View) -> tuple[object, ...]:
    """Every read model of every initiative of the view."""
    out: list[object] = [audit_trail(view)]
    for initiative, the_initiative in sorted(view.initiatives.items()):
        day = the_initiative.last_activity_on
        out += [
            status_overview(view, initiative, day),
            attention_list(view, initiative, day),
            goals_register(view, initiative),
            ripples_register(view, initiative),
            poster(view, initiative),
        ]
    return tuple(out)


class TestAsOf:
    """As of a moment, the read models are those of a store that held only the events up to
    that moment."""

    @pytest.mark.parametrize("fraction", [0.0, 0.3, 0.7, 1.0])
    def test_as_of_a_notification_id_equals_a_store_with_only_the_events_up_to_it(
        self, make_app: MakeApp, fraction: float
    ) -> None:
        """Folding up to notification id k equals folding a store holding events 1..k."""
        app = make_app()
        tell_story(app, forget=False)
        log = notifications(app)
        upto = log[int(fraction * (len(log) - 1))].id
        expected = rebuild(store_holding([n for n in log if n.id <= upto], app), ViewFold())
        actual = view_as_of(app, upto)
        assert expected == actual
        assert readings(expected) == readings(actual)

    def test_as_of_a_recorded_time_equals_a_store_with_only_the_events_recorded_by_then(
        self, make_app: MakeApp
    ) -> None:
        """Folding the events recorded at or before a time equals folding a store that held
        just those events."""
        app = make_app()
        tell_story(app, forget=False)
        log = notifications(app)
        times = {n.id: recorded_at(app.mapper.to_domain_event(n)) for n in log}
        moment = times[log[len(log) // 2].id]
        expected = rebuild(
            store_holding([n for n in log if times[n.id] <= moment], app), ViewFold()
        )
        actual = view_as_of(app, moment)
        assert expected == actual
        assert readings(expected) == readings(actual)

    def test_rebuilding_as_of_twice_gives_identical_bytes(self, make_app: MakeApp) -> None:
        """However often the past is rebuilt, it encodes to the same bytes."""
        app = make_app()
        tell_story(app)
        upto = notifications(app)[20].id
        codec = ViewCodec()
        assert codec.encode(view_as_of(app, upto)) == codec.encode(view_as_of(make_app(), upto))


class TestForgottenInThePast:
    """R-PII-2: output produced after a forgetting never shows that person's data, even as of a
    moment before it."""

    def test_r_pii_2_past_view_built_now_hides_a_person_forgotten_since(
        self, make_app: MakeApp
    ) -> None:
        """As of a moment before the forgetting, the person reads as "(forgotten)" and their
        name and contact data appear nowhere in the view."""
        app = make_app()
        story = tell_story(app)
        before = next(n.id for n in notifications(app) if n.topic == "cocreation:Person.Forgotten")
        person = app.get_person(story.forgotten)
        assert frozenset({story.forgotten}) == forgotten_persons(app)
        raw = rebuild(app, ViewFold(), before - 1)
        # What the moment held cannot be read any more: the key is destroyed (R-PII-3).
        assert raw.persons[story.forgotten].name == FORGOTTEN

        past = view_as_of(app, before - 1)
        assert past.persons[story.forgotten].name == FORGOTTEN
        assert person.name == FORGOTTEN
        stored = ViewCodec().encode(past)
        assert b"Person 2" not in stored
        assert b"p2@example.org" not in stored
        rows = audit_trail(past, person=story.forgotten)
        assert rows
        assert {FORGOTTEN} == {r.subject_name for r in rows if r.subject_kind == "person"}
