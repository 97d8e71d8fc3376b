"""The platform lifecycle on every store: a merge (R-PLAT-6) is one atomic write. The lifecycle
itself: ``tests/unit/test_platform_lifecycle.py``."""

from __future__ import annotations

from collections.abc import Callable

from cocreation_domain import (
    CoCreation,
)
from unit.test_platform_lifecycle import TestMerging as _Merging  # type: ignore[import-not-found]


class TestMerging:
    """R-PLAT-6: a platform merges into an open platform of the same initiative."""

    two_platforms = _Merging.two_platforms

    merge = _Merging.merge

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
