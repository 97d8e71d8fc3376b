"""docs/lifecycles.md shows what the code does (DOMAIN.md lifecycles; issue 15.7): its
sections, diagrams included, are what docs/gen_lifecycles.py renders from the tables now."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from cocreation_domain import LIFECYCLES
from conftest import docs_script  # type: ignore[import-not-found]

ROOT = Path(__file__).parents[2]
PAGE = ROOT / "docs" / "lifecycles.md"


GEN = docs_script("gen_lifecycles")


class TestDrawing:
    """Diagrams are drawn by transitions' Mermaid engine, with no Graphviz backend."""

    def test_drawing_logs_no_missing_backend(self, caplog: pytest.LogCaptureFixture) -> None:
        """Drawing every lifecycle asks for the Mermaid engine directly, so no warning about a
        missing Graphviz backend reaches the log (or `cocreation diagram`'s output)."""
        with caplog.at_level(logging.DEBUG, logger="transitions"):
            drawn = [lifecycle.mermaid() for lifecycle in LIFECYCLES.values()]
        assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
        assert all(text.startswith("---\n") for text in drawn)


class TestThePage:
    """The committed lifecycle page is the generator's output over today's tables."""

    def test_the_committed_page_is_current(self) -> None:
        """The page equals a fresh rendering, every Mermaid diagram drawn by Lifecycle.mermaid
        included: `python docs/gen_lifecycles.py` rewrites it."""
        assert PAGE.read_text(encoding="utf-8") == GEN.render()

    def test_one_section_and_one_diagram_per_lifecycle(self) -> None:
        """Below the marker, each lifecycle has its heading and one diagram titled by its name,
        in the order of LIFECYCLES."""
        page = PAGE.read_text(encoding="utf-8")
        headings = re.findall(r"^## (\w+)$", page, re.M)
        titles = re.findall(r"^```mermaid\n---\n(\w+)\n---\nstateDiagram-v2$", page, re.M)
        assert headings == [name.capitalize() for name in LIFECYCLES]
        assert titles == list(LIFECYCLES)

    def test_a_page_without_its_marker_is_refused(self) -> None:
        """Rendering a page that lost its marker stops, rather than dropping the sections."""
        with pytest.raises(SystemExit, match="<!-- lifecycles -->"):
            GEN.render("# Lifecycles\n\nno marker here\n")
