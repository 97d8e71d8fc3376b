"""The platform lifecycle state machine on every store (issue 2).

One base class runs :class:`~cocreation_domain.testing.PlatformLifecycleMachine` beside its
reference model (:mod:`cocreation_domain.testing.platform_model`); a subclass per store gives
it an application factory and a budget of examples. The machine checks after every step that
platform states are the table's, goals stay within the policy (R-GOAL-1, R-GOAL-4), baselines
make a platform active (R-PLAT-3), the coordinator is a current actor or none (R-ACT-1,
R-ACT-2), an open platform keeps an actor (R-ACT-4), closed and merged platforms never change
(R-PLAT-7), every aggregate rebuilt from its stored events equals the live one, and every
command is accepted or refused as the model predicts, a refusal writing nothing.
"""

from __future__ import annotations

from typing import ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from cocreation_domain import CoCreation
from cocreation_domain.testing import PlatformLifecycleMachine


class PlatformMachineOnAStore:
    """Runs the machine on the store of ``store_env`` (a fixture of ``conftest.py``)."""

    max_examples: ClassVar[int | None] = None
    """Examples per run; ``None`` takes the Hypothesis profile's number."""
    steps: ClassVar[int] = 50

    def test_platform_lifecycle_keeps_every_invariant(self, store_env: dict[str, str]) -> None:
        """R-PLAT-1, R-PLAT-2, R-PLAT-3, R-PLAT-4, R-PLAT-5, R-PLAT-6, R-PLAT-7, R-GOAL-1,
        R-GOAL-2, R-GOAL-3, R-GOAL-4, R-ACT-1, R-ACT-2, R-ACT-4, R-FLAT-1, R-FLAT-3, R-FLAT-4,
        R-AUTH-1, R-INIT-1, R-INIT-2, R-RIP-1, R-RIP-2, R-PII-1: any run of commands by any
        principal is accepted or refused as the reference model predicts and keeps the
        machine's invariants, and refused commands write nothing."""
        run_state_machine_as_test(
            PlatformLifecycleMachine.on(lambda: CoCreation(env=store_env)),
            settings=settings(
                max_examples=self.max_examples or settings().max_examples,
                stateful_step_count=self.steps,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow],
            ),
        )


@pytest.mark.parametrize("store_env", ["popo"], indirect=True)
class TestOnPlainObjects(PlatformMachineOnAStore):
    """Plain Python objects, a fresh store per run: the profile's number of examples."""


@pytest.mark.parametrize("store_env", ["sqlite"], indirect=True)
class TestOnAnSQLiteFile(PlatformMachineOnAStore):
    """An SQLite file, rebuilt by a second application over the same file."""

    max_examples = 10
    steps = 25


@pytest.mark.postgres
@pytest.mark.parametrize("store_env", ["postgres"], indirect=True)
class TestOnPostgreSQL(PlatformMachineOnAStore):
    """A fresh PostgreSQL schema; skipped without a server, failed in CI without one."""

    max_examples = 5
    steps = 25
