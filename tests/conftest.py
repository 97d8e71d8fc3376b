"""Shared pytest configuration: the Hypothesis profiles.

- ``dev`` (default locally): 25 examples per property, no deadline.
- ``ci`` (when the ``CI`` environment variable is set): 50 examples, no deadline, and the
  reproduction blob printed for any failure.
- ``thorough``: 500 examples, for a deliberate long run.

``HYPOTHESIS_PROFILE=<name>`` overrides the choice, e.g.
``HYPOTHESIS_PROFILE=thorough nox -s tests``.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", max_examples=50, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile("thorough", max_examples=500, deadline=None)

settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)
