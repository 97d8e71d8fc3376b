"""Domain guards on goals, baselines and aftercare (Card 5, R-GOAL-*, R-PLAT-5).

Plain functions that raise :class:`RuleViolation`; commands call them before any event.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

import attrs

from cocreation_domain.model.errors import NotFound, RuleViolation
from cocreation_domain.model.values import Baseline, Goal, GoalKind, Horizon, Policies, Ripple

__all__ = [
    "KeyRange",
    "check_aftercare",
    "check_baseline",
    "check_goal",
    "check_goal_set",
    "keyed_ripple",
    "require_text",
]


def require_text(value: str | None, rule: str, what: str) -> str:
    """Return ``value`` stripped, refusing an empty one under ``rule``."""
    text = (value or "").strip()
    if not text:
        raise RuleViolation(rule, f"{what} is required")
    return text


def _says(text: str | None) -> bool:
    """Whether ``text`` says something: whitespace alone names no indicator or argument."""
    return bool(text and text.strip())


def check_goal(goal: Goal) -> None:
    """A goal serves the challenge; quantitative and hypothesis goals carry their extras."""
    require_text(goal.title, "R-GOAL-1", "a goal's title")
    require_text(goal.serves_challenge, "R-GOAL-1", "how the goal serves the common challenge")
    if goal.kind is GoalKind.QUANTITATIVE and not (_says(goal.indicator) and _says(goal.unit)):
        raise RuleViolation("R-GOAL-2", f"quantitative goal {goal.key} needs indicator and unit")
    if goal.kind is GoalKind.HYPOTHESIS and not (_says(goal.argument) and _says(goal.weaknesses)):
        raise RuleViolation(
            "R-GOAL-3", f"hypothesis goal {goal.key} needs its argument and its weaknesses"
        )


def check_goal_set(goals: Collection[Goal], policies: Policies) -> None:
    """3-5 goals (R-GOAL-1), each valid, at least one short- and one long-term (R-GOAL-4)."""
    if not policies.goals_min <= len(goals) <= policies.goals_max:
        raise RuleViolation(
            "R-GOAL-1",
            f"a platform has {policies.goals_min} to {policies.goals_max} current goals, "
            f"not {len(goals)}",
        )
    if len({g.key for g in goals}) != len(goals):
        raise RuleViolation("R-GOAL-1", "goal keys must be distinct")
    for goal in goals:
        check_goal(goal)
    horizons = {g.horizon for g in goals}
    if horizons != {Horizon.SHORT, Horizon.LONG}:
        raise RuleViolation("R-GOAL-4", "goals need at least one short-term and one long-term goal")


def check_baseline(goal: Goal, baseline: Baseline) -> None:
    """A baseline describes the start; for a quantitative goal it carries a number (R-GOAL-2)."""
    require_text(baseline.description, "R-PLAT-3", "a baseline's description")
    if goal.kind is GoalKind.QUANTITATIVE and baseline.value is None:
        raise RuleViolation(
            "R-GOAL-2", f"the baseline of quantitative goal {goal.key} needs a number"
        )


@attrs.frozen
class KeyRange(Collection[str]):
    """The keys a counter has handed out (``R1`` … ``R3`` for prefix ``R`` and count 3), as a
    collection, so an aggregate keeps the count instead of every key.

    >>> keys = KeyRange("R", 3)
    >>> "R2" in keys, "R4" in keys, "R0" in keys, "S1" in keys, len(keys), list(keys)
    (True, False, False, False, 3, ['R1', 'R2', 'R3'])
    """

    prefix: str
    count: int

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str) or not key.startswith(self.prefix):
            return False
        number = key[len(self.prefix) :]
        return number.isdigit() and not number.startswith("0") and int(number) <= self.count

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[str]:
        return (f"{self.prefix}{n}" for n in range(1, self.count + 1))


def keyed_ripple(ripple: Ripple, recorded: Collection[str]) -> Ripple:
    """A valid ripple (R-RIP-1) keyed after the ``recorded`` ones; a correction must name one
    of them (R-RIP-2)."""
    require_text(ripple.description, "R-RIP-1", "a ripple's description")
    if not ripple.beneficiaries:
        raise RuleViolation("R-RIP-1", "a ripple names who benefited")
    if ripple.corrects is not None and ripple.corrects not in recorded:
        raise NotFound("ripple", ripple.corrects)
    return attrs.evolve(ripple, key=f"R{len(recorded) + 1}")


def check_aftercare(aftercare: str | None) -> str:
    """Closing or standby says what happens next (R-PLAT-5)."""
    return require_text(aftercare, "R-PLAT-5", "what happens next (aftercare)")
