"""Every lifecycle of the domain as data: states and transition tables (DOMAIN.md).

One module-level ``transitions.Machine(model=None, auto_transitions=False)`` per lifecycle,
built once at import and never bound to an aggregate: aggregates hold ``state`` as a plain
string and ask :meth:`Lifecycle.destination` where a trigger leads. Conditions in the tables
are names of facts the command computes in plain Python; the table only says which facts
choose which destination, so events never consult the tables on replay.

State names live here and nowhere else: one :class:`~enum.StrEnum` per lifecycle
(:class:`InitiativeState`, :class:`PlatformState`, :class:`MeetingState`,
:class:`NewsletterState`, :class:`PersonState`) and the named sets of states other modules ask
about (:data:`PLATFORM_OPEN`, :data:`PLATFORM_WORKING`, …). A member is a ``str``, so a state
read back from an event compares equal to it.

>>> PlatformState.STANDBY == "standby"
True
>>> PLATFORM_OPEN - PLATFORM_WORKING == {"standby"}
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum, StrEnum
from typing import Any, cast

import attrs
from transitions import Machine

from cocreation_domain.model.errors import LifecycleViolation

__all__ = [
    "COMMANDS",
    "DELIVERY",
    "INITIATIVE",
    "INITIATIVE_OPEN",
    "LIFECYCLES",
    "MEETING",
    "MEETING_PENDING",
    "NEWSLETTER",
    "PERSON",
    "PLATFORM",
    "PLATFORM_ENDED",
    "PLATFORM_OPEN",
    "PLATFORM_WITH_GOALS",
    "PLATFORM_WORKING",
    "DeliveryState",
    "InitiativeState",
    "Lifecycle",
    "MeetingState",
    "NewsletterState",
    "PersonState",
    "PlatformState",
    "left_for_standby",
]

Table = list[dict[str, Any]]


class InitiativeState(StrEnum):
    """States of an initiative (DOMAIN.md "Initiative lifecycle")."""

    PREPARING = "preparing"
    CO_CREATING = "co_creating"
    CONCLUDED = "concluded"


class PlatformState(StrEnum):
    """States of a platform (DOMAIN.md "Platform lifecycle")."""

    ESTABLISHED = "established"
    FOCUSED = "focused"
    GOALS_SET = "goals_set"
    ACTIVE = "active"
    STANDBY = "standby"
    CLOSED = "closed"
    MERGED = "merged"


class MeetingState(StrEnum):
    """States of a meeting (DOMAIN.md "Meetings")."""

    PLANNED = "planned"
    INVITED = "invited"
    HELD = "held"
    CANCELLED = "cancelled"


class NewsletterState(StrEnum):
    """States of a newsletter (DOMAIN.md "Newsletters")."""

    COLLECTING = "collecting"
    COMPILED = "compiled"
    PUBLISHED = "published"


class PersonState(StrEnum):
    """States of a person (R-PII-2)."""

    REGISTERED = "registered"
    FORGOTTEN = "forgotten"


class DeliveryState(StrEnum):
    """States of one newsletter delivery to one recipient (R-NEWS-6)."""

    QUEUED = "queued"
    ATTEMPTING = "attempting"
    SENT = "sent"
    FAILED = "failed"


INITIATIVE_OPEN = frozenset({InitiativeState.PREPARING, InitiativeState.CO_CREATING})
"""An initiative not concluded yet."""

PLATFORM_WORKING = frozenset(
    {
        PlatformState.ESTABLISHED,
        PlatformState.FOCUSED,
        PlatformState.GOALS_SET,
        PlatformState.ACTIVE,
    }
)
"""Open platforms that are not paused: they hold meetings and reality checks, and stagnate."""

PLATFORM_OPEN = PLATFORM_WORKING | {PlatformState.STANDBY}
"""Platforms neither closed nor merged."""

PLATFORM_ENDED = frozenset({PlatformState.CLOSED, PlatformState.MERGED})
"""Platforms that are done: closed or merged (R-PLAT-7)."""

PLATFORM_WITH_GOALS = frozenset({PlatformState.GOALS_SET, PlatformState.ACTIVE})
"""Platforms whose goals are set (R-GOAL-1)."""

MEETING_PENDING = frozenset({MeetingState.PLANNED, MeetingState.INVITED})
"""Meetings still ahead: planned or invited, neither held nor cancelled."""


def _plain(value: Any) -> Any:
    """A state (or list of states) as the plain strings transitions expects: it would name an
    enum state by its member name (``PREPARING``), the tables name it by its value."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple, frozenset, set)):
        return [_plain(v) for v in value]
    return value


def left_for_standby(state: str | None) -> str:
    """The fact that resuming a platform from standby reads: it left ``state`` for standby, so
    it returns there (one name for the table, the aggregate and the test models)."""
    return f"left_{state}"


def _stay(triggers: Iterable[str], states: Iterable[str]) -> Table:
    """Triggers that record something without changing state (reflexive transitions): one row
    per trigger, from every state of ``states`` (read once, so any iterable will do)."""
    sources = list(states)
    return [{"trigger": t, "source": list(sources), "dest": "="} for t in triggers]


@attrs.frozen
class Lifecycle:
    """A named lifecycle: its states, its transition table and the machine built from them."""

    name: str
    states: tuple[str, ...]
    initial: str
    table: tuple[dict[str, Any], ...]
    machine: Machine = attrs.field(init=False, eq=False, repr=False)
    _routes: dict[tuple[str, str], tuple[tuple[tuple[tuple[str, bool], ...], str | None], ...]] = (
        attrs.field(init=False, eq=False, repr=False)
    )
    """The machine's transitions by (trigger, source): their conditions and destination, read
    from the machine once so that a command's lookup is one dict access."""

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "states", tuple(_plain(s) for s in self.states))
        object.__setattr__(self, "initial", _plain(self.initial))
        table = tuple(
            {k: _plain(v) if k in ("source", "dest") else v for k, v in t.items()}
            for t in self.table
        )
        object.__setattr__(self, "table", table)
        machine = Machine(
            model=None,
            states=list(self.states),
            transitions=list(self.table),
            initial=self.initial,
            auto_transitions=False,
        )
        object.__setattr__(self, "machine", machine)
        routes = {
            (trigger, state): tuple(
                (tuple((str(c.func), bool(c.target)) for c in t.conditions), t.dest)
                for t in machine.get_transitions(trigger=trigger, source=state)
            )
            for trigger in machine.get_triggers(*self.states)
            for state in self.states
        }
        object.__setattr__(self, "_routes", routes)

    @property
    def final_states(self) -> frozenset[str]:
        """States no trigger leaves for another state (recording something in a state, like
        the minutes of a held meeting, does not leave it)."""
        leaving = {
            _plain(source)
            for row in self.table
            if row["dest"] != "="
            for source in (row["source"] if isinstance(row["source"], list) else [row["source"]])
            if _plain(row["dest"]) != _plain(source)
        }
        return frozenset(s for s in self.states if _plain(s) not in leaving)

    def allowed_triggers(self, state: str) -> tuple[str, ...]:
        """The triggers the table allows from ``state``, sorted."""
        return tuple(sorted(self.machine.get_triggers(_plain(state))))

    def destination(self, trigger: str, state: str, facts: Mapping[str, bool] = {}) -> str:
        """Where ``trigger`` leads from ``state`` given the named ``facts``.

        The first transition whose conditions all hold (and whose ``unless`` all fail) wins.
        Raises :class:`LifecycleViolation` when the table has no transition for it.
        """
        state = _plain(state)  # an enum state names itself by value, as the table does
        for conditions, dest in self._routes.get((trigger, state), ()):
            if all(facts.get(name, False) is target for name, target in conditions):
                return dest if dest is not None else state
        raise LifecycleViolation(
            self.name,
            state,
            trigger,
            self.allowed_triggers(state),
            commands=COMMANDS.get(self.name, {}),
        )

    def mermaid(self) -> str:
        """This lifecycle as a Mermaid state diagram, drawn by transitions' mermaid engine.

        The drawing machine has no model either (``model=None``): its graph class draws the
        table directly, so no state is painted as "current".
        """
        from transitions.extensions import GraphMachine  # only diagrams need it

        drawing = GraphMachine(
            model=None,
            states=list(self.states),
            transitions=list(self.table),
            initial=self.initial,
            auto_transitions=False,
            graph_engine="mermaid",
            show_conditions=True,
            title=self.name,
        )
        # draw(None) returns the diagram's text rather than writing a file; the graph takes
        # its title from the drawing machine.
        return cast(str, drawing.graph_cls(drawing).get_graph().draw(None))


# --- initiative (DOMAIN.md "Initiative lifecycle") ---------------------------------------

_I = InitiativeState
_INITIATIVE_OPEN = (_I.PREPARING, _I.CO_CREATING)
INITIATIVE = Lifecycle(
    name="initiative",
    states=tuple(_I),
    initial=_I.PREPARING,
    table=(
        {"trigger": "start_co_creation", "source": _I.PREPARING, "dest": _I.CO_CREATING},
        {"trigger": "conclude", "source": _I.CO_CREATING, "dest": _I.CONCLUDED},
        {"trigger": "hold_establishment_workshop", "source": _I.PREPARING, "dest": "="},
        *_stay(
            (
                "hand_over_anchor",
                "register_actor",
                "register_platform",
                "record_ripple",
                "correct_ripple",
                "change_policies",
                # meetings and the person index (Cards 2, 3, 7)
                "add_representative",
                "register_meeting",
                # an actor's backing and the persons it is represented by (R-ACT-6, R-ACT-7)
                "record_backing",
                "remove_representative",
            ),
            _INITIATIVE_OPEN,
        ),
        # Phase 6 meetings of the common platform (R-MEET-2..5, R-ACT-3) and their outcomes.
        *_stay(
            (
                "convene_meeting",
                "hold_coordinator_meeting",
                "hold_joint_status_meeting",
                "record_pre_meeting",
                "propose_change",
                "decline_change",
                "update_poster",
            ),
            (_I.CO_CREATING,),
        ),
    ),
)

# --- platform (DOMAIN.md "Platform lifecycle", Cards 2, 4, 5) ---------------------------

_P = PlatformState
_WORKING = tuple(s for s in _P if s in PLATFORM_WORKING)
_OPEN = tuple(s for s in _P if s in PLATFORM_OPEN)
_GOALS = tuple(s for s in _P if s in PLATFORM_WITH_GOALS)
PLATFORM = Lifecycle(
    name="platform",
    states=tuple(_P),
    initial=_P.ESTABLISHED,
    table=(
        {"trigger": "hold_first_meeting", "source": _P.ESTABLISHED, "dest": _P.FOCUSED},
        {"trigger": "set_goals", "source": _P.FOCUSED, "dest": _P.GOALS_SET},
        # R-PLAT-3: active once every current goal has a baseline.
        *(
            {
                "trigger": t,
                "source": _P.GOALS_SET,
                "dest": _P.ACTIVE,
                "conditions": "all_baselined",
            }
            for t in ("describe_baseline", "drop_goal")
        ),
        *_stay(("describe_baseline", "drop_goal", "revise_goal"), _GOALS),
        {"trigger": "add_goal", "source": list(_GOALS), "dest": _P.GOALS_SET},
        *_stay(("record_goal_progress", "reach_goal"), _GOALS),
        {"trigger": "put_on_standby", "source": list(_WORKING), "dest": _P.STANDBY},
        # Resuming returns to the state the platform left (the fact names that state).
        *(
            {
                "trigger": "resume",
                "source": _P.STANDBY,
                "dest": s,
                "conditions": left_for_standby(s),
            }
            for s in _WORKING
        ),
        {"trigger": "close", "source": list(_OPEN), "dest": _P.CLOSED},
        {"trigger": "merge", "source": list(_OPEN), "dest": _P.MERGED},
        # R-PLAT-6: the target of a merge must be open and not on standby.
        *_stay(("absorb",), _WORKING),
        *_stay(
            (
                "join_actor",
                "leave_actor",
                "replace_actor",
                "choose_coordinator",
                "onboard_actor",
                "record_ripple",
                "correct_ripple",
                "request_sparring",
                "give_sparring",
            ),
            _OPEN,
        ),
        *_stay(("record_reality_check", "hold_meeting"), _WORKING),
    ),
)

# --- meeting (DOMAIN.md "Meetings") ------------------------------------------------------

_M = MeetingState
MEETING = Lifecycle(
    name="meeting",
    states=tuple(_M),
    initial=_M.PLANNED,
    table=(
        {"trigger": "invite", "source": _M.PLANNED, "dest": _M.INVITED},
        {"trigger": "hold", "source": _M.INVITED, "dest": _M.HELD},
        {"trigger": "cancel", "source": [_M.PLANNED, _M.INVITED], "dest": _M.CANCELLED},
        # Rescheduling (date, host, venue) keeps the state: an invited meeting stays invited.
        *_stay(("reschedule", "add_agenda_item"), (_M.PLANNED, _M.INVITED)),
        # What the minutes of a held meeting record afterwards (R-MEET-7, R-MEET-8, R-NEWS-5).
        *_stay(
            ("record_overlap_review", "record_presentation", "record_cross_platform_initiative"),
            (_M.HELD,),
        ),
    ),
)

# --- newsletter (DOMAIN.md "Newsletters") ------------------------------------------------

_N = NewsletterState
NEWSLETTER = Lifecycle(
    name="newsletter",
    states=tuple(_N),
    initial=_N.COLLECTING,
    table=(
        {"trigger": "submit_section", "source": _N.COLLECTING, "dest": _N.COLLECTING},
        {"trigger": "compile", "source": _N.COLLECTING, "dest": _N.COMPILED},
        {"trigger": "publish", "source": _N.COMPILED, "dest": _N.PUBLISHED},
    ),
)

# --- person (R-PII-2) -------------------------------------------------------------------

PERSON = Lifecycle(
    name="person",
    states=tuple(PersonState),
    initial=PersonState.REGISTERED,
    table=(
        {
            "trigger": "update_contact",
            "source": PersonState.REGISTERED,
            "dest": PersonState.REGISTERED,
        },
        {
            "trigger": "choose_language",
            "source": PersonState.REGISTERED,
            "dest": PersonState.REGISTERED,
        },
        {"trigger": "forget", "source": PersonState.REGISTERED, "dest": PersonState.FORGOTTEN},
        # R-ACT-7: a registered person is attached to an actor later, and detached.
        *_stay(("attach_to_actor", "detach_from_actor"), (PersonState.REGISTERED,)),
    ),
)

# --- delivery of a newsletter to one recipient (R-NEWS-6) -------------------------------

DELIVERY = Lifecycle(
    name="delivery",
    states=tuple(DeliveryState),
    initial=DeliveryState.QUEUED,
    table=(
        {
            "trigger": "attempt",
            "source": [DeliveryState.QUEUED, DeliveryState.FAILED],
            "dest": DeliveryState.ATTEMPTING,
        },
        # A crash during the SMTP conversation leaves the attempt without an outcome (in
        # doubt): it is sent again only when asked to, with the same Message-ID.
        {
            "trigger": "resend_in_doubt",
            "source": DeliveryState.ATTEMPTING,
            "dest": DeliveryState.ATTEMPTING,
        },
        {"trigger": "confirm", "source": DeliveryState.ATTEMPTING, "dest": DeliveryState.SENT},
        {
            "trigger": "fail",
            "source": [DeliveryState.QUEUED, DeliveryState.ATTEMPTING],
            "dest": DeliveryState.FAILED,
        },
    ),
)

LIFECYCLES: Mapping[str, Lifecycle] = {
    lc.name: lc for lc in (INITIATIVE, PLATFORM, MEETING, NEWSLETTER, PERSON, DELIVERY)
}
"""Every lifecycle by name, for diagrams and docs."""


COMMANDS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "initiative": {
        "add_representative": ("register_person", "attach_person"),
        "change_policies": ("change_policies",),
        "conclude": ("conclude_initiative",),
        "convene_meeting": ("convene_coordinator_meeting", "convene_joint_status_meeting"),
        "correct_ripple": ("record_initiative_ripple",),
        "decline_change": ("decline_change",),
        "hand_over_anchor": ("hand_over_anchor",),
        "hold_coordinator_meeting": ("hold_meeting",),
        "hold_establishment_workshop": ("hold_establishment_workshop",),
        "hold_joint_status_meeting": ("hold_joint_status_meeting",),
        "propose_change": ("propose_change",),
        "record_backing": ("record_backing",),
        "record_pre_meeting": ("hold_pre_meeting",),
        "record_ripple": ("record_initiative_ripple",),
        "register_actor": ("register_actor",),
        "register_meeting": ("plan_meeting",),
        "register_platform": ("establish_platform",),
        "remove_representative": ("detach_person",),
        "start_co_creation": ("start_co_creation",),
        "update_poster": ("update_poster",),
    },
    "platform": {
        "absorb": ("merge_platforms",),
        "add_goal": ("add_goal",),
        "choose_coordinator": ("choose_coordinator",),
        "close": ("close_platform",),
        "correct_ripple": ("record_ripple",),
        "describe_baseline": ("describe_baseline",),
        "drop_goal": ("drop_goal",),
        "give_sparring": ("give_sparring",),
        "hold_first_meeting": ("hold_first_meeting", "hold_first_platform_meeting"),
        "hold_meeting": ("plan_meeting", "hold_meeting"),
        "join_actor": ("join_actor",),
        "leave_actor": ("remove_actor",),
        "merge": ("merge_platforms",),
        "onboard_actor": ("onboard_actor",),
        "put_on_standby": ("put_on_standby",),
        "reach_goal": ("reach_goal",),
        "record_goal_progress": ("record_goal_progress",),
        "record_reality_check": ("record_reality_check",),
        "record_ripple": ("record_ripple",),
        "replace_actor": ("replace_actor",),
        "request_sparring": ("request_sparring",),
        "resume": ("resume_platform",),
        "revise_goal": ("revise_goal",),
        "set_goals": ("set_goals", "hold_goal_setting_meeting"),
    },
    "meeting": {
        "add_agenda_item": ("add_agenda_item", "add_guest_talk"),
        "cancel": ("cancel_meeting",),
        "hold": (
            "hold_meeting",
            "hold_first_platform_meeting",
            "hold_goal_setting_meeting",
            "hold_joint_status_meeting",
        ),
        "invite": ("invite_meeting",),
        "record_cross_platform_initiative": ("record_cross_platform_initiative",),
        "record_overlap_review": ("record_overlap_review",),
        "record_presentation": ("record_presentation",),
        "reschedule": ("reschedule_meeting",),
    },
    "newsletter": {
        "compile": ("compile_newsletter",),
        "publish": ("publish_newsletter",),
        "submit_section": ("submit_newsletter_section",),
    },
    "person": {
        "attach_to_actor": ("attach_person",),
        "choose_language": ("choose_language",),
        "detach_from_actor": ("detach_person",),
        "forget": ("forget_person",),
        "update_contact": ("update_contact",),
    },
    "delivery": {
        "attempt": ("attempt_delivery",),
        "confirm": ("confirm_delivery",),
        "fail": ("fail_delivery",),
        "resend_in_doubt": ("attempt_delivery",),
    },
}
"""The one table from a lifecycle's trigger to the ``CoCreation`` commands that fire it.

:class:`~cocreation_domain.model.errors.LifecycleViolation` names these commands, so a refusal
tells a caller what it can call (``merge_platforms``), not the table's trigger (``absorb``).
``tests/unit/test_lifecycle_tables.py`` checks every trigger of every table has an entry and every
name is a public method of ``CoCreation``.
"""
