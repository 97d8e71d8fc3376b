"""The test tiers (issue 15.1): every test file sits in ``tests/unit``, ``tests/integration`` or
``tests/e2e``, and every collected test carries exactly its folder's marker, so
``pytest -m unit`` runs exactly the unit folder (docs/testing.md, "Test tiers")."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TIERS, tier_of  # type: ignore[import-not-found]

TESTS = Path(__file__).parents[1]


def tier_markers(item: pytest.Item) -> list[str]:
    """The tier markers an item carries, in the order they were added."""
    return [mark.name for mark in item.iter_markers() if mark.name in TIERS]


def test_every_test_file_sits_in_a_tier() -> None:
    """No test module lies outside the three tier folders (a new one is filed into a tier)."""
    outside = sorted(
        str(path.relative_to(TESTS))
        for path in TESTS.rglob("test_*.py")
        if "fixtures" not in path.relative_to(TESTS).parts and tier_of(path) is None
    )
    assert outside == []


def test_the_tier_comes_from_the_folder() -> None:
    """``tier_of`` names the first folder under ``tests/`` when it is a tier, else nothing."""
    assert [
        tier_of(TESTS / "unit" / "test_x.py"),
        tier_of(TESTS / "integration" / "test_x.py"),
        tier_of(TESTS / "e2e" / "test_x.py"),
        tier_of(TESTS / "test_x.py"),
        tier_of(TESTS / "fixtures" / "v1" / "write_store.py"),
        tier_of(TESTS.parent / "src" / "cocreation_domain" / "model" / "values.py"),
    ] == ["unit", "integration", "e2e", None, None, None]


def test_every_collected_test_carries_exactly_its_folders_tier(
    request: pytest.FixtureRequest,
) -> None:
    """Each test of this run under ``tests/`` has one tier marker, its folder's; the doctests
    of ``src/`` have none, so ``-m unit`` selects the unit folder and nothing else."""
    wrong = {
        item.nodeid: tier_markers(item)
        for item in request.session.items
        if tier_markers(item) != ([tier] if (tier := tier_of(item.path)) else [])
    }
    assert wrong == {}
    assert tier_markers(request.node) == ["unit"]


def test_postgresql_tests_are_integration_tests(request: pytest.FixtureRequest) -> None:
    """Every test of this run on the PostgreSQL store is in the integration tier, so the unit
    and end-to-end tiers run without a server."""
    elsewhere = [
        item.nodeid
        for item in request.session.items
        if item.get_closest_marker("postgres") and tier_of(item.path) != "integration"
    ]
    assert elsewhere == []
