"""Versioned events: every event class declares ``class_version``, with an upcaster for each
later version (issue 8, docs/versioning.md). Upcasting the v1 store:
``tests/integration/test_versioning.py``."""

from __future__ import annotations

from integration.test_v1_store import event_classes  # type: ignore[import-not-found]


class TestClassVersion:
    """Every event class names the schema version it writes."""

    def test_every_event_class_declares_its_version(self) -> None:
        """Each event class sets ``class_version`` itself (not inherited), to 1 for the v1
        schema, so a later change bumps one number next to one class."""
        undeclared = sorted(
            cls.__qualname__
            for cls in event_classes()
            if not isinstance(vars(cls).get("class_version"), int)
            or isinstance(vars(cls).get("class_version"), bool)
        )
        assert undeclared == []

    def test_every_later_version_upcasts_from_version_one(self) -> None:
        """A class past version 1 has an upcaster for each step (``upcast_v1_v2`` …), so the
        events the v1 store holds of it still replay; version 1 stays the common ground."""
        missing = sorted(
            f"{cls.__qualname__}.upcast_v{n}_v{n + 1}"
            for cls in event_classes()
            for n in range(1, cls.class_version)
            if not callable(getattr(cls, f"upcast_v{n}_v{n + 1}", None))
        )
        assert missing == []
        assert min(cls.class_version for cls in event_classes()) == 1
