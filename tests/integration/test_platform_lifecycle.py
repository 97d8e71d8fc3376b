"""The platform lifecycle: establishing, baselines, standby, closing, merging, stagnation.

R-PLAT-1, R-PLAT-3 .. R-PLAT-8 (DOMAIN.md "Platform lifecycle").
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from cocreation_domain import (
    CoCreation,
)
from cocreation_domain.testing import Scenario
from unit.test_platform_lifecycle import member  # type: ignore[import-not-found]


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

    def test_source_and_target_are_saved_together(self, make_app: Callable[[], CoCreation]) -> None:
        """R-PLAT-6: the merge is one atomic write; a fresh reader sees both sides of it."""
        app = make_app()
        s, source, target = self.two_platforms(app)
        self.merge(s, source, target)
        reader = make_app()
        assert ("merged", frozenset({source})) == (
            reader.get_platform(source).state,
            reader.get_platform(target).absorbed,
        )
        stored = app.recorder.select_notifications(start=1, limit=10_000)
        last_two = {n.topic for n in stored[-2:]}
        assert {"cocreation:Platform.Merged", "cocreation:Platform.Absorbed"} == last_two
