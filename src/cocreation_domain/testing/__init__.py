"""Public test support: a scenario builder and Hypothesis strategies and state machines.

Embedders use these to property-test their own integrations the way this library tests itself.
"""

from cocreation_domain.testing.scenario import Scenario

__all__ = ["Scenario"]
