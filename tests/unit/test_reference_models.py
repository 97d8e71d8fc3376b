"""The state machines compare the application with their reference models, and the comparison
bites: a model that predicts wrongly, or an application that writes while refusing, fails the
run (issue 15.2)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import initialize, run_state_machine_as_test

from cocreation_domain import CoCreation
from cocreation_domain.testing import PlatformLifecycleMachine
from cocreation_domain.testing.reference import Call

FEW_STEPS = settings(
    max_examples=1,
    stateful_step_count=10,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


RAN: list[bool] = []
"""One entry per run of the honest machine's step, so its test knows the step ran."""


def _stranger(machine: PlatformLifecycleMachine) -> UUID:
    w = machine.model
    return next(p for p, a in w.persons.items() if a is None and p != w.anchor)


class ModelBelievesTheStrangerIsAnchor(PlatformLifecycleMachine):
    """The model is told a person of no actor is the anchor; the application knows better."""

    @initialize()
    def the_stranger_holds_the_workshop(self) -> None:
        """A person of no actor records the establishment workshop."""
        w = self.model
        stranger = _stranger(self)
        w.anchor = stranger
        self._do(Call("hold_establishment_workshop", (stranger, w.initiative)))


class ModelKnowsTheAnchor(PlatformLifecycleMachine):
    """An honest model: the same command is refused, for the reason the model predicts."""

    @initialize()
    def the_stranger_holds_the_workshop(self) -> None:
        """A person of no actor records the establishment workshop, refused as predicted."""
        w = self.model
        _, refused = self._do(Call("hold_establishment_workshop", (_stranger(self), w.initiative)))
        assert refused is not None
        assert (type(refused).__name__, refused.detail) == ("NotPermitted", "anchor")
        RAN.append(True)


def test_r_auth_1_a_refusal_the_model_does_not_predict_fails_the_machine() -> None:
    """R-AUTH-1: when the model expects a stranger's command to pass and the application
    refuses it, the machine fails the run instead of passing silently."""
    with pytest.raises(AssertionError, match="the model expected success"):
        run_state_machine_as_test(
            ModelBelievesTheStrangerIsAnchor.on(CoCreation), settings=FEW_STEPS
        )


def test_r_auth_1_a_refusal_the_model_predicts_passes_the_machine() -> None:
    """R-AUTH-1: the same refusal, predicted by an honest model, keeps the run green."""
    RAN.clear()
    run_state_machine_as_test(ModelKnowsTheAnchor.on(CoCreation), settings=FEW_STEPS)
    assert RAN == [True]


class LeakyApplication(CoCreation):
    """An application that records a person before refusing the workshop (a real store)."""

    def hold_establishment_workshop(
        self, by: UUID, initiative: UUID, *, on: date | None = None
    ) -> None:
        """Register a person, then hold the workshop (refused for a stranger)."""
        self.register_person("Lars Lækage", on=on)
        super().hold_establishment_workshop(by, initiative, on=on)


def test_r_auth_1_a_refused_command_that_wrote_fails_the_machine() -> None:
    """R-AUTH-1: a refusal predicted by the model still fails the run when the application
    wrote events before refusing: a refused command writes nothing."""
    with pytest.raises(AssertionError, match="wrote events"):
        run_state_machine_as_test(ModelKnowsTheAnchor.on(LeakyApplication), settings=FEW_STEPS)
