"""The poster as Mermaid text, the same on every store and rebuild. Its content:
``tests/unit/test_poster.py``."""

from __future__ import annotations

from collections.abc import Callable

from cocreation_domain import CoCreation
from cocreation_domain.projections import poster, view_as_of
from cocreation_domain.testing.story import tell_story
from unit.test_poster import drawn  # type: ignore[import-not-found]

MakeApp = Callable[[], CoCreation]


class TestPoster:
    """What the poster shows and how."""

    def test_poster_is_the_same_on_every_store_and_rebuild(self, make_app: MakeApp) -> None:
        """Drawn twice, on any store, and as of the last event, the text is identical."""
        app = make_app()
        story = tell_story(app)
        last = app.recorder.max_notification_id()
        assert last is not None
        first = drawn(app, story.scenario)
        assert first == drawn(make_app(), story.scenario)
        assert first == poster(view_as_of(app, last), story.initiative)
