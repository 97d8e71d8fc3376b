"""The deviations of model/deviations.py on plain facts, at their edges (issue 15.7).

``test_deviations.py`` tells each deviation through the application, late or in time by
weeks; these put the day exactly on the rule's line (a deadline met on its last day is met)
and give each function the facts it must ignore. They were left open by a mutmut run.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, cast
from uuid import UUID

import attrs

from cocreation_domain.model.deviations import (
    coordinator_meeting_off_window,
    first_meeting_held_late,
    held_on_short_notice,
    joint_status_held_late,
    phase6_ran_long,
)
from cocreation_domain.model.facts import InitiativeFacts, MeetingFacts, PlatformFacts
from cocreation_domain.model.lifecycles import InitiativeState, MeetingState
from cocreation_domain.model.values import MeetingKind, Policies

START = date(2025, 3, 3)
POLICIES = Policies()
MEETING = UUID(int=100)


def day(n: int) -> date:
    """The ``n``-th day after the start of these histories."""
    return START + timedelta(days=n)


@attrs.frozen
class Initiative:
    """Initiative facts: concluded, co-creating since START, unless told otherwise."""

    state: str = InitiativeState.CONCLUDED
    co_creation_started_on: date | None = START
    workshop_held_on: date | None = START
    coordinator_meeting_held_on: date | None = None
    last_joint_status_on: date | None = None
    policies: Policies = POLICIES


@attrs.frozen
class Meeting:
    """Meeting facts: a held joint status meeting unless told otherwise."""

    held_on: date | None
    id: UUID = MEETING
    state: str = MeetingState.HELD
    kind: MeetingKind = MeetingKind.JOINT_STATUS
    lead_days: int | None = None
    override_reason: str | None = None


@attrs.frozen
class Platform:
    """Platform facts: established at START, its first meeting the one given."""

    first_meeting: UUID | None
    established_on: date = START
    actor_since: Mapping[Any, date] = attrs.field(factory=dict)


def initiative(**facts: Any) -> InitiativeFacts:
    """Hand-made initiative facts as the protocol the deviations read."""
    return cast(InitiativeFacts, Initiative(**facts))


def meeting(held_on: date | None, **facts: Any) -> MeetingFacts:
    """A hand-made meeting as the protocol the deviations read."""
    return cast(MeetingFacts, Meeting(held_on, **facts))


class TestPhase6:
    """R-INIT-3: phase 6 ran long when co-creation was concluded after its longest length."""

    LAST_DAY = date(2027, 3, 3)  # START plus the default 24 months

    def test_r_init_3_concluding_on_the_last_day_is_in_time(self) -> None:
        """R-INIT-3: concluded on the last day the policy allows is no deviation; a day later
        is."""
        concluded = initiative()
        assert phase6_ran_long(concluded, self.LAST_DAY) is None
        later = self.LAST_DAY + timedelta(days=1)
        assert phase6_ran_long(concluded, later) == later

    def test_r_init_3_only_a_concluded_initiative_ran_long(self) -> None:
        """R-INIT-3: a running initiative has no deviation yet, whatever day is given."""
        running = initiative(state=InitiativeState.CO_CREATING)
        assert phase6_ran_long(running, self.LAST_DAY + timedelta(days=400)) is None

    def test_r_init_3_no_start_means_no_deadline(self) -> None:
        """R-INIT-3: without a recorded start of co-creation there is no last day to miss."""
        unstarted = initiative(co_creation_started_on=None)
        assert phase6_ran_long(unstarted, self.LAST_DAY + timedelta(days=400)) is None


class TestCoordinatorMeetingWindow:
    """R-MEET-2: the coordinator meeting is due 30 to 61 days after the workshop (default)."""

    def test_r_meet_2_the_window_s_first_and_last_days_are_in_it(self) -> None:
        """R-MEET-2: held on the window's first or last day is no deviation; a day outside
        either end is."""
        found = {
            n: coordinator_meeting_off_window(initiative(coordinator_meeting_held_on=day(n)))
            for n in (29, 30, 61, 62)
        }
        assert found == {29: day(29), 30: None, 61: None, 62: day(62)}


class TestFirstMeeting:
    """R-PLAT-2: the first platform meeting is due 28 days after the workshop (default)."""

    def test_r_plat_2_held_on_the_last_day_is_in_time(self) -> None:
        """R-PLAT-2: a first meeting held on its last day is no deviation; a day later is."""
        platform = cast(PlatformFacts, Platform(first_meeting=MEETING))
        found = {
            n: first_meeting_held_late(platform, initiative(), meeting(day(n))) for n in (28, 29)
        }
        assert found == {28: None, 29: day(29)}

    def test_r_plat_2_only_the_first_meeting_can_be_late(self) -> None:
        """R-PLAT-2: another meeting of the platform, held long after, is not a late first
        meeting."""
        platform = cast(PlatformFacts, Platform(first_meeting=UUID(int=1)))
        late = meeting(day(90), id=UUID(int=2), kind=MeetingKind.PLATFORM)
        assert first_meeting_held_late(platform, initiative(), late) is None


class TestJointStatus:
    """R-MEET-4: joint status meetings every 6 months, invited 42 days ahead (defaults)."""

    def test_r_meet_4_held_on_the_day_it_is_due_is_in_time(self) -> None:
        """R-MEET-4: a joint status meeting held on the day it is due, six months after the
        previous one, is no deviation; a day later is."""
        running = initiative(state=InitiativeState.CO_CREATING)
        due = date(2025, 9, 3)
        later = due + timedelta(days=1)
        assert joint_status_held_late(running, meeting(due), START) is None
        assert joint_status_held_late(running, meeting(later), START) == later

    def test_r_meet_4_invited_exactly_the_lead_time_ahead_is_no_short_notice(self) -> None:
        """R-MEET-4: invitations sent exactly 42 days ahead are in time; 41 days are short."""
        assert held_on_short_notice(meeting(day(50), lead_days=42), POLICIES) is None
        assert held_on_short_notice(meeting(day(50), lead_days=41), POLICIES) == day(50)

    def test_r_meet_4_only_joint_status_meetings_need_the_lead_time(self) -> None:
        """R-MEET-4: a coordinator meeting invited a day ahead is no short-notice deviation."""
        short = meeting(day(50), kind=MeetingKind.COORDINATOR, lead_days=1)
        assert held_on_short_notice(short, POLICIES) is None
