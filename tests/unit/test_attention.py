"""The attention list: every flag appears when its rule says so, with the date it became due,
and clears when the situation is dealt with. ``today`` is always passed, never read."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from cocreation_domain import (
    ActorChangeReason,
    Baseline,
    Beneficiary,
    ClosureReason,
    CoCreation,
    GoalProgress,
    Policies,
    Ripple,
    RippleKind,
)
from cocreation_domain.model.flags import add_months
from cocreation_domain.model.values import MeetingKind, Venue
from cocreation_domain.projections import Flag, FlagKind, ViewFold, attention_list, rebuild
from cocreation_domain.testing import Scenario
from cocreation_domain.testing.scenario import sample_goals, sample_reality_check
from conftest import close_and_conclude, in_phase6  # type: ignore[import-not-found]


def flags(s: Scenario, today: date, kind: FlagKind) -> list[tuple[str, str, date, str]]:
    """The flags of one kind on ``today``: rule, subject, due date and detail."""
    view = rebuild(s.app, ViewFold())
    return [
        (f.rule, f.subject_name, f.due_on, f.detail)
        for f in attention_list(view, s.initiative, today)
        if f.kind is kind
    ]


def ripple(on: date) -> Ripple:
    """A ripple observed ``on``."""
    return Ripple("a new contact", RippleKind.NEW_RELATIONSHIP, [Beneficiary.OWN_PLATFORM], on)


def started(app: CoCreation) -> tuple[Scenario, UUID]:
    """An initiative in phase 6 with one focused platform of all actors."""
    s = Scenario.start(app)
    platform = s.platform(name="Night life")
    s.start_co_creation()
    s.focused(platform)
    return s, platform


class TestStagnation:
    """R-PLAT-8: a working platform with no recorded activity for longer than the policy."""

    def test_r_plat_8_flagged_once_the_quiet_period_has_passed(self, app: CoCreation) -> None:
        """The flag is due on the last day of the policy's 90 quiet days and shows after it."""
        s, _ = started(app)
        due = s.today + timedelta(days=90)
        assert flags(s, due, FlagKind.STAGNATION) == []
        expected = [("R-PLAT-8", "Night life", due, f"no recorded activity since {s.today}")]
        assert expected == flags(s, due + timedelta(days=1), FlagKind.STAGNATION)

    def test_r_plat_8_recorded_activity_clears_the_flag(self, app: CoCreation) -> None:
        """A ripple recorded after the quiet period starts the count again."""
        s, platform = started(app)
        late = s.later(100)
        app.record_ripple(s.person_of(s.actors[0]), platform, ripple(late), on=late)
        assert flags(s, late + timedelta(days=1), FlagKind.STAGNATION) == []

    def test_r_plat_8_goal_progress_and_a_reached_goal_are_activity(self, app: CoCreation) -> None:
        """R-PLAT-8: goal progress counts as activity in the attention list as in the
        aggregate (one rule, ``Platform.ACTIVITY``), and so does reaching a goal."""
        s = Scenario.start(app)
        platform = s.platform(name="Night life")
        s.start_co_creation()
        keys = s.active(platform)
        member = s.person_of(s.actors[0])
        late = s.later(100)
        progress = GoalProgress("more young people at the club", late, 7)
        app.record_goal_progress(member, platform, keys[0], progress, on=late)
        assert flags(s, late + timedelta(days=1), FlagKind.STAGNATION) == []
        assert app.get_platform(platform).last_activity_on == late
        later = s.later(100)
        app.reach_goal(member, platform, keys[1], on=later)
        assert flags(s, later + timedelta(days=1), FlagKind.STAGNATION) == []

    def test_r_plat_8_activity_entered_late_never_moves_back(self, app: CoCreation) -> None:
        """R-PLAT-8: a ripple entered today for a day long past leaves the last activity where
        a later activity put it, in the aggregate and in the read model alike."""
        s, platform = started(app)
        recent = s.later(50)
        member = s.person_of(s.actors[0])
        app.record_ripple(member, platform, ripple(recent), on=recent)
        earlier = recent - timedelta(days=30)
        app.record_ripple(member, platform, ripple(earlier), on=earlier)
        view = rebuild(s.app, ViewFold())
        assert (recent, recent) == (
            app.get_platform(platform).last_activity_on,
            view.platforms[platform].last_activity_on,
        )

    def test_r_plat_8_a_platform_on_standby_does_not_stagnate(self, app: CoCreation) -> None:
        """A platform paused on purpose is not flagged as stagnating."""
        s, platform = started(app)
        app.put_on_standby(
            s.person_of(s.actors[0]),
            platform,
            "awaiting a decision",
            "the anchor checks in monthly",
            s.consent(platform),
            on=s.today,
        )
        assert flags(s, s.today + timedelta(days=400), FlagKind.STAGNATION) == []

    def test_r_plat_8_follows_the_initiative_s_stagnation_policy(self, app: CoCreation) -> None:
        """With a 30-day policy the flag is due 30 days after the last activity."""
        s, _ = started(app)
        app.change_policies(s.anchor, s.initiative, Policies(stagnation_days=30), on=s.today)
        due = s.today + timedelta(days=30)
        assert [f[0] for f in flags(s, due + timedelta(1), FlagKind.STAGNATION)] == ["R-PLAT-8"]


class TestMissingCoordinator:
    """R-ACT-2: an open platform without a coordinator is flagged until one is chosen."""

    def test_r_act_2_flagged_from_establishment_until_a_coordinator_is_chosen(
        self, app: CoCreation
    ) -> None:
        """A new platform has no coordinator yet; choosing one clears the flag."""
        s = Scenario.start(app)
        platform = s.platform(name="Night life")
        established = s.today
        expected = [("R-ACT-2", "Night life", established, "no coordinator")]
        assert expected == flags(s, s.later(3), FlagKind.MISSING_COORDINATOR)
        s.coordinate(platform)
        assert flags(s, s.today, FlagKind.MISSING_COORDINATOR) == []

    def test_r_act_2_flagged_from_the_day_the_coordinator_s_actor_left(
        self, app: CoCreation
    ) -> None:
        """When the coordinator's actor leaves, the flag is due from that day until a new
        coordinator is chosen."""
        s, platform = started(app)
        coordinator = app.get_platform(platform).coordinator
        assert coordinator is not None
        left = s.later(20)
        app.remove_actor(
            s.person_of(coordinator.actor),
            platform,
            coordinator.actor,
            ActorChangeReason.NOT_BENEFITING,
            s.consent(platform),
            on=left,
        )
        expected = [("R-ACT-2", "Night life", left, "no coordinator")]
        assert expected == flags(s, s.later(5), FlagKind.MISSING_COORDINATOR)
        s.coordinate(platform)
        assert flags(s, s.today, FlagKind.MISSING_COORDINATOR) == []


class TestMissingBaseline:
    """R-PLAT-3: every current goal needs a baseline; until then it is flagged."""

    def test_r_plat_3_each_goal_without_baseline_is_flagged_until_described(
        self, app: CoCreation
    ) -> None:
        """Goals set without baselines are flagged from the day they were set; describing a
        baseline clears that goal's flag."""
        s = Scenario.start(app)
        platform = s.platform(name="Night life")
        s.start_co_creation()
        keys = s.with_goals(platform)
        set_on = s.today
        expected = [
            ("R-PLAT-3", "Night life", set_on, f"goal {key} has no baseline") for key in keys
        ]
        assert expected == flags(s, s.later(10), FlagKind.MISSING_BASELINE)
        member = s.person_of(s.actors[0])
        app.describe_baseline(member, platform, keys[0], Baseline("as it was", 5), on=s.today)
        assert expected[1:] == flags(s, s.today, FlagKind.MISSING_BASELINE)
        for key in keys[1:]:
            app.describe_baseline(member, platform, key, Baseline("as it was", 5), on=s.today)
        assert flags(s, s.today, FlagKind.MISSING_BASELINE) == []

    def test_r_plat_3_an_added_goal_is_flagged_from_the_day_it_was_added(
        self, app: CoCreation
    ) -> None:
        """A goal added to an active platform needs its own baseline."""
        s = Scenario.start(app)
        platform = s.platform(name="Night life")
        s.start_co_creation()
        s.active(platform)
        added_on = s.later(30)
        key = app.add_goal(
            s.person_of(s.actors[0]), platform, sample_goals(4)[3], s.consent(platform), on=added_on
        )
        expected = [("R-PLAT-3", "Night life", added_on, f"goal {key} has no baseline")]
        assert expected == flags(s, s.later(1), FlagKind.MISSING_BASELINE)


class TestStandbyPastReview:
    """R-PLAT-4: a standby past its review date is flagged."""

    def put_on_standby(self, s: Scenario, platform: UUID, review_on: date | None) -> None:
        """Put the platform on standby by consent, with ``review_on`` as its review date."""
        s.app.put_on_standby(
            s.person_of(s.actors[0]),
            platform,
            "awaiting the municipal budget",
            "the coordinator asks again after the budget",
            s.consent(platform),
            review_on=review_on,
            on=s.today,
        )

    def test_r_plat_4_flagged_after_the_review_date_until_resumed(self, app: CoCreation) -> None:
        """On its review date the standby is not yet flagged, the day after it is (due on the
        review date), and resuming clears it."""
        s, platform = started(app)
        review = s.today + timedelta(days=60)
        self.put_on_standby(s, platform, review)
        assert flags(s, review, FlagKind.STANDBY_PAST_REVIEW) == []
        expected = [("R-PLAT-4", "Night life", review, f"standby review was due {review}")]
        assert expected == flags(s, review + timedelta(days=1), FlagKind.STANDBY_PAST_REVIEW)
        resumed_on = review + timedelta(days=2)
        app.resume_platform(s.person_of(s.actors[0]), platform, s.consent(platform), on=resumed_on)
        assert flags(s, resumed_on, FlagKind.STANDBY_PAST_REVIEW) == []

    def test_r_plat_4_standby_without_review_date_is_never_past_it(self, app: CoCreation) -> None:
        """Without a review date there is nothing to be past."""
        s, platform = started(app)
        self.put_on_standby(s, platform, None)
        assert flags(s, s.today + timedelta(days=1000), FlagKind.STANDBY_PAST_REVIEW) == []


class TestPhase6Length:
    """R-INIT-3: a running phase 6 older than the policy (default 24 months) is flagged."""

    def test_r_init_3_flagged_after_the_policy_length_until_concluded(
        self, app: CoCreation
    ) -> None:
        """Due 24 months after co-creation started, shown the day after; concluding the
        initiative clears it."""
        s, platform = started(app)
        due = add_months(s.today, 24)
        assert flags(s, due, FlagKind.PHASE6_TOO_LONG) == []
        flagged = flags(s, due + timedelta(days=1), FlagKind.PHASE6_TOO_LONG)
        assert [("R-INIT-3", "Safe Harbour", due)] == [f[:3] for f in flagged]
        closed_on = due + timedelta(days=2)
        close_and_conclude(s, platform, closed_on)
        assert flags(s, closed_on, FlagKind.PHASE6_TOO_LONG) == []

    def test_r_init_3_follows_the_initiative_s_phase_6_policy(self, app: CoCreation) -> None:
        """With a 12-month policy the flag is due 12 months after the start."""
        s, _ = started(app)
        app.change_policies(s.anchor, s.initiative, Policies(phase6_months=(3, 12)), on=s.today)
        due = add_months(s.today, 12)
        assert [due] == [f[2] for f in flags(s, due + timedelta(1), FlagKind.PHASE6_TOO_LONG)]


class TestFirstMeetingLate:
    """R-PLAT-2 (Card 2, policy "flag after 4 weeks"): the first platform meeting is held as
    quickly as possible after the establishment workshop."""

    def test_r_plat_2_flagged_four_weeks_after_the_workshop_until_held(
        self, app: CoCreation
    ) -> None:
        """A platform without its first meeting 28 days after the workshop is flagged (due on
        the 28th day); holding the meeting clears it."""
        s = Scenario.start(app)
        platform = s.platform(name="Night life")
        workshop = s.later(2)
        s.start_co_creation()
        due = workshop + timedelta(days=28)
        assert flags(s, due, FlagKind.FIRST_MEETING_LATE) == []
        detail = f"no first meeting 28 days after {workshop}"
        expected = [("R-PLAT-2", "Night life", due, detail)]
        assert expected == flags(s, due + timedelta(days=1), FlagKind.FIRST_MEETING_LATE)
        s.today = due + timedelta(days=3)
        s.focused(platform)
        assert flags(s, s.today, FlagKind.FIRST_MEETING_LATE) == []

    def test_r_plat_2_a_platform_established_later_counts_from_its_establishment(
        self, app: CoCreation
    ) -> None:
        """A platform formed after co-creation started has 28 days from its establishment."""
        s, _ = started(app)
        established = s.later(50)
        s.platform([s.actors[0]], name="Schools")
        due = established + timedelta(days=28)
        assert [due] == [
            f[2]
            for f in flags(s, due + timedelta(days=1), FlagKind.FIRST_MEETING_LATE)
            if f[1] == "Schools"
        ]

    def test_r_plat_2_before_the_workshop_counts_from_establishment(self, app: CoCreation) -> None:
        """A platform recorded before any workshop has 28 days from its establishment."""
        s = Scenario.start(app)
        s.platform(name="Night life")
        due = s.today + timedelta(days=28)
        assert flags(s, due, FlagKind.FIRST_MEETING_LATE) == []
        late = flags(s, due + timedelta(days=1), FlagKind.FIRST_MEETING_LATE)
        assert [due] == [f[2] for f in late]


class TestRoomNotBooked:
    """R-MEET-1 (Card 2): the coordinator makes sure a room is booked for a platform meeting."""

    def test_r_meet_1_invited_platform_meeting_without_room_until_booked(
        self, app: CoCreation
    ) -> None:
        """Invited without a booked room, the meeting is flagged from the invitation; booking
        the room (a rescheduling with the new venue) clears it."""
        s, platform, coordinator = in_phase6(app)
        meeting = app.plan_meeting(
            coordinator,
            MeetingKind.PLATFORM,
            s.today + timedelta(days=14),
            platform=platform,
            venue=Venue("Town hall"),
            on=s.today,
        )
        invited = s.later(1)
        app.invite_meeting(coordinator, meeting, on=invited)
        expected = [
            (
                "R-MEET-1",
                f"platform meeting of {invited + timedelta(13)}",
                invited,
                "no room booked",
            )
        ]
        assert expected == flags(s, s.later(1), FlagKind.ROOM_NOT_BOOKED)
        app.reschedule_meeting(
            coordinator,
            meeting,
            invited + timedelta(days=13),
            venue=Venue("Town hall", room_booked=True),
            on=s.today,
        )
        assert flags(s, s.today, FlagKind.ROOM_NOT_BOOKED) == []


class TestCoordinatorMeetingWindow:
    """R-MEET-2: the coordinator meeting is due 1-2 months after the workshop."""

    def test_r_meet_2_not_held_in_the_window_is_flagged_until_held(self, app: CoCreation) -> None:
        """R-MEET-2: without a coordinator meeting the flag is due on the window's last day;
        held later, the flag clears (the late meeting is a deviation, see test_deviations)."""
        s, _, _ = in_phase6(app)
        workshop = app.get_initiative(s.initiative).workshop_held_on
        assert workshop is not None
        closes = workshop + timedelta(days=61)
        assert flags(s, closes, FlagKind.COORDINATOR_MEETING_OUTSIDE_WINDOW) == []
        late = flags(s, closes + timedelta(days=1), FlagKind.COORDINATOR_MEETING_OUTSIDE_WINDOW)
        assert [("R-MEET-2", closes)] == [(f[0], f[2]) for f in late]
        held_on = closes + timedelta(days=5)
        meeting = app.convene_coordinator_meeting(s.anchor, s.initiative, held_on, on=closes)
        app.hold_meeting(s.anchor, meeting, on=held_on)
        assert flags(s, held_on, FlagKind.COORDINATOR_MEETING_OUTSIDE_WINDOW) == []

    def test_r_meet_2_held_within_the_window_raises_no_flag(self, app: CoCreation) -> None:
        """Held 1-2 months after the workshop, the coordinator meeting is never flagged."""
        s, _, _ = in_phase6(app)
        held_on = s.today + timedelta(days=40)
        meeting = app.convene_coordinator_meeting(s.anchor, s.initiative, held_on, on=s.today)
        app.hold_meeting(s.anchor, meeting, on=held_on)
        later = held_on + timedelta(days=400)
        assert flags(s, later, FlagKind.COORDINATOR_MEETING_OUTSIDE_WINDOW) == []


class TestPosterOutdated:
    """R-MEET-3: after the coordinator meeting the anchor updates the poster."""

    def test_r_meet_3_poster_older_than_the_coordinator_meeting_until_updated(
        self, app: CoCreation
    ) -> None:
        """From the coordinator meeting's day until the poster is updated."""
        s, _, _ = in_phase6(app)
        held_on = s.today + timedelta(days=40)
        meeting = app.convene_coordinator_meeting(s.anchor, s.initiative, held_on, on=s.today)
        app.hold_meeting(s.anchor, meeting, on=held_on)
        assert [("R-MEET-3", held_on)] == [
            (f[0], f[2]) for f in flags(s, held_on, FlagKind.POSTER_OUTDATED)
        ]
        app.update_poster(s.anchor, s.initiative, on=held_on + timedelta(days=1))
        assert flags(s, held_on + timedelta(days=1), FlagKind.POSTER_OUTDATED) == []


class TestJointStatusMeetings:
    """R-MEET-4: a joint status meeting every half year, invited well in advance."""

    def test_r_meet_4_overdue_after_the_cadence_until_one_is_held(self, app: CoCreation) -> None:
        """Due six months after co-creation started, shown the day after; holding a joint
        status meeting starts the next half year."""
        s, platform, coordinator = in_phase6(app)
        due = add_months(s.today, 6)
        assert flags(s, due, FlagKind.STATUS_MEETING_OVERDUE) == []
        overdue = flags(s, due + timedelta(days=1), FlagKind.STATUS_MEETING_OVERDUE)
        assert [("R-MEET-4", "Safe Harbour", due)] == [f[:3] for f in overdue]
        held_on = due + timedelta(days=10)
        meeting = app.convene_joint_status_meeting(
            s.anchor, s.initiative, held_on, on=due - timedelta(days=60)
        )
        app.record_reality_check(coordinator, platform, sample_reality_check(), on=held_on)
        app.hold_joint_status_meeting(s.anchor, meeting, on=held_on)
        assert flags(s, held_on + timedelta(days=1), FlagKind.STATUS_MEETING_OVERDUE) == []

    def test_r_meet_4_invited_less_than_six_weeks_ahead_until_moved(self, app: CoCreation) -> None:
        """Invitations 20 days ahead are flagged from the day they went out; moving the
        meeting far enough ahead clears the flag."""
        s, _, _ = in_phase6(app)
        meeting = app.convene_joint_status_meeting(
            s.anchor, s.initiative, s.today + timedelta(days=20), on=s.today
        )
        short = flags(s, s.today, FlagKind.STATUS_MEETING_SHORT_NOTICE)
        assert [("R-MEET-4", s.today, "invited 20 days ahead, less than 42")] == [
            (f[0], f[2], f[3]) for f in short
        ]
        app.reschedule_meeting(s.anchor, meeting, s.today + timedelta(days=60), on=s.today)
        assert flags(s, s.today, FlagKind.STATUS_MEETING_SHORT_NOTICE) == []


class TestReadiness:
    """R-MEET-5 and R-ACT-3: before the next joint status meeting every working platform has
    a reality check and every new actor a pre-meeting; gaps show once it is invited."""

    def test_r_meet_5_missing_reality_check_from_the_invitation_until_performed(
        self, app: CoCreation
    ) -> None:
        """Once the joint status meeting is invited, a platform without a reality check is
        flagged from the invitation day; its reality check clears the flag."""
        s, platform, coordinator = in_phase6(app)
        meeting = app.plan_meeting(
            s.anchor,
            MeetingKind.JOINT_STATUS,
            s.today + timedelta(days=60),
            initiative=s.initiative,
            on=s.today,
        )
        assert flags(s, s.today, FlagKind.REALITY_CHECK_MISSING) == []
        invited = s.later(2)
        app.invite_meeting(s.anchor, meeting, on=invited)
        expected = [
            (
                "R-MEET-5",
                "Night life",
                invited,
                "no reality check since the previous joint status meeting",
            )
        ]
        assert expected == flags(s, s.later(5), FlagKind.REALITY_CHECK_MISSING)
        app.record_reality_check(coordinator, platform, sample_reality_check(), on=s.today)
        assert flags(s, s.today, FlagKind.REALITY_CHECK_MISSING) == []

    def test_r_act_3_new_actor_without_pre_meeting_until_held(self, app: CoCreation) -> None:
        """An actor that joined after co-creation started is flagged once the joint status
        meeting is invited, until the anchor holds its pre-meeting."""
        s, platform, _ = in_phase6(app)
        newcomer = s.add_actor("Sports club")
        joined = s.later(3)
        app.join_actor(s.person_of(s.actors[0]), platform, newcomer, s.consent(platform), on=joined)
        invited = s.later(1)
        app.convene_joint_status_meeting(
            s.anchor, s.initiative, invited + timedelta(days=50), on=invited
        )
        started = app.get_initiative(s.initiative).co_creation_started_on
        detail = f"new since {started}, no pre-meeting with the anchor"
        expected = [("R-ACT-3", "Sports club", invited, detail)]
        assert expected == flags(s, s.later(1), FlagKind.PRE_MEETING_MISSING)
        app.hold_pre_meeting(s.anchor, s.initiative, newcomer, on=s.today)
        assert flags(s, s.today, FlagKind.PRE_MEETING_MISSING) == []


class TestNewsletterNotCompiled:
    """R-NEWS-3: the anchor compiles each newsletter once its sections are in."""

    def test_r_news_3_collecting_newsletter_until_compiled(self, app: CoCreation) -> None:
        """From the joint status meeting's day the open newsletter is flagged; compiling it
        (naming the missing section) clears the flag."""
        s, platform, coordinator = in_phase6(app)
        held_on = s.today + timedelta(days=50)
        meeting = app.convene_joint_status_meeting(s.anchor, s.initiative, held_on, on=s.today)
        app.record_reality_check(coordinator, platform, sample_reality_check(), on=held_on)
        newsletter = app.hold_joint_status_meeting(s.anchor, meeting, on=held_on)
        expected = [
            (
                "R-NEWS-3",
                f"newsletter of {held_on}",
                held_on,
                "1 section(s) still missing",
            )
        ]
        assert expected == flags(s, held_on + timedelta(days=3), FlagKind.NEWSLETTER_NOT_COMPILED)
        app.compile_newsletter(
            s.anchor, newsletter, missing={platform: "the coordinator was ill"}, on=held_on
        )
        assert flags(s, held_on, FlagKind.NEWSLETTER_NOT_COMPILED) == []


class TestConcluded:
    """A concluded initiative needs no attention."""

    def test_r_init_2_concluded_initiative_has_an_empty_attention_list(
        self, app: CoCreation
    ) -> None:
        """After every platform closed and the initiative concluded, nothing is flagged, even
        a coordinator meeting that was never held."""
        s, platform, _ = in_phase6(app)
        close_and_conclude(s, platform, s.today)
        view = rebuild(app, ViewFold())
        assert attention_list(view, s.initiative, s.today + timedelta(days=999)) == ()


class TestFinishedPlatforms:
    """A closed or merged platform is done: nothing about it needs attention."""

    def test_closed_platform_raises_no_flag(self, app: CoCreation) -> None:
        """R-PLAT-7: after closing, neither stagnation nor a missing coordinator is flagged."""
        s, platform = started(app)
        app.close_platform(
            s.person_of(s.actors[0]),
            platform,
            ClosureReason.NO_LONGER_NEEDED,
            "the actors meet in the local council instead",
            s.consent(platform),
            on=s.today,
        )
        view = rebuild(app, ViewFold())
        later = s.today + timedelta(days=500)
        assert all(f.subject != platform for f in attention_list(view, s.initiative, later))


class TestOrder:
    """The list is ordered by due date, then rule, so it reads the same every time."""

    def test_flags_are_sorted_by_due_date_then_rule(self, app: CoCreation) -> None:
        """Sorting the list again changes nothing."""
        s = Scenario.start(app)
        s.platform(name="B")
        s.later(3)
        s.platform(name="A")
        s.start_co_creation()
        listed = attention_list(rebuild(app, ViewFold()), s.initiative, s.today + timedelta(400))

        def key(flag: Flag) -> tuple[date, str, str, str]:
            return (flag.due_on, flag.rule, flag.subject_name, flag.detail)

        assert sorted(listed, key=key) == list(listed)
        assert len(listed) > 2
