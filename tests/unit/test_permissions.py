"""The permission matrix: roles follow from history and a refusal names the role (R-AUTH-1)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date
from uuid import UUID

import pytest

from cocreation_domain import (
    ActorChangeReason,
    Baseline,
    Beneficiary,
    ClosureReason,
    CoCreation,
    Consent,
    GoalProgress,
    NotPermitted,
    Policies,
    Ripple,
    RippleKind,
)
from cocreation_domain.testing.history import progress_of, ripples_of
from cocreation_domain.testing.malformed import public_commands
from cocreation_domain.testing.scenario import Cast, Scenario, sample_goals

DAY = date(2025, 1, 6)


def cast(app: CoCreation) -> Cast:
    """An initiative in phase 6 and the people around one of its platforms: the platform has
    goals (G1-G3) and three actors; the other platform, established in phase 6 with its actor
    not yet onboarded, is coordinated by the outsider."""
    s = Scenario.start(app, actors=4)
    *founders, last = s.actors
    platform = s.platform(founders)
    s.start_co_creation()
    s.with_goals(platform)
    fresh = s.platform([last], "Fresh")
    s.coordinate(fresh, last)
    return s.cast(platform, other=fresh)


def ripple() -> Ripple:
    return Ripple("a new contact", RippleKind.NEW_IDEA, {Beneficiary.OTHER_ACTORS}, DAY)


Issue = Callable[[Cast, UUID], object]

ANCHOR_COMMANDS: dict[str, Issue] = {
    "hold the workshop": lambda c, by: c.app.hold_establishment_workshop(by, c.initiative),
    "start co-creation": lambda c, by: c.app.start_co_creation(by, c.initiative),
    "conclude": lambda c, by: c.app.conclude_initiative(by, c.initiative),
    "hand over the anchor role": lambda c, by: c.app.hand_over_anchor(by, c.initiative, by),
    "change policies": lambda c, by: c.app.change_policies(by, c.initiative, Policies()),
    "register an actor": lambda c, by: c.app.register_actor(by, c.initiative, "New"),
    "establish a platform": lambda c, by: c.app.establish_platform(
        by, c.initiative, "New", [c.actor_of(c.outsider)]
    ),
    "onboard an actor": lambda c, by: c.app.onboard_actor(by, c.other, c.actor_of(c.outsider)),
    "register a person for an actor": lambda c, by: c.app.register_person(
        "New", by=by, initiative=c.initiative, actor=c.actor_of(c.member)
    ),
}
"""Commands of the anchor alone (matrix rows 1-2)."""

MEMBER_DECISIONS: dict[str, Issue] = {
    "set goals": lambda c, by: c.app.set_goals(by, c.platform, sample_goals(3), Consent()),
    "add a goal": lambda c, by: c.app.add_goal(by, c.platform, sample_goals(1)[0], Consent()),
    "revise a goal": lambda c, by: c.app.revise_goal(
        by, c.platform, c.app.get_platform(c.platform).goals["G1"].goal, Consent()
    ),
    "drop a goal": lambda c, by: c.app.drop_goal(by, c.platform, "G1", "why", Consent()),
    "standby": lambda c, by: c.app.put_on_standby(by, c.platform, "why", "then", Consent()),
    "resume": lambda c, by: c.app.resume_platform(by, c.platform, Consent()),
    "close": lambda c, by: c.app.close_platform(
        by, c.platform, ClosureReason.OTHER, "x", Consent()
    ),
    "merge": lambda c, by: c.app.merge_platforms(by, c.platform, c.other, Consent(), Consent()),
    "let an actor join": lambda c, by: c.app.join_actor(
        by, c.platform, c.actor_of(c.outsider), Consent()
    ),
    "remove an actor": lambda c, by: c.app.remove_actor(
        by, c.platform, c.actor_of(c.member), ActorChangeReason.OTHER, Consent()
    ),
    "replace an actor": lambda c, by: c.app.replace_actor(
        by,
        c.platform,
        c.actor_of(c.member),
        c.actor_of(c.outsider),
        ActorChangeReason.OTHER,
        Consent(),
    ),
    "choose the coordinator": lambda c, by: c.app.choose_coordinator(
        by, c.platform, c.actor_of(c.member), c.member, Consent()
    ),
}
"""Platform decisions: any member, with the decision's consents (matrix row 5)."""

MEMBER_OR_ANCHOR: dict[str, Issue] = {
    "record a ripple": lambda c, by: c.app.record_ripple(by, c.platform, ripple()),
    "record a ripple on the initiative": lambda c, by: c.app.record_initiative_ripple(
        by, c.initiative, ripple()
    ),
    "describe a baseline": lambda c, by: c.app.describe_baseline(
        by, c.platform, "G1", Baseline("before")
    ),
    "record goal progress": lambda c, by: c.app.record_goal_progress(
        by, c.platform, "G1", GoalProgress("better", DAY)
    ),
    "mark a goal reached": lambda c, by: c.app.reach_goal(by, c.platform, "G1"),
}
"""Ripples and goal progress: any member, or the anchor (matrix row 6)."""


def refused_role(c: Cast, issue: Issue, by: UUID) -> str:
    """Issue a command expecting NotPermitted; returns the role named, checks nothing stored."""
    before = c.app.recorder.max_notification_id()
    with pytest.raises(NotPermitted) as refused:
        issue(c, by)
    assert before == c.app.recorder.max_notification_id()
    return refused.value.role


class TestTheMatrix:
    """R-AUTH-1: a principal without the required role is refused, naming the role."""

    @pytest.mark.parametrize("command", sorted(ANCHOR_COMMANDS))
    @pytest.mark.parametrize("who", ["coordinator", "member", "auditor"])
    def test_anchor_commands(self, app: CoCreation, command: str, who: str) -> None:
        """R-AUTH-1: founding-side and phase-6 set-up commands need the anchor."""
        c = cast(app)
        assert refused_role(c, ANCHOR_COMMANDS[command], getattr(c, who)) == "anchor"

    @pytest.mark.parametrize("command", sorted(MEMBER_DECISIONS))
    @pytest.mark.parametrize("who", ["anchor", "outsider", "auditor"])
    def test_platform_decisions(self, app: CoCreation, command: str, who: str) -> None:
        """R-AUTH-1: only a person of a current actor records a platform decision."""
        c = cast(app)
        assert refused_role(c, MEMBER_DECISIONS[command], getattr(c, who)) == "member"

    @pytest.mark.parametrize(
        ("command", "who"),
        [
            (command, who)
            for command in sorted(MEMBER_OR_ANCHOR)
            for who in ("outsider", "auditor")
            # any actor's person records ripples on the initiative (R-RIP-1)
            if (command, who) != ("record a ripple on the initiative", "outsider")
        ],
    )
    def test_ripples_and_progress(self, app: CoCreation, command: str, who: str) -> None:
        """R-AUTH-1: ripples and goal progress need a member (for the initiative, a person of
        any of its actors) or the anchor."""
        c = cast(app)
        assert refused_role(c, MEMBER_OR_ANCHOR[command], getattr(c, who)) == "member or anchor"

    @pytest.mark.parametrize("who", ["member", "anchor", "auditor"])
    def test_the_first_meeting_is_the_coordinators(self, app: CoCreation, who: str) -> None:
        """R-AUTH-1: only the platform's coordinator holds its first meeting."""
        c = cast(app)
        c.app.onboard_actor(c.anchor, c.other, c.actor_of(c.outsider), on=DAY)
        issue: Issue = lambda c, by: c.app.hold_first_meeting(by, c.other, "Focus")  # noqa: E731
        assert refused_role(c, issue, getattr(c, who)) == "coordinator"
        c.app.hold_first_meeting(c.outsider, c.other, "Focus", on=DAY)
        assert c.app.get_platform(c.other).state == "focused"

    @pytest.mark.parametrize("who", ["member", "auditor"])
    def test_contact_data_is_the_persons_or_the_anchors(self, app: CoCreation, who: str) -> None:
        """R-AUTH-1: contact data is updated or forgotten by the person or the anchor only."""
        c = cast(app)
        update: Issue = lambda c, by: c.app.update_contact(by, c.coordinator, phone="1")  # noqa: E731
        forget: Issue = lambda c, by: c.app.forget_person(by, c.coordinator)  # noqa: E731
        roles = {refused_role(c, update, getattr(c, who)), refused_role(c, forget, getattr(c, who))}
        assert {"the person or the anchor"} == roles

    def test_the_anchor_and_members_do_what_the_matrix_allows(self, app: CoCreation) -> None:
        """R-AUTH-1: the roles the matrix names are enough: the anchor registers an actor, a
        member records a ripple, the anchor records goal progress."""
        c = cast(app)
        app.register_actor(c.anchor, c.initiative, "Newcomer", on=DAY)
        app.record_ripple(c.member, c.platform, ripple(), on=DAY)
        app.record_goal_progress(c.anchor, c.platform, "G1", GoalProgress("better", DAY), on=DAY)
        assert (
            len(app.get_initiative(c.initiative).actors),
            len(ripples_of(app, c.platform)),
            len(progress_of(app, c.platform)["G1"]),
        ) == (5, 1, 1)


class TestRolesFollowHistory:
    """R-AUTH-1: roles are read from recorded events, never from what the caller claims."""

    def test_the_anchor_role_moves_with_the_hand_over(self, app: CoCreation) -> None:
        """R-AUTH-1: after handing over, the old anchor is refused and the new one acts."""
        c = cast(app)
        app.hand_over_anchor(c.anchor, c.initiative, c.member, on=DAY)
        register: Issue = lambda c, by: c.app.register_actor(by, c.initiative, "Late")  # noqa: E731
        assert refused_role(c, register, c.anchor) == "anchor"
        app.register_actor(c.member, c.initiative, "Late", on=DAY)
        assert c.member == app.get_initiative(c.initiative).anchor

    def test_membership_ends_when_the_actor_leaves(self, app: CoCreation) -> None:
        """R-AUTH-1: a person whose actor was removed is no longer a member of the platform."""
        c = cast(app)
        app.remove_actor(
            c.coordinator,
            c.platform,
            c.actor_of(c.member),
            ActorChangeReason.NOT_BENEFITING,
            c.s.consent(c.platform),
            on=DAY,
        )
        assert refused_role(c, MEMBER_OR_ANCHOR["record a ripple"], c.member) == "member or anchor"

    def test_membership_begins_when_the_actor_joins(self, app: CoCreation) -> None:
        """R-AUTH-1: once the outsider's actor joins, the outsider records ripples as a member."""
        c = cast(app)
        app.join_actor(
            c.member, c.platform, c.actor_of(c.outsider), c.s.consent(c.platform), on=DAY
        )
        app.record_ripple(c.outsider, c.platform, ripple(), on=DAY)
        assert len(ripples_of(app, c.platform)) == 1

    def test_the_coordinator_role_moves_with_the_choice(self, app: CoCreation) -> None:
        """R-AUTH-1: after another coordinator is chosen, the former one cannot convene."""
        c = cast(app)
        other = c.app.register_person(
            "Second Rep", by=c.anchor, initiative=c.initiative, actor=c.actor_of(c.outsider)
        )
        app.choose_coordinator(
            c.outsider, c.other, c.actor_of(c.outsider), other, c.s.consent(c.other), on=DAY
        )
        app.onboard_actor(c.anchor, c.other, c.actor_of(c.outsider), on=DAY)
        issue: Issue = lambda c, by: c.app.hold_first_meeting(by, c.other, "Focus")  # noqa: E731
        assert refused_role(c, issue, c.outsider) == "coordinator"

    def test_a_person_of_another_initiative_is_a_stranger(self, app: CoCreation) -> None:
        """R-AUTH-1: representing an actor of another initiative gives no role in this one."""
        c = cast(app)
        elsewhere = Scenario.start(app)
        stranger = elsewhere.person_of(elsewhere.actors[0])
        assert refused_role(c, MEMBER_OR_ANCHOR["record a ripple"], stranger) == "member or anchor"
        assert refused_role(c, MEMBER_DECISIONS["standby"], stranger) == "member"

    def test_no_command_takes_a_role_from_the_caller(self) -> None:
        """R-AUTH-1: commands take the acting person's id, never a role, flag or principal."""
        claimed = {"role", "roles", "is_anchor", "principal", "as_anchor", "as_coordinator"}
        offered = {
            (name, parameter)
            for name, member in public_commands(CoCreation).items()
            for parameter in inspect.signature(member).parameters
            if parameter in claimed
        }
        assert set() == offered
