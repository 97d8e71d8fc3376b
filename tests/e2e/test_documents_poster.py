"""The poster as an SVG picture: every open platform with its focus and actors (Card 3,
R-MEET-3), organisations only, the same bytes for the same history."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from cocreation_domain import CoCreation
from cocreation_domain.demo import DemoStory
from cocreation_domain.documents.poster import poster_cards, poster_svg
from cocreation_domain.projections import View, current_view
from cocreation_domain.testing import Scenario

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    """Every line of text drawn on the poster, parsed back as XML."""
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return [t.text or "" for t in root.iter(f"{SVG}text")]


class TestPosterSvg:
    """The picture holds what the poster read model holds."""

    def test_r_meet_3_every_open_platform_with_focus_and_actors(
        self, demo_story: DemoStory, demo_view: View
    ) -> None:
        """R-MEET-3 (Card 3): each open platform's name, focus and actors are drawn; merged
        and closed platforms are not."""
        drawn = " ".join(" ".join(texts(poster_svg(demo_view, demo_story.initiative))).split())
        expected_names = {"Safe nights", "Leisure for all", "First jobs"}
        assert expected_names == {
            card.name for card in poster_cards(demo_view, demo_story.initiative)
        }
        for card in poster_cards(demo_view, demo_story.initiative):
            assert card.name in drawn
            assert card.focus in drawn
            assert all(actor in drawn for actor in card.actors)
        assert "Walls that talk" not in drawn
        assert "Parents' network" not in drawn

    def test_organisations_only_never_persons(self, demo_story: DemoStory, demo_view: View) -> None:
        """R-PII-1: the poster names actors, never the persons who speak for them."""
        svg = poster_svg(demo_view, demo_story.initiative)
        names = [p.name for p in demo_view.persons.values()]
        assert [n for n in names if n in svg] == []

    def test_the_same_history_draws_the_same_bytes(
        self, demo_story: DemoStory, demo_view: View
    ) -> None:
        """Rendering twice, from a view rebuilt from the events, gives identical SVG."""
        again = current_view(demo_story.app)
        assert poster_svg(demo_view, demo_story.initiative) == poster_svg(
            again, demo_story.initiative
        )

    def test_a_platform_on_standby_is_dashed(self, app: CoCreation) -> None:
        """A platform on standby is marked and drawn with a dashed border."""
        s = Scenario.start(app, actors=2)
        platform = s.platform(name="Night life")
        s.start_co_creation()
        s.focused(platform)
        app.put_on_standby(
            s.persons[s.actors[0]],
            platform,
            "waiting for the budget",
            "the chair keeps in touch",
            s.consent(platform),
            on=s.later(),
        )
        svg = poster_svg(current_view(app), s.initiative)
        assert "Night life (standby)" in texts(svg)
        assert 'stroke-dasharray="6 4"' in svg

    def test_text_is_escaped(self, app: CoCreation) -> None:
        """Names with markup characters stay text: the SVG still parses."""
        s = Scenario.start(app, actors=1)
        s.platform(name="Parents & <kids>")
        drawn = texts(poster_svg(current_view(app), s.initiative))
        assert "Parents & <kids>" in drawn
