"""Read models as of a past moment on plain objects: before the first event, a time without
zone, a clock stepped back. On every store: ``tests/integration/test_projection_as_of.py``."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from cocreation_domain import CoCreation
from cocreation_domain.model.base import CoCreationAggregate
from cocreation_domain.projections import (
    ViewFold,
    rebuild,
    view_as_of,
)
from cocreation_domain.projections.state import View
from cocreation_domain.testing.story import tell_story
from integration.test_projection_as_of import notifications, recorded_at, store_holding  # type: ignore[import-not-found]


class TestAsOf:
    """As of a moment, the read models are those of a store that held only the events up to
    that moment."""

    def test_before_the_first_event_nothing_is_known(self, app: CoCreation) -> None:
        """As of position 0, or a time before any event, the view is empty."""
        tell_story(app)
        assert View() == view_as_of(app, 0)
        assert View() == view_as_of(app, datetime(2000, 1, 1, tzinfo=UTC))

    def test_a_time_without_zone_is_refused(self, app: CoCreation) -> None:
        """Events are recorded in UTC, so a moment must say its time zone."""
        tell_story(app)
        with pytest.raises(ValueError, match="timezone"):
            view_as_of(app, datetime(2030, 1, 1))


class TestClockSteppedBack:
    """As of a time, each aggregate's history is a prefix, whatever the recorded times say."""

    def test_event_stamped_before_its_aggregate_began_waits_for_it(self) -> None:
        """An event recorded with a time before its aggregate's first event (a clock that
        stepped back) is left out together with that aggregate's other events."""
        app = CoCreation(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
        story = tell_story(app, forget=False)
        log = notifications(app)
        events = [app.mapper.to_domain_event(n) for n in log]
        created = next(i for i, n in enumerate(log) if n.originator_id == story.sports)
        later = next(
            i for i, n in enumerate(log) if i > created and n.originator_id == story.sports
        )
        moment = (
            recorded_at(events[created])
            - (recorded_at(events[created]) - recorded_at(events[0])) / 2
        )
        event = events[later]
        assert isinstance(event, CoCreationAggregate.Event)
        stepped_back = dataclasses.replace(event, timestamp=moment)
        skewed = [app.mapper.to_stored_event(e) for e in events]
        skewed[later] = app.mapper.to_stored_event(stepped_back)
        other = CoCreation(
            env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, key_store=app.key_store
        )
        other.recorder.insert_events(skewed)
        expected = rebuild(
            store_holding(
                [n for n, e in zip(log, events, strict=True) if recorded_at(e) <= moment], app
            ),
            ViewFold(),
        )
        assert expected == view_as_of(other, moment)
        assert story.sports not in view_as_of(other, moment).platforms
