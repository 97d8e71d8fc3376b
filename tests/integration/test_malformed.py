"""The store cannot be poisoned: every public command, driven with malformed arguments on a
store holding a realistic story, refuses with a domain error and writes nothing (issue 8).

Each example replaces one argument of an otherwise well-formed call with a value from
:func:`cocreation_domain.testing.malformed.malformed`. After each call: the error is a
``DomainError`` (``InvalidInput`` naming the parameter, unless the value is a well-formed id
of nothing, which may be any domain error), and the store holds exactly the events it held.
After each command's examples every read model and document is built again, in the same
application and in a fresh one opening the same file. The run's counts are printed at the
end (``-s`` not needed) and must show no other exception, nothing wrongly accepted and no
event written by a refusal.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings

from cocreation_domain import (
    ActorChangeReason,
    AgendaItem,
    Baseline,
    ChangeKind,
    ClosureReason,
    CoCreation,
    Consent,
    Contribution,
    DomainError,
    GoalProgress,
    GuestTalk,
    InvalidInput,
    MeetingKind,
    Minutes,
    OnboardingTopic,
    Policies,
    RealityCheck,
    Recommendation,
    Ripple,
    RippleKind,
    Venue,
    sqlite_env,
)
from cocreation_domain.documents import (
    attention_text,
    audit_text,
    deviations_text,
    export_events,
    invitation,
    newsletter_document,
    poster_svg,
    render_invitation,
    render_newsletter,
    ripples_text,
    status_text,
)
from cocreation_domain.model import CrossPlatformLead, OverlapOutcome, OverlapReview
from cocreation_domain.projections import (
    attention_list,
    audit_trail,
    current_view,
    deviations_register,
    ripples_register,
    status_overview,
)
from cocreation_domain.testing.malformed import MalformedCall, malformed_calls, public_commands
from cocreation_domain.testing.scenario import sample_goals
from cocreation_domain.testing.story import Story, tell_story

DAY = date(2025, 9, 1)
STORES = ("popo", "sqlite")
COUNTS: dict[str, Counter[str]] = {store: Counter() for store in STORES}
"""What the run tried and saw, per store (printed by the last test)."""


def well_formed(story: Story) -> dict[str, dict[str, Any]]:
    """For every public command, arguments of the right kinds naming things of the story
    (not necessarily ones the command accepts: only their shape matters here)."""
    s = story.scenario
    anchor, initiative, night = s.anchor, s.initiative, story.night
    a1, a2 = s.actors[0], s.actors[1]
    p1 = s.persons[a1]
    consent = Consent(consenting={p1})
    meeting = story.coordinator_meeting
    ripple = Ripple("A new friendship", RippleKind.NEW_IDEA, {"own_platform"}, DAY)
    goal = sample_goals(1)[0]
    minutes = Minutes("We met", ("Meet again",))
    on = {"on": DAY}
    return {
        "register_person": {"name": "Nina", "email": "n@example.org", "phone": "+45 1234", **on},
        "update_contact": {"by": anchor, "person": p1, "title": "Chair", **on},
        "forget_person": {"by": anchor, "person": p1, **on},
        "found_initiative": {
            "by": anchor, "name": "Another", "common_challenge": "loneliness",
            "policies": Policies(), **on,
        },
        "hold_establishment_workshop": {"by": anchor, "initiative": initiative, **on},
        "start_co_creation": {"by": anchor, "initiative": initiative, **on},
        "conclude_initiative": {"by": anchor, "initiative": initiative, **on},
        "hand_over_anchor": {"by": anchor, "initiative": initiative, "to_person": p1, **on},
        "change_policies": {"by": anchor, "initiative": initiative, "policies": Policies(), **on},
        "register_actor": {"by": anchor, "initiative": initiative, "name": "Club", **on},
        "record_initiative_ripple": {
            "by": anchor, "initiative": initiative, "ripple": ripple, **on,
        },
        "establish_platform": {
            "by": anchor, "initiative": initiative, "name": "Parks", "actors": [a1, a2], **on,
        },
        "onboard_actor": {
            "by": anchor, "platform": night, "actor": a1,
            "topics": [OnboardingTopic.METHOD], **on,
        },
        "hold_first_meeting": {
            "by": p1, "platform": night, "focus": "Nights",
            "contributions": [Contribution(a1, "Rooms")], **on,
        },
        "set_goals": {
            "by": p1, "platform": night, "goals": sample_goals(3), "consent": consent, **on,
        },
        "describe_baseline": {
            "by": p1, "platform": night, "goal": "G1",
            "baseline": Baseline("How it was", 5, DAY), **on,
        },
        "record_goal_progress": {
            "by": p1, "platform": night, "goal": "G1",
            "progress": GoalProgress("Better", DAY, 7), **on,
        },
        "reach_goal": {"by": p1, "platform": night, "goal": "G1", **on},
        "add_goal": {"by": p1, "platform": night, "goal": goal, "consent": consent, **on},
        "revise_goal": {"by": p1, "platform": night, "goal": goal, "consent": consent, **on},
        "drop_goal": {
            "by": p1, "platform": night, "goal": "G1", "reason": "done", "consent": consent, **on,
        },
        "put_on_standby": {
            "by": p1, "platform": night, "reason": "summer", "aftercare": "we call",
            "consent": consent, "review_on": DAY, **on,
        },
        "resume_platform": {"by": p1, "platform": night, "consent": consent, **on},
        "close_platform": {
            "by": p1, "platform": night, "reason": ClosureReason.OTHER, "aftercare": "we call",
            "consent": consent, **on,
        },
        "merge_platforms": {
            "by": p1, "source": story.schools, "target": night, "consent": consent,
            "target_consent": consent, **on,
        },
        "join_actor": {
            "by": p1, "platform": night, "actor": a2, "consent": consent,
            "persons": [s.persons[a2]], **on,
        },
        "remove_actor": {
            "by": p1, "platform": night, "actor": a2, "reason": ActorChangeReason.INACTIVE,
            "consent": consent, **on,
        },
        "replace_actor": {
            "by": p1, "platform": night, "old": a1, "new": a2,
            "reason": ActorChangeReason.OTHER, "consent": consent, **on,
        },
        "choose_coordinator": {
            "by": p1, "platform": night, "actor": a1, "person": p1, "consent": consent, **on,
        },
        "record_ripple": {"by": p1, "platform": night, "ripple": ripple, **on},
        "plan_meeting": {
            "by": p1, "kind": MeetingKind.PLATFORM, "scheduled_on": DAY, "platform": night,
            "host": a1, "venue": Venue("Hall"), "agenda": None, **on,
        },
        "invite_meeting": {"by": anchor, "meeting": meeting, **on},
        "reschedule_meeting": {
            "by": anchor, "meeting": meeting, "scheduled_on": DAY, "reason": "rain",
            "host": a1, "venue": Venue("Hall"), **on,
        },
        "add_agenda_item": {
            "by": anchor, "meeting": meeting, "item": AgendaItem("coffee", "Coffee"), **on,
        },
        "add_guest_talk": {
            "by": anchor, "meeting": meeting, "speaker": p1, "topic": "Nights", **on,
        },
        "cancel_meeting": {"by": anchor, "meeting": meeting, "reason": "rain", **on},
        "hold_meeting": {
            "by": anchor, "meeting": meeting, "attendance": [a1], "minutes": minutes, **on,
        },
        "hold_first_platform_meeting": {
            "by": p1, "meeting": meeting, "focus": "Nights",
            "contributions": [Contribution(a1, "Rooms")], "attendance": [a1],
            "minutes": minutes, **on,
        },
        "hold_goal_setting_meeting": {
            "by": p1, "meeting": meeting, "goals": sample_goals(3), "consent": consent,
            "attendance": [a1], "minutes": minutes, **on,
        },
        "hold_joint_status_meeting": {
            "by": anchor, "meeting": story.joint_status_meeting, "attendance": [a1],
            "minutes": minutes, "override_reason": "late", **on,
        },
        "convene_coordinator_meeting": {
            "by": anchor, "initiative": initiative, "scheduled_on": DAY, "host": a1,
            "venue": Venue("Hall"), "agenda": None, **on,
        },
        "convene_joint_status_meeting": {
            "by": anchor, "initiative": initiative, "scheduled_on": DAY, "host": a1,
            "venue": Venue("Hall"), "agenda": None, "guest_talk": GuestTalk(p1, "Nights"),
            **on,
        },
        "hold_pre_meeting": {
            "by": anchor, "initiative": initiative, "actor": a2, "minutes": minutes, **on,
        },
        "record_reality_check": {
            "by": p1, "platform": night,
            "check": RealityCheck("ok", "few", False, "a year", Recommendation.CONTINUE), **on,
        },
        "request_sparring": {"by": p1, "platform": night, "topic": "money", **on},
        "give_sparring": {"by": anchor, "platform": night, "key": "S1", "notes": "ok", **on},
        "propose_change": {
            "by": anchor, "initiative": initiative, "platform": story.schools,
            "kind": ChangeKind.MERGE, "reason": "overlap", "into": night, **on,
        },
        "decline_change": {
            "by": anchor, "initiative": initiative, "key": "C1", "consent": consent, **on,
        },
        "update_poster": {"by": anchor, "initiative": initiative, **on},
        "submit_newsletter_section": {
            "by": p1, "newsletter": story.newsletter, "platform": night, "progress": "good",
            "hard": "money", "ripples": ["R1"], **on,
        },
        "compile_newsletter": {
            "by": anchor, "newsletter": story.newsletter, "missing": {night: "late"}, **on,
        },
        "publish_newsletter": {"by": anchor, "newsletter": story.newsletter, **on},
        "choose_language": {"by": p1, "person": p1, "language": "en", **on},
        "attach_person": {
            "by": anchor, "person": anchor, "initiative": initiative, "actor": a1, **on,
        },
        "detach_person": {"by": anchor, "person": p1, **on},
        "record_backing": {
            "by": anchor, "initiative": initiative, "actor": a1, "given_by": "The board", **on,
        },
        "record_overlap_review": {
            "by": anchor, "meeting": meeting,
            "review": OverlapReview(platforms={night}, outcome=OverlapOutcome.NONE), **on,
        },
        "record_presentation": {"by": anchor, "meeting": meeting, "platform": night, **on},
        "record_cross_platform_initiative": {
            "by": anchor, "meeting": meeting, "title": "Shared map", "description": "of places",
            "platforms": [night], "leads_to": CrossPlatformLead.RIPPLE, **on,
        },
        "index_forgotten_persons": {"by": anchor, "initiative": initiative, **on},
        "queue_deliveries": {"by": anchor, "newsletter": story.newsletter, **on},
        # Deliveries: the story sends nothing, so any id has the shape (only shape matters).
        "attempt_delivery": {
            "by": anchor, "delivery": story.newsletter, "resend_in_doubt": False, **on,
        },
        "confirm_delivery": {"by": anchor, "delivery": story.newsletter, **on},
        "fail_delivery": {
            "by": anchor, "delivery": story.newsletter, "reason": "refused", **on,
        },
    }  # fmt: skip


def everything(app: CoCreation, story: Story) -> dict[str, str]:
    """Every read model and document the story has, rendered (raises if any cannot be)."""
    view = current_view(app)
    initiative = story.initiative
    out = {
        "status": status_text(status_overview(view, initiative, DAY)),
        "attention": attention_text(attention_list(view, initiative, DAY)),
        "deviations": deviations_text(deviations_register(view, initiative)),
        "audit": audit_text(audit_trail(view)),
        "ripples": ripples_text(ripples_register(view, initiative)),
        "poster": poster_svg(view, initiative),
        "export": "\n".join(json.dumps(r, sort_keys=True, default=str) for r in export_events(app)),
    }
    for meeting in app.meetings_of(initiative):
        out[f"invitation {meeting.id}"] = render_invitation(
            invitation(view, meeting.id, "en")
        ).decode()
    for letter in app.newsletters_of(initiative):
        document = newsletter_document(app, view, letter.id)
        for language in ("da", "en"):
            for fmt in ("md", "html"):
                out[f"newsletter {letter.id} {language} {fmt}"] = render_newsletter(
                    document,
                    language,
                    fmt,
                )
    return out


class World:
    """A store holding the story, the application writing to it, and a way to open it anew."""

    def __init__(self, store: str, directory: Path) -> None:
        self.store = store
        self.env = sqlite_env(str(directory / "store.sqlite")) if store == "sqlite" else {}
        self.app = CoCreation(self.env)
        self.story = tell_story(self.app)
        self.arguments = well_formed(self.story)
        self.rendered = everything(self.app, self.story)

    def events(self) -> int:
        """How many events the store holds."""
        return self.app.recorder.max_notification_id() or 0

    def still_builds(self) -> None:
        """Every read model and document builds as before, here and (SQLite) from a fresh
        application opening the same file."""
        assert self.rendered == everything(self.app, self.story)
        if self.store == "sqlite":
            fresh = CoCreation(self.env)
            try:
                assert self.rendered == everything(fresh, self.story)
            finally:
                fresh.close()


@pytest.fixture(scope="module", params=STORES)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """The story told once per store and module."""
    the_world = World(request.param, tmp_path_factory.mktemp(request.param))
    yield the_world
    the_world.app.close()


COMMANDS = public_commands(CoCreation)


def _is_unknown_id(call: MalformedCall) -> bool:
    """Whether the malformed value is a well-formed id (of nothing in the store), or a
    collection of them."""
    value = call.value
    if isinstance(value, list | tuple | set | frozenset):
        return bool(value) and all(isinstance(item, UUID) for item in value)
    return isinstance(value, UUID)


def _names(refused: InvalidInput, call: MalformedCall) -> bool:
    """Whether the refusal names the malformed parameter (``on``, ``actors[0]``), or a field
    of a value object given in it (``Ripple.observed_on``, ``Goal.title``)."""
    head = re.split(r"[.\[ ]", refused.parameter, maxsplit=1)[0]
    return head == call.parameter or head[:1].isupper()


def _try(world: World, call: MalformedCall) -> None:
    """Issue ``call``, count what happened and check the refusal."""
    counts = COUNTS[world.store]
    counts["tried"] += 1
    before = world.events()
    refused: DomainError | None = None
    try:
        call(world.app)
    except DomainError as error:
        refused = error
    except Exception as error:
        counts["other exceptions"] += 1
        raise AssertionError(f"{call!r} raised {error!r}, not a DomainError") from error
    written = world.events() - before
    if refused is None:
        counts["wrongly accepted"] += 1
        raise AssertionError(f"{call!r} was accepted and wrote {written} events")
    counts["refused with a domain error"] += 1
    counts["events written by refusals"] += written
    assert written == 0, f"{call!r} was refused ({refused!r}) but wrote {written} events"
    if not _is_unknown_id(call):
        assert isinstance(refused, InvalidInput), f"{call!r} refused with {refused!r}"
        assert _names(refused, call), f"{call!r} refused naming {refused.parameter!r}"
        counts["refused with InvalidInput"] += 1


class TestTheStoreCannotBePoisoned:
    """Every public command refuses malformed arguments with a domain error, writing nothing."""

    def test_every_public_command_is_covered(self) -> None:
        """The fuzzing covers exactly the application's public commands, so a new command
        cannot skip it."""
        assert set(_arguments_names()) == set(COMMANDS)

    @pytest.mark.parametrize("name", sorted(COMMANDS))
    def test_malformed_arguments_are_refused(self, world: World, name: str) -> None:
        """Issue 8: each malformed call raises a DomainError (InvalidInput naming the
        parameter, or any domain error for an id of nothing), writes no event, and every
        read model and document still builds, also from a fresh application."""
        command = COMMANDS[name]

        @settings(
            max_examples=EXAMPLES,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
            deadline=None,
        )
        @given(call=malformed_calls(name, command, world.arguments[name]))
        def refused(call: MalformedCall) -> None:
            _try(world, call)

        refused()
        world.still_builds()

    def test_zz_report(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The run's own counts: no other exception, nothing wrongly accepted, no event
        written by a refusal (printed for the closing note)."""
        with capsys.disabled():
            for store, counts in COUNTS.items():
                shown = ", ".join(f"{key}: {counts[key]}" for key in REPORTED)
                print(f"\nmalformed arguments on {store}: {shown}")
        total = sum(COUNTS.values(), Counter())
        assert (
            total["other exceptions"],
            total["wrongly accepted"],
            total["events written by refusals"],
        ) == (0, 0, 0)


EXAMPLES = 20
"""Examples per command and store: 52 commands x 2 stores x 20 = 2,080 calls per run."""

REPORTED = (
    "tried",
    "refused with a domain error",
    "refused with InvalidInput",
    "other exceptions",
    "wrongly accepted",
    "events written by refusals",
)


def _arguments_names() -> list[str]:
    """The commands :func:`well_formed` gives arguments for (read from a throwaway story)."""
    app = CoCreation()
    try:
        return list(well_formed(tell_story(app)))
    finally:
        app.close()


class TestSameErrorOnEveryStore:
    """The same bad argument gets the same error on every store (POPO, SQLite, PostgreSQL)."""

    @pytest.mark.parametrize(
        ("name", "parameter"),
        [
            ("update_poster", "initiative"),
            ("record_ripple", "platform"),
            ("update_contact", "person"),
            ("hold_meeting", "meeting"),
        ],
    )
    def test_ids_given_as_text_are_invalid_input_everywhere(
        self, make_app: Callable[[], CoCreation], name: str, parameter: str
    ) -> None:
        """Issue 8: an id given as text is refused as InvalidInput naming the parameter, on
        every store, before anything is loaded (on PostgreSQL it once raised DataError)."""
        app = make_app()
        arguments = well_formed(tell_story(app))
        before = app.recorder.max_notification_id()
        given = {**arguments[name], parameter: str(arguments[name][parameter])}
        with pytest.raises(InvalidInput) as refused:
            getattr(app, name)(**given)
        assert (parameter, before) == (
            refused.value.parameter,
            app.recorder.max_notification_id(),
        )
