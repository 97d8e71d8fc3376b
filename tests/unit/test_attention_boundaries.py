"""The attention list on its boundary days (issue 15.7): a reality check on the very day of
the previous joint status meeting, and a joint status invitation exactly the policy's lead time
ahead. The read side (attention list over the view) and the write side (the aggregates'
readiness) must agree on both."""

from __future__ import annotations

from datetime import date, timedelta

from cocreation_domain import CoCreation
from cocreation_domain.projections import FlagKind, ViewFold, attention_list, rebuild
from cocreation_domain.testing.scenario import Scenario, sample_reality_check


def flagged(p6: Scenario, today: date, kind: FlagKind) -> list[tuple[str, str, date]]:
    """The flags of one kind on ``today``: rule, subject and due date."""
    view = rebuild(p6.app, ViewFold())
    return [
        (f.rule, f.subject_name, f.due_on)
        for f in attention_list(view, p6.initiative, today)
        if f.kind is kind
    ]


class TestRealityCheckOnTheDayOfTheLastMeeting:
    """R-MEET-5: a reality check counts when performed after the previous joint status
    meeting's day; one performed on that very day belongs to that meeting."""

    def test_r_meet_5_a_check_on_the_meetings_day_does_not_count_for_the_next(
        self, app: CoCreation
    ) -> None:
        """R-MEET-5: a check recorded on the day of the previous joint status meeting leaves the
        platform missing for the next one (flagged from its invitation); a check the day after
        counts. The aggregates' readiness says the same."""
        p6 = Scenario.phase6(app)
        first, second = p6.platforms
        p6.reality_checks()
        p6.joint_status()
        held_on = p6.today
        app.record_reality_check(p6.coordinators[first], first, sample_reality_check(), on=held_on)
        app.record_reality_check(
            p6.coordinators[second], second, sample_reality_check(), on=p6.later(1)
        )
        invited_on = p6.later(1)
        app.convene_joint_status_meeting(
            p6.anchor, p6.initiative, invited_on + timedelta(42), on=invited_on
        )
        assert flagged(p6, invited_on, FlagKind.REALITY_CHECK_MISSING) == [
            ("R-MEET-5", "Platform 1", invited_on)
        ]
        assert app.joint_status_readiness(p6.initiative).missing_reality_checks == {first}


class TestInvitationExactlyTheLeadTimeAhead:
    """R-MEET-4: a joint status meeting invited exactly the policy's lead time (42 days) ahead
    is on time; one day less is short notice."""

    def test_r_meet_4_exactly_42_days_ahead_is_not_flagged(self, app: CoCreation) -> None:
        """R-MEET-4: invited exactly 42 days ahead, the attention list shows no short notice."""
        p6 = Scenario.phase6(app)
        lead = app.get_initiative(p6.initiative).policies.status_invitation_lead_days
        assert lead == 42
        today = p6.today
        app.convene_joint_status_meeting(
            p6.anchor, p6.initiative, today + timedelta(lead), on=today
        )
        assert flagged(p6, today, FlagKind.STATUS_MEETING_SHORT_NOTICE) == []

    def test_r_meet_4_41_days_ahead_is_flagged_from_the_invitation(self, app: CoCreation) -> None:
        """R-MEET-4: invited 41 days ahead, the attention list flags it from the invitation."""
        p6 = Scenario.phase6(app)
        lead = app.get_initiative(p6.initiative).policies.status_invitation_lead_days
        today = p6.today
        app.convene_joint_status_meeting(
            p6.anchor, p6.initiative, today + timedelta(lead - 1), on=today
        )
        flags = flagged(p6, today, FlagKind.STATUS_MEETING_SHORT_NOTICE)
        assert [(rule, due) for rule, _, due in flags] == [("R-MEET-4", today)]
