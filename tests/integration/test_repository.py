"""The aggregate cache on SQLite and PostgreSQL: other writers are seen. Private copies:
``tests/unit/test_repository.py``."""

from __future__ import annotations

import pytest

from cocreation_domain import CoCreation
from cocreation_domain.testing import Scenario
from cocreation_domain.testing.history import ripples_of
from unit.test_repository import DAY, ripple  # type: ignore[import-not-found]


@pytest.mark.parametrize("store_env", ["sqlite", "postgres"], indirect=True)
def test_other_writers_are_seen_through_the_cache(store_env: dict[str, str]) -> None:
    """R-RIP-1: a ripple another application stored shows on the next load of a cached platform."""
    ours, theirs = CoCreation(env=store_env), CoCreation(env=store_env)
    try:
        s = Scenario.start(ours)
        platform = s.platform()
        ours.get_platform(platform)  # cached
        theirs.record_ripple(s.anchor, platform, ripple("theirs"), on=DAY)
        expected = ["theirs"]
        actual = [r.description for r in ripples_of(ours, platform).values()]
        assert ours.get_platform(platform).ripple_count == 1
        assert expected == actual
    finally:
        ours.close()
        theirs.close()
