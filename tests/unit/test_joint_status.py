"""Joint status meetings, their readiness gate, pre-meetings, reality checks and sparring
(Cards 4 and 7; R-MEET-4, R-MEET-5, R-MEET-6, R-ACT-3)."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from cocreation_domain import (
    CoCreation,
    GuestTalk,
    LifecycleViolation,
    MeetingKind,
    NotFound,
    NotPermitted,
    Recommendation,
    RuleViolation,
)
from cocreation_domain.model.flags import (
    add_months,
    invitation_short,
    joint_status_overdue,
    readiness_gaps_due,
)
from cocreation_domain.testing.history import events_stored, reality_checks_of, sparring_of
from cocreation_domain.testing.scenario import Scenario, sample_reality_check


def new_actor_on(p6: Scenario, platform_index: int = 0) -> UUID:
    """Register a new actor and let it join a platform by decision; returns the actor."""
    platform = p6.platforms[platform_index]
    actor = p6.add_actor("Newcomer")
    p6.app.join_actor(p6.member(platform), platform, actor, p6.consent(platform), on=p6.later(1))
    return actor


class TestConvening:
    """R-MEET-4: the anchor convenes joint status meetings of all actors, well in advance,
    every half year; hosts rotate among all actors of the initiative."""

    def test_r_meet_4_all_current_actors_are_invited(self, app: CoCreation) -> None:
        """R-MEET-4: the invitation goes to every current actor of every open platform."""
        p6 = Scenario.phase6(app)
        meeting = app.convene_joint_status_meeting(
            p6.anchor, p6.initiative, p6.today + timedelta(42), on=p6.today
        )
        expected = {a for p in p6.platforms for a in app.get_platform(p).actors}
        assert app.get_meeting(meeting).invitees == expected

    def test_r_meet_4_only_the_anchor_convenes(self, app: CoCreation) -> None:
        """R-MEET-4: a coordinator cannot convene a joint status meeting; nothing is written."""
        p6 = Scenario.phase6(app)
        before = events_stored(app)
        with pytest.raises(NotPermitted) as refused:
            app.convene_joint_status_meeting(
                p6.coordinators[p6.platforms[0]], p6.initiative, p6.today + timedelta(42)
            )
        assert (refused.value.role, events_stored(app)) == ("anchor", before)

    def test_r_meet_4_short_notice_is_flagged(self, app: CoCreation) -> None:
        """R-MEET-4: invited less than 6 weeks ahead, the meeting is flagged (not refused)."""
        p6 = Scenario.phase6(app)
        policies = app.get_initiative(p6.initiative).policies
        soon = app.convene_joint_status_meeting(
            p6.anchor, p6.initiative, p6.today + timedelta(41), on=p6.today
        )
        ahead = app.convene_joint_status_meeting(
            p6.anchor, p6.initiative, p6.today + timedelta(42), on=p6.today
        )
        assert invitation_short(app.get_meeting(soon), policies) == p6.today
        assert invitation_short(app.get_meeting(ahead), policies) is None

    def test_r_meet_4_overdue_after_half_a_year(self, app: CoCreation) -> None:
        """R-MEET-4: half a year after co-creation started (or the last joint status meeting)
        without one, it is flagged from its due day."""
        p6 = Scenario.phase6(app)
        initiative = app.get_initiative(p6.initiative)
        started = initiative.co_creation_started_on
        assert started is not None
        due = add_months(started, 6)
        assert joint_status_overdue(initiative, due) is None
        assert joint_status_overdue(initiative, due + timedelta(1)) == due
        p6.reality_checks()
        p6.joint_status()
        held = app.get_initiative(p6.initiative)
        assert joint_status_overdue(held, due + timedelta(1)) is None
        assert held.last_joint_status_on is not None
        later = add_months(held.last_joint_status_on, 6)
        assert joint_status_overdue(held, later + timedelta(1)) == later

    def test_r_meet_4_hosts_rotate_over_the_initiative(self, app: CoCreation) -> None:
        """R-MEET-4: following the suggestion, every actor of the initiative hosts one joint
        status meeting before any hosts a second."""
        p6 = Scenario.phase6(app, actors=3, groups=((0, 1), (2,)))
        hosts = []
        for _ in range(3):
            p6.reality_checks()
            meeting, _ = p6.joint_status()
            hosts.append(app.get_meeting(meeting).host)
            p6.later(1)
        assert set(hosts) == set(p6.actors)

    def test_r_meet_4_the_host_is_a_current_actor(self, app: CoCreation) -> None:
        """R-MEET-4: a host on no open platform is refused."""
        p6 = Scenario.phase6(app, actors=4, groups=((0, 1), (2,)))
        with pytest.raises(RuleViolation) as refused:
            app.convene_joint_status_meeting(
                p6.anchor, p6.initiative, p6.today + timedelta(42), host=p6.actors[3]
            )
        assert refused.value.rule == "R-MEET-4"

    def test_r_meet_4_not_before_phase_6(self, app: CoCreation) -> None:
        """R-MEET-4: joint status meetings belong to phase 6."""
        p6 = Scenario.phase6(app)
        other = app.found_initiative(p6.anchor, "Other", "another challenge")
        with pytest.raises(LifecycleViolation) as refused:
            app.convene_joint_status_meeting(p6.anchor, other, p6.today)
        assert (refused.value.lifecycle, refused.value.state) == ("initiative", "preparing")


class TestReadinessGate:
    """R-MEET-5: before a joint status meeting, reality checks and pre-meetings are done, or
    an override reason is recorded."""

    def test_r_meet_5_a_missing_reality_check_refuses(self, app: CoCreation) -> None:
        """R-MEET-5: with a platform lacking its reality check the meeting is not held, and
        nothing (no newsletter either) is written."""
        p6 = Scenario.phase6(app)
        p6.reality_checks(p6.platforms[:1])
        meeting = app.convene_joint_status_meeting(
            p6.anchor, p6.initiative, p6.today + timedelta(42), on=p6.today
        )
        before = events_stored(app)
        with pytest.raises(RuleViolation) as refused:
            app.hold_joint_status_meeting(p6.anchor, meeting, on=p6.later(42))
        assert (refused.value.rule, events_stored(app)) == ("R-MEET-5", before)
        assert app.get_meeting(meeting).state == "invited"
        assert app.joint_status_readiness(p6.initiative).missing_reality_checks == {p6.platforms[1]}

    def test_r_meet_5_gaps_are_flagged_from_the_invitation(self, app: CoCreation) -> None:
        """R-MEET-5: an invited joint status meeting with gaps is flagged from its invitation,
        and not once every reality check is in."""
        p6 = Scenario.phase6(app)
        meeting = app.convene_joint_status_meeting(
            p6.anchor, p6.initiative, p6.today + timedelta(42), on=p6.today
        )
        invited = app.get_meeting(meeting)
        assert readiness_gaps_due(invited, app.joint_status_readiness(p6.initiative)) == (p6.today)
        p6.reality_checks()
        assert readiness_gaps_due(invited, app.joint_status_readiness(p6.initiative)) is None

    def test_r_meet_5_an_override_reason_is_recorded(self, app: CoCreation) -> None:
        """R-MEET-5: with an override reason the meeting is held, recording the reason and the
        gaps it overrode."""
        p6 = Scenario.phase6(app)
        meeting, _ = p6.joint_status(override_reason="the coordinators were ill")
        held = app.get_meeting(meeting)
        assert held.override_reason == "the coordinators were ill"
        assert held.readiness is not None
        assert held.readiness.missing_reality_checks == set(p6.platforms)

    def test_r_meet_5_a_blank_override_is_no_override(self, app: CoCreation) -> None:
        """R-MEET-5: an empty override reason does not open the gate."""
        p6 = Scenario.phase6(app)
        with pytest.raises(RuleViolation) as refused:
            p6.joint_status(override_reason="   ")
        assert refused.value.rule == "R-MEET-5"

    def test_r_meet_5_ready_needs_no_override(self, app: CoCreation) -> None:
        """R-MEET-5: with every reality check done the meeting is held and records no
        override."""
        p6 = Scenario.phase6(app)
        p6.reality_checks()
        meeting, _ = p6.joint_status(override_reason="just in case")
        held = app.get_meeting(meeting)
        assert (held.state, held.override_reason) == ("held", None)

    def test_r_meet_5_checks_count_since_the_previous_meeting(self, app: CoCreation) -> None:
        """R-MEET-5: a reality check performed before the previous joint status meeting does
        not count for the next one."""
        p6 = Scenario.phase6(app)
        p6.reality_checks()
        p6.joint_status()
        p6.later(30)
        with pytest.raises(RuleViolation) as refused:
            p6.joint_status()
        assert refused.value.rule == "R-MEET-5"
        p6.reality_checks()
        meeting, _ = p6.joint_status()
        assert app.get_meeting(meeting).state == "held"

    def test_r_meet_5_a_platform_on_standby_needs_no_check(self, app: CoCreation) -> None:
        """R-MEET-5: only open, non-standby platforms need a reality check."""
        p6 = Scenario.phase6(app)
        paused = p6.platforms[1]
        app.put_on_standby(
            p6.member(paused),
            paused,
            "awaiting the council's decision",
            "the anchor checks in monthly",
            p6.consent(paused),
            on=p6.today,
        )
        p6.reality_checks(p6.platforms[:1])
        meeting, _ = p6.joint_status()
        assert app.get_meeting(meeting).state == "held"


class TestPreMeetings:
    """R-ACT-3: an actor new since the last joint status meeting has a pre-meeting with the
    anchor before the next one."""

    def test_r_act_3_a_new_actor_without_pre_meeting_refuses(self, app: CoCreation) -> None:
        """R-ACT-3: a new actor without its pre-meeting holds the joint status meeting up."""
        p6 = Scenario.phase6(app)
        actor = new_actor_on(p6)
        p6.reality_checks()
        with pytest.raises(RuleViolation) as refused:
            p6.joint_status()
        assert refused.value.rule == "R-ACT-3"
        assert app.joint_status_readiness(p6.initiative).missing_pre_meetings == {actor}

    def test_r_act_3_the_pre_meeting_opens_the_gate(self, app: CoCreation) -> None:
        """R-ACT-3: after the anchor's pre-meeting with the new actor the meeting is held."""
        p6 = Scenario.phase6(app)
        actor = new_actor_on(p6)
        p6.reality_checks()
        pre = app.hold_pre_meeting(p6.anchor, p6.initiative, actor, on=p6.today)
        meeting, _ = p6.joint_status()
        assert (app.get_meeting(pre).kind, app.get_meeting(meeting).state) == (
            MeetingKind.PRE_MEETING,
            "held",
        )

    def test_r_act_3_founding_actors_need_none(self, app: CoCreation) -> None:
        """R-ACT-3: actors on platforms since the workshop need no pre-meeting."""
        p6 = Scenario.phase6(app)
        assert app.joint_status_readiness(p6.initiative).missing_pre_meetings == frozenset()

    def test_r_act_3_new_since_the_last_meeting_only(self, app: CoCreation) -> None:
        """R-ACT-3: an actor that joined before the last joint status meeting is not new."""
        p6 = Scenario.phase6(app)
        actor = new_actor_on(p6)
        p6.reality_checks()
        p6.joint_status(override_reason="pre-meeting next week")
        assert actor not in app.joint_status_readiness(p6.initiative).missing_pre_meetings

    def test_r_act_3_only_the_anchor_holds_pre_meetings(self, app: CoCreation) -> None:
        """R-ACT-3: a coordinator cannot hold the pre-meeting."""
        p6 = Scenario.phase6(app)
        actor = new_actor_on(p6)
        with pytest.raises(NotPermitted) as refused:
            app.hold_pre_meeting(p6.coordinators[p6.platforms[0]], p6.initiative, actor)
        assert refused.value.role == "anchor"


class TestGuestTalk:
    """R-MEET-6: a guest talk (speaker, topic) can be put on a joint status meeting's agenda."""

    def test_r_meet_6_a_guest_talk_on_the_agenda(self, app: CoCreation) -> None:
        """R-MEET-6: the talk is on the agenda with its speaker (a person id) and topic."""
        p6 = Scenario.phase6(app)
        speaker = app.register_person("Sara Speaker", email="sara@example.org")
        talk = GuestTalk(speaker=speaker, topic="Night-time youth work")
        meeting = app.convene_joint_status_meeting(
            p6.anchor, p6.initiative, p6.today + timedelta(42), guest_talk=talk
        )
        items = app.get_meeting(meeting).agenda.items
        assert [i.guest_talk for i in items if i.guest_talk] == [talk]
        assert any(i.da == "Oplæg: Night-time youth work" for i in items)

    def test_r_meet_6_only_on_joint_status_meetings(self, app: CoCreation) -> None:
        """R-MEET-6: a coordinator meeting gets no guest talk."""
        p6 = Scenario.phase6(app)
        speaker = app.register_person("Sara Speaker")
        meeting = app.convene_coordinator_meeting(p6.anchor, p6.initiative, p6.today)
        with pytest.raises(RuleViolation) as refused:
            app.add_guest_talk(p6.anchor, meeting, speaker, "Night-time youth work")
        assert refused.value.rule == "R-MEET-6"

    def test_r_meet_6_a_topic_is_required(self, app: CoCreation) -> None:
        """R-MEET-6: a guest talk names its topic."""
        p6 = Scenario.phase6(app)
        speaker = app.register_person("Sara Speaker")
        meeting = app.convene_joint_status_meeting(
            p6.anchor, p6.initiative, p6.today + timedelta(42)
        )
        with pytest.raises(RuleViolation) as refused:
            app.add_guest_talk(p6.anchor, meeting, speaker, " ")
        assert refused.value.rule == "R-MEET-6"

    def test_r_meet_6_a_forgotten_speaker_is_not_found(self, app: CoCreation) -> None:
        """R-MEET-6 (R-PII-2): a forgotten person gives no talk."""
        p6 = Scenario.phase6(app)
        speaker = app.register_person("Sara Speaker")
        app.forget_person(speaker, speaker)
        meeting = app.convene_joint_status_meeting(
            p6.anchor, p6.initiative, p6.today + timedelta(42)
        )
        with pytest.raises(NotFound):
            app.add_guest_talk(p6.anchor, meeting, speaker, "Night-time youth work")


class TestRealityChecksAndSparring:
    """Cards 4 and 7: the coordinator records reality checks and asks the anchor for
    sparring."""

    def test_r_meet_5_the_coordinator_records_a_reality_check(self, app: CoCreation) -> None:
        """R-MEET-5: a reality check by the coordinator is recorded and counts as activity."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        check = sample_reality_check(Recommendation.REPLACE_ACTOR)
        key = app.record_reality_check(p6.coordinators[platform], platform, check, on=p6.later(5))
        the_platform = app.get_platform(platform)
        recorded = reality_checks_of(app, platform)[key]
        assert (key, recorded.recommendation, recorded.performed_on) == (
            "RC1",
            Recommendation.REPLACE_ACTOR,
            p6.today,
        )
        assert the_platform.last_activity_on == p6.today

    def test_r_meet_5_a_member_cannot_record_it(self, app: CoCreation) -> None:
        """R-MEET-5: only the coordinator records the platform's reality check."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        other = p6.person_of(sorted(app.get_platform(platform).actors)[1])
        with pytest.raises(NotPermitted) as refused:
            app.record_reality_check(other, platform, sample_reality_check())
        assert refused.value.role == "coordinator"

    def test_a_platform_on_standby_has_no_reality_check(self, app: CoCreation) -> None:
        """A paused platform records no reality check (its lifecycle refuses)."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        app.put_on_standby(
            p6.member(platform), platform, "waiting", "monthly call", p6.consent(platform)
        )
        with pytest.raises(LifecycleViolation) as refused:
            app.record_reality_check(p6.coordinators[platform], platform, sample_reality_check())
        assert refused.value.state == "standby"

    def test_sparring_is_asked_and_given(self, app: CoCreation) -> None:
        """The coordinator asks the anchor for sparring; the anchor answers once."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        key = app.request_sparring(p6.coordinators[platform], platform, "data from the mapping")
        app.give_sparring(p6.anchor, platform, key, "use the 2023 survey", on=p6.today)
        given = sparring_of(app, platform)[key]
        assert app.get_platform(platform).open_sparring == {}
        assert (given.topic, given.notes, given.given_on) == (
            "data from the mapping",
            "use the 2023 survey",
            p6.today,
        )
        with pytest.raises(LifecycleViolation):
            app.give_sparring(p6.anchor, platform, key, "again")

    def test_only_the_anchor_gives_sparring(self, app: CoCreation) -> None:
        """Sparring is the anchor's (R-AUTH-1): a coordinator cannot answer it."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        key = app.request_sparring(p6.coordinators[platform], platform, "data")
        with pytest.raises(NotPermitted) as refused:
            app.give_sparring(p6.coordinators[platform], platform, key, "advice")
        assert refused.value.role == "anchor"
