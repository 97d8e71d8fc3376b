"""A newcomer's path (issue 15.6): errors about stores say where and what to do, the testing
package imports as documented, and the testing page's examples run as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).parents[2] / "docs"


def python_blocks(page: Path) -> list[str]:
    """The ```python code blocks of a Markdown page, in order."""
    return re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S)


class TestStoreErrors:
    """A store that cannot be opened is named, with what to do, as a domain error."""


class TestTestingPackage:
    """``cocreation_domain.testing`` imports its public names as its docstring says."""

    @pytest.mark.parametrize(
        "statement",
        [
            "from cocreation_domain.testing import strategies",
            "from cocreation_domain.testing import PlatformLifecycleMachine",
            "from cocreation_domain.testing import InitiativeMachine",
            "import cocreation_domain.testing as t; t.strategies.texts",
        ],
    )
    def test_public_names_import_in_a_fresh_interpreter(self, statement: str) -> None:
        """Each name in ``__all__`` imports without RecursionError in a fresh interpreter."""
        ran = subprocess.run(
            [sys.executable, "-c", statement], capture_output=True, text=True, check=False
        )
        assert (ran.returncode, ran.stderr) == (0, "")


class TestTestingPage:
    """docs/testing.md's examples run exactly as written."""

    def test_every_python_block_runs(self) -> None:
        """Every python block of docs/testing.md runs, in order, in one namespace."""
        blocks = python_blocks(DOCS / "testing.md")
        assert len(blocks) >= 2
        namespace: dict[str, object] = {"__name__": "docs_testing"}
        for block in blocks:
            exec(compile(block, "docs/testing.md", "exec"), namespace)
