"""``spread``, the measure the host-rotation invariants use (R-MEET-1, R-MEET-4), measures: a
measure that always said 0 would let every rotation invariant pass (issue 15.7, a mutant)."""

from __future__ import annotations

from cocreation_domain.model.hosting import spread
from cocreation_domain.model.values import HostTally


def test_r_meet_1_spread_is_most_minus_fewest_turns() -> None:
    """R-MEET-1: spread is the most turns minus the fewest, 0 for an empty or level rotation."""
    assert (
        spread({"a": HostTally(3), "b": HostTally(1), "c": HostTally(2)}),
        spread({"a": HostTally(2), "b": HostTally(2)}),
        spread({}),
    ) == (2, 0, 0)
