"""Public test support: a scenario builder and Hypothesis strategies and state machines.

Embedders use these to property-test their own integrations the way this library tests itself.
``Scenario`` needs nothing beyond the library; ``strategies``, ``malformed`` (malformed
command arguments, to fuzz a command or a wrapper) and ``PlatformLifecycleMachine`` need
Hypothesis (the ``tests`` extra) and are loaded on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from cocreation_domain.testing.scenario import Scenario

if TYPE_CHECKING:
    from cocreation_domain.testing import malformed, strategies
    from cocreation_domain.testing.stateful import PlatformLifecycleMachine

__all__ = ["PlatformLifecycleMachine", "Scenario", "malformed", "strategies"]


def __getattr__(name: str) -> object:
    """Load the Hypothesis-based parts on first use, so ``Scenario`` works without Hypothesis."""
    if name == "PlatformLifecycleMachine":
        from cocreation_domain.testing.stateful import PlatformLifecycleMachine

        return PlatformLifecycleMachine
    if name == "strategies":
        # import_module, not ``from cocreation_domain.testing import strategies``: the
        # from-import asks this package for the attribute first, which calls this function
        # again before the submodule is loaded (RecursionError).
        return importlib.import_module("cocreation_domain.testing.strategies")
    if name == "malformed":
        return importlib.import_module("cocreation_domain.testing.malformed")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
