"""A newcomer's path (issue 15.6): errors about stores say where and what to do, and the testing
package imports as documented. (The testing page's examples, like every other code block of the
docs, run in tests/e2e/test_docs_examples.py.)"""

from __future__ import annotations

import subprocess
import sys

import pytest


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
