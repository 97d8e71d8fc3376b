"""The deviations register: what went against a rule in the past stays there for auditors,
while its attention flag clears once resolved (DOMAIN.md "Attention list")."""

from __future__ import annotations

from datetime import date, timedelta

from cocreation_domain import CoCreation
from cocreation_domain.model.flags import add_months
from cocreation_domain.projections import (
    DeviationKind,
    FlagKind,
    ViewFold,
    attention_list,
    deviations_register,
    rebuild,
)
from cocreation_domain.testing import Scenario
from cocreation_domain.testing.scenario import sample_reality_check
from conftest import close_and_conclude, in_phase6  # type: ignore[import-not-found]


def deviations(s: Scenario, kind: DeviationKind) -> list[tuple[str, str, date, str]]:
    """The deviations of one kind: rule, subject, day and detail."""
    view = rebuild(s.app, ViewFold())
    return [
        (d.rule, d.subject_name, d.happened_on, d.detail)
        for d in deviations_register(view, s.initiative)
        if d.kind is kind
    ]


def flagged(s: Scenario, today: date, kind: FlagKind) -> list[date]:
    """The due dates of the attention flags of one kind on ``today``."""
    view = rebuild(s.app, ViewFold())
    return [f.due_on for f in attention_list(view, s.initiative, today) if f.kind is kind]


class TestCoordinatorMeeting:
    """R-MEET-2: the coordinator meeting is due 1-2 months after the workshop."""

    def test_r_meet_2_held_late_clears_the_flag_and_is_a_deviation(self, app: CoCreation) -> None:
        """R-MEET-2: held five days after its window, the attention flag clears and the
        register keeps the meeting, on the day it was held, with the window it missed."""
        s, _, _ = in_phase6(app)
        workshop = app.get_initiative(s.initiative).workshop_held_on
        assert workshop is not None
        opens, closes = workshop + timedelta(days=30), workshop + timedelta(days=61)
        assert flagged(s, closes + timedelta(1), FlagKind.COORDINATOR_MEETING_OUTSIDE_WINDOW)
        held_on = closes + timedelta(days=5)
        meeting = app.convene_coordinator_meeting(s.anchor, s.initiative, held_on, on=closes)
        app.hold_meeting(s.anchor, meeting, on=held_on)
        assert flagged(s, held_on, FlagKind.COORDINATOR_MEETING_OUTSIDE_WINDOW) == []
        detail = f"coordinator meeting held {held_on}, outside {opens} to {closes}"
        expected = [("R-MEET-2", "Safe Harbour", held_on, detail)]
        assert expected == deviations(s, DeviationKind.COORDINATOR_MEETING_OFF_WINDOW)

    def test_r_meet_2_held_in_the_window_is_no_deviation(self, app: CoCreation) -> None:
        """R-MEET-2: held 40 days after the workshop, nothing is recorded against it."""
        s, _, _ = in_phase6(app)
        held_on = s.today + timedelta(days=40)
        meeting = app.convene_coordinator_meeting(s.anchor, s.initiative, held_on, on=s.today)
        app.hold_meeting(s.anchor, meeting, on=held_on)
        assert deviations(s, DeviationKind.COORDINATOR_MEETING_OFF_WINDOW) == []


class TestFirstMeeting:
    """R-PLAT-2 (policy "flag after 4 weeks"): the first platform meeting comes quickly."""

    def test_r_plat_2_a_late_first_meeting_is_a_deviation(self, app: CoCreation) -> None:
        """R-PLAT-2: held 31 days after the workshop, the flag clears and the late meeting is
        a deviation on the day it was held."""
        s = Scenario.start(app)
        platform = s.platform(name="Night life")
        workshop = s.later(2)
        s.start_co_creation()
        due = workshop + timedelta(days=28)
        assert flagged(s, due + timedelta(1), FlagKind.FIRST_MEETING_LATE) == [due]
        s.today = due + timedelta(days=3)
        s.focused(platform)
        assert flagged(s, s.today, FlagKind.FIRST_MEETING_LATE) == []
        detail = f"first meeting held {s.today}, due by {due}"
        expected = [("R-PLAT-2", "Night life", s.today, detail)]
        assert expected == deviations(s, DeviationKind.FIRST_MEETING_HELD_LATE)

    def test_r_plat_2_a_timely_first_meeting_is_no_deviation(self, app: CoCreation) -> None:
        """R-PLAT-2: held on the workshop's day, nothing is recorded against it."""
        s, _, _ = in_phase6(app)
        assert deviations(s, DeviationKind.FIRST_MEETING_HELD_LATE) == []


class TestJointStatusMeeting:
    """R-MEET-4 and R-MEET-5: joint status meetings every half year, invited well ahead, held
    once every platform is ready (or by a recorded override)."""

    def test_r_meet_4_held_late_is_a_deviation(self, app: CoCreation) -> None:
        """R-MEET-4: held ten days after the half year ran out, the overdue flag clears and the
        register keeps the late meeting."""
        s, platform, coordinator = in_phase6(app)
        started = s.today
        due = add_months(started, 6)
        held_on = due + timedelta(days=10)
        meeting = app.convene_joint_status_meeting(
            s.anchor, s.initiative, held_on, on=due - timedelta(days=60)
        )
        app.record_reality_check(coordinator, platform, sample_reality_check(), on=held_on)
        app.hold_joint_status_meeting(s.anchor, meeting, on=held_on)
        assert flagged(s, held_on + timedelta(1), FlagKind.STATUS_MEETING_OVERDUE) == []
        expected = [
            (
                "R-MEET-4",
                f"joint status meeting of {held_on}",
                held_on,
                f"held {held_on}, more than 6 months after {started}",
            )
        ]
        assert expected == deviations(s, DeviationKind.STATUS_MEETING_HELD_LATE)
        assert deviations(s, DeviationKind.STATUS_MEETING_HELD_ON_SHORT_NOTICE) == []

    def test_r_meet_4_held_in_time_is_no_deviation(self, app: CoCreation) -> None:
        """R-MEET-4: held within the half year, invited 60 days ahead, nothing is recorded."""
        s, platform, coordinator = in_phase6(app)
        held_on = s.today + timedelta(days=100)
        meeting = app.convene_joint_status_meeting(s.anchor, s.initiative, held_on, on=s.today)
        app.record_reality_check(coordinator, platform, sample_reality_check(), on=held_on)
        app.hold_joint_status_meeting(s.anchor, meeting, on=held_on)
        assert deviations(s, DeviationKind.STATUS_MEETING_HELD_LATE) == []
        assert deviations(s, DeviationKind.STATUS_MEETING_HELD_ON_SHORT_NOTICE) == []

    def test_r_meet_4_short_notice_then_held_is_a_deviation(self, app: CoCreation) -> None:
        """R-MEET-4: invited 20 days ahead, the short-notice flag shows until the meeting is
        held; then it clears and the register keeps the short invitation."""
        s, platform, coordinator = in_phase6(app)
        held_on = s.today + timedelta(days=20)
        meeting = app.convene_joint_status_meeting(s.anchor, s.initiative, held_on, on=s.today)
        assert flagged(s, s.today, FlagKind.STATUS_MEETING_SHORT_NOTICE) == [s.today]
        app.record_reality_check(coordinator, platform, sample_reality_check(), on=held_on)
        app.hold_joint_status_meeting(s.anchor, meeting, on=held_on)
        assert flagged(s, held_on, FlagKind.STATUS_MEETING_SHORT_NOTICE) == []
        detail = "invited 20 days ahead, less than 42"
        expected = [("R-MEET-4", f"joint status meeting of {held_on}", held_on, detail)]
        assert expected == deviations(s, DeviationKind.STATUS_MEETING_HELD_ON_SHORT_NOTICE)

    def test_r_meet_5_an_override_is_a_deviation(self, app: CoCreation) -> None:
        """R-MEET-5: held without the platform's reality check, by an override reason, the
        readiness flags clear and the register keeps the override with its reason."""
        s, _, _ = in_phase6(app)
        held_on = s.today + timedelta(days=60)
        meeting = app.convene_joint_status_meeting(s.anchor, s.initiative, held_on, on=s.today)
        assert flagged(s, s.today, FlagKind.REALITY_CHECK_MISSING) == [s.today]
        reason = "the coordinator was ill; the check follows next month"
        app.hold_joint_status_meeting(s.anchor, meeting, override_reason=reason, on=held_on)
        assert flagged(s, held_on, FlagKind.REALITY_CHECK_MISSING) == []
        expected = [
            ("R-MEET-5", f"joint status meeting of {held_on}", held_on, f"override: {reason}")
        ]
        assert expected == deviations(s, DeviationKind.READINESS_OVERRIDDEN)

    def test_r_meet_5_a_ready_meeting_is_no_deviation(self, app: CoCreation) -> None:
        """R-MEET-5: held with every reality check in, nothing is recorded against it."""
        s, platform, coordinator = in_phase6(app)
        held_on = s.today + timedelta(days=60)
        meeting = app.convene_joint_status_meeting(s.anchor, s.initiative, held_on, on=s.today)
        app.record_reality_check(coordinator, platform, sample_reality_check(), on=held_on)
        app.hold_joint_status_meeting(s.anchor, meeting, on=held_on)
        assert deviations(s, DeviationKind.READINESS_OVERRIDDEN) == []


class TestPhase6Length:
    """R-INIT-3: phase 6 lasts at most the policy's length (default 24 months)."""

    def test_r_init_3_concluded_too_late_is_a_deviation(self, app: CoCreation) -> None:
        """R-INIT-3: concluded two days after the 24 months, the flag clears and the register
        keeps the long phase 6 on the day it was concluded."""
        s, platform, _ = in_phase6(app)
        due = add_months(s.today, 24)
        closed_on = due + timedelta(days=2)
        close_and_conclude(s, platform, closed_on)
        assert flagged(s, closed_on, FlagKind.PHASE6_TOO_LONG) == []
        detail = f"phase 6 started {s.today} and ran past 24 months"
        expected = [("R-INIT-3", "Safe Harbour", closed_on, detail)]
        assert expected == deviations(s, DeviationKind.PHASE6_RAN_LONG)

    def test_r_init_3_concluded_in_time_is_no_deviation(self, app: CoCreation) -> None:
        """R-INIT-3: concluded within 24 months, nothing is recorded against it."""
        s, platform, _ = in_phase6(app)
        closed_on = s.later(200)
        close_and_conclude(s, platform, closed_on)
        assert deviations(s, DeviationKind.PHASE6_RAN_LONG) == []
