"""The sample reality check, under the name the initiative machine imports it by.

Phase 6 (platforms with coordinators and first meetings, reality checks, the joint status
meeting and its newsletter) is built by :meth:`cocreation_domain.testing.scenario.Scenario.phase6`
and its steps; the sample values live beside them in :mod:`cocreation_domain.testing.scenario`.
"""

from __future__ import annotations

from cocreation_domain.testing.scenario import sample_reality_check

__all__ = ["sample_reality_check"]
