"""The scenario builder: what its steps record matches what the application holds, so tests,
the demo and the benchmarks that build on it stand on the state they name."""

from __future__ import annotations

from cocreation_domain import CoCreation
from cocreation_domain.demo import write_demo
from cocreation_domain.testing.scenario import Scenario
from cocreation_domain.testing.story import tell_story


class TestPhase6:
    """``Scenario.phase6`` records each platform and the coordinator it chose."""

    def test_r_plat_2_platforms_are_focused_by_the_coordinators_recorded(
        self, app: CoCreation
    ) -> None:
        """R-PLAT-2: every platform of a focused phase 6 held its first meeting, and the
        coordinator the builder recorded is the one the platform holds."""
        s = Scenario.phase6(app, actors=5, groups=((0, 1), (2, 3), (4,)))
        platforms = [app.get_platform(p) for p in s.platforms]
        assert [p.state for p in platforms] == ["focused"] * 3
        expected = {p.id: p.coordinator.person for p in platforms if p.coordinator is not None}
        assert expected == s.coordinators

    def test_r_meet_5_reality_checks_open_the_joint_status_meeting(self, app: CoCreation) -> None:
        """R-MEET-5: once every platform's coordinator recorded a reality check, the joint
        status meeting is held without an override and its newsletter is recorded."""
        s = Scenario.phase6(app)
        s.reality_checks()
        meeting, newsletter = s.joint_status()
        assert app.get_meeting(meeting).state == "held"
        assert s.newsletters == [newsletter]


class TestCast:
    """``Scenario.cast`` names the people around a platform by the role each holds."""

    def test_r_auth_1_each_person_holds_the_role_named(self, app: CoCreation) -> None:
        """R-AUTH-1: the coordinator coordinates the platform, the member represents one of
        its actors, the outsider an actor not on it, and the auditor no actor at all."""
        s = Scenario.start(app, actors=4)
        *founders, last = s.actors
        platform = s.platform(founders)
        other = s.platform([last], "Other")
        s.start_co_creation()
        s.focused(platform)
        c = s.cast(platform, other)
        on_platform = app.get_platform(platform)
        assert on_platform.coordinator is not None
        assert c.coordinator == on_platform.coordinator.person
        assert c.actor_of(c.member) in on_platform.actors
        assert c.member != c.coordinator
        assert c.actor_of(c.outsider) not in on_platform.actors
        assert app.get_person(c.auditor).actor is None


class TestForgetting:
    """A person forgotten through the builder no longer consents."""

    def test_r_pii_2_a_forgotten_representative_gives_no_consent(self, app: CoCreation) -> None:
        """R-PII-2: after a representative asks to be forgotten, the builder's consent for
        the platform leaves that person out."""
        s = Scenario.start(app, actors=3)
        platform = s.platform()
        gone = s.person_of(s.actors[1])
        s.forget(gone)
        expected = {s.person_of(s.actors[0]), s.person_of(s.actors[2])}
        assert expected == set(s.consent(platform).consenting)


class TestStories:
    """The longer stories are told through the builder and name what it recorded."""

    def test_r_news_1_the_eventful_year_records_its_newsletter(self, app: CoCreation) -> None:
        """R-NEWS-1: the newsletter of ``tell_story``'s joint status meeting is the one its
        scenario recorded, and the person it forgot is the scenario's."""
        story = tell_story(app)
        assert [story.newsletter] == story.scenario.newsletters
        assert [story.forgotten] == story.scenario.forgotten

    def test_r_news_1_the_demo_s_newsletters_are_its_scenario_s(self, app: CoCreation) -> None:
        """R-NEWS-1: the demo's two joint status meetings each opened a newsletter, recorded
        by its scenario, and its five platforms are the scenario's."""
        story = write_demo(app)
        assert len(story.newsletters) == 2
        assert story.newsletters is story.s.newsletters
        assert set(story.platforms.values()) == set(story.s.platforms)
        assert len(story.s.platforms) == 5
