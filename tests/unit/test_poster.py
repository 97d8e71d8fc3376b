"""The poster: the initiative, its open platforms, their focus and actors, as Mermaid text."""

from __future__ import annotations

from cocreation_domain import ClosureReason, CoCreation
from cocreation_domain.projections import ViewFold, poster, rebuild
from cocreation_domain.testing import Scenario
from cocreation_domain.testing.story import tell_story


def drawn(app: CoCreation, s: Scenario) -> str:
    """The poster of the scenario's initiative, from all events so far."""
    return poster(rebuild(app, ViewFold()), s.initiative)


class TestPoster:
    """What the poster shows and how."""

    def test_poster_of_the_story(self, app: CoCreation) -> None:
        """Open platforms with their focus and actors; an actor on two platforms is drawn once;
        a platform on standby is dashed; a merged platform is gone."""
        story = tell_story(app)
        expected = "\n".join(
            [
                "flowchart TB",
                '    initiative["Safe Harbour<br/>young people drifting into crime"]',
                '    p1["Night life<br/>Safer streets at night"]',
                "    initiative --- p1",
                '    p2["Schools (standby)<br/>Safe ways to school"]',
                "    initiative --- p2",
                '    a1(["Actor 1"])',
                '    a2(["Actor 3"])',
                '    a3(["Actor 4"])',
                '    a4(["Actor 5"])',
                '    a5(["Sports club"])',
                "    p1 --- a1",
                "    p1 --- a2",
                "    p1 --- a4",
                "    p1 --- a5",
                "    p2 --- a3",
                "    p2 --- a4",
                "    classDef standby stroke-dasharray: 5 5",
                "    class p2 standby",
                "",
            ]
        )
        assert expected == drawn(app, story.scenario)

    def test_closed_platform_leaves_the_poster(self, app: CoCreation) -> None:
        """R-PLAT-5: a closed platform is no longer drawn, nor actors only it had."""
        s = Scenario.start(app, actors=2)
        kept = s.platform([s.actors[0]], name="Kept")
        closed = s.platform([s.actors[1]], name="Closed")
        app.close_platform(
            s.person_of(s.actors[1]),
            closed,
            ClosureReason.LACK_OF_PARTICIPATION,
            "the actor joins Kept when it can",
            s.consent(closed),
            on=s.today,
        )
        text = drawn(app, s)
        assert "Closed" not in text
        assert "Actor 2" not in text
        assert 'p1["Kept<br/>(focus not yet set)"]' in text
        assert kept in rebuild(app, ViewFold()).platforms

    def test_labels_escape_quotes_and_angle_brackets(self, app: CoCreation) -> None:
        """Names with quotes or angle brackets cannot break the diagram's syntax."""
        s = Scenario.start(app, actors=1)
        s.platform(name='The "Night" <late> shift')
        assert 'p1["The #quot;Night#quot; #lt;late#gt; shift<br/>' in drawn(app, s)


class TestPublishedPoster:
    """R-MEET-3: the poster as the anchor updated it after the coordinator meeting."""

    def test_r_meet_3_published_poster_shows_the_platforms_as_they_were_then(
        self, app: CoCreation
    ) -> None:
        """Updated before the merge, the published poster still shows the merged platform's
        predecessor state; the live poster does not."""
        story = tell_story(app)
        view = rebuild(app, ViewFold())
        published = poster(view, story.initiative, published=True)
        assert '["Night life<br/>Safer streets at night"]' in published
        assert '["Schools<br/>Safe ways to school"]' in published
        assert "Sports club" in published
        assert "(standby)" not in published
        assert "(standby)" in poster(view, story.initiative)

    def test_never_published_poster_shows_only_the_initiative(self, app: CoCreation) -> None:
        """Before any update the published poster has no platform."""
        s = Scenario.start(app)
        s.platform(name="Night life")
        text = poster(rebuild(app, ViewFold()), s.initiative, published=True)
        assert "p1" not in text
        assert 'initiative["Safe Harbour<br/>young people drifting into crime"]' in text
