"""Goals and baselines (Card 5): count, kinds, horizons (R-GOAL-1..4)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocreation_domain import (
    Baseline,
    CoCreation,
    Goal,
    GoalKind,
    GoalProgress,
    GoalStatus,
    Horizon,
    LifecycleViolation,
    Policies,
    RuleViolation,
)
from cocreation_domain.testing import Scenario
from cocreation_domain.testing.history import progress_of
from cocreation_domain.testing.scenario import sample_goals

DAY = date(2025, 1, 6)


def goal(
    kind: GoalKind = GoalKind.QUALITATIVE, horizon: Horizon = Horizon.SHORT, **extra: str
) -> Goal:
    """A goal of ``kind`` with everything its kind needs, overridden by ``extra``."""
    needs: dict[str, str] = {
        GoalKind.QUALITATIVE: {},
        GoalKind.QUANTITATIVE: {"indicator": "reported burglaries", "unit": "per month"},
        GoalKind.HYPOTHESIS: {"argument": "lit paths feel safer", "weaknesses": "few data"},
    }[kind]
    fields: dict[str, str] = {
        "title": f"a {kind} goal",
        "serves_challenge": "fewer young people drift into crime",
        "evaluation": "statistics and interviews",
        **needs,
        **extra,
    }
    return Goal(kind=kind, horizon=horizon, **fields)


def focused(app: CoCreation) -> tuple[Scenario, UUID, UUID]:
    """A focused platform of three actors, and the person who speaks for its first actor."""
    s = Scenario.start(app)
    platform = s.platform()
    s.focused(platform)
    return s, platform, s.person_of(sorted(app.get_platform(platform).actors)[0])


def refusal(s: Scenario, platform: UUID, by: UUID, goals: list[Goal]) -> str:
    """Set ``goals`` expecting a refusal; returns its rule id and checks nothing was set."""
    with pytest.raises(RuleViolation) as refused:
        s.app.set_goals(by, platform, goals, s.consent(platform), on=DAY)
    the_platform = s.app.get_platform(platform)
    assert (the_platform.state, the_platform.goals) == ("focused", {})
    return refused.value.rule


class TestGoalCount:
    """R-GOAL-1: a platform has 3 to 5 current goals from ``GoalsSet`` on."""

    @pytest.mark.parametrize("count", [0, 1, 2, 6, 7])
    def test_refused_outside_three_to_five(self, app: CoCreation, count: int) -> None:
        """R-GOAL-1: fewer than 3 or more than 5 goals are refused."""
        s, platform, by = focused(app)
        assert refusal(s, platform, by, sample_goals(count)) == "R-GOAL-1"

    @pytest.mark.parametrize("count", [3, 4, 5])
    def test_three_to_five_are_set(self, app: CoCreation, count: int) -> None:
        """R-GOAL-1: 3, 4 or 5 valid goals are set with stable keys G1 … Gn."""
        s, platform, by = focused(app)
        keys = app.set_goals(by, platform, sample_goals(count), s.consent(platform), on=DAY)
        the_platform = app.get_platform(platform)
        expected = [f"G{i}" for i in range(1, count + 1)]
        assert (expected, "goals_set") == (keys, the_platform.state)
        assert [g.title for g in sample_goals(count)] == [
            the_platform.goals[k].goal.title for k in keys
        ]

    def test_the_range_follows_the_policy(self, app: CoCreation) -> None:
        """R-GOAL-1: an initiative's policy of 2-4 goals accepts 2 and refuses 5."""
        s = Scenario.start(app)
        app.change_policies(s.anchor, s.initiative, Policies(goals_min=2, goals_max=4), on=DAY)
        platform = s.platform()
        s.focused(platform)
        by = s.person_of(s.actors[0])
        assert refusal(s, platform, by, sample_goals(5)) == "R-GOAL-1"
        app.set_goals(by, platform, sample_goals(2), s.consent(platform), on=DAY)
        assert len(app.get_platform(platform).current_goals) == 2

    def test_goals_are_set_once_focused(self, app: CoCreation) -> None:
        """R-GOAL-1: goals are set at the second meeting, after the focus is made concrete."""
        s = Scenario.start(app)
        platform = s.platform()
        with pytest.raises(LifecycleViolation) as refused:
            app.set_goals(s.person_of(s.actors[0]), platform, sample_goals(3), s.consent(platform))
        assert (refused.value.state, refused.value.trigger) == ("established", "set_goals")

    def test_adding_beyond_five_is_refused(self, app: CoCreation) -> None:
        """R-GOAL-1: a revision that adds a sixth goal is refused."""
        s = Scenario.start(app)
        platform = s.platform()
        s.with_goals(platform, 5)
        with pytest.raises(RuleViolation) as refused:
            app.add_goal(s.person_of(s.actors[0]), platform, goal(), s.consent(platform))
        assert refused.value.rule == "R-GOAL-1"
        assert len(app.get_platform(platform).goals) == 5

    def test_dropping_below_three_is_refused(self, app: CoCreation) -> None:
        """R-GOAL-1: a revision that leaves two current goals is refused; the goal stays."""
        s = Scenario.start(app)
        platform = s.platform()
        keys = s.with_goals(platform, 3)
        with pytest.raises(RuleViolation) as refused:
            app.drop_goal(s.person_of(s.actors[0]), platform, keys[0], "why", s.consent(platform))
        assert refused.value.rule == "R-GOAL-1"
        assert app.get_platform(platform).goals[keys[0]].status == GoalStatus.CURRENT

    def test_a_reached_goal_still_counts(self, app: CoCreation) -> None:
        """R-GOAL-1: a reached goal stays current, so dropping another of three is refused."""
        s = Scenario.start(app)
        platform = s.platform()
        keys = s.active(platform, 3)
        by = s.person_of(s.actors[0])
        app.reach_goal(by, platform, keys[0], on=DAY)
        assert len(app.get_platform(platform).current_goals) == 3
        with pytest.raises(RuleViolation) as refused:
            app.drop_goal(by, platform, keys[1], "done elsewhere", s.consent(platform))
        assert refused.value.rule == "R-GOAL-1"

    def test_a_dropped_goal_stays_in_history(self, app: CoCreation) -> None:
        """R-GOAL-1: a dropped goal leaves three current goals and stays on record."""
        s = Scenario.start(app)
        platform = s.platform()
        keys = s.with_goals(platform, 4)
        app.drop_goal(s.person_of(s.actors[0]), platform, keys[3], "no data", s.consent(platform))
        the_platform = app.get_platform(platform)
        assert (keys[:3], GoalStatus.DROPPED) == (
            sorted(the_platform.current_goals),
            the_platform.goals[keys[3]].status,
        )

    def test_a_goal_serves_the_common_challenge(self, app: CoCreation) -> None:
        """R-GOAL-1: every goal says how it serves the common challenge."""
        s, platform, by = focused(app)
        goals = [*sample_goals(2), goal(horizon=Horizon.LONG, serves_challenge=" ")]
        assert refusal(s, platform, by, goals) == "R-GOAL-1"


class TestQuantitativeGoals:
    """R-GOAL-2: a quantitative goal names indicator and unit; its baseline carries a number."""

    @pytest.mark.parametrize("missing", ["indicator", "unit"])
    def test_indicator_and_unit_are_required(self, app: CoCreation, missing: str) -> None:
        """R-GOAL-2: a quantitative goal without its indicator or unit is refused."""
        s, platform, by = focused(app)
        vague = goal(GoalKind.QUANTITATIVE, Horizon.LONG, **{missing: ""})
        assert refusal(s, platform, by, [*sample_goals(2), vague]) == "R-GOAL-2"

    def test_the_baseline_carries_a_number(self, app: CoCreation) -> None:
        """R-GOAL-2: a baseline without a number is refused for a quantitative goal."""
        s = Scenario.start(app)
        platform = s.platform()
        keys = s.with_goals(platform, 3)
        quantitative = next(
            k for k in keys if app.get_platform(platform).goals[k].goal.kind == "quantitative"
        )
        by = s.person_of(s.actors[0])
        with pytest.raises(RuleViolation) as refused:
            app.describe_baseline(by, platform, quantitative, Baseline("about the same"))
        assert refused.value.rule == "R-GOAL-2"
        assert app.get_platform(platform).goals[quantitative].baseline is None
        app.describe_baseline(by, platform, quantitative, Baseline("twelve a month", 12))
        assert Baseline("twelve a month", 12) == (
            app.get_platform(platform).goals[quantitative].baseline
        )

    def test_a_qualitative_baseline_needs_no_number(self, app: CoCreation) -> None:
        """R-GOAL-2: only quantitative goals need a number in their baseline."""
        s = Scenario.start(app)
        platform = s.platform()
        keys = s.with_goals(platform, 3)
        qualitative = next(
            k for k in keys if app.get_platform(platform).goals[k].goal.kind == "qualitative"
        )
        app.describe_baseline(s.anchor, platform, qualitative, Baseline("few meeting places"))
        assert (
            Baseline("few meeting places") == app.get_platform(platform).goals[qualitative].baseline
        )

    def test_progress_on_a_quantitative_goal_carries_a_number(self, app: CoCreation) -> None:
        """R-GOAL-2: an observation of a quantitative goal without a value is refused."""
        s = Scenario.start(app)
        platform = s.platform()
        keys = s.active(platform, 3)
        quantitative = next(
            k for k in keys if app.get_platform(platform).goals[k].goal.kind == "quantitative"
        )
        by = s.person_of(s.actors[0])
        with pytest.raises(RuleViolation) as refused:
            app.record_goal_progress(by, platform, quantitative, GoalProgress("fewer", DAY))
        assert refused.value.rule == "R-GOAL-2"
        app.record_goal_progress(by, platform, quantitative, GoalProgress("fewer", DAY, 9))
        assert (GoalProgress("fewer", DAY, 9),) == (progress_of(app, platform)[quantitative])

    def test_a_revision_keeps_the_baseline_valid(self, app: CoCreation) -> None:
        """R-GOAL-2: revising a goal to quantitative is refused while its baseline has no number."""
        s = Scenario.start(app)
        platform = s.platform()
        keys = s.with_goals(platform, 3)
        the_platform = app.get_platform(platform)
        key = next(k for k in keys if the_platform.goals[k].goal.kind == "qualitative")
        by = s.person_of(s.actors[0])
        app.describe_baseline(by, platform, key, Baseline("few meeting places"))
        counted = attrs.evolve(
            the_platform.goals[key].goal, kind=GoalKind.QUANTITATIVE, indicator="places", unit="n"
        )
        with pytest.raises(RuleViolation) as refused:
            app.revise_goal(by, platform, counted, s.consent(platform))
        assert refused.value.rule == "R-GOAL-2"
        assert app.get_platform(platform).goals[key].goal.kind == GoalKind.QUALITATIVE


class TestHypothesisGoals:
    """R-GOAL-3: a hypothesis goal carries its argument and its stated weaknesses."""

    @pytest.mark.parametrize("missing", ["argument", "weaknesses"])
    def test_argument_and_weaknesses_are_required(self, app: CoCreation, missing: str) -> None:
        """R-GOAL-3: a hypothesis goal without its argument or weaknesses is refused."""
        s, platform, by = focused(app)
        bare = goal(GoalKind.HYPOTHESIS, Horizon.LONG, **{missing: ""})
        assert refusal(s, platform, by, [*sample_goals(2), bare]) == "R-GOAL-3"

    def test_a_complete_hypothesis_goal_is_set(self, app: CoCreation) -> None:
        """R-GOAL-3: with argument and weaknesses the hypothesis goal is recorded with both."""
        s, platform, by = focused(app)
        hypothesis = goal(GoalKind.HYPOTHESIS, Horizon.LONG)
        keys = app.set_goals(by, platform, [*sample_goals(2), hypothesis], s.consent(platform))
        recorded = app.get_platform(platform).goals[keys[2]].goal
        assert (recorded.argument, recorded.weaknesses) == ("lit paths feel safer", "few data")

    def test_a_revision_keeps_argument_and_weaknesses(self, app: CoCreation) -> None:
        """R-GOAL-3: revising a hypothesis goal to drop its weaknesses is refused."""
        s = Scenario.start(app)
        platform = s.platform()
        keys = s.with_goals(platform, 3)
        the_platform = app.get_platform(platform)
        key = next(k for k in keys if the_platform.goals[k].goal.kind == "hypothesis")
        weak = attrs.evolve(the_platform.goals[key].goal, weaknesses=None)
        with pytest.raises(RuleViolation) as refused:
            app.revise_goal(s.person_of(s.actors[0]), platform, weak, s.consent(platform))
        assert refused.value.rule == "R-GOAL-3"


class TestHorizons:
    """R-GOAL-4: at least one short-term and one long-term goal."""

    @pytest.mark.parametrize("horizon", list(Horizon))
    def test_one_horizon_only_is_refused(self, app: CoCreation, horizon: Horizon) -> None:
        """R-GOAL-4: three goals all short-term, or all long-term, are refused."""
        s, platform, by = focused(app)
        goals = [goal(kind, horizon) for kind in GoalKind]
        assert refusal(s, platform, by, goals) == "R-GOAL-4"

    def test_dropping_the_only_long_term_goal_is_refused(self, app: CoCreation) -> None:
        """R-GOAL-4: a revision may not leave the platform without a long-term goal."""
        s, platform, by = focused(app)
        goals = [goal(kind) for kind in GoalKind] + [goal(horizon=Horizon.LONG)]
        keys = app.set_goals(by, platform, goals, s.consent(platform))
        with pytest.raises(RuleViolation) as refused:
            app.drop_goal(by, platform, keys[3], "too far ahead", s.consent(platform))
        assert refused.value.rule == "R-GOAL-4"
        assert len(app.get_platform(platform).current_goals) == 4

    def test_revising_the_only_short_term_goal_to_long_is_refused(self, app: CoCreation) -> None:
        """R-GOAL-4: a revision may not leave the platform without a short-term goal."""
        s, platform, by = focused(app)
        goals = [goal(horizon=Horizon.SHORT)] + [goal(k, Horizon.LONG) for k in GoalKind]
        keys = app.set_goals(by, platform, goals, s.consent(platform))
        longer = attrs.evolve(app.get_platform(platform).goals[keys[0]].goal, horizon="long")
        with pytest.raises(RuleViolation) as refused:
            app.revise_goal(by, platform, longer, s.consent(platform))
        assert refused.value.rule == "R-GOAL-4"
        assert frozenset(Horizon) == app.get_platform(platform).horizons()


def violated(goals: list[Goal]) -> set[str]:
    """Every goal rule a goal set breaks, read straight from DOMAIN.md."""
    rules = set()
    if not 3 <= len(goals) <= 5:
        rules.add("R-GOAL-1")
    for g in goals:
        if g.kind is GoalKind.QUANTITATIVE and not (g.indicator and g.unit):
            rules.add("R-GOAL-2")
        if g.kind is GoalKind.HYPOTHESIS and not (g.argument and g.weaknesses):
            rules.add("R-GOAL-3")
    if {g.horizon for g in goals} != set(Horizon):
        rules.add("R-GOAL-4")
    return rules


maybe_text = st.sampled_from([None, "", "reports"])
goal_sets = st.lists(
    st.builds(
        Goal,
        title=st.just("a goal"),
        kind=st.sampled_from(GoalKind),
        horizon=st.sampled_from(Horizon),
        serves_challenge=st.just("fewer young people drift into crime"),
        evaluation=st.just("interviews"),
        indicator=maybe_text,
        unit=maybe_text,
        argument=maybe_text,
        weaknesses=maybe_text,
    ),
    max_size=7,
)


class TestGoalSetsAtLarge:
    """R-GOAL-1..4 together, over generated goal sets."""

    @given(goals=goal_sets)
    def test_a_goal_set_is_accepted_exactly_when_it_breaks_no_rule(self, goals: list[Goal]) -> None:
        """R-GOAL-1, R-GOAL-2, R-GOAL-3, R-GOAL-4: a set is refused under a rule it breaks."""
        app = CoCreation(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
        s, platform, by = focused(app)
        broken = violated(goals)
        if broken:
            assert refusal(s, platform, by, goals) in broken
        else:
            keys = app.set_goals(by, platform, goals, s.consent(platform), on=DAY)
            assert len(goals) == len(app.get_platform(platform).current_goals) == len(keys)
