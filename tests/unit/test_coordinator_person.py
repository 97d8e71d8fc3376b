"""The coordinator is an actor acting through the person the platform chose (DOMAIN.md
"Principals and roles": "one current actor of that platform, acting through one of its
persons"; ``CoordinatorChosen(actor, person)``, R-ACT-1). Coordinator-only commands (permission
matrix, R-AUTH-1) are the chosen person's: another person of the coordinator's actor is a
member like any other, and choosing that person instead moves the role (issue 15.7)."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from cocreation_domain import CoCreation, MeetingKind, NotPermitted
from cocreation_domain.testing.history import events_stored
from cocreation_domain.testing.scenario import Scenario, sample_reality_check


def colleague(p6: Scenario, platform: UUID) -> UUID:
    """A second person of the coordinator's actor (registered by the anchor)."""
    actor = p6.app.get_platform(platform).coordinator
    assert actor is not None
    return p6.app.register_person(
        "Carl Kollega", by=p6.anchor, initiative=p6.initiative, actor=actor.actor, on=p6.today
    )


def refused_as_coordinator(app: CoCreation, attempt: object) -> None:
    """``attempt`` (a zero-argument call) is refused for want of the coordinator role, and
    nothing is written."""
    assert callable(attempt)
    before = events_stored(app)
    with pytest.raises(NotPermitted) as refused:
        attempt()
    assert (refused.value.role, events_stored(app)) == ("coordinator", before)


class TestMeetingsOfThePlatform:
    """R-MEET-1: platform meetings are planned, invited and held by the chosen person."""

    def test_r_meet_1_a_colleague_of_the_coordinator_cannot_plan_invite_or_hold(
        self, app: CoCreation
    ) -> None:
        """R-MEET-1: another person of the coordinator's actor can plan, invite or hold no
        platform meeting; the chosen person can."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        other = colleague(p6, platform)
        day = p6.today + timedelta(14)
        refused_as_coordinator(
            app,
            lambda: app.plan_meeting(
                other, MeetingKind.PLATFORM, day, platform=platform, on=p6.today
            ),
        )
        meeting = app.plan_meeting(
            p6.coordinators[platform], MeetingKind.PLATFORM, day, platform=platform, on=p6.today
        )
        refused_as_coordinator(app, lambda: app.invite_meeting(other, meeting, on=p6.today))
        app.invite_meeting(p6.coordinators[platform], meeting, on=p6.today)
        p6.later(14)
        refused_as_coordinator(app, lambda: app.hold_meeting(other, meeting, on=p6.today))
        app.hold_meeting(p6.coordinators[platform], meeting, on=p6.today)
        assert app.get_meeting(meeting).state == "held"

    def test_r_plat_2_a_colleague_cannot_hold_the_first_meeting(self, app: CoCreation) -> None:
        """R-PLAT-2: the first platform meeting is held by the chosen person, not a colleague."""
        p6 = Scenario.phase6(app, focused=False)
        platform = p6.platforms[0]
        other = colleague(p6, platform)
        refused_as_coordinator(
            app,
            lambda: app.hold_first_meeting(other, platform, "Safer streets at night", on=p6.today),
        )
        assert app.get_platform(platform).state == "established"


class TestRealityChecksAndSparring:
    """R-MEET-5: reality checks (and sparring requests) are the chosen person's."""

    def test_r_meet_5_a_colleague_cannot_record_a_reality_check_or_ask_for_sparring(
        self, app: CoCreation
    ) -> None:
        """R-MEET-5: a colleague of the coordinator records no reality check and requests no
        sparring (permission matrix, R-AUTH-1)."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        other = colleague(p6, platform)
        refused_as_coordinator(
            app,
            lambda: app.record_reality_check(other, platform, sample_reality_check(), on=p6.today),
        )
        refused_as_coordinator(
            app, lambda: app.request_sparring(other, platform, "the rooms", on=p6.today)
        )
        assert app.get_platform(platform).reality_check_count == 0


class TestNewsletterSections:
    """R-NEWS-2: each section is submitted by that platform's coordinator, the chosen person."""

    def test_r_news_2_a_colleague_of_the_coordinator_cannot_submit(self, app: CoCreation) -> None:
        """R-NEWS-2: another person of the coordinator's actor submits no section."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        other = colleague(p6, platform)
        p6.reality_checks()
        _, newsletter = p6.joint_status()
        refused_as_coordinator(
            app,
            lambda: app.submit_newsletter_section(
                other, newsletter, platform, "fine", "nothing", on=p6.today
            ),
        )
        assert platform not in app.get_newsletter(newsletter).sections


class TestChoosingTheColleagueMovesTheRole:
    """R-ACT-1: choosing another person of the same actor moves the role to that person."""

    def test_r_act_1_the_newly_chosen_person_acts_and_the_former_one_no_longer(
        self, app: CoCreation
    ) -> None:
        """R-ACT-1: after the platform chooses the colleague, the colleague records a reality
        check and the formerly chosen person of the same actor is refused."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        former = p6.coordinators[platform]
        other = colleague(p6, platform)
        actor = app.get_platform(platform).coordinator
        assert actor is not None
        app.choose_coordinator(
            former, platform, actor.actor, other, p6.consent(platform), on=p6.today
        )
        refused_as_coordinator(
            app,
            lambda: app.record_reality_check(former, platform, sample_reality_check(), on=p6.today),
        )
        app.record_reality_check(other, platform, sample_reality_check(), on=p6.today)
        assert app.get_platform(platform).reality_check_count == 1
