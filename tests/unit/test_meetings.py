"""Platform meetings: lifecycle, the coordinator's invitation, hosts, the first and the
goal-setting meeting (Cards 2 and 5; R-MEET-1, R-PLAT-2)."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import pytest

from cocreation_domain import (
    Agenda,
    AgendaItem,
    CoCreation,
    LifecycleViolation,
    MeetingKind,
    Minutes,
    NotPermitted,
    RuleViolation,
    Venue,
)
from cocreation_domain.model.agendas import (
    FIRST_MEETING_MUST_COVER,
    PREMISES,
    RULES_OF_PLAY,
    RULES_OF_PLAY_TEXT,
    first_meeting_agenda,
)
from cocreation_domain.model.flags import room_not_booked
from cocreation_domain.testing.history import events_stored
from cocreation_domain.testing.scenario import Scenario, sample_goals

DAY = date(2025, 1, 6)


def plan(
    p6: Scenario,
    platform: UUID,
    kind: MeetingKind = MeetingKind.PLATFORM,
    *,
    host: UUID | None = None,
    agenda: Agenda | None = None,
    venue: Venue | None = None,
) -> UUID:
    """The platform's coordinator plans a meeting two weeks ahead."""
    return p6.app.plan_meeting(
        p6.coordinators[platform],
        kind,
        p6.today + timedelta(14),
        platform=platform,
        host=host,
        agenda=agenda,
        venue=venue,
        on=p6.today,
    )


class TestMeetingLifecycle:
    """Meetings are planned, invited (rescheduling keeps them invited), held or cancelled."""

    def test_planned_invited_rescheduled_held(self, app: CoCreation) -> None:
        """A meeting moves planned -> invited -> held; rescheduling keeps it invited."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        meeting = plan(p6, platform, venue=Venue("Town hall", room_booked=True))
        assert app.get_meeting(meeting).state == "planned"
        app.invite_meeting(p6.coordinators[platform], meeting, on=p6.today)
        app.reschedule_meeting(
            p6.coordinators[platform], meeting, p6.today + timedelta(21), reason="holiday"
        )
        rescheduled = app.get_meeting(meeting)
        assert ("invited", 1, p6.today + timedelta(21)) == (
            rescheduled.state,
            rescheduled.reschedulings,
            rescheduled.scheduled_on,
        )
        app.hold_meeting(
            p6.coordinators[platform],
            meeting,
            minutes=Minutes("we met", ("meet monthly",)),
            on=p6.later(21),
        )
        held = app.get_meeting(meeting)
        expected = ("held", app.get_platform(platform).actors, ("meet monthly",), p6.today)
        assert expected == (
            held.state,
            held.attendance,
            held.minutes and held.minutes.decisions,
            held.held_on,
        )
        assert p6.today == app.get_platform(platform).last_activity_on

    def test_invitees_are_the_current_actors(self, app: CoCreation) -> None:
        """Inviting to a platform meeting invites the platform's current actors."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        meeting = plan(p6, platform)
        app.invite_meeting(p6.coordinators[platform], meeting, on=p6.today)
        assert app.get_platform(platform).actors == app.get_meeting(meeting).invitees

    def test_a_cancelled_meeting_is_not_held(self, app: CoCreation) -> None:
        """A cancelled meeting refuses to be held, naming the triggers allowed, and writes
        nothing."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        meeting = plan(p6, platform)
        app.cancel_meeting(p6.coordinators[platform], meeting, "no room", on=p6.today)
        before = events_stored(app)
        with pytest.raises(LifecycleViolation) as refused:
            app.hold_meeting(p6.coordinators[platform], meeting, on=p6.today)
        assert (
            refused.value.lifecycle,
            refused.value.state,
            refused.value.allowed,
        ) == ("meeting", "cancelled", ())
        assert before == events_stored(app)

    def test_a_planned_meeting_is_invited_before_it_is_held(self, app: CoCreation) -> None:
        """Holding a meeting that was never invited is a lifecycle violation."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        meeting = plan(p6, platform)
        with pytest.raises(LifecycleViolation) as refused:
            app.hold_meeting(p6.coordinators[platform], meeting, on=p6.today)
        assert refused.value.allowed == ("add_agenda_item", "cancel", "invite", "reschedule")

    def test_an_unbooked_room_is_flagged(self, app: CoCreation) -> None:
        """Card 2 (R-MEET-1): an invited platform meeting without a booked room is flagged
        from the invitation, and not once the room is booked."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        meeting = plan(p6, platform)
        app.invite_meeting(p6.coordinators[platform], meeting, on=p6.today)
        assert p6.today == room_not_booked(app.get_meeting(meeting))
        app.reschedule_meeting(
            p6.coordinators[platform],
            meeting,
            app.get_meeting(meeting).scheduled_on,
            venue=Venue("Library", room_booked=True),
            on=p6.today,
        )
        assert room_not_booked(app.get_meeting(meeting)) is None


class TestPlatformMeetingsAreTheCoordinators:
    """R-MEET-1: platform meetings are invited by the platform's coordinator."""

    def test_r_meet_1_a_member_cannot_plan(self, app: CoCreation) -> None:
        """R-MEET-1: a member who is not the coordinator cannot plan a platform meeting."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        other = p6.person_of(sorted(app.get_platform(platform).actors)[1])
        before = events_stored(app)
        with pytest.raises(NotPermitted) as refused:
            app.plan_meeting(other, MeetingKind.PLATFORM, DAY, platform=platform)
        assert refused.value.role == "coordinator"
        assert before == events_stored(app)

    def test_r_meet_1_the_anchor_cannot_invite(self, app: CoCreation) -> None:
        """R-MEET-1: not even the anchor invites to a platform meeting; nothing is written."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        meeting = plan(p6, platform)
        before = events_stored(app)
        with pytest.raises(NotPermitted) as refused:
            app.invite_meeting(p6.anchor, meeting, on=p6.today)
        assert refused.value.role == "coordinator"
        assert (before, "planned") == (events_stored(app), app.get_meeting(meeting).state)

    def test_r_meet_1_invited_as_coordinator(self, app: CoCreation) -> None:
        """R-MEET-1: the invitation records that the coordinator sent it."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        meeting = plan(p6, platform)
        app.invite_meeting(p6.coordinators[platform], meeting, on=p6.today)
        invited = app.get_meeting(meeting)
        assert ("coordinator", p6.coordinators[platform]) == (
            invited.invited_as,
            invited.invited_by,
        )

    def test_r_meet_1_the_host_is_a_current_actor(self, app: CoCreation) -> None:
        """R-MEET-1: the host of a platform meeting is one of its current actors."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        outsider = p6.actors[3]
        with pytest.raises(RuleViolation) as refused:
            plan(p6, platform, host=outsider)
        assert refused.value.rule == "R-MEET-1"

    def test_r_meet_1_the_host_defaults_to_the_rotation(self, app: CoCreation) -> None:
        """R-MEET-1: without a host the meeting is hosted by the rotation's suggestion."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        suggested = app.suggest_host(platform)
        assert suggested is not None
        assert suggested == app.get_meeting(plan(p6, platform)).host

    def test_r_meet_1_following_the_suggestion_everyone_hosts_once(self, app: CoCreation) -> None:
        """R-MEET-1: following the suggestion, each actor hosts once before anyone hosts
        again."""
        p6 = Scenario.phase6(app, actors=4, groups=((0, 1, 2),))
        platform = p6.platforms[0]
        coordinator = p6.coordinators[platform]
        first = app.get_platform(platform).first_meeting
        assert first is not None
        hosts = [app.get_meeting(first).host]
        for _ in range(2):
            meeting = plan(p6, platform)
            app.invite_meeting(coordinator, meeting, on=p6.today)
            app.hold_meeting(coordinator, meeting, on=p6.later(14))
            hosts.append(app.get_meeting(meeting).host)
        assert set(app.get_platform(platform).actors) == set(hosts)


class TestFirstMeeting:
    """R-PLAT-2: the first meeting is invited by the coordinator and revisits the premises
    and the five rules of play; holding it makes the platform ``focused``."""

    def test_r_plat_2_holding_it_focuses_the_platform(self, app: CoCreation) -> None:
        """R-PLAT-2: the held first meeting and the focused platform are saved together."""
        p6 = Scenario.phase6(app, focused=False)
        platform = p6.platforms[0]
        coordinator = p6.coordinators[platform]
        meeting = plan(p6, platform, MeetingKind.PLATFORM_FIRST)
        app.invite_meeting(coordinator, meeting, on=p6.today)
        app.hold_first_platform_meeting(coordinator, meeting, "Safer nights", on=p6.later(14))
        the_platform = app.get_platform(platform)
        assert ("focused", "Safer nights", meeting, "held") == (
            the_platform.state,
            the_platform.focus,
            the_platform.first_meeting,
            app.get_meeting(meeting).state,
        )

    def test_r_plat_2_the_default_agenda_revisits_premises_and_rules(self) -> None:
        """R-PLAT-2: the default first-meeting agenda revisits the premises and the five
        rules of play of Card 2, in Danish and English."""
        agenda = first_meeting_agenda()
        rules = next(item for item in agenda.items if item.key == RULES_OF_PLAY)
        assert agenda.covers(FIRST_MEETING_MUST_COVER)
        assert all(rule in rules.da for rule in RULES_OF_PLAY_TEXT["da"])
        assert all(rule in rules.en for rule in RULES_OF_PLAY_TEXT["en"])
        assert "Vi deler viden i fortrolighed." in RULES_OF_PLAY_TEXT["da"]

    def test_r_plat_2_an_agenda_without_the_rules_of_play_is_refused(self, app: CoCreation) -> None:
        """R-PLAT-2: a first meeting whose agenda skips the rules of play cannot focus the
        platform; nothing is written, and adding the point lets it be held."""
        p6 = Scenario.phase6(app, focused=False)
        platform = p6.platforms[0]
        coordinator = p6.coordinators[platform]
        short = Agenda(i for i in first_meeting_agenda().items if i.key != RULES_OF_PLAY)
        meeting = plan(p6, platform, MeetingKind.PLATFORM_FIRST, agenda=short)
        app.invite_meeting(coordinator, meeting, on=p6.today)
        before = events_stored(app)
        with pytest.raises(RuleViolation) as refused:
            app.hold_first_platform_meeting(coordinator, meeting, "Safer nights", on=p6.today)
        assert refused.value.rule == "R-PLAT-2"
        assert (before, "established", "invited") == (
            events_stored(app),
            app.get_platform(platform).state,
            app.get_meeting(meeting).state,
        )
        app.add_agenda_item(
            coordinator, meeting, AgendaItem(RULES_OF_PLAY, "Rules of play"), on=p6.today
        )
        app.hold_first_platform_meeting(coordinator, meeting, "Safer nights", on=p6.today)
        assert app.get_platform(platform).state == "focused"

    def test_r_plat_2_an_agenda_without_the_premises_is_refused(self, app: CoCreation) -> None:
        """R-PLAT-2: a first meeting whose agenda skips the co-creation premises is refused."""
        p6 = Scenario.phase6(app, focused=False)
        platform = p6.platforms[0]
        coordinator = p6.coordinators[platform]
        short = Agenda(i for i in first_meeting_agenda().items if i.key != PREMISES)
        meeting = plan(p6, platform, MeetingKind.PLATFORM_FIRST, agenda=short)
        app.invite_meeting(coordinator, meeting, on=p6.today)
        with pytest.raises(RuleViolation) as refused:
            app.hold_first_platform_meeting(coordinator, meeting, "Safer nights", on=p6.today)
        assert refused.value.rule == "R-PLAT-2"

    def test_r_plat_2_another_kind_of_meeting_does_not_focus(self, app: CoCreation) -> None:
        """R-PLAT-2: only the platform's first meeting records its focus."""
        p6 = Scenario.phase6(app, focused=False)
        platform = p6.platforms[0]
        coordinator = p6.coordinators[platform]
        meeting = plan(p6, platform, MeetingKind.PLATFORM)
        app.invite_meeting(coordinator, meeting, on=p6.today)
        with pytest.raises(RuleViolation) as refused:
            app.hold_first_platform_meeting(coordinator, meeting, "Safer nights", on=p6.today)
        assert refused.value.rule == "R-PLAT-2"
        assert app.get_platform(platform).state == "established"

    def test_r_plat_2_the_one_step_command_goes_through_a_meeting(self, app: CoCreation) -> None:
        """R-PLAT-2: ``hold_first_meeting`` records a first meeting invited by the coordinator
        with the default agenda, held with every current actor present."""
        p6 = Scenario.phase6(app, focused=False)
        platform = p6.platforms[0]
        p6.focus(platform)
        the_platform = app.get_platform(platform)
        assert the_platform.first_meeting is not None
        meeting = app.get_meeting(the_platform.first_meeting)
        assert (
            MeetingKind.PLATFORM_FIRST,
            "held",
            "coordinator",
            p6.coordinators[platform],
            True,
            the_platform.actors,
        ) == (
            meeting.kind,
            meeting.state,
            meeting.invited_as,
            meeting.invited_by,
            meeting.agenda.covers(FIRST_MEETING_MUST_COVER),
            meeting.attendance,
        )
        assert str(meeting.id) in app.get_initiative(p6.initiative).meetings

    def test_r_plat_2_a_member_cannot_hold_it(self, app: CoCreation) -> None:
        """R-PLAT-2: a member who is not the coordinator cannot hold the first meeting, and
        nothing is written."""
        p6 = Scenario.phase6(app, focused=False)
        platform = p6.platforms[0]
        other = p6.person_of(sorted(app.get_platform(platform).actors)[1])
        before = events_stored(app)
        with pytest.raises(NotPermitted) as refused:
            app.hold_first_meeting(other, platform, "Safer nights", on=p6.today)
        assert ("coordinator", before) == (refused.value.role, events_stored(app))


class TestGoalSettingMeeting:
    """Card 5: the second platform meeting is where the goals are set (R-FLAT-4)."""

    def test_goals_are_set_at_the_meeting(self, app: CoCreation) -> None:
        """R-GOAL-1: the goal-setting meeting sets 3-5 goals and records the host's turn."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        coordinator = p6.coordinators[platform]
        meeting = plan(p6, platform, MeetingKind.PLATFORM_GOAL_SETTING)
        app.invite_meeting(coordinator, meeting, on=p6.today)
        keys = app.hold_goal_setting_meeting(
            coordinator, meeting, sample_goals(3), p6.consent(platform), on=p6.later(14)
        )
        the_platform = app.get_platform(platform)
        host = app.get_meeting(meeting).host
        assert (keys, the_platform.state) == (["G1", "G2", "G3"], "goals_set")
        assert p6.today == the_platform.hosts[str(host)].last_hosted_on

    def test_the_meeting_needs_a_focused_platform(self, app: CoCreation) -> None:
        """R-PLAT-2: goals are set only after the first meeting focused the platform."""
        p6 = Scenario.phase6(app, focused=False)
        platform = p6.platforms[0]
        with pytest.raises(LifecycleViolation) as refused:
            plan(p6, platform, MeetingKind.PLATFORM_GOAL_SETTING)
        assert (refused.value.lifecycle, refused.value.state) == ("platform", "established")

    def test_special_meetings_have_their_own_command(self, app: CoCreation) -> None:
        """R-PLAT-2: the generic ``hold_meeting`` refuses a first meeting."""
        p6 = Scenario.phase6(app, focused=False)
        platform = p6.platforms[0]
        meeting = plan(p6, platform, MeetingKind.PLATFORM_FIRST)
        app.invite_meeting(p6.coordinators[platform], meeting, on=p6.today)
        with pytest.raises(RuleViolation) as refused:
            app.hold_meeting(p6.coordinators[platform], meeting, on=p6.today)
        assert refused.value.rule == "R-PLAT-2"
