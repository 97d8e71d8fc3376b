"""A refused command of every kind leaves the event store unchanged (issue 2, "Done when").

One table names, for every command of :class:`CoCreation`, at least one way it is refused and
what refuses it: the error class and its ``DomainError.detail`` (rule id, role, command,
missing kind or parameter). Each refusal runs on every store (plain objects, an SQLite file,
PostgreSQL) against the same history, and the store's last notification id must be the same
before and after, for the application that was refused and for a fresh one reading the same
store.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from uuid import UUID

import attrs
import pytest

from cocreation_domain import (
    ActorChangeReason,
    AgendaItem,
    Baseline,
    ChangeKind,
    ClosureReason,
    CoCreation,
    Consent,
    DomainError,
    Goal,
    GoalKind,
    GoalProgress,
    Horizon,
    InvalidInput,
    LifecycleViolation,
    MeetingKind,
    NotFound,
    NotPermitted,
    Policies,
    RealityCheck,
    Recommendation,
    Ripple,
    RippleKind,
    RuleViolation,
)
from cocreation_domain.model import CrossPlatformLead, OverlapOutcome, OverlapReview
from cocreation_domain.testing.malformed import public_commands
from cocreation_domain.testing.scenario import Cast, Scenario

DAY = date(2025, 1, 6)
INACTIVE = ActorChangeReason.INACTIVE


def world(app: CoCreation) -> Cast:
    """Build the shared history on ``app``: a history in which every command has something to
    be refused on, and the people around its active platform."""
    s = Scenario.start(app, actors=4)
    *founders, last = s.actors
    platform = s.platform(founders, "Active")  # goals G1-G3 (G2 quantitative), active
    lonely = s.platform([last], "Lonely")  # established, one actor (the outsider's)
    s.start_co_creation()
    s.active(platform, 3)
    first_meeting = app.get_platform(platform).first_meeting
    assert first_meeting is not None
    s.meetings["first"] = first_meeting
    s.forget(
        app.register_person("Gone", by=s.anchor, initiative=s.initiative, actor=founders[0], on=DAY)
    )
    s.meetings["planned"] = app.plan_meeting(
        s.coordinators[platform],
        MeetingKind.PLATFORM,
        DAY + timedelta(days=20),
        platform=platform,
        on=DAY,
    )
    s.meetings["status"], _ = s.joint_status(60, override_reason="the first one")
    return s.cast(platform, other=lonely)


def ripple() -> Ripple:
    return Ripple("a new contact", RippleKind.NEW_RELATIONSHIP, {"own_platform"}, DAY)


def bare_hypothesis() -> Goal:
    return Goal("a hunch", GoalKind.HYPOTHESIS, Horizon.LONG, "serves", "interviews")


def check() -> RealityCheck:
    return RealityCheck("fine", "none", False, "short", Recommendation.CONTINUE)


Refusal = tuple[str, type[DomainError], str, Callable[[Cast], object]]

REFUSALS: list[Refusal] = [
    # --- persons ---------------------------------------------------------------------------
    (
        "register_person",
        NotPermitted,
        "anchor",
        lambda w: w.app.register_person(
            "New", by=w.member, initiative=w.initiative, actor=w.actor_of(w.member)
        ),
    ),
    (
        "register_person",
        RuleViolation,
        "R-PII-1",
        lambda w: w.app.register_person(" ", by=w.anchor, initiative=w.initiative),
    ),
    (
        "update_contact",
        NotPermitted,
        "the person or the anchor",
        lambda w: w.app.update_contact(w.member, w.coordinator, phone="1"),
    ),
    (
        "update_contact",
        LifecycleViolation,
        "update_contact",
        lambda w: w.app.update_contact(w.anchor, w.s.forgotten[0], phone="1"),
    ),
    (
        "forget_person",
        NotPermitted,
        "the person or the anchor",
        lambda w: w.app.forget_person(w.member, w.coordinator),
    ),
    (
        "choose_language",
        NotPermitted,
        "the person or the anchor",
        lambda w: w.app.choose_language(w.member, w.coordinator, "en"),
    ),
    (
        "choose_language",
        RuleViolation,
        "R-NEWS-6",
        lambda w: w.app.choose_language(w.member, w.member, "sv"),
    ),
    (
        "index_forgotten_persons",
        NotPermitted,
        "anchor",
        lambda w: w.app.index_forgotten_persons(w.member, w.initiative),
    ),
    # --- initiative ------------------------------------------------------------------------
    (
        "found_initiative",
        NotPermitted,
        "registered person",
        lambda w: w.app.found_initiative(w.s.forgotten[0], "Again", "a challenge"),
    ),
    (
        "found_initiative",
        RuleViolation,
        "R-INIT-1",
        lambda w: w.app.found_initiative(w.auditor, "Nameless", " "),
    ),
    (
        "hold_establishment_workshop",
        LifecycleViolation,
        "hold_establishment_workshop",
        lambda w: w.app.hold_establishment_workshop(w.anchor, w.initiative),
    ),
    (
        "start_co_creation",
        LifecycleViolation,
        "start_co_creation",
        lambda w: w.app.start_co_creation(w.anchor, w.initiative),
    ),
    (
        "conclude_initiative",
        RuleViolation,
        "R-INIT-2",
        lambda w: w.app.conclude_initiative(w.anchor, w.initiative),
    ),
    (
        "hand_over_anchor",
        NotPermitted,
        "anchor",
        lambda w: w.app.hand_over_anchor(w.member, w.initiative, w.member),
    ),
    (
        "hand_over_anchor",
        NotFound,
        "person",
        lambda w: w.app.hand_over_anchor(w.anchor, w.initiative, w.s.forgotten[0]),
    ),
    (
        "change_policies",
        InvalidInput,
        "Policies.quorum_percent",
        lambda w: w.app.change_policies(w.anchor, w.initiative, Policies(quorum_percent=100)),
    ),
    (
        "register_actor",
        NotPermitted,
        "anchor",
        lambda w: w.app.register_actor(w.member, w.initiative, "Newcomer"),
    ),
    (
        "record_initiative_ripple",
        NotPermitted,
        "member or anchor",
        lambda w: w.app.record_initiative_ripple(w.auditor, w.initiative, ripple()),
    ),
    # --- platforms -------------------------------------------------------------------------
    (
        "establish_platform",
        RuleViolation,
        "R-ACT-4",
        lambda w: w.app.establish_platform(w.anchor, w.initiative, "Empty", []),
    ),
    (
        "establish_platform",
        NotPermitted,
        "anchor",
        lambda w: w.app.establish_platform(w.member, w.initiative, "Mine", [w.actor_of(w.member)]),
    ),
    (
        "onboard_actor",
        NotPermitted,
        "anchor",
        lambda w: w.app.onboard_actor(w.member, w.platform, w.actor_of(w.member)),
    ),
    (
        "hold_first_meeting",
        LifecycleViolation,
        "hold_first_meeting / hold_first_platform_meeting",
        lambda w: w.app.hold_first_meeting(w.coordinator, w.platform, "Again"),
    ),
    (
        "set_goals",
        LifecycleViolation,
        "set_goals / hold_goal_setting_meeting",
        lambda w: w.app.set_goals(w.coordinator, w.platform, [], w.consent()),
    ),
    (
        "describe_baseline",
        NotFound,
        "goal",
        lambda w: w.app.describe_baseline(w.member, w.platform, "G9", Baseline("x", 1)),
    ),
    (
        "record_goal_progress",
        RuleViolation,
        "R-GOAL-2",
        lambda w: w.app.record_goal_progress(w.member, w.platform, "G2", GoalProgress("up", DAY)),
    ),
    (
        "reach_goal",
        NotPermitted,
        "member or anchor",
        lambda w: w.app.reach_goal(w.outsider, w.platform, "G1"),
    ),
    (
        "add_goal",
        RuleViolation,
        "R-GOAL-3",
        lambda w: w.app.add_goal(w.member, w.platform, bare_hypothesis(), w.consent()),
    ),
    (
        "revise_goal",
        RuleViolation,
        "R-FLAT-4",
        lambda w: w.app.revise_goal(
            w.member, w.platform, w.app.get_platform(w.platform).goals["G1"].goal, Consent()
        ),
    ),
    (
        "drop_goal",
        RuleViolation,
        "R-GOAL-1",
        lambda w: w.app.drop_goal(w.member, w.platform, "G1", "why", w.consent()),
    ),
    (
        "put_on_standby",
        RuleViolation,
        "R-PLAT-4",
        lambda w: w.app.put_on_standby(w.member, w.platform, " ", "later", w.consent()),
    ),
    (
        "resume_platform",
        LifecycleViolation,
        "resume_platform",
        lambda w: w.app.resume_platform(w.member, w.platform, w.consent()),
    ),
    (
        "close_platform",
        RuleViolation,
        "R-PLAT-5",
        lambda w: w.app.close_platform(w.member, w.platform, ClosureReason.OTHER, "", w.consent()),
    ),
    (
        "merge_platforms",
        RuleViolation,
        "R-FLAT-3",
        lambda w: w.app.merge_platforms(
            w.outsider, w.other, w.platform, w.consent(w.other), Consent(consenting={w.member})
        ),
    ),
    (
        "merge_platforms",
        NotPermitted,
        "member",
        lambda w: w.app.merge_platforms(
            w.anchor, w.other, w.platform, w.consent(w.other), w.consent()
        ),
    ),
    (
        "join_actor",
        RuleViolation,
        "R-ACT-1",
        lambda w: w.app.join_actor(w.member, w.platform, w.actor_of(w.member), w.consent()),
    ),
    (
        "remove_actor",
        RuleViolation,
        "R-ACT-4",
        lambda w: w.app.remove_actor(
            w.outsider, w.other, w.actor_of(w.outsider), INACTIVE, w.consent(w.other)
        ),
    ),
    (
        "replace_actor",
        RuleViolation,
        "R-ACT-1",
        lambda w: w.app.replace_actor(
            w.member,
            w.platform,
            w.actor_of(w.coordinator),
            w.actor_of(w.member),
            INACTIVE,
            w.consent(),
        ),
    ),
    (
        "choose_coordinator",
        RuleViolation,
        "R-ACT-1",
        lambda w: w.app.choose_coordinator(
            w.member, w.platform, w.actor_of(w.member), w.coordinator, w.consent()
        ),
    ),
    (
        "record_ripple",
        NotPermitted,
        "member or anchor",
        lambda w: w.app.record_ripple(w.outsider, w.platform, ripple()),
    ),
    (
        "record_ripple",
        NotFound,
        "ripple",
        lambda w: w.app.record_ripple(w.member, w.platform, attrs.evolve(ripple(), corrects="R99")),
    ),
    # --- meetings --------------------------------------------------------------------------
    (
        "plan_meeting",
        NotPermitted,
        "coordinator",
        lambda w: w.app.plan_meeting(
            w.member, MeetingKind.PLATFORM, DAY + timedelta(days=9), platform=w.platform
        ),
    ),
    (
        "invite_meeting",
        NotPermitted,
        "coordinator",
        lambda w: w.app.invite_meeting(w.member, w.s.meetings["planned"]),
    ),
    (
        "reschedule_meeting",
        LifecycleViolation,
        "reschedule_meeting",
        lambda w: w.app.reschedule_meeting(w.coordinator, w.s.meetings["first"], DAY),
    ),
    (
        "add_agenda_item",
        LifecycleViolation,
        "add_agenda_item / add_guest_talk",
        lambda w: w.app.add_agenda_item(w.coordinator, w.s.meetings["first"], AgendaItem("late")),
    ),
    (
        "add_guest_talk",
        NotFound,
        "person",
        lambda w: w.app.add_guest_talk(
            w.anchor, w.s.meetings["status"], w.s.forgotten[0], "a talk"
        ),
    ),
    # --- the method cards (R-ACT-6, R-ACT-7, R-MEET-7, R-MEET-8, R-NEWS-5) ----------------
    (
        "record_backing",
        NotPermitted,
        "the anchor or a person of that actor",
        lambda w: w.app.record_backing(w.outsider, w.initiative, w.actor_of(w.member), "board"),
    ),
    (
        "attach_person",
        RuleViolation,
        "R-ACT-7",
        lambda w: w.app.attach_person(w.anchor, w.member, w.initiative, w.actor_of(w.outsider)),
    ),
    (
        "detach_person",
        RuleViolation,
        "R-ACT-7",
        lambda w: w.app.detach_person(w.anchor, w.auditor),
    ),
    (
        "record_overlap_review",
        NotPermitted,
        "anchor",
        lambda w: w.app.record_overlap_review(
            w.member,
            w.s.meetings["status"],
            OverlapReview({w.platform, w.other}, OverlapOutcome.NONE),
        ),
    ),
    (
        "record_presentation",
        RuleViolation,
        "R-MEET-8",
        lambda w: w.app.record_presentation(w.anchor, w.s.meetings["status"], w.platform),
    ),
    (
        "record_cross_platform_initiative",
        RuleViolation,
        "R-NEWS-5",
        lambda w: w.app.record_cross_platform_initiative(
            w.anchor, w.s.meetings["status"], "T", "D", [w.platform], CrossPlatformLead.NEW_PLATFORM
        ),
    ),
    (
        "cancel_meeting",
        LifecycleViolation,
        "cancel_meeting",
        lambda w: w.app.cancel_meeting(w.coordinator, w.s.meetings["first"], "too late"),
    ),
    (
        "hold_meeting",
        RuleViolation,
        "R-PLAT-2",
        lambda w: w.app.hold_meeting(w.coordinator, w.s.meetings["first"]),
    ),
    (
        "hold_first_platform_meeting",
        RuleViolation,
        "R-PLAT-2",
        lambda w: w.app.hold_first_platform_meeting(
            w.coordinator, w.s.meetings["planned"], "Focus"
        ),
    ),
    (
        "hold_goal_setting_meeting",
        RuleViolation,
        "R-FLAT-4",
        lambda w: w.app.hold_goal_setting_meeting(
            w.coordinator, w.s.meetings["planned"], [], w.consent()
        ),
    ),
    (
        "hold_joint_status_meeting",
        LifecycleViolation,
        "hold_meeting / hold_first_platform_meeting / hold_goal_setting_meeting"
        " / hold_joint_status_meeting",
        lambda w: w.app.hold_joint_status_meeting(
            w.anchor, w.s.meetings["status"], override_reason="x"
        ),
    ),
    (
        "convene_coordinator_meeting",
        NotPermitted,
        "anchor",
        lambda w: w.app.convene_coordinator_meeting(w.member, w.initiative, DAY),
    ),
    (
        "convene_joint_status_meeting",
        NotPermitted,
        "anchor",
        lambda w: w.app.convene_joint_status_meeting(w.member, w.initiative, DAY),
    ),
    (
        "hold_pre_meeting",
        NotPermitted,
        "anchor",
        lambda w: w.app.hold_pre_meeting(w.member, w.initiative, w.actor_of(w.outsider)),
    ),
    (
        "record_reality_check",
        NotPermitted,
        "coordinator",
        lambda w: w.app.record_reality_check(w.member, w.platform, check()),
    ),
    (
        "request_sparring",
        NotPermitted,
        "coordinator",
        lambda w: w.app.request_sparring(w.member, w.platform, "how to go on"),
    ),
    (
        "give_sparring",
        NotPermitted,
        "anchor",
        lambda w: w.app.give_sparring(w.member, w.platform, "S1", "advice"),
    ),
    (
        "propose_change",
        NotPermitted,
        "anchor",
        lambda w: w.app.propose_change(w.member, w.initiative, w.other, ChangeKind.CLOSE, "quiet"),
    ),
    (
        "decline_change",
        NotFound,
        "change proposal",
        lambda w: w.app.decline_change(w.member, w.initiative, "C9", w.consent()),
    ),
    (
        "update_poster",
        NotPermitted,
        "anchor",
        lambda w: w.app.update_poster(w.member, w.initiative),
    ),
    # --- newsletters -----------------------------------------------------------------------
    (
        "submit_newsletter_section",
        NotPermitted,
        "coordinator",
        lambda w: w.app.submit_newsletter_section(
            w.member, w.s.newsletters[0], w.platform, "progress", "hard"
        ),
    ),
    (
        "compile_newsletter",
        NotPermitted,
        "anchor",
        lambda w: w.app.compile_newsletter(w.member, w.s.newsletters[0]),
    ),
    (
        "publish_newsletter",
        LifecycleViolation,
        "publish_newsletter",
        lambda w: w.app.publish_newsletter(w.anchor, w.s.newsletters[0]),
    ),
    # --- newsletter delivery by e-mail (R-NEWS-6) --------------------------------------------
    (
        "queue_deliveries",
        NotPermitted,
        "anchor",
        lambda w: w.app.queue_deliveries(w.member, w.s.newsletters[0]),
    ),
    (
        "queue_deliveries",
        RuleViolation,
        "R-NEWS-6",
        lambda w: w.app.queue_deliveries(w.anchor, w.s.newsletters[0]),
    ),
    (
        "attempt_delivery",
        NotFound,
        "delivery",
        lambda w: w.app.attempt_delivery(w.anchor, UUID(int=6)),
    ),
    (
        "confirm_delivery",
        NotFound,
        "delivery",
        lambda w: w.app.confirm_delivery(w.anchor, UUID(int=6)),
    ),
    (
        "fail_delivery",
        NotFound,
        "delivery",
        lambda w: w.app.fail_delivery(w.anchor, UUID(int=6), "refused"),
    ),
]


def commands() -> set[str]:
    """Every command of the application: the methods wrapped by ``@command``."""
    return set(public_commands(CoCreation))


class TestRefusalsStoreNothing:
    """A refused command raises a DomainError and leaves the event store unchanged."""

    def test_the_table_covers_every_command(self) -> None:
        """Every command of CoCreation has at least one refusal in the table."""
        assert sorted(commands()) == sorted({name for name, *_ in REFUSALS})

    @pytest.mark.parametrize(
        "refusal", REFUSALS, ids=[f"{name}-{what}" for name, _, what, _ in REFUSALS]
    )
    def test_a_refused_command_stores_nothing(
        self, make_app: Callable[[], CoCreation], refusal: Refusal
    ) -> None:
        """R-AUTH-1 and every rule: a refused command is refused for the named reason, and the
        store's last notification is the same before and after, for every reader."""
        _, error, what, refuse = refusal
        app = make_app()
        w = world(app)
        before = app.recorder.max_notification_id()
        with pytest.raises(DomainError) as refused:
            refuse(w)
        assert (error.__name__, what) == (type(refused.value).__name__, refused.value.detail)
        assert (before, before) == (
            app.recorder.max_notification_id(),
            make_app().recorder.max_notification_id(),
        )
