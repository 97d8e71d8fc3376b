"""What the method cards ask beyond the lifecycles (issue 14): dominance (R-FLAT-5), inactive
actors (R-ACT-5), backing (R-ACT-6), attaching persons (R-ACT-7), overlap reviews (R-MEET-7)
and presentations (R-MEET-8)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta
from fractions import Fraction
from typing import Any
from uuid import UUID

import pytest

from cocreation_domain import CoCreation, InvalidInput, MeetingKind, NotPermitted, RuleViolation
from cocreation_domain.model import (
    AgendaItem,
    ChangeKind,
    CrossPlatformLead,
    OverlapOutcome,
    OverlapReview,
    Policies,
)
from cocreation_domain.model.flags import (
    dominant_actor,
    inactive_actors,
    initiative_shares,
    missing_backing,
    missing_presentations,
    overlap_review_missing,
)
from cocreation_domain.projections import ViewFold, rebuild
from cocreation_domain.projections.attention import Flag, attention_list, person_actor
from cocreation_domain.testing.history import events_stored, initiative_acts_of
from cocreation_domain.testing.scenario import Scenario

THREE = ((0, 1, 2), (3,))
"""A platform of three actors (dominance needs three) and one of one."""


def platform_meeting(
    p6: Scenario,
    platform: UUID,
    *,
    host: UUID | None = None,
    attendance: Collection[UUID] | None = None,
    items: int = 0,
) -> UUID:
    """The coordinator plans, invites (adding ``items`` agenda points) and holds a regular
    meeting a week ahead, with ``attendance`` (default: every invited actor)."""
    coordinator = p6.coordinators[platform]
    day = p6.today + timedelta(7)
    meeting = p6.app.plan_meeting(
        coordinator, MeetingKind.PLATFORM, day, platform=platform, host=host, on=p6.today
    )
    p6.app.invite_meeting(coordinator, meeting, on=p6.today)
    for n in range(items):
        p6.app.add_agenda_item(
            coordinator, meeting, AgendaItem(key=f"point{n}", en=f"Point {n}"), on=p6.today
        )
    p6.today = day
    p6.app.hold_meeting(coordinator, meeting, attendance=attendance, on=day)
    return meeting


def flags(p6: Scenario, rule: str) -> list[Flag]:
    """The attention list's flags of ``rule`` today."""
    view = rebuild(p6.app, ViewFold())
    return [f for f in attention_list(view, p6.initiative, p6.today) if f.rule == rule]


def coordinator_meeting(p6: Scenario) -> UUID:
    """Convene and hold the coordinator meeting 45 days after the workshop."""
    workshop = p6.app.get_initiative(p6.initiative).workshop_held_on
    assert workshop is not None
    day = workshop + timedelta(45)
    meeting = p6.app.convene_coordinator_meeting(p6.anchor, p6.initiative, day, on=p6.today)
    p6.today = day
    p6.app.hold_meeting(p6.anchor, meeting, on=day)
    return meeting


class TestDominance:
    """R-FLAT-5: nobody sits at the head of the table."""

    def test_r_flat_5_an_actor_holding_most_initiative_is_flagged_with_shares(
        self, app: CoCreation
    ) -> None:
        """R-FLAT-5: an actor hosting and adding most of the points is flagged, shares shown."""
        p6 = Scenario.phase6(app, groups=THREE)
        platform = p6.platforms[0]
        boss = sorted(app.get_platform(platform).actors)[0]  # the coordinator's actor
        for _ in range(4):
            platform_meeting(p6, platform, host=boss, items=2)
        assert flags(p6, "R-FLAT-5") == []  # five meetings: the window is not full yet
        platform_meeting(p6, platform, host=boss)
        [flag] = flags(p6, "R-FLAT-5")
        assert (flag.subject, flag.due_on) == (platform, p6.today)
        name = app.get_initiative(p6.initiative).actor(boss).name
        assert flag.detail.endswith(f": {name} 100 %")

    def test_r_flat_5_shares_count_hosting_and_agenda_points(self, app: CoCreation) -> None:
        """R-FLAT-5: hosting and each added agenda point are one act each; exactly half is not
        more than half."""
        p6 = Scenario.phase6(app, groups=THREE)
        platform = p6.platforms[0]
        first, second, third = sorted(app.get_platform(platform).actors)
        platform_meeting(p6, platform, host=second, items=1)
        platform_meeting(p6, platform, host=third)
        the_platform = app.get_platform(platform)
        meetings = app.meetings_of(p6.initiative)
        actor_of = person_actor(rebuild(app, ViewFold()))
        shares = initiative_shares(the_platform, meetings, actor_of, Policies())
        # the first meeting (hosted by the coordinator's actor) counts too
        half, quarter = Fraction(1, 2), Fraction(1, 4)
        assert {first: half, second: quarter, third: quarter} == shares
        assert dominant_actor(the_platform, meetings, actor_of, Policies()) is None

    def test_r_flat_5_rotating_hosts_raise_no_flag(self, app: CoCreation) -> None:
        """R-FLAT-5: hosts following the rotation keep every share at or under half."""
        p6 = Scenario.phase6(app, groups=THREE)
        platform = p6.platforms[0]
        for _ in range(6):
            platform_meeting(p6, platform)
        assert flags(p6, "R-FLAT-5") == []

    def test_r_flat_5_two_actor_platforms_are_never_flagged(self, app: CoCreation) -> None:
        """R-FLAT-5: a platform of fewer than three actors has no head of the table."""
        p6 = Scenario.phase6(app)
        platform = p6.platforms[0]
        boss = sorted(app.get_platform(platform).actors)[0]
        for _ in range(6):
            platform_meeting(p6, platform, host=boss, items=2)
        assert flags(p6, "R-FLAT-5") == []

    def test_r_flat_5_the_window_is_the_policy_s_last_meetings(self, app: CoCreation) -> None:
        """R-FLAT-5: only the last ``dominance_window_meetings`` held meetings count, once
        the platform has held that many."""
        p6 = Scenario.phase6(app, groups=THREE)
        platform = p6.platforms[0]
        boss = sorted(app.get_platform(platform).actors)[0]
        platform_meeting(p6, platform, host=boss, items=3)
        for _ in range(2):
            platform_meeting(p6, platform)
        the_platform = app.get_platform(platform)
        actor_of = person_actor(rebuild(app, ViewFold()))
        meetings = app.meetings_of(p6.initiative)
        # four held meetings: the first two by the coordinator's actor, then two by rotation
        assert dominant_actor(the_platform, meetings, actor_of, Policies()) is None
        four = Policies(dominance_window_meetings=4)
        assert dominant_actor(the_platform, meetings, actor_of, four) is not None
        two = Policies(dominance_window_meetings=2)
        assert dominant_actor(the_platform, meetings, actor_of, two) is None

    def test_r_flat_5_policy_bounds_are_validated(self) -> None:
        """R-FLAT-5: the share is a per cent from 1 to 99 and the window at least one."""
        with pytest.raises(ValueError, match="dominance_share_percent"):
            Policies(dominance_share_percent=100)
        with pytest.raises(ValueError, match="dominance_window_meetings"):
            Policies(dominance_window_meetings=0)


def both_shares(p6: Scenario, platform: UUID) -> dict[UUID, Fraction]:
    """R-FLAT-5 shares read from the aggregates (acts from the events) and from the view,
    which must agree; returns them."""
    app = p6.app
    view = rebuild(app, ViewFold())
    meetings = app.meetings_of(p6.initiative)
    letters = app.newsletters_of(p6.initiative)
    from_aggregates = initiative_shares(
        app.get_platform(platform),
        meetings,
        lambda person: app.get_person(person).actor,
        Policies(),
        letters,
        initiative_acts_of(app, platform),
    )
    from_view = initiative_shares(
        view.platforms[platform],
        [m for m in view.meetings.values() if m.initiative == p6.initiative],
        person_actor(view),
        Policies(),
        [n for n in view.newsletters.values() if n.initiative == p6.initiative],
        view.platforms[platform].initiative_acts,
    )
    assert from_aggregates == from_view
    return from_view


class TestDominanceActs:
    """R-FLAT-5: sections submitted, decisions initiated and changes proposed count too, for
    the actor whose person did them, within the span of the window's held meetings."""

    def test_r_flat_5_a_decision_counts_for_the_actor_of_the_person_who_initiated_it(
        self, app: CoCreation
    ) -> None:
        """R-FLAT-5: a platform decision (a coordinator chosen) counts for its principal's
        actor once a held meeting closes the window over its day, not before."""
        p6 = Scenario.phase6(app, groups=THREE)
        platform = p6.platforms[0]
        first, second, third = sorted(app.get_platform(platform).actors)
        # the first meeting (hosted by first) and first's choice of coordinator count already
        platform_meeting(p6, platform, host=second)
        person = p6.person_of(second)
        consent = p6.consent(platform)
        app.choose_coordinator(person, platform, second, person, consent, on=p6.later())
        p6.coordinators[platform] = person
        before = both_shares(p6, platform)
        assert before == {first: Fraction(2, 3), second: Fraction(1, 3)}
        platform_meeting(p6, platform, host=third)
        after = both_shares(p6, platform)
        assert after == {first: Fraction(2, 5), second: Fraction(2, 5), third: Fraction(1, 5)}

    def test_r_flat_5_a_section_counts_for_the_coordinator_s_actor(self, app: CoCreation) -> None:
        """R-FLAT-5: a newsletter section submitted for the platform counts for the actor of
        the coordinator's person who submitted it."""
        p6 = Scenario.phase6(app, groups=THREE)
        platform = p6.platforms[0]
        first, second, _ = sorted(app.get_platform(platform).actors)
        _, letter = p6.joint_status(override_reason="a test of dominance")
        platform_meeting(p6, platform, host=second)
        without = both_shares(p6, platform)
        assert without == {first: Fraction(2, 3), second: Fraction(1, 3)}
        coordinator = p6.coordinators[platform]
        p6.later()
        app.submit_newsletter_section(coordinator, letter, platform, "ok", "hard", on=p6.today)
        platform_meeting(p6, platform, host=second)
        assert both_shares(p6, platform) == {first: Fraction(3, 5), second: Fraction(2, 5)}

    def test_r_flat_5_a_change_proposed_counts_only_for_an_attached_anchor(
        self, app: CoCreation
    ) -> None:
        """R-FLAT-5: a change proposed for the platform counts for the proposer's actor; the
        anchor represents no actor unless attached to one (R-ACT-7), so usually not at all.
        Like every act, it counts for the actor the person represents now: once attached, the
        anchor's earlier proposal counts too."""
        p6 = Scenario.phase6(app, groups=THREE)
        platform = p6.platforms[0]
        first, second, third = sorted(app.get_platform(platform).actors)
        coordinator_meeting(p6)
        reason = "overlaps with the other platform"
        app.propose_change(
            p6.anchor, p6.initiative, platform, ChangeKind.CLOSE, reason, on=p6.today
        )
        platform_meeting(p6, platform, host=second)
        unattached = both_shares(p6, platform)
        assert unattached == {first: Fraction(2, 3), second: Fraction(1, 3)}
        app.attach_person(p6.anchor, p6.anchor, p6.initiative, third, on=p6.today)
        app.propose_change(
            p6.anchor, p6.initiative, platform, ChangeKind.CLOSE, reason, on=p6.today
        )
        platform_meeting(p6, platform, host=second)
        attached = both_shares(p6, platform)
        third_ = Fraction(1, 3)
        assert attached == {first: third_, second: third_, third: third_}

    def test_r_flat_5_decisions_can_tip_the_flag(self, app: CoCreation) -> None:
        """R-FLAT-5: with hosting in rotation, an actor whose person initiates every decision
        is flagged, and the attention list's shares count its decisions."""
        p6 = Scenario.phase6(app, groups=THREE)
        platform = p6.platforms[0]
        first, second, _ = sorted(app.get_platform(platform).actors)
        boss, other = p6.person_of(first), p6.person_of(second)
        for _ in range(4):
            platform_meeting(p6, platform)
            for actor, person in ((second, other), (first, boss)):
                consent = p6.consent(platform)
                app.choose_coordinator(boss, platform, actor, person, consent, on=p6.today)
        assert flags(p6, "R-FLAT-5") == []  # five meetings: the window is not full yet
        platform_meeting(p6, platform)
        [flag] = flags(p6, "R-FLAT-5")
        share = both_shares(p6, platform)[first]
        name = app.get_initiative(p6.initiative).actor(first).name
        assert share > Fraction(1, 2)
        assert f"{name} {round(share * 100)} %" in flag.detail


class TestInactiveActor:
    """R-ACT-5: an actor absent from the platform's last held meetings is flagged."""

    def test_r_act_5_absent_from_the_last_three_meetings_is_flagged(self, app: CoCreation) -> None:
        """R-ACT-5: three meetings without an actor flag it, suggesting an actor swap."""
        p6, _, _, absent = one_actor_absent(app, meetings=3)
        [flag] = flags(p6, "R-ACT-5")
        assert (flag.subject, flag.due_on) == (absent, p6.today)
        assert "actor swap" in flag.detail

    def test_r_act_5_attending_once_clears_the_flag(self, app: CoCreation) -> None:
        """R-ACT-5: attending one of the last meetings clears the flag."""
        p6, platform, first, _ = one_actor_absent(app, meetings=3)
        platform_meeting(p6, platform, host=first)
        assert flags(p6, "R-ACT-5") == []

    def test_r_act_5_the_policy_sets_how_many_meetings(self, app: CoCreation) -> None:
        """R-ACT-5: with ``inactive_after_meetings=2`` two missed meetings are enough."""
        p6, platform, _, absent = one_actor_absent(app, meetings=2)
        the_platform, meetings = app.get_platform(platform), app.meetings_of(p6.initiative)
        assert inactive_actors(the_platform, meetings, Policies()) == {}
        two = Policies(inactive_after_meetings=2)
        assert {absent: p6.today} == inactive_actors(the_platform, meetings, two)


class TestBacking:
    """R-ACT-6: each actor's backing from its home organisation is recorded."""

    def test_r_act_6_missing_backing_is_flagged_after_the_first_meeting(
        self, app: CoCreation
    ) -> None:
        """R-ACT-6: after the first meeting, every actor without backing is flagged."""
        p6 = Scenario.phase6(app, focused=False)
        assert flags(p6, "R-ACT-6") == []
        p6.focus(p6.platforms[0])
        assert {f.subject for f in flags(p6, "R-ACT-6")} == app.get_platform(p6.platforms[0]).actors

    def test_r_act_6_recording_backing_clears_the_flag(self, app: CoCreation) -> None:
        """R-ACT-6: backing recorded by a person of the actor (who gave it, when) clears it."""
        p6 = Scenario.phase6(app)
        actor = p6.actors[0]
        app.record_backing(p6.person_of(actor), p6.initiative, actor, "the director", on=p6.today)
        backing = app.get_initiative(p6.initiative).backing[str(actor)]
        assert ("the director", p6.today) == (backing.given_by, backing.given_on)
        assert actor not in {f.subject for f in flags(p6, "R-ACT-6")}

    def test_r_act_6_only_the_anchor_or_the_actor_s_person_records_it(
        self, app: CoCreation
    ) -> None:
        """R-ACT-6: a person of another actor is refused, and nothing is recorded."""
        p6 = Scenario.phase6(app)
        before = events_stored(app)
        with pytest.raises(NotPermitted):
            app.record_backing(p6.person_of(p6.actors[1]), p6.initiative, p6.actors[0], "the board")
        with pytest.raises(RuleViolation):
            app.record_backing(p6.anchor, p6.initiative, p6.actors[0], "  ")
        assert before == events_stored(app)

    def test_r_act_6_the_flag_function_reads_aggregates_too(self, app: CoCreation) -> None:
        """R-ACT-6: the model's flag gives the aggregates the same answer as the view."""
        p6 = Scenario.phase6(app)
        platforms = app.platforms_of(p6.initiative)
        due = missing_backing(
            app.get_initiative(p6.initiative), platforms, app.meetings_of(p6.initiative)
        )
        assert set(due) == {a for p in platforms for a in p.actors}


class TestAttachPerson:
    """R-ACT-7: a registered person is attached to an actor later, and detached."""

    def test_r_act_7_the_anchor_attaches_themself_to_an_actor(self, app: CoCreation) -> None:
        """R-ACT-7: the anchor may also represent an actor, and then speaks for it."""
        p6 = Scenario.phase6(app)
        actor = p6.actors[0]
        app.attach_person(p6.anchor, p6.anchor, p6.initiative, actor, on=p6.today)
        assert app.get_person(p6.anchor).actor == actor
        assert p6.anchor in app.persons_of(p6.initiative, actor)
        view = rebuild(app, ViewFold())
        assert view.persons[p6.anchor].actor == actor

    def test_r_act_7_a_person_represents_one_actor_at_a_time(self, app: CoCreation) -> None:
        """R-ACT-7: attaching an attached person is refused until they are detached."""
        p6 = Scenario.phase6(app)
        person = p6.person_of(p6.actors[0])
        before = events_stored(app)
        with pytest.raises(RuleViolation, match="R-ACT-7"):
            app.attach_person(p6.anchor, person, p6.initiative, p6.actors[1])
        assert before == events_stored(app)
        app.detach_person(person, person, on=p6.today)
        assert person not in app.persons_of(p6.initiative, p6.actors[0])
        app.attach_person(p6.anchor, person, p6.initiative, p6.actors[1], on=p6.today)
        assert rebuild(app, ViewFold()).persons[person].actor == p6.actors[1]

    def test_r_act_7_a_stranger_cannot_attach(self, app: CoCreation) -> None:
        """R-ACT-7: only the anchor or a person of that actor attaches someone to it."""
        p6 = Scenario.phase6(app)
        newcomer = app.register_person("Nina Ny")
        with pytest.raises(NotPermitted):
            app.attach_person(p6.person_of(p6.actors[1]), newcomer, p6.initiative, p6.actors[0])
        app.attach_person(p6.person_of(p6.actors[0]), newcomer, p6.initiative, p6.actors[0])
        assert app.get_person(newcomer).actor == p6.actors[0]


class TestOverlapAndPresentations:
    """R-MEET-7 overlap reviews; R-MEET-8 each coordinator's presentation."""

    def test_r_meet_7_a_coordinator_meeting_without_a_review_is_flagged(
        self, app: CoCreation
    ) -> None:
        """R-MEET-7: held without an overlap review it is flagged; recording one clears it."""
        p6 = Scenario.phase6(app)
        meeting = coordinator_meeting(p6)
        [flag] = flags(p6, "R-MEET-7")
        assert (flag.subject, flag.due_on) == (meeting, p6.today)
        review = OverlapReview(set(p6.platforms), OverlapOutcome.COORDINATE, "both do nights")
        app.record_overlap_review(p6.anchor, meeting, review, on=p6.today)
        assert flags(p6, "R-MEET-7") == []
        assert app.get_meeting(meeting).overlap_reviews == {"O1": review}

    def test_r_meet_7_a_joint_status_meeting_needs_one_too(self, app: CoCreation) -> None:
        """R-MEET-7: every joint status meeting records an overlap review."""
        p6 = Scenario.phase6(app)
        p6.reality_checks()
        meeting, _ = p6.joint_status()
        assert [meeting] == [f.subject for f in flags(p6, "R-MEET-7")]
        view = rebuild(app, ViewFold())
        assert overlap_review_missing(view.meetings[meeting], view.platforms.values())

    def test_r_meet_7_only_the_anchor_records_two_or_more_platforms(self, app: CoCreation) -> None:
        """R-MEET-7: a member is refused, and so is a review of one platform."""
        p6 = Scenario.phase6(app)
        meeting = coordinator_meeting(p6)
        before = events_stored(app)
        review = OverlapReview(set(p6.platforms), OverlapOutcome.NONE)
        with pytest.raises(NotPermitted):
            app.record_overlap_review(p6.coordinators[p6.platforms[0]], meeting, review)
        with pytest.raises(RuleViolation, match="R-MEET-7"):
            app.record_overlap_review(
                p6.anchor, meeting, OverlapReview({p6.platforms[0]}, OverlapOutcome.NONE)
            )
        assert before == events_stored(app)

    def test_r_meet_8_each_platform_s_presentation_is_recorded(self, app: CoCreation) -> None:
        """R-MEET-8: a platform without its coordinator's presentation is flagged on the
        meeting until it is recorded."""
        p6 = Scenario.phase6(app)
        meeting = coordinator_meeting(p6)
        assert len(flags(p6, "R-MEET-8")) == 2
        app.record_presentation(p6.anchor, meeting, p6.platforms[0], on=p6.today)
        [flag] = flags(p6, "R-MEET-8")
        assert "Platform 2" in flag.detail
        presented = app.get_meeting(meeting).presentations
        assert presented == {str(p6.platforms[0]): p6.coordinators[p6.platforms[0]]}
        view = rebuild(app, ViewFold())
        assert (p6.platforms[1],) == missing_presentations(
            view.meetings[meeting], view.platforms.values()
        )

    def test_r_meet_8_presentations_belong_to_the_coordinator_meeting(
        self, app: CoCreation
    ) -> None:
        """R-MEET-8: a presentation is recorded once, and only at a coordinator meeting."""
        p6 = Scenario.phase6(app)
        meeting = coordinator_meeting(p6)
        app.record_presentation(p6.anchor, meeting, p6.platforms[0], on=p6.today)
        with pytest.raises(RuleViolation, match="R-MEET-8"):
            app.record_presentation(p6.anchor, meeting, p6.platforms[0])
        p6.reality_checks()
        joint, _ = p6.joint_status()
        with pytest.raises(RuleViolation, match="R-MEET-8"):
            app.record_presentation(p6.anchor, joint, p6.platforms[0])


class TestMalformedArguments:
    """The new commands check their arguments before loading anything: domain errors only."""

    def test_r_act_6_and_r_news_5_malformed_arguments_are_refused(self, app: CoCreation) -> None:
        """R-ACT-6, R-NEWS-5: text that is not text, an unknown lead and platforms that are
        not ids are refused as bad input naming the parameter, and nothing is recorded."""
        p6 = Scenario.phase6(app)
        before = events_stored(app)
        not_text: Any = 5
        not_ids: Any = "ab"
        not_a_lead: Any = "somewhere"
        with pytest.raises(InvalidInput, match="given_by"):
            app.record_backing(p6.anchor, p6.initiative, p6.actors[0], not_text)
        with pytest.raises(InvalidInput, match="leads_to"):
            app.record_cross_platform_initiative(
                p6.anchor, p6.platforms[0], "T", "D", p6.platforms, not_a_lead
            )
        with pytest.raises(InvalidInput, match="platforms"):
            app.record_cross_platform_initiative(
                p6.anchor, p6.platforms[0], "T", "D", not_ids, CrossPlatformLead.RIPPLE
            )
        assert before == events_stored(app)


def one_actor_absent(app: CoCreation, meetings: int) -> tuple[Scenario, UUID, UUID, UUID]:
    """A platform of three actors that held ``meetings`` meetings, hosted by the first actor,
    without the third; returns the builder, the platform, the first and the absent actor."""
    p6 = Scenario.phase6(app, groups=THREE)
    platform = p6.platforms[0]
    first, second, absent = sorted(app.get_platform(platform).actors)
    for _ in range(meetings):
        platform_meeting(p6, platform, host=first, attendance={first, second})
    return p6, platform, first, absent
