"""One source for every rule (issue 9): each flag and deviation is one function in ``model/``,
aggregates and views give it the same facts, state names are written only in the lifecycle
tables, the read side only turns the model's answers into rows, and documents read views and
public queries, never the event store."""

from __future__ import annotations

import ast
import json
import shutil
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.demo import write_demo
from cocreation_domain.model import (
    LIFECYCLES,
    PLATFORM,
    DeliveryState,
    Initiative,
    InitiativeState,
    MeetingKind,
    MeetingState,
    NewsletterState,
    PersonState,
    PlatformState,
)
from cocreation_domain.model import deviations as model_deviations
from cocreation_domain.model import flags as model_flags
from cocreation_domain.model.facts import (
    InitiativeFacts,
    MeetingFacts,
    NewsletterFacts,
    PlatformFacts,
)
from cocreation_domain.model.meeting import joint_status_readiness
from cocreation_domain.projections import View, ViewFold, rebuild
from cocreation_domain.projections.attention import person_actor
from cocreation_domain.testing.history import initiative_acts_of

SOURCE = Path(__file__).parent.parent / "src" / "cocreation_domain"
V1_STORE = Path(__file__).parent / "fixtures" / "v1" / "store.sqlite"
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


@pytest.fixture(scope="module")
def v1(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[CoCreation, View]]:
    """The v1 store (the demo and an epilogue holding every event class) and its view."""
    db = tmp_path_factory.mktemp("single-source") / "v1.sqlite"
    shutil.copyfile(V1_STORE, db)
    app = CoCreation(sqlite_env(str(db)))
    try:
        yield app, rebuild(app, ViewFold())
    finally:
        app.close()


def days_of(initiative: Initiative) -> list[date]:
    """Business days to ask the rules on: every 15 days across the initiative's life and a
    year beyond."""
    first = initiative.co_creation_started_on or date(2024, 1, 1)
    return [first - timedelta(days=60) + timedelta(days=15 * i) for i in range(70)]


def answers(
    initiative: InitiativeFacts,
    concluded_on: date | None,
    platforms: Sequence[PlatformFacts],
    meetings: Sequence[MeetingFacts],
    newsletters: Sequence[NewsletterFacts],
    days: list[date],
    actor_of: Callable[[UUID], UUID | None] = lambda _: None,
    acts_of: Callable[[UUID], list[tuple[date, UUID]]] = lambda _: [],
) -> dict[str, object]:
    """Every flag and deviation function's answer on the given facts, by call (``actor_of``:
    which actor a person represents, ``acts_of``: a platform's decisions initiated and changes
    proposed, by day and person, for R-FLAT-5)."""
    f, d, i = model_flags, model_deviations, initiative
    policies = i.policies
    out: dict[str, object] = {
        "needs_attention": f.needs_attention(i),
        "poster_outdated": f.poster_outdated(i),
        "coordinator_meeting_off_window": d.coordinator_meeting_off_window(i),
        "phase6_ran_long": d.phase6_ran_long(i, concluded_on),
        "readiness": joint_status_readiness(i, platforms),
    }
    for day in days:
        out[f"phase6_overdue {day}"] = f.phase6_overdue(i, day)
        out[f"joint_status_overdue {day}"] = f.joint_status_overdue(i, day)
        out[f"coordinator_meeting_overdue {day}"] = f.coordinator_meeting_overdue(i, day)
    for p in platforms:
        out[f"missing_coordinator {p.id}"] = f.missing_coordinator(p)
        out[f"goals_without_baseline {p.id}"] = f.goals_without_baseline(p)
        out[f"last_activity_on {p.id}"] = p.last_activity_on
        for day in days:
            out[f"first_meeting_overdue {p.id} {day}"] = f.first_meeting_overdue(p, i, day)
            out[f"standby_past_review {p.id} {day}"] = f.standby_past_review(p, day)
            out[f"stagnating {p.id} {day}"] = f.stagnating(p, day, policies)
        for m in meetings:
            if p.first_meeting == m.id:
                out[f"first_meeting_held_late {p.id}"] = d.first_meeting_held_late(p, i, m)
    previous = None
    for m in meetings:
        out[f"room_not_booked {m.id}"] = f.room_not_booked(m)
        out[f"invitation_short {m.id}"] = f.invitation_short(m, policies)
        out[f"held_on_short_notice {m.id}"] = d.held_on_short_notice(m, policies)
        out[f"readiness_overridden {m.id}"] = d.readiness_overridden(m)
        out[f"joint_status_held_late {m.id}"] = d.joint_status_held_late(i, m, previous)
        if m.kind is MeetingKind.JOINT_STATUS and m.held_on is not None:
            previous = m.held_on
    for n, newsletter in enumerate(newsletters):
        out[f"not_compiled {n}"] = f.not_compiled(newsletter)
    # the method cards (R-FLAT-5, R-ACT-5, R-ACT-6, R-MEET-7, R-MEET-8)
    out["missing_backing"] = f.missing_backing(i, platforms, meetings)
    for p in platforms:
        acts = acts_of(p.id)
        out[f"initiative_shares {p.id}"] = f.initiative_shares(
            p, meetings, actor_of, policies, newsletters, acts
        )
        out[f"dominant_actor {p.id}"] = f.dominant_actor(
            p, meetings, actor_of, policies, newsletters, acts
        )
        out[f"inactive_actors {p.id}"] = f.inactive_actors(p, meetings, policies)
    for m in meetings:
        out[f"overlap_review_missing {m.id}"] = f.overlap_review_missing(m, platforms)
        out[f"missing_presentations {m.id}"] = f.missing_presentations(m, platforms)
    return out


def aggregate_answers(
    app: CoCreation, ident: UUID, days: list[date], **people: Any
) -> dict[str, object]:
    """:func:`answers` on the initiative's aggregates (``people``: its ``actor_of`` and
    ``acts_of``)."""
    initiative = app.get_initiative(ident)
    platforms, meetings = list(app.platforms_of(ident)), list(app.meetings_of(ident))
    newsletters = list(app.newsletters_of(ident))
    return answers(
        initiative, initiative.concluded_on, platforms, meetings, newsletters, days, **people
    )


def view_answers(view: View, ident: UUID, days: list[date], **people: Any) -> dict[str, object]:
    """:func:`answers` on the initiative's rows of the read model, in the aggregates' order
    (``people``: its ``actor_of`` and ``acts_of``)."""
    initiative = view.initiatives[ident]
    platforms = sorted((p for p in view.platforms.values() if p.initiative == ident), key=_by_id)
    meetings = sorted((m for m in view.meetings.values() if m.initiative == ident), key=_by_date)
    newsletters = sorted(
        (n for n in view.newsletters.values() if n.initiative == ident), key=lambda n: n.opened_on
    )
    return answers(
        initiative, initiative.concluded_on, platforms, meetings, newsletters, days, **people
    )


class TestSameFacts:
    """The model's rules read the same facts from aggregates and from the read model."""

    @pytest.mark.parametrize("which", ["demo_initiative", "epilogue_initiative"])
    def test_every_rule_answers_the_same_on_aggregates_and_views(
        self, v1: tuple[CoCreation, View], which: str
    ) -> None:
        """Asked about the v1 store's initiatives on seventy days, every flag and deviation
        function gives the same answer for the aggregates as for the view (R-PLAT-8's last
        activity included)."""
        app, view = v1
        ids = json.loads((V1_STORE.parent / "ids.json").read_text(encoding="utf-8"))
        ident = UUID(ids[which])
        initiative = app.get_initiative(ident)
        days = days_of(initiative)
        aggregates = aggregate_answers(app, ident, days)
        views = view_answers(view, ident, days)
        assert len(aggregates) > 300
        assert {k: v for k, v in aggregates.items() if views.get(k) != v} == {}
        assert aggregates.keys() == views.keys()

    def test_the_method_cards_rules_answer_the_same_on_the_demo(
        self, demo: tuple[CoCreation, View, UUID]
    ) -> None:
        """R-FLAT-5, R-ACT-5, R-ACT-6, R-MEET-7, R-MEET-8: on the demo (which records
        backing, presentations, overlap reviews and a dominated platform), every flag gives
        the aggregates the same answer as the view."""
        app, view, ident = demo
        initiative = app.get_initiative(ident)
        days = days_of(initiative)
        aggregates = aggregate_answers(
            app,
            ident,
            days,
            actor_of=lambda person: app.get_person(person).actor,
            acts_of=lambda platform: initiative_acts_of(app, platform),
        )
        views = view_answers(
            view,
            ident,
            days,
            actor_of=person_actor(view),
            acts_of=lambda platform: view.platforms[platform].initiative_acts,
        )
        assert any(v for k, v in aggregates.items() if k.startswith("dominant_actor"))
        assert aggregates["missing_backing"]
        assert {k: v for k, v in aggregates.items() if views.get(k) != v} == {}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[CoCreation, View, UUID]]:
    """The demo story in an SQLite file, its view and its initiative."""
    db = tmp_path_factory.mktemp("single-source") / "demo.sqlite"
    app = CoCreation(sqlite_env(str(db)))
    try:
        story = write_demo(app)
        yield app, rebuild(app, ViewFold()), story.initiative
    finally:
        app.close()


def _by_id(item: PlatformFacts) -> str:
    return str(item.id)


def _by_date(item: MeetingFacts) -> tuple[date, str]:
    return item.scheduled_on, str(item.id)
