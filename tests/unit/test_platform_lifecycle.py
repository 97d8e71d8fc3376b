"""The platform lifecycle: establishing, baselines, standby, closing, merging, stagnation.

R-PLAT-1, R-PLAT-3 .. R-PLAT-8 (DOMAIN.md "Platform lifecycle").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from uuid import UUID

import pytest

from cocreation_domain import (
    PLATFORM,
    ActorChangeReason,
    Baseline,
    Beneficiary,
    ClosureReason,
    CoCreation,
    Consent,
    GoalProgress,
    LifecycleViolation,
    NotPermitted,
    OnboardingTopic,
    Platform,
    Policies,
    Ripple,
    RippleKind,
    RuleViolation,
)
from cocreation_domain.model.flags import stagnating, standby_past_review
from cocreation_domain.testing import Scenario
from cocreation_domain.testing.history import initiative_ripples_of, ripples_of
from cocreation_domain.testing.scenario import sample_goals

DAY = date(2025, 1, 6)


def member(s: Scenario, platform: UUID) -> UUID:
    """The representative of the platform's first current actor."""
    return s.person_of(sorted(s.app.get_platform(platform).actors)[0])


def ripple(text: str = "the housing office met the youth club", on: date = DAY) -> Ripple:
    """A valid ripple."""
    return Ripple(text, RippleKind.NEW_RELATIONSHIP, {Beneficiary.OTHER_ACTORS}, on)


def standby(s: Scenario, platform: UUID, review_on: date | None = None) -> None:
    """Put ``platform`` on standby by every actor's consent."""
    s.app.put_on_standby(
        member(s, platform),
        platform,
        "awaiting the council's budget",
        "the anchor asks again in spring",
        s.consent(platform),
        review_on=review_on,
        on=s.today,
    )


def close(s: Scenario, platform: UUID) -> None:
    """Close ``platform`` by every actor's consent."""
    s.app.close_platform(
        member(s, platform),
        platform,
        ClosureReason.NO_LONGER_NEEDED,
        "the club takes over the evening walks",
        s.consent(platform),
        on=s.today,
    )


class TestEstablishingAfterCoCreationStarted:
    """R-PLAT-1: a platform established in phase 6 is the anchor's, and its actors are onboarded."""

    def test_only_the_anchor_establishes(self, app: CoCreation) -> None:
        """R-PLAT-1: a member establishing a new platform in phase 6 needs the anchor role."""
        s = Scenario.start(app)
        s.platform()
        s.start_co_creation()
        with pytest.raises(NotPermitted) as refused:
            app.establish_platform(s.person_of(s.actors[0]), s.initiative, "New", s.actors[:1])
        assert refused.value.role == "anchor"
        assert len(app.get_initiative(s.initiative).platforms) == 1

    def test_every_actor_awaits_onboarding(self, app: CoCreation) -> None:
        """R-PLAT-1: each actor of a platform established in phase 6 awaits onboarding."""
        s = Scenario.start(app)
        s.platform()
        s.start_co_creation()
        platform = s.platform(s.actors[:2], name="New")
        assert frozenset(s.actors[:2]) == app.get_platform(platform).pending_onboarding

    def test_a_workshop_platform_needs_no_onboarding(self, app: CoCreation) -> None:
        """R-PLAT-1: actors of a platform formed at the workshop already know the method."""
        s = Scenario.start(app)
        platform = s.platform()
        assert frozenset() == app.get_platform(platform).pending_onboarding

    def test_first_meeting_waits_for_onboarding(self, app: CoCreation) -> None:
        """R-PLAT-1: the platform cannot leave ``established`` before every actor is onboarded."""
        s = Scenario.start(app)
        s.platform()
        s.start_co_creation()
        platform = s.platform(s.actors[:2], name="New")
        coordinator = s.coordinate(platform)
        app.onboard_actor(s.anchor, platform, s.actors[0], on=DAY)
        with pytest.raises(RuleViolation) as refused:
            app.hold_first_meeting(coordinator, platform, "Safer streets", on=DAY)
        assert refused.value.rule == "R-PLAT-1"
        the_platform = app.get_platform(platform)
        assert (the_platform.state, the_platform.pending_onboarding) == (
            "established",
            frozenset({s.actors[1]}),
        )
        app.onboard_actor(s.anchor, platform, s.actors[1], on=DAY)
        app.hold_first_meeting(coordinator, platform, "Safer streets", on=DAY)
        assert app.get_platform(platform).state == "focused"

    def test_onboarding_covers_every_topic(self, app: CoCreation) -> None:
        """R-PLAT-1: onboarding introduces the method, the common challenge and the platform."""
        s = Scenario.start(app)
        s.platform()
        s.start_co_creation()
        platform = s.platform(s.actors[:1], name="New")
        partial = {OnboardingTopic.METHOD, OnboardingTopic.COMMON_CHALLENGE}
        with pytest.raises(RuleViolation) as refused:
            app.onboard_actor(s.anchor, platform, s.actors[0], partial, on=DAY)
        assert refused.value.rule == "R-PLAT-1"
        assert frozenset(s.actors[:1]) == app.get_platform(platform).pending_onboarding

    def test_only_the_anchor_onboards(self, app: CoCreation) -> None:
        """R-PLAT-1: onboarding is the anchor's work; a member is refused."""
        s = Scenario.start(app)
        s.platform()
        s.start_co_creation()
        platform = s.platform(s.actors[:1], name="New")
        with pytest.raises(NotPermitted) as refused:
            app.onboard_actor(s.person_of(s.actors[0]), platform, s.actors[0], on=DAY)
        assert refused.value.role == "anchor"

    def test_an_actor_joining_in_phase_6_awaits_onboarding(self, app: CoCreation) -> None:
        """R-PLAT-1: an actor joining a still-established platform in phase 6 is onboarded first."""
        s = Scenario.start(app)
        platform = s.platform(s.actors[:2])
        s.start_co_creation()
        app.join_actor(member(s, platform), platform, s.actors[2], s.consent(platform), on=DAY)
        coordinator = s.coordinate(platform)
        with pytest.raises(RuleViolation) as refused:
            app.hold_first_meeting(coordinator, platform, "Safer streets", on=DAY)
        assert refused.value.rule == "R-PLAT-1"
        assert frozenset({s.actors[2]}) == app.get_platform(platform).pending_onboarding


class TestBecomingActive:
    """R-PLAT-3: the platform becomes active once every current goal has a baseline."""

    def test_active_with_the_last_baseline(self, app: CoCreation) -> None:
        """R-PLAT-3: with all but one goal baselined the platform stays ``goals_set``."""
        s = Scenario.start(app)
        platform = s.platform()
        keys = s.with_goals(platform, 3)
        who = member(s, platform)
        for key in keys[:-1]:
            app.describe_baseline(who, platform, key, Baseline("as things stood", 4), on=DAY)
            assert app.get_platform(platform).state == "goals_set"
        app.describe_baseline(who, platform, keys[-1], Baseline("as things stood", 4), on=DAY)
        assert app.get_platform(platform).state == "active"

    def test_the_anchor_may_describe_a_baseline(self, app: CoCreation) -> None:
        """R-PLAT-3: the anchor records baselines too, and they count."""
        s = Scenario.start(app)
        platform = s.platform()
        keys = s.with_goals(platform, 3)
        for key in keys:
            app.describe_baseline(s.anchor, platform, key, Baseline("before", 1), on=DAY)
        the_platform = app.get_platform(platform)
        assert the_platform.state == "active"
        assert {k: Baseline("before", 1) for k in keys} == {
            k: r.baseline for k, r in the_platform.goals.items()
        }

    def test_a_new_goal_needs_its_baseline(self, app: CoCreation) -> None:
        """R-PLAT-3: adding a goal to an active platform returns it to ``goals_set``."""
        s = Scenario.start(app)
        platform = s.platform()
        s.active(platform, 3)
        key = app.add_goal(member(s, platform), platform, sample_goals(1)[0], s.consent(platform))
        assert app.get_platform(platform).state == "goals_set"
        app.describe_baseline(member(s, platform), platform, key, Baseline("start"), on=DAY)
        assert app.get_platform(platform).state == "active"

    def test_dropping_the_unbaselined_goal_activates(self, app: CoCreation) -> None:
        """R-PLAT-3: dropping the one goal without a baseline activates the platform."""
        s = Scenario.start(app)
        platform = s.platform()
        keys = s.with_goals(platform, 4)
        who = member(s, platform)
        for key in keys[:-1]:
            app.describe_baseline(who, platform, key, Baseline("before", 2), on=DAY)
        app.drop_goal(who, platform, keys[-1], "out of reach", s.consent(platform), on=DAY)
        assert app.get_platform(platform).state == "active"

    def test_a_baseline_needs_a_description(self, app: CoCreation) -> None:
        """R-PLAT-3: a baseline says how things stood; an empty one is refused."""
        s = Scenario.start(app)
        platform = s.platform()
        keys = s.with_goals(platform, 3)
        with pytest.raises(RuleViolation) as refused:
            app.describe_baseline(member(s, platform), platform, keys[0], Baseline("  ", 3))
        assert refused.value.rule == "R-PLAT-3"
        assert app.get_platform(platform).goals[keys[0]].baseline is None


class TestStandby:
    """R-PLAT-4: standby gives a reason; a standby past its review date is flagged."""

    def test_the_reason_is_required(self, app: CoCreation) -> None:
        """R-PLAT-4: a standby without a reason is refused and the platform stays as it was."""
        s = Scenario.start(app)
        platform = s.platform()
        with pytest.raises(RuleViolation) as refused:
            app.put_on_standby(
                member(s, platform), platform, " ", "the anchor follows up", s.consent(platform)
            )
        assert refused.value.rule == "R-PLAT-4"
        assert app.get_platform(platform).state == "established"

    def test_records_reason_review_date_and_aftercare(self, app: CoCreation) -> None:
        """R-PLAT-4: the standby's reason, review date and what happens next are recorded."""
        s = Scenario.start(app)
        platform = s.platform()
        standby(s, platform, review_on=DAY + timedelta(days=60))
        the_platform = app.get_platform(platform)
        assert (
            the_platform.state,
            the_platform.standby_from,
            the_platform.standby_reason,
            the_platform.standby_review_on,
            the_platform.aftercare,
        ) == (
            "standby",
            "established",
            "awaiting the council's budget",
            DAY + timedelta(days=60),
            "the anchor asks again in spring",
        )

    @pytest.mark.parametrize("left", ["established", "focused", "goals_set", "active"])
    def test_resume_returns_to_the_state_left(self, app: CoCreation, left: str) -> None:
        """R-PLAT-4: resuming returns the platform to the state it left for standby."""
        s = Scenario.start(app)
        platform = s.platform()
        prepare: dict[str, Callable[[UUID], object]] = {
            "established": lambda p: None,
            "focused": s.focused,
            "goals_set": s.with_goals,
            "active": s.active,
        }
        prepare[left](platform)
        standby(s, platform, review_on=DAY + timedelta(days=30))
        app.resume_platform(member(s, platform), platform, s.consent(platform), on=DAY)
        the_platform = app.get_platform(platform)
        assert (left, None, None) == (
            the_platform.state,
            the_platform.standby_from,
            the_platform.standby_review_on,
        )

    def test_resume_only_from_standby(self, app: CoCreation) -> None:
        """R-PLAT-4: a platform not on standby cannot resume; the error lists its triggers."""
        s = Scenario.start(app)
        platform = s.platform()
        with pytest.raises(LifecycleViolation) as refused:
            app.resume_platform(member(s, platform), platform, s.consent(platform))
        assert PLATFORM.allowed_triggers("established") == refused.value.allowed
        assert "resume" not in refused.value.allowed

    def test_flagged_after_the_review_date(self, app: CoCreation) -> None:
        """R-PLAT-4: a standby is flagged the day after its review date, as due on that date."""
        s = Scenario.start(app)
        platform = s.platform()
        review = DAY + timedelta(days=60)
        standby(s, platform, review_on=review)
        the_platform = app.get_platform(platform)
        assert standby_past_review(the_platform, review) is None
        assert review == standby_past_review(the_platform, review + timedelta(days=1))

    def test_not_flagged_without_a_review_date_or_after_resuming(self, app: CoCreation) -> None:
        """R-PLAT-4: only a standby with a review date that has passed is flagged."""
        s = Scenario.start(app)
        undated, resumed = s.platform(name="A"), s.platform(name="B")
        standby(s, undated)
        standby(s, resumed, review_on=DAY + timedelta(days=1))
        app.resume_platform(member(s, resumed), resumed, s.consent(resumed), on=DAY)
        much_later = DAY + timedelta(days=400)
        assert standby_past_review(app.get_platform(undated), much_later) is None
        assert standby_past_review(app.get_platform(resumed), much_later) is None


class TestAftercare:
    """R-PLAT-5: closing or standby says what happens next."""

    def test_closing_needs_aftercare(self, app: CoCreation) -> None:
        """R-PLAT-5: a platform cannot close without saying what happens next."""
        s = Scenario.start(app)
        platform = s.platform()
        with pytest.raises(RuleViolation) as refused:
            app.close_platform(
                member(s, platform), platform, ClosureReason.OTHER, "   ", s.consent(platform)
            )
        assert refused.value.rule == "R-PLAT-5"
        assert app.get_platform(platform).state == "established"

    def test_standby_needs_aftercare(self, app: CoCreation) -> None:
        """R-PLAT-5: a platform cannot go on standby without saying what happens next."""
        s = Scenario.start(app)
        platform = s.platform()
        with pytest.raises(RuleViolation) as refused:
            app.put_on_standby(
                member(s, platform), platform, "awaiting budget", "", s.consent(platform)
            )
        assert refused.value.rule == "R-PLAT-5"
        assert app.get_platform(platform).state == "established"

    @pytest.mark.parametrize("reason", list(ClosureReason))
    def test_closing_records_reason_and_aftercare(
        self, app: CoCreation, reason: ClosureReason
    ) -> None:
        """R-PLAT-5: a closed platform records why it closed and what happens next."""
        s = Scenario.start(app)
        platform = s.platform()
        app.close_platform(member(s, platform), platform, reason, "hand over", s.consent(platform))
        the_platform = app.get_platform(platform)
        assert (the_platform.state, the_platform.closure_reason, the_platform.aftercare) == (
            "closed",
            reason,
            "hand over",
        )


class TestMerging:
    """R-PLAT-6: a platform merges into an open platform of the same initiative."""

    def two_platforms(self, app: CoCreation) -> tuple[Scenario, UUID, UUID]:
        s = Scenario.start(app, actors=4)
        source = s.platform(s.actors[:2], name="Source")
        target = s.platform(s.actors[1:3], name="Target")
        return s, source, target

    def merge(self, s: Scenario, source: UUID, target: UUID) -> None:
        s.app.merge_platforms(
            member(s, source), source, target, s.consent(source), s.consent(target), on=s.today
        )

    def test_actors_join_the_target_unless_already_there(self, app: CoCreation) -> None:
        """R-PLAT-6: the source's actors join the target; shared actors are not doubled."""
        s, source, target = self.two_platforms(app)
        self.merge(s, source, target)
        the_source, the_target = app.get_platform(source), app.get_platform(target)
        assert (the_source.state, the_source.merged_into) == ("merged", target)
        assert frozenset(s.actors[:3]) == the_target.actors
        assert frozenset({source}) == the_target.absorbed
        newcomers = [e.actors for e in app.events.get(target) if isinstance(e, Platform.Absorbed)]
        assert [frozenset({s.actors[0]})] == newcomers

    def test_goals_and_ripples_stay_with_the_source(self, app: CoCreation) -> None:
        """R-PLAT-6: the source's goals and ripples stay in its own history."""
        s, source, target = self.two_platforms(app)
        keys = s.active(source)
        app.record_ripple(member(s, source), source, ripple(), on=DAY)
        before = app.get_platform(source), ripples_of(app, source)
        self.merge(s, source, target)
        after, the_target = app.get_platform(source), app.get_platform(target)
        assert (before[0].goals, before[1]) == (after.goals, ripples_of(app, source))
        assert keys == sorted(after.goals)
        assert (the_target.goals, ripples_of(app, target)) == ({}, {})

    @pytest.mark.parametrize("target_state", ["closed", "merged", "standby"])
    def test_the_target_must_be_open_and_working(self, app: CoCreation, target_state: str) -> None:
        """R-PLAT-6: a closed, merged or standby target is refused; neither platform changes."""
        s, source, target = self.two_platforms(app)
        if target_state == "closed":
            close(s, target)
        elif target_state == "standby":
            standby(s, target)
        else:
            elsewhere = s.platform(s.actors[3:], name="Elsewhere")
            self.merge(s, target, elsewhere)
        before = app.get_platform(source), app.get_platform(target)
        with pytest.raises(RuleViolation) as refused:
            self.merge(s, source, target)
        assert refused.value.rule == "R-PLAT-6"
        assert before == (app.get_platform(source), app.get_platform(target))

    def test_the_target_must_be_in_the_same_initiative(self, app: CoCreation) -> None:
        """R-PLAT-6: a platform of another initiative cannot absorb this one."""
        s, source, _ = self.two_platforms(app)
        other = Scenario.start(app)
        foreign = other.platform()
        with pytest.raises(RuleViolation) as refused:
            app.merge_platforms(
                member(s, source), source, foreign, s.consent(source), other.consent(foreign)
            )
        assert refused.value.rule == "R-PLAT-6"
        assert app.get_platform(source).state == "established"

    def test_a_platform_cannot_merge_into_itself(self, app: CoCreation) -> None:
        """R-PLAT-6: the target is another platform."""
        s, source, _ = self.two_platforms(app)
        with pytest.raises(RuleViolation) as refused:
            self.merge(s, source, source)
        assert refused.value.rule == "R-PLAT-6"

    def test_both_platforms_decide(self, app: CoCreation) -> None:
        """R-PLAT-6: without the target's consent the source is not merged either."""
        s, source, target = self.two_platforms(app)
        with pytest.raises(RuleViolation) as refused:
            app.merge_platforms(member(s, source), source, target, s.consent(source), Consent())
        assert refused.value.rule in {"R-FLAT-3", "R-FLAT-4"}
        assert ("established", frozenset(s.actors[1:3])) == (
            app.get_platform(source).state,
            app.get_platform(target).actors,
        )


class TestClosedAndMergedPlatforms:
    """R-PLAT-7: nothing but ripples-on-the-initiative and reads happens to a finished platform."""

    @pytest.fixture(params=["closed", "merged"])
    def finished(self, request: pytest.FixtureRequest, app: CoCreation) -> tuple[Scenario, UUID]:
        s = Scenario.start(app, actors=4)
        platform = s.platform(s.actors[:3])
        s.active(platform, 3)  # at the minimum: dropping a goal would break R-GOAL-1 too
        if request.param == "closed":
            close(s, platform)
        else:
            other = s.platform(s.actors[3:], name="Other")
            app.merge_platforms(
                member(s, platform), platform, other, s.consent(platform), s.consent(other)
            )
        return s, platform

    def commands(self, s: Scenario, p: UUID) -> dict[str, Callable[[], object]]:
        """Every platform command, issued by someone who could otherwise issue it."""
        app, who = s.app, member(s, p)
        coordinator = app.get_platform(p).coordinator
        assert coordinator is not None
        consent = s.consent(p)
        goal = sample_goals(1)[0]
        revised = app.get_platform(p).goals["G1"].goal
        extra = s.add_actor("Extra")
        return {
            "onboard_actor": lambda: app.onboard_actor(s.anchor, p, s.actors[0]),
            "hold_first_meeting": lambda: app.hold_first_meeting(coordinator.person, p, "Again"),
            "set_goals": lambda: app.set_goals(who, p, sample_goals(3), consent),
            "describe_baseline": lambda: app.describe_baseline(who, p, "G1", Baseline("x", 1)),
            "record_goal_progress": lambda: app.record_goal_progress(
                who, p, "G2", GoalProgress("more reports", DAY, 3)
            ),
            "reach_goal": lambda: app.reach_goal(who, p, "G1"),
            "add_goal": lambda: app.add_goal(who, p, goal, consent),
            "revise_goal": lambda: app.revise_goal(who, p, revised, consent),
            "drop_goal": lambda: app.drop_goal(who, p, "G1", "done", consent),
            "put_on_standby": lambda: app.put_on_standby(who, p, "pause", "wait", consent),
            "resume_platform": lambda: app.resume_platform(who, p, consent),
            "close_platform": lambda: app.close_platform(
                who, p, ClosureReason.OTHER, "none", consent
            ),
            "join_actor": lambda: app.join_actor(who, p, extra, consent),
            "remove_actor": lambda: app.remove_actor(
                who, p, s.actors[1], ActorChangeReason.INACTIVE, consent
            ),
            "replace_actor": lambda: app.replace_actor(
                who, p, s.actors[1], extra, ActorChangeReason.INACTIVE, consent
            ),
            "choose_coordinator": lambda: app.choose_coordinator(
                who, p, s.actors[2], s.person_of(s.actors[2]), consent
            ),
            "record_ripple": lambda: app.record_ripple(who, p, ripple()),
        }

    def test_every_platform_command_is_refused(
        self, app: CoCreation, finished: tuple[Scenario, UUID]
    ) -> None:
        """R-PLAT-7: every command on a closed or merged platform is a lifecycle violation."""
        s, platform = finished
        before = app.get_platform(platform)
        for name, issue in self.commands(s, platform).items():
            with pytest.raises(LifecycleViolation) as refused:
                issue()
            assert (name, ()) == (name, refused.value.allowed)
        assert before == app.get_platform(platform)

    def test_it_cannot_absorb_another_platform(
        self, app: CoCreation, finished: tuple[Scenario, UUID]
    ) -> None:
        """R-PLAT-7: a finished platform is no merge target (R-PLAT-6)."""
        s, platform = finished
        newcomer = s.platform(s.actors[3:], name="Newcomer")
        with pytest.raises(RuleViolation) as refused:
            app.merge_platforms(
                member(s, newcomer), newcomer, platform, s.consent(newcomer), s.consent(platform)
            )
        assert refused.value.rule == "R-PLAT-6"

    def test_ripples_on_the_initiative_and_reads_go_on(
        self, app: CoCreation, finished: tuple[Scenario, UUID]
    ) -> None:
        """R-PLAT-7: ripples on the initiative are still recorded and the platform still reads."""
        s, platform = finished
        key = app.record_initiative_ripple(member(s, platform), s.initiative, ripple(), on=DAY)
        assert ripple().description == initiative_ripples_of(app, s.initiative)[key].description
        assert len(app.get_platform(platform).goals) == 3


class TestStagnation:
    """R-PLAT-8: a platform without activity for longer than the policy is flagged."""

    def activities(self, s: Scenario, p: UUID) -> dict[str, Callable[[], object]]:
        """Activity: meetings (first and goal-setting), goal progress, reaching a goal, ripples."""
        app, who = s.app, member(s, p)
        return {
            "first meeting": lambda: s.focused(p),
            "goal-setting meeting": lambda: s.with_goals(p),
            "goal progress": lambda: app.record_goal_progress(
                who, p, "G1", GoalProgress("two new volunteers", s.today), on=s.today
            ),
            "goal reached": lambda: app.reach_goal(who, p, "G1", on=s.today),
            "ripple": lambda: app.record_ripple(who, p, ripple(on=s.today), on=s.today),
        }

    def test_established_on_starts_the_clock(self, app: CoCreation) -> None:
        """R-PLAT-8: a new platform's last activity is the day it was established."""
        s = Scenario.start(app)
        s.today = DAY + timedelta(days=5)
        platform = s.platform()
        assert DAY + timedelta(days=5) == app.get_platform(platform).last_activity_on

    @pytest.mark.parametrize(
        "activity", ["first meeting", "goal-setting meeting", "goal progress", "goal reached"]
    )
    def test_activity_is_recorded(self, app: CoCreation, activity: str) -> None:
        """R-PLAT-8: meetings and goal progress move the platform's last activity to their date."""
        s = Scenario.start(app)
        platform = s.platform()
        if activity in {"goal progress", "goal reached"}:
            s.active(platform)
        s.later(40)
        self.activities(s, platform)[activity]()
        assert s.today == app.get_platform(platform).last_activity_on

    def test_a_ripple_is_activity(self, app: CoCreation) -> None:
        """R-PLAT-8: recording a ripple moves the platform's last activity to its date."""
        s = Scenario.start(app)
        platform = s.platform()
        s.later(40)
        self.activities(s, platform)["ripple"]()
        assert s.today == app.get_platform(platform).last_activity_on

    def test_other_changes_are_not_activity(self, app: CoCreation) -> None:
        """R-PLAT-8: actor changes, coordinator choice, onboarding, baselines and goal decisions
        leave the last activity where it was."""
        s = Scenario.start(app, actors=4)
        platform = s.platform(s.actors[:3])
        keys = s.with_goals(platform, 4)
        quiet_since = s.today
        who = s.person_of(s.actors[0])  # stays on the platform while actors[2] leaves
        s.later(50)
        app.describe_baseline(who, platform, keys[0], Baseline("start", 1), on=s.today)
        app.join_actor(who, platform, s.actors[3], s.consent(platform), on=s.today)
        app.onboard_actor(s.anchor, platform, s.actors[3], on=s.today)
        app.choose_coordinator(
            who, platform, s.actors[3], s.person_of(s.actors[3]), s.consent(platform), on=s.today
        )
        app.remove_actor(
            who, platform, s.actors[2], ActorChangeReason.INACTIVE, s.consent(platform), on=s.today
        )
        revised = app.get_platform(platform).goals[keys[1]].goal
        app.revise_goal(who, platform, revised, s.consent(platform), on=s.today)
        app.drop_goal(who, platform, keys[3], "merged into G1", s.consent(platform), on=s.today)
        standby(s, platform)
        assert quiet_since == app.get_platform(platform).last_activity_on

    def test_resuming_restarts_the_clock(self, app: CoCreation) -> None:
        """R-PLAT-8: a platform back from standby is not flagged for the time it was paused."""
        s = Scenario.start(app)
        platform = s.platform()
        standby(s, platform)
        back = s.later(200)
        app.resume_platform(member(s, platform), platform, s.consent(platform), on=back)
        assert back == app.get_platform(platform).last_activity_on

    def test_flagged_after_the_policy(self, app: CoCreation) -> None:
        """R-PLAT-8: after 90 quiet days (the default) a platform is flagged, due since day 90."""
        s = Scenario.start(app)
        platform = s.platform()
        the_platform = app.get_platform(platform)
        policies = Policies()
        assert stagnating(the_platform, DAY + timedelta(days=90), policies) is None
        actual = stagnating(the_platform, DAY + timedelta(days=91), policies)
        assert DAY + timedelta(days=90) == actual

    def test_activity_clears_the_flag(self, app: CoCreation) -> None:
        """R-PLAT-8: a ripple on day 80 keeps the platform from stagnating on day 100."""
        s = Scenario.start(app)
        platform = s.platform()
        s.later(80)
        app.record_ripple(member(s, platform), platform, ripple(on=s.today), on=s.today)
        assert stagnating(app.get_platform(platform), DAY + timedelta(days=100), Policies()) is None

    def test_the_policy_is_overridable(self, app: CoCreation) -> None:
        """R-PLAT-8: an initiative with a 30-day policy flags a platform quiet for 31 days."""
        s = Scenario.start(app)
        platform = s.platform()
        policies = Policies(stagnation_days=30)
        actual = stagnating(app.get_platform(platform), DAY + timedelta(days=31), policies)
        assert DAY + timedelta(days=30) == actual

    def test_standby_and_finished_platforms_do_not_stagnate(self, app: CoCreation) -> None:
        """R-PLAT-8: a paused, closed or merged platform is never flagged as stagnating."""
        s = Scenario.start(app, actors=3)
        paused, closed = s.platform(name="Paused"), s.platform(name="Closed")
        merged, target = s.platform(name="Merged"), s.platform(name="Target")
        standby(s, paused)
        close(s, closed)
        app.merge_platforms(
            member(s, merged), merged, target, s.consent(merged), s.consent(target), on=DAY
        )
        much_later = DAY + timedelta(days=365)
        for platform in (paused, closed, merged):
            assert stagnating(app.get_platform(platform), much_later, Policies()) is None
        assert stagnating(app.get_platform(target), much_later, Policies()) is not None
