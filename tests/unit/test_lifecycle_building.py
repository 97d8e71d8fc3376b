"""Building a lifecycle's machine from its table (DOMAIN.md lifecycles; issue 15.7).

The module-level lifecycles are built once, at import. These tests build each one again inside
the test, from its table written with enum members (as the module writes it), and check the
machine it builds against the table row by row: every trigger, source, destination and
condition, and nothing more. So the building code runs under test, not only at import.
"""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from typing import Any

import pytest

from cocreation_domain import LIFECYCLES, Lifecycle, LifecycleViolation
from cocreation_domain.model.lifecycles import (
    DeliveryState,
    InitiativeState,
    MeetingState,
    NewsletterState,
    PersonState,
    PlatformState,
    _plain,
    _stay,
)

MEMBERS: dict[str, type[StrEnum]] = {
    "initiative": InitiativeState,
    "platform": PlatformState,
    "meeting": MeetingState,
    "newsletter": NewsletterState,
    "person": PersonState,
    "delivery": DeliveryState,
}
NAMES = sorted(LIFECYCLES)


def sources(row: dict[str, Any]) -> list[str]:
    """The source states of one (plain) table row."""
    source = row["source"]
    return [source] if isinstance(source, str) else list(source)


def conditions(row: dict[str, Any]) -> tuple[str, ...]:
    """The condition names of one table row."""
    value = row.get("conditions") or ()
    return (value,) if isinstance(value, str) else tuple(value)


def target(row: dict[str, Any], source: str) -> str:
    """Where one row leads from ``source``: ``"="`` stays."""
    return source if row["dest"] == "=" else str(row["dest"])


def as_members(name: str) -> tuple[dict[str, Any], ...]:
    """The lifecycle's table with every state an enum member, and lists of sources written as
    tuples or lists by turns, as the module's tables write them."""
    enum = MEMBERS[name]
    rows = []
    for i, row in enumerate(LIFECYCLES[name].table):
        members = [enum(s) for s in sources(row)]
        alone = isinstance(row["source"], str)
        source: Any = members[0] if alone else (tuple(members) if i % 2 else members)
        dest = row["dest"] if row["dest"] == "=" else enum(row["dest"])
        rows.append({**row, "source": source, "dest": dest})
    return tuple(rows)


def build(name: str) -> Lifecycle:
    """The lifecycle ``name`` built again, here, from its enum states and member-valued rows."""
    enum = MEMBERS[name]
    return Lifecycle(
        name=name,
        states=tuple(enum),
        initial=enum(LIFECYCLES[name].initial),
        table=as_members(name),
    )


def machine_transitions(lifecycle: Lifecycle) -> Counter[tuple[str, str, str, tuple[Any, ...]]]:
    """Every transition of the lifecycle's machine: trigger, source, destination, conditions."""
    found: Counter[tuple[str, str, str, tuple[Any, ...]]] = Counter()
    for trigger, event in lifecycle.machine.events.items():
        for source, transitions in event.transitions.items():
            for t in transitions:
                when = tuple((c.func, c.target) for c in t.conditions)
                found[(trigger, source, t.dest if t.dest is not None else source, when)] += 1
    return found


def table_transitions(lifecycle: Lifecycle) -> Counter[tuple[str, str, str, tuple[Any, ...]]]:
    """Every transition the lifecycle's table lists, one per row and source."""
    return Counter(
        (row["trigger"], source, target(row, source), tuple((c, True) for c in conditions(row)))
        for row in lifecycle.table
        for source in sources(row)
    )


class TestBuilding:
    """A lifecycle built from a table has a machine with exactly the table's transitions."""

    @pytest.mark.parametrize("name", NAMES)
    def test_states_and_rows_are_plain_strings(self, name: str) -> None:
        """Enum states, sources and destinations are kept as the plain strings the table names."""
        built, module = build(name), LIFECYCLES[name]
        named = [*built.states, built.initial]
        named += [s for row in built.table for s in sources(row)]
        named += [row["dest"] for row in built.table]
        assert (built.states, built.initial, built.table) == (
            module.states,
            module.initial,
            module.table,
        )
        assert {type(s) for s in named} == {str}
        assert all(type(row["source"]) in (str, list) for row in built.table)

    @pytest.mark.parametrize("name", NAMES)
    def test_the_machine_has_the_table_s_transitions_and_no_others(self, name: str) -> None:
        """Row by row, every trigger, source, destination and condition of the table is one
        transition of the machine, and the machine has no other (no auto transitions)."""
        built = build(name)
        assert machine_transitions(built) == table_transitions(LIFECYCLES[name])

    @pytest.mark.parametrize("name", NAMES)
    def test_the_machine_binds_no_model_and_starts_at_the_initial_state(self, name: str) -> None:
        """The machine is built with model=None, the table's states and its initial state."""
        built = build(name)
        assert (list(built.machine.models), list(built.machine.states), built.machine.initial) == (
            [],
            list(LIFECYCLES[name].states),
            LIFECYCLES[name].initial,
        )

    @pytest.mark.parametrize("name", NAMES)
    def test_allowed_triggers_are_the_rows_from_each_state(self, name: str) -> None:
        """From every state, the built lifecycle allows exactly the triggers of the rows that
        leave it, enum or string state alike."""
        built, enum = build(name), MEMBERS[name]
        expected = {
            state: tuple(sorted({r["trigger"] for r in built.table if state in sources(r)}))
            for state in built.states
        }
        assert {s: built.allowed_triggers(s) for s in built.states} == expected
        assert {s: built.allowed_triggers(enum(s)) for s in built.states} == expected

    @pytest.mark.parametrize("name", NAMES)
    def test_every_row_leads_to_its_destination_when_its_conditions_hold(self, name: str) -> None:
        """Each row, from each of its sources, leads to its destination given its conditions,
        and a conditional row does not fire without them."""
        built, enum = build(name), MEMBERS[name]
        for row in built.table:
            facts = dict.fromkeys(conditions(row), True)
            for source in sources(row):
                expected = target(row, source)
                assert built.destination(row["trigger"], source, facts) == expected, row
                assert built.destination(row["trigger"], enum(source), facts) == expected, row
                if facts:
                    try:
                        without = built.destination(row["trigger"], source)
                    except LifecycleViolation:
                        continue
                    assert without != expected, row

    def test_a_condition_that_is_false_does_not_hold(self) -> None:
        """R-PLAT-3: a fact given as False is not the condition: describing a baseline stays in
        goals_set; only True leads to active."""
        built = build("platform")
        assert [
            built.destination("describe_baseline", "goals_set", {"all_baselined": value})
            for value in (False, True)
        ] == ["goals_set", "active"]

    def test_a_trigger_from_a_state_without_its_row_is_refused(self) -> None:
        """R-PLAT-7: a built lifecycle refuses a trigger its table has no row for, naming the
        lifecycle, the state, the allowed triggers and the commands that fire them."""
        built = build("platform")
        with pytest.raises(LifecycleViolation) as refused:
            built.destination("leave_actor", PlatformState.CLOSED)
        assert (
            refused.value.lifecycle,
            refused.value.state,
            refused.value.trigger,
            refused.value.allowed,
            refused.value.commands,
        ) == ("platform", "closed", "leave_actor", (), ("remove_actor",))

    def test_a_lifecycle_outside_the_command_table_names_its_triggers(self) -> None:
        """A lifecycle an embedder builds, which COMMANDS does not know, still refuses with a
        LifecycleViolation, naming its triggers as the commands."""
        toy = Lifecycle(
            name="toy",
            states=("a", "b"),
            initial="a",
            table=({"trigger": "go", "source": "a", "dest": "b"},),
        )
        with pytest.raises(LifecycleViolation) as refused:
            toy.destination("go", "b")
        assert (refused.value.allowed, refused.value.commands) == ((), ("go",))
        assert toy.destination("go", "a") == "b"


class TestDestination:
    """Where a trigger leads, for tables beyond the module's: unknown triggers, ``unless``
    conditions and internal rows (``dest: None``)."""

    TOY = Lifecycle(
        name="toy",
        states=("a", "b", "c"),
        initial="a",
        table=(
            {"trigger": "go", "source": "a", "dest": "b", "unless": "blocked"},
            {"trigger": "go", "source": "a", "dest": "c"},
            {"trigger": "note", "source": "b", "dest": None},
        ),
    )

    def test_a_trigger_no_table_knows_is_refused(self) -> None:
        """A trigger the table never names is refused with a LifecycleViolation listing what
        the state allows, like any trigger the state does not allow."""
        with pytest.raises(LifecycleViolation) as refused:
            build("platform").destination("fly", "active")
        assert (refused.value.trigger, refused.value.allowed) == (
            "fly",
            LIFECYCLES["platform"].allowed_triggers("active"),
        )

    def test_an_unless_condition_holds_while_its_fact_is_missing_or_false(self) -> None:
        """A row with ``unless`` fires when its fact is missing or False, and gives way to the
        next row when the fact is True."""
        assert [
            self.TOY.destination("go", "a", facts)
            for facts in ({}, {"blocked": False}, {"blocked": True})
        ] == ["b", "b", "c"]

    def test_an_internal_row_stays_in_its_state(self) -> None:
        """A row without a destination (``dest: None``) records something and stays."""
        assert self.TOY.destination("note", "b") == "b"


class TestTableHelpers:
    """The helpers the module's tables are written with."""

    def test_stay_lists_one_reflexive_row_per_trigger(self) -> None:
        """A staying trigger is one row from every given state back to the same state."""
        assert _stay(iter(("record", "note")), iter((PlatformState.ACTIVE, "standby"))) == [
            {"trigger": "record", "source": [PlatformState.ACTIVE, "standby"], "dest": "="},
            {"trigger": "note", "source": [PlatformState.ACTIVE, "standby"], "dest": "="},
        ]

    def test_stay_rows_do_not_share_their_source_list(self) -> None:
        """Each staying row holds its own list of sources."""
        first, second = _stay(("a", "b"), ("x",))
        assert first["source"] is not second["source"]

    @pytest.mark.parametrize(
        ("value", "plain"),
        [
            (PlatformState.GOALS_SET, "goals_set"),
            ("goals_set", "goals_set"),
            ("=", "="),
            (None, None),
            ([PlatformState.ACTIVE, "standby"], ["active", "standby"]),
            ((MeetingState.PLANNED, MeetingState.INVITED), ["planned", "invited"]),
            (frozenset({PersonState.FORGOTTEN}), ["forgotten"]),
            ({DeliveryState.SENT}, ["sent"]),
        ],
    )
    def test_plain_names_states_by_their_value(self, value: Any, plain: Any) -> None:
        """A state, or a collection of states, becomes the plain string(s) the table names."""
        result = _plain(value)
        assert (result, type(result)) == (plain, type(plain))
        if isinstance(result, list):
            assert {type(s) for s in result} == {str}
