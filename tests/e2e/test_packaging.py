"""Adoptable (issue 13.5): a licence suited to public-sector reuse, declared where packaging
tools and auditors look for it, and the project's addresses in the metadata."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_licence_file_is_the_apache_2_licence() -> None:
    """LICENSE holds the full Apache License 2.0 text, terms and conditions included."""
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text
    assert "Version 2.0, January 2004" in text
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in text
    assert "END OF TERMS AND CONDITIONS" in text


def test_the_metadata_declares_the_licence_and_ships_its_file() -> None:
    """pyproject.toml names the licence as an SPDX expression (PEP 639) and ships LICENSE."""
    assert PROJECT["license"] == "Apache-2.0"
    assert PROJECT["license-files"] == ["LICENSE"]
    assert not [c for c in PROJECT.get("classifiers", []) if c.startswith("License ::")]


def test_the_metadata_names_the_project_addresses() -> None:
    """Homepage, documentation, changelog and issue tracker are in ``[project.urls]``."""
    urls = PROJECT["urls"]
    assert set(urls) == {"Homepage", "Documentation", "Changelog", "Issues"}
    assert all(url.startswith("https://") for url in urls.values())


def test_the_changelog_has_an_unreleased_section() -> None:
    """CHANGELOG.md exists and collects changes under "Unreleased" until a release."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog")
    assert "\n## Unreleased\n" in text
