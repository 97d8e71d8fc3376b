"""One source for every rule (issue 9) on stored histories: aggregates and views of the v1 store
and the demo store give every rule function the same facts. The source checks:
``tests/unit/test_single_source.py``."""

from __future__ import annotations

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
    Initiative,
    MeetingKind,
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

V1_STORE = Path(__file__).parents[1] / "fixtures" / "v1" / "store.sqlite"


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
