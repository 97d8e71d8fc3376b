"""One source for every rule (issue 9): each flag and deviation is one function in ``model/``,
aggregates and views give it the same facts, state names are written only in the lifecycle
tables, the read side only turns the model's answers into rows, and documents read views and
public queries, never the event store."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from cocreation_domain.model import (
    LIFECYCLES,
    PLATFORM,
    DeliveryState,
    InitiativeState,
    MeetingState,
    NewsletterState,
    PersonState,
    PlatformState,
)
from cocreation_domain.model import deviations as model_deviations
from cocreation_domain.model import flags as model_flags

SOURCE = Path(__file__).parents[2] / "src" / "cocreation_domain"
STATE_NAMES = frozenset(s for lifecycle in LIFECYCLES.values() for s in lifecycle.states)

STATE_ENUMS = (
    InitiativeState,
    PlatformState,
    MeetingState,
    NewsletterState,
    PersonState,
    DeliveryState,
)
"""The states of each lifecycle of ``LIFECYCLES``, in its order."""

GETTEXT_MARKERS = frozenset({"_", "N_", "gettext", "ngettext"})
"""Calls whose literal arguments are translatable text (a label may read like a state)."""

OTHER_VOCABULARIES = frozenset({"Recommendation"})
"""Vocabularies of the model that share a word with a state (a reality check recommends
``standby``): their members are not state names."""


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
            # attribute docstrings: a string statement after an assignment
            for statement in body[1:]:
                if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
                    found.add(id(statement.value))
    return found


def state_literals(source: str) -> list[tuple[int, str]]:
    """Every string literal in ``source`` that is a state name: line and name (docstrings,
    translatable text and the members of other vocabularies left out)."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in GETTEXT_MARKERS:
                skip.update(id(a) for a in ast.walk(node) if isinstance(a, ast.Constant))
        if isinstance(node, ast.ClassDef) and node.name in OTHER_VOCABULARIES:
            skip.update(id(a) for a in ast.walk(node) if isinstance(a, ast.Constant))
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value in STATE_NAMES
        and id(node) not in skip
    )


def modules() -> Iterator[Path]:
    """Every module of the package."""
    yield from sorted(SOURCE.rglob("*.py"))


class TestStateNames:
    """State names come from the lifecycle tables (``model/lifecycles.py``) only."""

    def test_the_check_finds_a_state_literal(self) -> None:
        """The check reports a comparison with a state written as text, not a docstring or a
        translatable label that reads the same."""
        source = '"""standby"""\nx = p.state == "standby"\nlabel = N_("active")\n'
        assert state_literals(source) == [(2, "standby")]

    def test_an_enum_state_asks_the_table_as_its_name_does(self) -> None:
        """A lifecycle answers a state given as its enum member exactly as given as text (the
        transitions library would otherwise name an enum state by its member name)."""
        for lifecycle, enum in zip(LIFECYCLES.values(), STATE_ENUMS, strict=True):
            for state in enum:
                assert lifecycle.allowed_triggers(state) == lifecycle.allowed_triggers(str(state))
        assert PLATFORM.destination("resume", PlatformState.STANDBY, {"left_focused": True}) == (
            PlatformState.FOCUSED
        )

    def test_no_state_literal_outside_the_lifecycle_tables(self) -> None:
        """No module but ``model/lifecycles.py`` writes a state name as a string literal."""
        found = {
            f"{path.relative_to(SOURCE)}:{line}": name
            for path in modules()
            if path != SOURCE / "model" / "lifecycles.py"
            for line, name in state_literals(path.read_text(encoding="utf-8"))
        }
        assert found == {}


# --- the read side only turns the model's answers into rows ---------------------------------

ROW_MAKERS = {
    SOURCE / "projections" / "attention.py": model_flags,
    SOURCE / "projections" / "deviations.py": model_deviations,
}
"""Each read-side module and the model module whose rules it turns into rows."""


def rule_logic(source: str) -> list[str]:
    """What in ``source`` looks like a rule decided on the read side: an ordering comparison,
    date arithmetic, a look at a lifecycle state, or a policy's clock."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(
            isinstance(op, ast.Lt | ast.LtE | ast.Gt | ast.GtE) for op in node.ops
        ):
            found.append(f"{node.lineno}: ordering comparison")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub):
            found.append(f"{node.lineno}: arithmetic")
        if isinstance(node, ast.Attribute) and node.attr == "state":
            found.append(f"{node.lineno}: reads a state")
        if isinstance(node, ast.Name) and node.id in {"timedelta", "add_months", "date.today"}:
            found.append(f"{node.lineno}: {node.id}")
    return found


class TestReadSide:
    """The attention list and the deviations register only turn the model's answers into rows."""

    def test_the_check_finds_rule_logic(self) -> None:
        """The check reports a date compared, a state read and a period added."""
        source = "if today > due and p.state == s:\n    yield due + timedelta(days=1)\n"
        assert len(rule_logic(source)) == 4

    @pytest.mark.parametrize("path", sorted(ROW_MAKERS), ids=lambda p: p.name)
    def test_no_rule_logic_on_the_read_side(self, path: Path) -> None:
        """The module compares no dates, adds no periods and reads no lifecycle state."""
        assert rule_logic(path.read_text(encoding="utf-8")) == []

    @pytest.mark.parametrize("path", sorted(ROW_MAKERS), ids=lambda p: p.name)
    def test_every_rule_of_the_model_is_asked(self, path: Path) -> None:
        """Every flag (every deviation) function of the model is called by the read side, so
        none is a rule that only tests call."""
        module = ROW_MAKERS[path]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        called = {
            node.func.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        helpers = {"add_months", "first_meeting_due", "joint_status_due", "phase6_due"}
        assert set(module.__all__) - helpers - called == set()


def compares_today(source: str) -> list[int]:
    """Lines of ``source`` that compare something with ``today``: deciding what is due."""
    return sorted(
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Compare)
        and any(isinstance(n, ast.Name) and n.id == "today" for n in [node.left, *node.comparators])
    )


class TestNothingDueOutsideTheModel:
    """Only the model decides what is due on ``today``: no read model or document compares a
    date with it."""

    def test_the_check_finds_a_comparison_with_today(self) -> None:
        """The check reports ``today > due``."""
        assert compares_today("x = 1\nif today > due:\n    pass\n") == [2]

    @pytest.mark.parametrize(
        "path",
        sorted([*(SOURCE / "projections").glob("*.py"), *(SOURCE / "documents").glob("*.py")]),
        ids=lambda p: f"{p.parent.name}/{p.name}",
    )
    def test_no_read_model_or_document_compares_with_today(self, path: Path) -> None:
        """The module never compares anything with ``today``."""
        assert compares_today(path.read_text(encoding="utf-8")) == []


# --- documents read views and public queries ------------------------------------------------


def store_access(source: str) -> list[str]:
    """Where ``source`` reaches past the views into the aggregates' stored events (the
    repository or its event store). The event-log export reads the public notification log,
    which is what it exports, so the recorder's log is not counted."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in {"event_store", "repository"}:
            found.append(f"{node.lineno}: .{node.attr}")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("eventsourcing"):
            found.append(f"{node.lineno}: imports {node.module}")
    return found


class TestDocuments:
    """Documents come from views and public queries only, never from the event store."""

    def test_the_check_finds_the_event_store(self) -> None:
        """The check reports reading an aggregate's events from the store."""
        assert store_access("events = app.repository.event_store.get(x)\n") == [
            "1: .event_store",
            "1: .repository",
        ]

    @pytest.mark.parametrize(
        "path", sorted((SOURCE / "documents").glob("*.py")), ids=lambda p: p.name
    )
    def test_documents_never_touch_the_event_store(self, path: Path) -> None:
        """No module of ``documents/`` reads the repository or its event store."""
        assert store_access(path.read_text(encoding="utf-8")) == []


# --- aggregates and views give the rules the same facts -------------------------------------
