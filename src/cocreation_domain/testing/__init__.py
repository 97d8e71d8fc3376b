"""Public test support: a scenario builder and Hypothesis strategies and state machines.

Embedders use these to property-test their own integrations the way this library tests itself.
``Scenario`` needs nothing beyond the library; ``strategies``, ``malformed`` (malformed
command arguments, to fuzz a command or a wrapper) and the state machines
``PlatformLifecycleMachine`` and ``InitiativeMachine`` (:mod:`.stateful`, each beside its
reference model, :mod:`.platform_model` and :mod:`.initiative_model`) need Hypothesis (the
``tests`` extra) and are loaded on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from cocreation_domain.testing.scenario import Scenario

if TYPE_CHECKING:
    from cocreation_domain.testing import malformed, strategies
    from cocreation_domain.testing.stateful import InitiativeMachine, PlatformLifecycleMachine

__all__ = ["InitiativeMachine", "PlatformLifecycleMachine", "Scenario", "malformed", "strategies"]


def __getattr__(name: str) -> object:
    """Load the Hypothesis-based parts on first use, so ``Scenario`` works without Hypothesis."""
    if name in ("InitiativeMachine", "PlatformLifecycleMachine"):
        return getattr(importlib.import_module("cocreation_domain.testing.stateful"), name)
    if name == "strategies":
        # import_module, not ``from cocreation_domain.testing import strategies``: the
        # from-import asks this package for the attribute first, which calls this function
        # again before the submodule is loaded (RecursionError).
        return importlib.import_module("cocreation_domain.testing.strategies")
    if name == "malformed":
        return importlib.import_module("cocreation_domain.testing.malformed")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
