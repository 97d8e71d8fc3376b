"""Lifecycles as data: the rule tables, their errors and diagrams, and no machine bound to an
aggregate (DOMAIN.md lifecycles; issue 2, "Lifecycles as data")."""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import transitions
import transitions.extensions

import cocreation_domain
from cocreation_domain import (
    INITIATIVE,
    LIFECYCLES,
    MEETING,
    NEWSLETTER,
    PERSON,
    PLATFORM,
    CoCreation,
    Lifecycle,
    LifecycleViolation,
)
from cocreation_domain.model import ClosureReason
from cocreation_domain.model.lifecycles import COMMANDS
from cocreation_domain.testing import Scenario
from cocreation_domain.testing.platform_model import reachable_states

SOURCE = Path(cocreation_domain.__file__).parent


def sources(row: dict[str, Any]) -> list[str]:
    """The source states of one table row."""
    source = row["source"]
    return [source] if isinstance(source, str) else list(source)


def table_triggers(lifecycle: Lifecycle, state: str) -> set[str]:
    """The triggers the table lists from ``state``, read straight from the rows."""
    return {row["trigger"] for row in lifecycle.table if state in sources(row)}


LIFECYCLE_NAMES = sorted(LIFECYCLES)


class TestTables:
    """Each lifecycle of DOMAIN.md is one table with the states the contract names."""

    @pytest.mark.parametrize(
        ("lifecycle", "states", "final"),
        [
            (INITIATIVE, ("preparing", "co_creating", "concluded"), {"concluded"}),
            (
                PLATFORM,
                ("established", "focused", "goals_set", "active", "standby", "closed", "merged"),
                {"closed", "merged"},
            ),
            (MEETING, ("planned", "invited", "held", "cancelled"), {"held", "cancelled"}),
            (NEWSLETTER, ("collecting", "compiled", "published"), {"published"}),
            (PERSON, ("registered", "forgotten"), {"forgotten"}),
        ],
        ids=lambda v: v.name if isinstance(v, Lifecycle) else "",
    )
    def test_states_and_final_states(
        self, lifecycle: Lifecycle, states: tuple[str, ...], final: set[str]
    ) -> None:
        """Every lifecycle has exactly the states DOMAIN.md lists, and the terminal ones."""
        assert (set(states), states[0], final) == (
            set(lifecycle.states),
            lifecycle.initial,
            set(lifecycle.final_states),
        )

    @pytest.mark.parametrize("name", LIFECYCLE_NAMES)
    def test_every_state_is_reachable(self, name: str) -> None:
        """Every state of a lifecycle can be reached from its initial state through the table."""
        lifecycle = LIFECYCLES[name]
        assert set(lifecycle.states) == reachable_states(lifecycle)

    @pytest.mark.parametrize("name", LIFECYCLE_NAMES)
    def test_rows_name_only_known_states(self, name: str) -> None:
        """Every row of a table goes from and to states of its lifecycle."""
        lifecycle = LIFECYCLES[name]
        named = {s for row in lifecycle.table for s in sources(row)} | {
            row["dest"] for row in lifecycle.table if row["dest"] not in ("=", None)
        }
        assert set() == named - set(lifecycle.states)

    @pytest.mark.parametrize("name", LIFECYCLE_NAMES)
    def test_allowed_triggers_are_the_tables(self, name: str) -> None:
        """allowed_triggers(state) lists exactly the triggers the table has from that state."""
        lifecycle = LIFECYCLES[name]
        expected = {s: sorted(table_triggers(lifecycle, s)) for s in lifecycle.states}
        actual = {s: list(lifecycle.allowed_triggers(s)) for s in lifecycle.states}
        assert expected == actual

    @pytest.mark.parametrize("name", LIFECYCLE_NAMES)
    def test_a_disallowed_trigger_names_the_allowed_ones(self, name: str) -> None:
        """A trigger the table does not allow raises LifecycleViolation listing the allowed ones."""
        lifecycle = LIFECYCLES[name]
        every = {row["trigger"] for row in lifecycle.table}
        for state in lifecycle.states:
            for trigger in sorted(every - table_triggers(lifecycle, state)):
                with pytest.raises(LifecycleViolation) as refused:
                    lifecycle.destination(trigger, state)
                violation = refused.value
                assert (name, state, trigger, lifecycle.allowed_triggers(state)) == (
                    violation.lifecycle,
                    violation.state,
                    violation.trigger,
                    violation.allowed,
                )


class TestFacts:
    """Conditions in the tables are facts the command computes; the table picks the row."""

    @pytest.mark.parametrize("left", ["established", "focused", "goals_set", "active"])
    def test_resume_returns_to_the_state_left(self, left: str) -> None:
        """R-PLAT-4: resuming leads back to the state the platform left for standby."""
        assert left == PLATFORM.destination("resume", "standby", {f"left_{left}": True})

    def test_resume_without_the_fact_is_refused(self) -> None:
        """R-PLAT-4: without knowing the state left, the table has no row for resume."""
        with pytest.raises(LifecycleViolation):
            PLATFORM.destination("resume", "standby")

    @pytest.mark.parametrize(("baselined", "dest"), [(True, "active"), (False, "goals_set")])
    def test_the_last_baseline_activates(self, baselined: bool, dest: str) -> None:
        """R-PLAT-3: describing a baseline leads to active only when every goal is baselined."""
        facts = {"all_baselined": baselined}
        assert dest == PLATFORM.destination("describe_baseline", "goals_set", facts)

    def test_reflexive_rows_stay(self) -> None:
        """A trigger that records without moving keeps the state."""
        assert (
            PLATFORM.destination("record_ripple", "active"),
            INITIATIVE.destination("record_ripple", "co_creating"),
        ) == ("active", "co_creating")


class TestViolationsFromTheApplication:
    """A refused command's LifecycleViolation lists the triggers the table allows."""

    def test_initiative(self, app: CoCreation) -> None:
        """R-INIT-2: concluding a preparing initiative names what a preparing one can do."""
        s = Scenario.start(app)
        with pytest.raises(LifecycleViolation) as refused:
            app.conclude_initiative(s.anchor, s.initiative)
        assert ("initiative", INITIATIVE.allowed_triggers("preparing")) == (
            refused.value.lifecycle,
            refused.value.allowed,
        )

    def test_platform(self, app: CoCreation) -> None:
        """R-GOAL-1: setting goals on an established platform names what it can do."""
        s = Scenario.start(app)
        platform = s.platform()
        with pytest.raises(LifecycleViolation) as refused:
            app.set_goals(s.person_of(s.actors[0]), platform, [], s.consent(platform))
        assert ("platform", PLATFORM.allowed_triggers("established")) == (
            refused.value.lifecycle,
            refused.value.allowed,
        )

    def test_person(self, app: CoCreation) -> None:
        """R-PII-2: a forgotten person has no allowed triggers left."""
        s = Scenario.start(app)
        person = s.person_of(s.actors[0])
        app.forget_person(person, person)
        with pytest.raises(LifecycleViolation) as refused:
            app.update_contact(s.anchor, person, phone="+45 1111 2222")
        assert (
            refused.value.lifecycle,
            refused.value.state,
            refused.value.allowed,
        ) == ("person", "forgotten", ())


class TestCommandNames:
    """A LifecycleViolation names the commands a caller can call, from one table (COMMANDS)."""

    @pytest.mark.parametrize("name", LIFECYCLE_NAMES)
    def test_every_trigger_maps_to_public_commands(self, name: str) -> None:
        """Every trigger of every table maps to public methods of CoCreation, and no others."""
        triggers = {row["trigger"] for row in LIFECYCLES[name].table}
        assert triggers == set(COMMANDS[name])
        for trigger in sorted(triggers):
            for command in COMMANDS[name][trigger]:
                assert callable(getattr(CoCreation, command, None)), (trigger, command)
                assert not command.startswith("_")

    def test_a_table_refusal_names_commands_not_triggers(self) -> None:
        """R-PLAT-7: the table's refusal of 'leave_actor' on a closed platform says remove_actor."""
        with pytest.raises(LifecycleViolation) as refused:
            PLATFORM.destination("leave_actor", "closed")
        message = str(refused.value)
        assert (refused.value.trigger, refused.value.commands) == ("leave_actor", ("remove_actor",))
        assert "remove_actor" in message
        assert "leave_actor" not in message
        assert message.endswith("commands it accepts now: none")  # R-PLAT-7: nothing more

    def test_closing_a_closed_platform_names_close_platform(self, app: CoCreation) -> None:
        """R-PLAT-7: closing or merging a closed platform is refused naming close_platform and
        merge_platforms, never the triggers 'close' or 'absorb'."""
        s = Scenario.start(app)
        platform, target = s.platform(), s.platform(name="Target")
        by = s.person_of(s.actors[0])
        reason = "nobody comes"
        app.close_platform(
            by, platform, ClosureReason.LACK_OF_PARTICIPATION, reason, s.consent(platform)
        )
        with pytest.raises(LifecycleViolation) as closing:
            app.close_platform(
                by, platform, ClosureReason.LACK_OF_PARTICIPATION, reason, s.consent(platform)
            )
        with pytest.raises(LifecycleViolation) as merging:
            app.merge_platforms(by, platform, target, s.consent(platform), s.consent(target))
        assert "cannot close_platform;" in str(closing.value)
        assert "cannot merge_platforms;" in str(merging.value)
        assert "absorb" not in str(merging.value)
        assert merging.value.allowed_commands == tuple(
            sorted(
                {c for t in PLATFORM.allowed_triggers("closed") for c in COMMANDS["platform"][t]}
            )
        )


class TestDiagrams:
    """Each lifecycle draws as a Mermaid state diagram."""

    @pytest.mark.parametrize("name", LIFECYCLE_NAMES)
    def test_mermaid_mentions_every_state_and_trigger(self, name: str) -> None:
        """The diagram declares every state and labels every trigger of the table."""
        lifecycle = LIFECYCLES[name]
        text = lifecycle.mermaid()
        assert "stateDiagram-v2" in text
        assert [s for s in lifecycle.states if f'state "{s}" as {s}' not in text] == []
        assert sorted({r["trigger"] for r in lifecycle.table if r["trigger"] not in text}) == []
        assert f"[*] --> {lifecycle.initial}" in text

    def test_drawing_binds_no_model(self) -> None:
        """Drawing a diagram leaves every lifecycle's machine without models."""
        for lifecycle in LIFECYCLES.values():
            lifecycle.mermaid()
        assert {name: [] for name in LIFECYCLES} == {
            name: list(lc.machine.models) for name, lc in LIFECYCLES.items()
        }


def a_lived_history(app: CoCreation) -> list[Any]:
    """An initiative, an active platform, a person and a held first meeting."""
    s = Scenario.start(app)
    platform = s.platform()
    s.start_co_creation()
    s.active(platform)
    meeting = app.get_platform(platform).first_meeting
    assert meeting is not None
    return [
        app.get_initiative(s.initiative),
        app.get_platform(platform),
        app.get_person(s.person_of(s.actors[0])),
        app.get_meeting(meeting),
    ]


def parts(value: Any) -> Iterator[Any]:
    """``value`` and everything nested in it (dicts, collections, attrs values)."""
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from parts(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from parts(item)
    elif hasattr(value, "__attrs_attrs__"):
        for field in value.__attrs_attrs__:
            yield from parts(getattr(value, field.name))


def machinery(value: Any) -> bool:
    """Whether ``value`` is a transitions object or a bound trigger."""
    module = type(value).__module__ or ""
    return module.split(".")[0] == "transitions" or isinstance(value, functools.partial)


class TestNoMachineBound:
    """No machine is bound to an aggregate: aggregates hold ``state`` as a plain string."""

    def test_machines_have_no_models(self) -> None:
        """Every lifecycle's machine is built with model=None and stays without models."""
        assert {name: [] for name in LIFECYCLES} == {
            name: list(lc.machine.models) for name, lc in LIFECYCLES.items()
        }

    def test_aggregates_hold_plain_state(self, app: CoCreation) -> None:
        """Aggregates hold a plain string state of their lifecycle and no transitions objects."""
        for aggregate in a_lived_history(app):
            held = [v for v in parts(vars(aggregate)) if machinery(v)]
            assert (type(aggregate).__name__, str, True, []) == (
                type(aggregate).__name__,
                type(aggregate.state),
                aggregate.state in aggregate.LIFECYCLE.states,
                held,
            )

    def test_aggregate_classes_carry_no_triggers(self, app: CoCreation) -> None:
        """No aggregate class or instance gained transitions' trigger, to_<state> or may_ names."""
        for aggregate in a_lived_history(app):
            names = set(dir(aggregate))
            states = aggregate.LIFECYCLE.states
            added = (
                {"trigger", "get_graph"}
                | {f"to_{s}" for s in states}
                | {n for n in names if n.startswith("may_")}
            )
            classy = [v for v in vars(type(aggregate)).values() if machinery(v)]
            assert (set(), []) == (names & added, classy)

    def test_the_source_binds_no_machine(self) -> None:
        """In the source, every transitions machine is built with model=None and nothing calls
        add_model."""
        machines = {"Machine"} | {n for n in dir(transitions.extensions) if n.endswith("Machine")}
        calls, offending = [], []
        for path in sorted(SOURCE.rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Attribute | ast.Name) and "add_model" in {
                    getattr(node, "attr", None),
                    getattr(node, "id", None),
                }:
                    offending.append(f"{path.name}:{node.lineno} add_model")
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name not in machines:
                    continue
                calls.append(f"{path.name}:{node.lineno}")
                model = next((k.value for k in node.keywords if k.arg == "model"), None)
                if not (isinstance(model, ast.Constant) and model.value is None):
                    offending.append(f"{path.name}:{node.lineno} {name} without model=None")
        assert offending == []
        assert len(calls) >= 2, f"expected the lifecycle and diagram machines, found {calls}"
        assert transitions.Machine.__name__ in machines
