"""The coordinator meeting, proposed changes and the poster (Card 3; R-MEET-2, R-MEET-3)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cocreation_domain import (
    ChangeKind,
    ClosureReason,
    CoCreation,
    Consent,
    LifecycleViolation,
    MeetingKind,
    NotPermitted,
    RuleViolation,
)
from cocreation_domain.model.agendas import coordinator_meeting_agenda
from cocreation_domain.model.deviations import coordinator_meeting_off_window
from cocreation_domain.model.flags import coordinator_meeting_overdue, poster_outdated
from cocreation_domain.model.meeting import change_status
from cocreation_domain.testing.history import events_stored
from cocreation_domain.testing.scenario import Scenario

CARD_3_DA = (
    "Velkomst v/ Ankerperson.",
    "Forslag til dagsorden på mødet.",
    "Kort præsentationsrunde.",
    "Hvad betyder det at være tovholder?",
    "Tovholderne præsenterer hver sin platform og hvad de er blevet enige om at samskabe om "
    "på platformen.",
    "Pause.",
    "Hvilke scenarier kan opstå på udviklingsplatformene og hvordan håndteres de?",
    "Tak for i dag \N{EN DASH} vi ses til fælles statusmøde med alle aktører.",
)


def held_coordinator_meeting(p6: Scenario, after_workshop: int = 45) -> None:
    """Convene and hold the coordinator meeting ``after_workshop`` days after the workshop."""
    workshop = p6.app.get_initiative(p6.initiative).workshop_held_on
    assert workshop is not None
    day = workshop + timedelta(after_workshop)
    meeting = p6.app.convene_coordinator_meeting(p6.anchor, p6.initiative, day, on=p6.today)
    p6.today = day
    p6.app.hold_meeting(p6.anchor, meeting, on=day)


class TestConvening:
    """R-MEET-2: the anchor convenes the coordinator meeting once every open platform has
    held its first meeting."""

    def test_r_meet_2_refused_before_every_first_meeting(self, app: CoCreation) -> None:
        """R-MEET-2: while an open platform has not held its first meeting the coordinator
        meeting cannot be convened, and nothing is written."""
        p6 = Scenario.phase6(app, focused=False)
        p6.focus(p6.platforms[0])
        before = events_stored(app)
        with pytest.raises(RuleViolation) as refused:
            app.convene_coordinator_meeting(p6.anchor, p6.initiative, p6.later(30))
        assert refused.value.rule == "R-MEET-2"
        assert events_stored(app) == before

    def test_r_meet_2_convened_once_every_platform_met(self, app: CoCreation) -> None:
        """R-MEET-2: with every open platform focused the anchor invites the coordinators."""
        p6 = Scenario.phase6(app)
        meeting = app.convene_coordinator_meeting(p6.anchor, p6.initiative, p6.today)
        convened = app.get_meeting(meeting)
        coordinators = {app.get_platform(p).coordinator for p in p6.platforms}
        assert (convened.kind, convened.state, convened.invited_as) == (
            MeetingKind.COORDINATOR,
            "invited",
            "anchor",
        )
        assert convened.invitees == {c.actor for c in coordinators if c is not None}

    def test_r_meet_2_a_closed_platform_does_not_hold_it_up(self, app: CoCreation) -> None:
        """R-MEET-2: only open platforms must have held their first meeting."""
        p6 = Scenario.phase6(app, focused=False)
        p6.focus(p6.platforms[0])
        late = p6.platforms[1]
        app.close_platform(
            p6.member(late),
            late,
            ClosureReason.LACK_OF_PARTICIPATION,
            "actors join platform 1",
            p6.consent(late),
            on=p6.today,
        )
        meeting = app.convene_coordinator_meeting(p6.anchor, p6.initiative, p6.today)
        assert app.get_meeting(meeting).state == "invited"

    def test_r_meet_2_only_the_anchor_convenes(self, app: CoCreation) -> None:
        """R-MEET-2: a coordinator cannot convene the coordinator meeting."""
        p6 = Scenario.phase6(app)
        with pytest.raises(NotPermitted) as refused:
            app.convene_coordinator_meeting(
                p6.coordinators[p6.platforms[0]], p6.initiative, p6.today
            )
        assert refused.value.role == "anchor"

    def test_r_meet_2_recheck_when_inviting(self, app: CoCreation) -> None:
        """R-MEET-2: a coordinator meeting planned before a new platform came along is not
        invited until that platform has held its first meeting."""
        p6 = Scenario.phase6(app)
        meeting = app.plan_meeting(
            p6.anchor, MeetingKind.COORDINATOR, p6.later(30), initiative=p6.initiative
        )
        newcomer = p6.platform(p6.actors[:1], name="Newcomer")
        with pytest.raises(RuleViolation) as refused:
            app.invite_meeting(p6.anchor, meeting)
        assert refused.value.rule == "R-MEET-2"
        assert app.get_platform(newcomer).state == "established"

    def test_r_meet_2_the_agenda_is_card_3(self) -> None:
        """R-MEET-2: the default agenda is the eight points of Card 3, in Danish and English."""
        agenda = coordinator_meeting_agenda()
        assert tuple(item.da for item in agenda.items) == CARD_3_DA
        assert all(item.en for item in agenda.items)
        assert agenda.lines("en")[3] == "4. What does it mean to be a coordinator?"

    def test_r_meet_2_the_meeting_uses_the_default_agenda(self, app: CoCreation) -> None:
        """R-MEET-2: convening without an agenda uses Card 3's eight points."""
        p6 = Scenario.phase6(app)
        meeting = app.convene_coordinator_meeting(p6.anchor, p6.initiative, p6.today)
        assert app.get_meeting(meeting).agenda == coordinator_meeting_agenda()


class TestWindow:
    """R-MEET-2: the coordinator meeting is due 1-2 months after the workshop; not held by
    then, it is flagged for attention until it is held; held outside the window, it is a
    deviation for the register, never blocked."""

    def test_r_meet_2_held_in_the_window(self, app: CoCreation) -> None:
        """R-MEET-2: held 45 days after the workshop it is neither flagged nor a deviation."""
        p6 = Scenario.phase6(app)
        held_coordinator_meeting(p6, after_workshop=45)
        initiative = app.get_initiative(p6.initiative)
        assert coordinator_meeting_overdue(initiative, p6.today) is None
        assert coordinator_meeting_off_window(initiative) is None

    def test_r_meet_2_held_too_early_is_a_deviation_not_blocked(self, app: CoCreation) -> None:
        """R-MEET-2: held 10 days after the workshop it is held, no longer flagged for
        attention, and a deviation on the day it was held."""
        p6 = Scenario.phase6(app)
        held_coordinator_meeting(p6, after_workshop=10)
        initiative = app.get_initiative(p6.initiative)
        assert coordinator_meeting_overdue(initiative, p6.today + timedelta(100)) is None
        assert coordinator_meeting_off_window(initiative) == p6.today

    def test_r_meet_2_not_held_after_the_window(self, app: CoCreation) -> None:
        """R-MEET-2: not held by the window's end, it is flagged from the window's last day."""
        p6 = Scenario.phase6(app)
        initiative = app.get_initiative(p6.initiative)
        workshop = initiative.workshop_held_on
        assert workshop is not None
        assert coordinator_meeting_overdue(initiative, workshop + timedelta(61)) is None
        flagged = coordinator_meeting_overdue(initiative, workshop + timedelta(62))
        assert flagged == workshop + timedelta(61)
        assert coordinator_meeting_off_window(initiative) is None


class TestProposedChanges:
    """R-MEET-3: the coordinator meeting only proposes merging or closing; the platform
    decides."""

    def test_r_meet_3_no_proposal_before_the_coordinator_meeting(self, app: CoCreation) -> None:
        """R-MEET-3: changes are proposed at (or after) the coordinator meeting."""
        p6 = Scenario.phase6(app)
        before = events_stored(app)
        with pytest.raises(RuleViolation) as refused:
            app.propose_change(
                p6.anchor, p6.initiative, p6.platforms[1], ChangeKind.CLOSE, "nobody comes"
            )
        assert (refused.value.rule, events_stored(app)) == ("R-MEET-3", before)

    def test_r_meet_3_a_proposal_changes_nothing_on_the_platform(self, app: CoCreation) -> None:
        """R-MEET-3: proposing to close a platform leaves it open, with the same actors."""
        p6 = Scenario.phase6(app)
        held_coordinator_meeting(p6)
        platform = p6.platforms[1]
        before = app.get_platform(platform)
        key = app.propose_change(
            p6.anchor, p6.initiative, platform, ChangeKind.CLOSE, "nobody comes", on=p6.today
        )
        after = app.get_platform(platform)
        proposal = app.get_initiative(p6.initiative).change_proposals[key]
        assert after == before
        assert change_status(proposal, after) == "open"
        assert proposal.meeting == app.get_initiative(p6.initiative).last_coordinator_meeting

    def test_r_meet_3_the_platform_decision_carries_it(self, app: CoCreation) -> None:
        """R-MEET-3: the proposed merge happens only by the platforms' decision, and then
        the proposal reads as carried."""
        p6 = Scenario.phase6(app)
        held_coordinator_meeting(p6)
        source, target = p6.platforms
        key = app.propose_change(
            p6.anchor,
            p6.initiative,
            source,
            ChangeKind.MERGE,
            "same focus",
            into=target,
            on=p6.today,
        )
        app.merge_platforms(
            p6.member(source), source, target, p6.consent(source), p6.consent(target)
        )
        proposal = app.get_initiative(p6.initiative).change_proposals[key]
        assert change_status(proposal, app.get_platform(source)) == "carried"

    def test_r_meet_3_the_platform_may_decline(self, app: CoCreation) -> None:
        """R-MEET-3: the platform decides against the proposal by consent (R-FLAT-3)."""
        p6 = Scenario.phase6(app)
        held_coordinator_meeting(p6)
        platform = p6.platforms[1]
        key = app.propose_change(
            p6.anchor, p6.initiative, platform, ChangeKind.CLOSE, "nobody comes", on=p6.today
        )
        objecting = Consent(objecting={p6.member(platform)})
        with pytest.raises(RuleViolation) as refused:
            app.decline_change(p6.member(platform), p6.initiative, key, objecting)
        assert refused.value.rule in {"R-FLAT-3", "R-FLAT-4"}
        app.decline_change(p6.member(platform), p6.initiative, key, p6.consent(platform))
        proposal = app.get_initiative(p6.initiative).change_proposals[key]
        assert change_status(proposal, app.get_platform(platform)) == "declined"
        assert app.get_platform(platform).state == "focused"

    def test_r_meet_3_only_members_decide(self, app: CoCreation) -> None:
        """R-MEET-3: the anchor cannot decline on the platform's behalf."""
        p6 = Scenario.phase6(app)
        held_coordinator_meeting(p6)
        platform = p6.platforms[1]
        key = app.propose_change(
            p6.anchor, p6.initiative, platform, ChangeKind.CLOSE, "nobody comes", on=p6.today
        )
        with pytest.raises(NotPermitted) as refused:
            app.decline_change(p6.anchor, p6.initiative, key, p6.consent(platform))
        assert refused.value.role == "member"

    def test_r_meet_3_a_merge_names_its_target(self, app: CoCreation) -> None:
        """R-MEET-3: a proposed merge names another open platform as its target."""
        p6 = Scenario.phase6(app)
        held_coordinator_meeting(p6)
        with pytest.raises(RuleViolation) as refused:
            app.propose_change(
                p6.anchor, p6.initiative, p6.platforms[0], ChangeKind.MERGE, "overlap"
            )
        assert refused.value.rule == "R-MEET-3"
        with pytest.raises(RuleViolation) as refused:
            app.propose_change(
                p6.anchor,
                p6.initiative,
                p6.platforms[0],
                ChangeKind.MERGE,
                "overlap",
                into=p6.platforms[0],
            )
        assert refused.value.rule == "R-PLAT-6"

    def test_r_meet_3_only_the_anchor_proposes(self, app: CoCreation) -> None:
        """R-MEET-3: a coordinator cannot propose a change."""
        p6 = Scenario.phase6(app)
        held_coordinator_meeting(p6)
        with pytest.raises(NotPermitted) as refused:
            app.propose_change(
                p6.coordinators[p6.platforms[0]],
                p6.initiative,
                p6.platforms[1],
                ChangeKind.CLOSE,
                "nobody comes",
            )
        assert refused.value.role == "anchor"


class TestPoster:
    """R-MEET-3: after the coordinator meeting the anchor updates the poster."""

    def test_r_meet_3_the_poster_is_flagged_until_updated(self, app: CoCreation) -> None:
        """R-MEET-3: from the coordinator meeting on, the poster is flagged until updated."""
        p6 = Scenario.phase6(app)
        held_coordinator_meeting(p6)
        assert poster_outdated(app.get_initiative(p6.initiative)) == p6.today
        app.update_poster(p6.anchor, p6.initiative, on=p6.today)
        assert poster_outdated(app.get_initiative(p6.initiative)) is None

    def test_r_meet_3_the_poster_shows_platforms_focus_and_actors(self, app: CoCreation) -> None:
        """R-MEET-3: the poster shows each open platform's focus, actors and coordinator."""
        p6 = Scenario.phase6(app)
        app.update_poster(p6.anchor, p6.initiative, on=p6.today)
        poster = app.get_initiative(p6.initiative).poster
        platforms = [app.get_platform(p) for p in p6.platforms]
        assert {(e.platform, e.focus, e.actors) for e in poster} == {
            (p.id, p.focus, p.actors) for p in platforms
        }

    def test_r_meet_3_only_the_anchor_updates_the_poster(self, app: CoCreation) -> None:
        """R-MEET-3: a coordinator cannot update the poster."""
        p6 = Scenario.phase6(app)
        with pytest.raises(NotPermitted) as refused:
            app.update_poster(p6.coordinators[p6.platforms[0]], p6.initiative)
        assert refused.value.role == "anchor"

    def test_not_before_phase_6(self, app: CoCreation) -> None:
        """The poster of phase 6 is updated while co-creating, not while preparing."""
        p6 = Scenario.phase6(app)
        other = app.found_initiative(p6.anchor, "Other", "another challenge")
        with pytest.raises(LifecycleViolation) as refused:
            app.update_poster(p6.anchor, other)
        assert (refused.value.lifecycle, refused.value.state) == ("initiative", "preparing")
