"""The public strategies of ``cocreation_domain.testing.strategies`` draw what they promise.

Embedders rely on these strategies to test their integrations, so each promise is a property:
a valid draw passes the domain's own rules, an invalid one breaks exactly the rule it names.
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocreation_domain.model import Goal, GoalKind, Policies, RuleViolation
from cocreation_domain.model.rules import check_baseline, check_goal, check_goal_set
from cocreation_domain.testing.strategies import (
    GOAL_RULES,
    baselines,
    goal_sets,
    goals,
    policies,
    texts,
)


def keyed(goals: list[Goal]) -> list[Goal]:
    """The goals keyed as a platform keys them when they are set (G1, G2 …)."""
    return [attrs.evolve(g, key=f"G{i}") for i, g in enumerate(goals, 1)]


DEFAULTS = Policies()


def refusal(goals: list[Goal], policy: Policies = DEFAULTS) -> str | None:
    """The rule id a goal set is refused under, or None when it is accepted."""
    try:
        check_goal_set(keyed(goals), policy)
    except RuleViolation as violation:
        return violation.rule
    return None


class TestGoalSets:
    """Goal sets are valid, or break exactly the rule they name (R-GOAL-1..4)."""

    @given(goal_sets())
    def test_valid_goal_sets_pass_every_goal_rule(self, goals: list[Goal]) -> None:
        """R-GOAL-1..4: 3-5 valid goals covering both horizons are accepted."""
        assert refusal(goals) is None

    @given(goal_sets(valid=False))
    def test_invalid_goal_sets_break_the_rule_they_name(self, case: tuple[list[Goal], str]) -> None:
        """R-GOAL-1..4: an invalid goal set is refused under exactly the rule it breaks."""
        goals, rule = case
        assert rule == refusal(goals)

    @pytest.mark.parametrize("rule", GOAL_RULES)
    @given(data=st.data())
    def test_each_rule_can_be_broken_alone(self, rule: str, data: st.DataObject) -> None:
        """R-GOAL-1..4: asking for one broken rule draws sets refused under that rule."""
        goals, broken = data.draw(goal_sets(valid=False, rules=[rule]))
        assert (rule, rule) == (broken, refusal(goals))

    @given(st.data())
    def test_sizes_follow_the_policy(self, data: st.DataObject) -> None:
        """R-GOAL-1: the policy's goal count (goals_min..goals_max) bounds a valid set."""
        policy = data.draw(policies())
        goals = data.draw(goal_sets(min_size=policy.goals_min, max_size=policy.goals_max))
        assert refusal(goals, policy) is None


class TestGoals:
    """Single goals carry what their kind needs (R-GOAL-2, R-GOAL-3)."""

    @given(goals(kind=GoalKind.QUANTITATIVE, valid=False))
    def test_quantitative_goal_without_indicator_or_unit_is_refused(self, goal: Goal) -> None:
        """R-GOAL-2: a quantitative goal names its indicator and unit; blank names none."""
        with pytest.raises(RuleViolation) as refused:
            check_goal(goal)
        assert refused.value.rule == "R-GOAL-2"

    @given(goals(kind=GoalKind.HYPOTHESIS, valid=False))
    def test_hypothesis_without_argument_or_weaknesses_is_refused(self, goal: Goal) -> None:
        """R-GOAL-3: a hypothesis goal carries its argument and weaknesses; blank is none."""
        with pytest.raises(RuleViolation) as refused:
            check_goal(goal)
        assert refused.value.rule == "R-GOAL-3"

    def test_whitespace_indicator_names_no_indicator(self) -> None:
        """R-GOAL-2: an indicator of only spaces does not name an indicator."""
        goal = Goal("Fewer break-ins", "quantitative", "short", "safety", "statistics", " ", "%")
        with pytest.raises(RuleViolation) as refused:
            check_goal(goal)
        assert refused.value.rule == "R-GOAL-2"


class TestBaselines:
    """Baselines describe the start; a quantitative goal's carries a number."""

    @given(st.data())
    def test_valid_baselines_pass(self, data: st.DataObject) -> None:
        """R-PLAT-3, R-GOAL-2: a baseline drawn for a goal is accepted for it."""
        goal = data.draw(goals())
        check_baseline(goal, data.draw(baselines(goal)))

    @given(st.data())
    def test_blank_description_is_refused(self, data: st.DataObject) -> None:
        """R-PLAT-3: a baseline says how things stood; a blank one is refused."""
        goal = data.draw(goals())
        with pytest.raises(RuleViolation) as refused:
            check_baseline(goal, data.draw(baselines(goal, valid=False)))
        assert refused.value.rule == "R-PLAT-3"


@given(texts())
def test_texts_say_something(text: str) -> None:
    """Drawn free text is never blank, so it passes every required-text check."""
    assert text.strip()
