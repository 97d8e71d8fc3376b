"""The demo initiative: written through the public API into an SQLite file, it shows every
part of the method the CLI's ``demo`` promises, and reads the same however often it is told."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.demo import DEMO_TODAY, DemoStory, write_demo
from cocreation_domain.documents.build import latest_newsletter, newsletter_document
from cocreation_domain.documents.i18n import Language
from cocreation_domain.documents.newsletter import render_newsletter
from cocreation_domain.documents.overview import status_text
from cocreation_domain.projections import View, current_view, event_name, status_overview


def events(demo_view: View) -> list[str]:
    """The names of every event of the demo, in order."""
    return [entry.event for entry in demo_view.audit]


class TestStory:
    """The demo covers what the issue asks of it."""

    def test_it_spans_about_eighteen_months(self, demo_view: View) -> None:
        """From the founding in January 2024 to August 2025."""
        days = [e.occurred_on for e in demo_view.audit if e.occurred_on is not None]
        expected = (date(2024, 1, 8), date(2025, 8, 1))
        assert expected == (min(days), max(days))

    def test_it_has_several_platforms_in_every_fate(self, demo_view: View) -> None:
        """Five platforms: active ones, a merged one, a closed one, one set up later."""
        expected = {
            "Safe nights": "active",
            "Leisure for all": "goals_set",
            "Parents' network": "closed",
            "Walls that talk": "merged",
            "First jobs": "active",
        }
        assert expected == {p.name: p.state for p in demo_view.platforms.values()}

    @pytest.mark.parametrize(
        ("event", "count"),
        [
            ("Platform.ActorReplaced", 1),
            ("Platform.PutOnStandby", 1),
            ("Platform.Resumed", 1),
            ("Platform.Merged", 1),
            ("Platform.Absorbed", 1),
            ("Platform.BaselineDescribed", 15),
            ("Initiative.JointStatusMeetingHeld", 2),
            ("Newsletter.Published", 2),
            ("Meeting.Rescheduled", 1),
            ("Person.Forgotten", 1),
        ],
    )
    def test_it_records_the_turns_of_the_story(
        self, demo_view: View, event: str, count: int
    ) -> None:
        """Actor swap, standby and resume, merge, baselines, two joint status meetings and
        newsletters, a reschedule and a forgotten person are all in the history."""
        assert count == events(demo_view).count(event)

    def test_goals_carry_baselines_and_ripples_are_recorded(self, demo_view: View) -> None:
        """Every goal but the one added last has a baseline; ripples are on platforms and on
        the initiative."""
        unbaselined = [
            f"{p.name} {k}" for p in demo_view.platforms.values() for k, g in p.goals.items()
            if g.baseline is None
        ]  # fmt: skip
        expected = ["Leisure for all G4"]
        assert expected == unbaselined
        ripples = sum(len(p.ripples) for p in demo_view.platforms.values())
        own = sum(len(i.ripples) for i in demo_view.initiatives.values())
        expected_ripples = (6, 2)  # the second: a cross-platform initiative's (R-NEWS-5)
        assert expected_ripples == (ripples, own)

    def test_the_attention_list_on_the_demo_day(
        self, demo_story: DemoStory, demo_view: View
    ) -> None:
        """On the demo's day the goal added without a baseline and the platform quiet since
        May are among the flags."""
        overview = status_overview(demo_view, demo_story.initiative, DEMO_TODAY)
        expected = {("R-PLAT-3", "Leisure for all"), ("R-PLAT-8", "First jobs")}
        flagged = {(f.rule, f.subject_name) for f in overview.attention}
        assert expected == expected & flagged

    def test_the_method_cards_signals_on_the_demo_day(
        self, demo_story: DemoStory, demo_view: View
    ) -> None:
        """R-FLAT-5, R-ACT-5, R-ACT-6: the police at the head of the safe-nights table, the
        night ravens who stopped coming and the trade association without backing are flagged;
        the coordinator meeting's presentations and every overlap review were recorded
        (R-MEET-7, R-MEET-8)."""
        overview = status_overview(demo_view, demo_story.initiative, DEMO_TODAY)
        flagged = {(f.rule, f.subject_name) for f in overview.attention}
        expected = {
            ("R-FLAT-5", "Safe nights"),
            ("R-ACT-5", "Vestby Night Ravens"),
            ("R-ACT-6", "Vestby Trade Association"),
        }
        assert expected == expected & flagged
        assert not {r for r, _ in flagged} & {"R-MEET-7", "R-MEET-8"}
        nights = next(p for p in overview.platforms if p.name == "Safe nights")
        assert nights.initiative_shares[0].name == "North Zealand Police, Vestby station"
        assert nights.initiative_shares[0].percent > 50

    @pytest.mark.parametrize("lang", ["en", "da"])
    def test_r_news_5_a_guest_talk_and_cross_platform_initiatives_in_the_newsletters(
        self, demo_story: DemoStory, demo_view: View, lang: Language
    ) -> None:
        """R-NEWS-5: the first newsletter names the guest speaker, organisation and topic; the
        second carries the meeting's decisions and its new cross-platform initiatives."""
        first, second = (
            render_newsletter(newsletter_document(demo_story.app, demo_view, n), lang, "md")
            for n in demo_story.newsletters
        )
        assert "**Karen Winther** (Centre for Youth Research)" in first
        assert "What works against youth crime in Denmark" in first
        assert "Nights and jobs coordinate their work with the boys at the station" in second
        assert "Summer jobs for the station boys" in second
        assert "One calendar of evening activities" in second

    def test_every_event_is_a_domain_event(self, demo_view: View) -> None:
        """The story is written through the public API only: every event is the library's."""
        assert all(event_name(e) for e in demo_view.audit)
        assert {e.event.split(".")[0] for e in demo_view.audit} == {
            "Person",
            "Initiative",
            "Platform",
            "Meeting",
            "Newsletter",
        }


class TestRepeatable:
    """Told twice, the story reads the same (ids aside, which are new each time)."""

    def test_two_demos_render_the_same_overview_and_newsletter(
        self, demo_story: DemoStory, demo_view: View, tmp_path: Path
    ) -> None:
        """The status overview and the latest newsletter of two demo stores are equal text."""
        other_app = CoCreation(env=sqlite_env(str(tmp_path / "again.sqlite")))
        try:
            other = write_demo(other_app)
            other_view = current_view(other_app)

            def texts(s: DemoStory, v: View) -> tuple[str, str]:
                letter = latest_newsletter(v, s.initiative)
                assert letter is not None
                return (
                    status_text(status_overview(v, s.initiative, DEMO_TODAY)),
                    render_newsletter(newsletter_document(s.app, v, letter), "en", "md"),
                )

            assert texts(demo_story, demo_view) == texts(other, other_view)
        finally:
            other_app.close()
