"""The whole initiative as a Hypothesis state machine beside its reference model
(:mod:`cocreation_domain.testing.initiative_model`), on every store: replay equality, refusals
write nothing, one newsletter per held joint status meeting, compiled before published,
recipients were persons of current actors."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from cocreation_domain import CoCreation
from cocreation_domain.testing import InitiativeMachine

EXAMPLES = {
    "eventsourcing.popo": None,  # the profile's number (25 locally, 50 in CI)
    "eventsourcing.sqlite": 8,
    "eventsourcing.postgres": 4,
}


def test_r_news_1_to_4_a_whole_initiative_on_every_store(store_env: dict[str, str]) -> None:
    """R-NEWS-1, R-NEWS-2, R-NEWS-3, R-NEWS-4, R-MEET-1, R-MEET-2, R-MEET-3, R-MEET-4, R-MEET-5,
    R-PLAT-2, R-ACT-3, R-ACT-6, R-ACT-7, R-PII-2: every run of meetings, reality checks, actor
    changes, backing, persons moving between actors and newsletters is accepted or refused as
    the reference model predicts and keeps the invariants, on plain Python objects, an SQLite
    file and PostgreSQL."""
    examples = EXAMPLES[store_env["PERSISTENCE_MODULE"]]
    run_state_machine_as_test(
        InitiativeMachine.on(lambda: CoCreation(env=store_env)),
        settings=settings(
            max_examples=examples or settings().max_examples,
            stateful_step_count=40,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
