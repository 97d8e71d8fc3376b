"""Meetings with times (DOMAIN.md *Meetings*) on plain objects: the default time zone, a bad
time refused, a v1 planned event upcast to all day. The invitations and calendars:
``tests/e2e/test_meeting_times.py``."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from cocreation_domain import (
    DEFAULT_TIME_ZONE,
    CoCreation,
    MeetingKind,
    MeetingTime,
    RuleViolation,
)
from cocreation_domain.model import Meeting
from cocreation_domain.testing.scenario import Scenario
from e2e.test_meeting_times import COPENHAGEN  # type: ignore[import-not-found]


class TestMeetingTime:
    """A meeting's time is a start, a duration and a time zone."""

    def test_the_default_time_zone_is_copenhagen(self) -> None:
        """DOMAIN.md *Policies*: the meeting time zone defaults to Europe/Copenhagen."""
        expected = ("Europe/Copenhagen", "Europe/Copenhagen", 120)
        at = MeetingTime(time(15, 0))
        assert expected == (DEFAULT_TIME_ZONE, at.zone, at.minutes)

    @pytest.mark.parametrize(
        "at",
        [
            MeetingTime(time(15, 0), 90, "Europe/Vestby"),
            MeetingTime(time(15, 0), 90, ""),
            MeetingTime(time(15, 0), 0),
            MeetingTime(time(15, 0), 24 * 60 + 1),
            MeetingTime(time(15, 0, 30), 90),
            MeetingTime(time(15, 0, tzinfo=COPENHAGEN), 90),
        ],
    )
    def test_a_bad_time_is_refused_and_nothing_is_saved(
        self, app: CoCreation, at: MeetingTime
    ) -> None:
        """An unknown zone, a duration outside 1 minute to 24 hours, seconds, or a start
        with its own zone are refused before anything is recorded."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        before = app.recorder.max_notification_id()
        with pytest.raises(RuleViolation, match="meeting time"):
            app.plan_meeting(
                p6.coordinators[platform],
                MeetingKind.PLATFORM,
                p6.today + timedelta(days=21),
                platform=platform,
                time=at,
                on=p6.today,
            )
        assert before == app.recorder.max_notification_id()

    def test_a_v1_planned_event_is_upcast_to_all_day(self) -> None:
        """A meeting planned before times existed (class version 1) reads as all day."""
        state: dict[str, object] = {"scheduled_on": date(2025, 3, 25)}
        Meeting.Planned.upcast_v1_v2(state)
        Meeting.Rescheduled.upcast_v1_v2(state)
        assert state["time"] is None
        assert (Meeting.Planned.class_version, Meeting.Rescheduled.class_version) == (2, 2)
