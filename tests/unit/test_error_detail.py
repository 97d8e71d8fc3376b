"""``DomainError.detail``: one word for what refused, defined by every error class (issue 15).

The state machines' reference models, ``tests/test_refusals.py`` and any embedder compare
refusals by it instead of parsing messages.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from cocreation_domain import CoCreation
from cocreation_domain.model import (
    PLATFORM,
    ConcurrencyConflict,
    DomainError,
    InvalidInput,
    LifecycleViolation,
    NotFound,
    NotPermitted,
    PersonalDataTampered,
    RuleViolation,
    StoreError,
)
from cocreation_domain.model.lifecycles import COMMANDS

PERSON = UUID(int=1)


@pytest.mark.parametrize(
    ("error", "detail"),
    [
        (RuleViolation("R-GOAL-1", "a platform needs 3 to 5 goals"), "R-GOAL-1"),
        (NotPermitted("coordinator", "hold a meeting"), "coordinator"),
        (NotFound("goal", "G9"), "goal"),
        (InvalidInput("on", "a date", "2025-13-40"), "on"),
        (ConcurrencyConflict(3), "ConcurrencyConflict"),
        (PersonalDataTampered(PERSON, "email"), "email"),
        (StoreError("SQLite file 'x.sqlite'", "check the path"), "SQLite file 'x.sqlite'"),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, DomainError) else "",
)
def test_each_error_class_names_what_refused(error: DomainError, detail: str) -> None:
    """R-AUTH-1 and every rule: each error's detail is its rule id, role, kind not found,
    parameter, field or store, as its class defines it."""
    assert error.detail == detail


def test_r_auth_1_a_refused_role_is_the_detail_of_a_real_refusal() -> None:
    """R-AUTH-1: a person who is not the anchor is refused with the role as the detail."""
    app = CoCreation()
    day = date(2025, 1, 6)
    anchor = app.register_person("Anna Anker", on=day)
    stranger = app.register_person("Sven Fremmed", on=day)
    initiative = app.found_initiative(anchor, "Safe Harbour", "young people", on=day)
    with pytest.raises(NotPermitted) as refused:
        app.hold_establishment_workshop(stranger, initiative, on=day)
    assert refused.value.detail == "anchor"


@pytest.mark.parametrize(
    ("trigger", "state", "detail"),
    [
        ("merge", "closed", "merge_platforms"),
        ("absorb", "standby", "merge_platforms"),
        ("leave_actor", "merged", "remove_actor"),
        ("close", "closed", "close_platform"),
        ("set_goals", "established", "set_goals / hold_goal_setting_meeting"),
    ],
)
def test_a_lifecycle_violation_names_the_commands_a_caller_calls(
    trigger: str, state: str, detail: str
) -> None:
    """R-PLAT-7: a refused trigger's detail is the command (or commands) behind it, as its
    message says, never the lifecycle table's internal trigger name."""
    with pytest.raises(LifecycleViolation) as refused:
        PLATFORM.destination(trigger, state)
    assert refused.value.detail == detail == " / ".join(COMMANDS["platform"][trigger])
    assert f"cannot {detail};" in str(refused.value)
