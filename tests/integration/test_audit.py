"""The audit trail on every store: each event of the log once, in order, and the filter by
initiative. The other filters and rows: ``tests/unit/test_audit.py``."""

from __future__ import annotations

from collections.abc import Callable

from cocreation_domain import CoCreation
from cocreation_domain.model.base import CoCreationAggregate
from cocreation_domain.testing import Scenario
from cocreation_domain.testing.story import tell_story
from unit.test_audit import trail  # type: ignore[import-not-found]

MakeApp = Callable[[], CoCreation]


class TestEveryEvent:
    """Every stored event is in the trail exactly once, in the order of the log."""

    def test_trail_lists_each_event_of_the_log_once_in_order(self, make_app: MakeApp) -> None:
        """Positions, names and recorded times are those of the notification log."""
        app = make_app()
        tell_story(app)
        log = app.recorder.select_notifications(start=None, limit=10_000)
        events = [(n, app.mapper.to_domain_event(n)) for n in log]
        expected = [
            (n.id, n.topic.removeprefix("cocreation:"), e.timestamp)
            for n, e in events
            if isinstance(e, CoCreationAggregate.Event)
        ]
        assert len(log) == len(expected)
        actual = [(r.position, r.event, r.recorded_at) for r in trail(app)]
        assert expected == actual


class TestFilters:
    """Each filter keeps exactly the events it names."""

    def test_filter_by_initiative_keeps_only_its_events(self, make_app: MakeApp) -> None:
        """Events of another initiative in the same store are left out."""
        app = make_app()
        story = tell_story(app)
        other = Scenario.start(app)
        rows = trail(app, initiative=story.initiative)
        assert rows
        assert {story.initiative} == {r.initiative for r in rows}
        assert all(r.initiative != other.initiative for r in rows)
