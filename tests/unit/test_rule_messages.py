"""Each guard of model/rules.py refuses with its own rule id and says exactly what is missing
(issue 15.7: mutation testing showed tests that checked only that a refusal happened, so a
wrong rule id or an empty explanation went unnoticed)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

import attrs
import pytest

from cocreation_domain import (
    Baseline,
    Beneficiary,
    Decision,
    Goal,
    Horizon,
    NotFound,
    Policies,
    Ripple,
    RippleKind,
    RuleViolation,
    Voice,
)
from cocreation_domain.model.decisions import require_passed, tally
from cocreation_domain.model.rules import (
    check_aftercare,
    check_baseline,
    check_goal,
    check_goal_set,
    keyed_ripple,
)
from cocreation_domain.testing.scenario import sample_goals


def keyed(count: int) -> list[Goal]:
    """``count`` valid goals keyed G1, G2 … as a platform keys them."""
    return [attrs.evolve(g, key=f"G{i}") for i, g in enumerate(sample_goals(count), 1)]


QUALITATIVE, QUANTITATIVE, HYPOTHESIS = keyed(3)
RIPPLE = Ripple(
    "a new contact", RippleKind.NEW_RELATIONSHIP, [Beneficiary.OWN_PLATFORM], date(2025, 1, 6)
)


def refusal(attempt: Callable[[], object]) -> tuple[str, str]:
    """The rule and message of the RuleViolation ``attempt`` raises."""
    with pytest.raises(RuleViolation) as refused:
        attempt()
    return refused.value.rule, refused.value.message


A, B, C = (UUID(int=n) for n in (1, 2, 3))
ACTORS = {A, B, C}
OBJECTION = Decision(consenting=[Voice(A, A), Voice(B, B)], objecting=[Voice(C, C)])
TOO_FEW = Decision(consenting=[Voice(A, A)])
STRANGER = Decision(consenting=[Voice(A, A), Voice(UUID(int=9), None)])

CASES: dict[str, tuple[Callable[[], object], tuple[str, str]]] = {
    "R-GOAL-1 blank title": (
        lambda: check_goal(attrs.evolve(QUALITATIVE, title="  ")),
        ("R-GOAL-1", "a goal's title is required"),
    ),
    "R-GOAL-1 blank challenge": (
        lambda: check_goal(attrs.evolve(QUALITATIVE, serves_challenge="")),
        ("R-GOAL-1", "how the goal serves the common challenge is required"),
    ),
    "R-GOAL-2 no unit": (
        lambda: check_goal(attrs.evolve(QUANTITATIVE, unit=" ")),
        ("R-GOAL-2", f"quantitative goal {QUANTITATIVE.key} needs indicator and unit"),
    ),
    "R-GOAL-3 no weaknesses": (
        lambda: check_goal(attrs.evolve(HYPOTHESIS, weaknesses=None)),
        ("R-GOAL-3", f"hypothesis goal {HYPOTHESIS.key} needs its argument and its weaknesses"),
    ),
    "R-GOAL-1 too few": (
        lambda: check_goal_set(keyed(2), Policies()),
        ("R-GOAL-1", "a platform has 3 to 5 current goals, not 2"),
    ),
    "R-GOAL-1 duplicate keys": (
        lambda: check_goal_set([QUALITATIVE, QUANTITATIVE, QUALITATIVE], Policies()),
        ("R-GOAL-1", "goal keys must be distinct"),
    ),
    "R-GOAL-4 one horizon": (
        lambda: check_goal_set(
            [attrs.evolve(g, horizon=Horizon.SHORT) for g in keyed(3)], Policies()
        ),
        ("R-GOAL-4", "goals need at least one short-term and one long-term goal"),
    ),
    "R-PLAT-3 blank baseline": (
        lambda: check_baseline(QUALITATIVE, Baseline(" ")),
        ("R-PLAT-3", "a baseline's description is required"),
    ),
    "R-GOAL-2 baseline without number": (
        lambda: check_baseline(QUANTITATIVE, Baseline("ten reports a month")),
        ("R-GOAL-2", f"the baseline of quantitative goal {QUANTITATIVE.key} needs a number"),
    ),
    "R-RIP-1 blank description": (
        lambda: keyed_ripple(attrs.evolve(RIPPLE, description=""), []),
        ("R-RIP-1", "a ripple's description is required"),
    ),
    "R-RIP-1 nobody benefited": (
        lambda: keyed_ripple(attrs.evolve(RIPPLE, beneficiaries=[]), []),
        ("R-RIP-1", "a ripple names who benefited"),
    ),
    "R-FLAT-4 no decision": (
        lambda: require_passed(None, ACTORS, 50, "setting goals"),
        ("R-FLAT-4", "setting goals needs a passed platform decision"),
    ),
    "R-FLAT-3 an objection": (
        lambda: require_passed(OBJECTION, ACTORS, 50, "setting goals"),
        ("R-FLAT-3", "setting goals not decided: 1 current actor(s) object"),
    ),
    "R-FLAT-3 too few": (
        lambda: require_passed(TOO_FEW, ACTORS, 50, "closing"),
        ("R-FLAT-3", "closing not decided: 1 of 3 actors consent, 2 needed"),
    ),
    "R-FLAT-3 a stranger": (
        lambda: tally(STRANGER, ACTORS),
        ("R-FLAT-3", "only current actors consent or object; 1 voice(s) speak for none"),
    ),
    "R-PLAT-5 no aftercare": (
        lambda: check_aftercare(None),
        ("R-PLAT-5", "what happens next (aftercare) is required"),
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_each_guard_names_its_rule_and_what_is_missing(case: str) -> None:
    """R-GOAL-1..4, R-PLAT-3, R-PLAT-5, R-RIP-1: the refusal carries the guard's own rule id and
    a message saying what is missing."""
    attempt, expected = CASES[case]
    assert refusal(attempt) == expected


def test_valid_values_pass_every_guard() -> None:
    """R-GOAL-1..4, R-RIP-1, R-PLAT-5: valid goals, baselines, ripples and aftercare pass, and
    the ripple is keyed after the recorded ones and the aftercare stripped."""
    check_goal_set(keyed(3), Policies())
    check_baseline(QUANTITATIVE, Baseline("ten reports a month", 10))
    assert keyed_ripple(RIPPLE, ["R1", "R2"]).key == "R3"
    assert check_aftercare("  the school carries on ") == "the school carries on"
    assert tally(Decision(consenting=[Voice(A, A), Voice(B, B)]), ACTORS).reason == (
        "passed by consent"
    )


def test_r_rip_2_a_correction_of_an_unknown_ripple_names_it() -> None:
    """R-RIP-2: correcting a ripple that was never recorded is refused naming its key."""
    with pytest.raises(NotFound) as refused:
        keyed_ripple(attrs.evolve(RIPPLE, corrects="R9"), ["R1"])
    assert (refused.value.kind, refused.value.ident) == ("ripple", "R9")


def test_r_flat_3_the_default_quorum_is_more_than_half() -> None:
    """R-FLAT-3: by default more than half of the current actors must consent: 51 of 100 pass,
    50 of 100 do not."""
    actors = [UUID(int=n) for n in range(1, 101)]

    def consent_of(count: int) -> Decision:
        return Decision(consenting=[Voice(a, a) for a in actors[:count]])

    assert (
        tally(consent_of(51), set(actors)).passes,
        tally(consent_of(50), set(actors)).passes,
    ) == (
        True,
        False,
    )
