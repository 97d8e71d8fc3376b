"""Every lifecycle of the domain as data: states and transition tables (DOMAIN.md).

One module-level ``transitions.Machine(model=None, auto_transitions=False)`` per lifecycle,
built once at import and never bound to an aggregate: aggregates hold ``state`` as a plain
string and ask :meth:`Lifecycle.destination` where a trigger leads. Conditions in the tables
are names of facts the command computes in plain Python; the table only says which facts
choose which destination, so events never consult the tables on replay.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

import attrs
from transitions import Machine

from cocreation_domain.model.errors import LifecycleViolation

__all__ = [
    "INITIATIVE",
    "LIFECYCLES",
    "MEETING",
    "NEWSLETTER",
    "PERSON",
    "PLATFORM",
    "Lifecycle",
]

Table = list[dict[str, Any]]


def _stay(triggers: Iterable[str], states: Iterable[str]) -> Table:
    """Triggers that record something without changing state (reflexive transitions)."""
    return [{"trigger": t, "source": list(states), "dest": "="} for t in triggers]


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
        """States no trigger leaves."""
        return frozenset(s for s in self.states if not self.allowed_triggers(s))

    def allowed_triggers(self, state: str) -> tuple[str, ...]:
        """The triggers the table allows from ``state``, sorted."""
        return tuple(sorted(self.machine.get_triggers(state)))

    def destination(self, trigger: str, state: str, facts: Mapping[str, bool] = {}) -> str:
        """Where ``trigger`` leads from ``state`` given the named ``facts``.

        The first transition whose conditions all hold (and whose ``unless`` all fail) wins.
        Raises :class:`LifecycleViolation` when the table has no transition for it.
        """
        for conditions, dest in self._routes.get((trigger, state), ()):
            if all(facts.get(name, False) is target for name, target in conditions):
                return dest if dest is not None else state
        raise LifecycleViolation(self.name, state, trigger, self.allowed_triggers(state))

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
        # draw(None) returns the diagram's text rather than writing a file.
        return cast(str, drawing.graph_cls(drawing).get_graph(title=self.name).draw(None))


# --- initiative (DOMAIN.md "Initiative lifecycle") ---------------------------------------

_INITIATIVE_OPEN = ("preparing", "co_creating")
INITIATIVE = Lifecycle(
    name="initiative",
    states=("preparing", "co_creating", "concluded"),
    initial="preparing",
    table=(
        {"trigger": "start_co_creation", "source": "preparing", "dest": "co_creating"},
        {"trigger": "conclude", "source": "co_creating", "dest": "concluded"},
        {"trigger": "hold_establishment_workshop", "source": "preparing", "dest": "="},
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
            ("co_creating",),
        ),
    ),
)

# --- platform (DOMAIN.md "Platform lifecycle", Cards 2, 4, 5) ---------------------------

_WORKING = ("established", "focused", "goals_set", "active")
_OPEN = (*_WORKING, "standby")
_GOALS = ("goals_set", "active")
PLATFORM = Lifecycle(
    name="platform",
    states=(*_OPEN, "closed", "merged"),
    initial="established",
    table=(
        {"trigger": "hold_first_meeting", "source": "established", "dest": "focused"},
        {"trigger": "set_goals", "source": "focused", "dest": "goals_set"},
        # R-PLAT-3: active once every current goal has a baseline.
        *(
            {"trigger": t, "source": "goals_set", "dest": "active", "conditions": "all_baselined"}
            for t in ("describe_baseline", "drop_goal")
        ),
        *_stay(("describe_baseline", "drop_goal", "revise_goal"), _GOALS),
        {"trigger": "add_goal", "source": list(_GOALS), "dest": "goals_set"},
        *_stay(("record_goal_progress", "reach_goal"), _GOALS),
        {"trigger": "put_on_standby", "source": list(_WORKING), "dest": "standby"},
        # Resuming returns to the state the platform left (the fact names that state).
        *(
            {"trigger": "resume", "source": "standby", "dest": s, "conditions": f"left_{s}"}
            for s in _WORKING
        ),
        {"trigger": "close", "source": list(_OPEN), "dest": "closed"},
        {"trigger": "merge", "source": list(_OPEN), "dest": "merged"},
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

MEETING = Lifecycle(
    name="meeting",
    states=("planned", "invited", "held", "cancelled"),
    initial="planned",
    table=(
        {"trigger": "invite", "source": "planned", "dest": "invited"},
        {"trigger": "hold", "source": "invited", "dest": "held"},
        {"trigger": "cancel", "source": ["planned", "invited"], "dest": "cancelled"},
        # Rescheduling (date, host, venue) keeps the state: an invited meeting stays invited.
        *_stay(("reschedule", "add_agenda_item"), ("planned", "invited")),
    ),
)

# --- newsletter (DOMAIN.md "Newsletters") ------------------------------------------------

NEWSLETTER = Lifecycle(
    name="newsletter",
    states=("collecting", "compiled", "published"),
    initial="collecting",
    table=(
        {"trigger": "submit_section", "source": "collecting", "dest": "collecting"},
        {"trigger": "compile", "source": "collecting", "dest": "compiled"},
        {"trigger": "publish", "source": "compiled", "dest": "published"},
    ),
)

# --- person (R-PII-2) -------------------------------------------------------------------

PERSON = Lifecycle(
    name="person",
    states=("registered", "forgotten"),
    initial="registered",
    table=(
        {"trigger": "update_contact", "source": "registered", "dest": "registered"},
        {"trigger": "forget", "source": "registered", "dest": "forgotten"},
    ),
)

LIFECYCLES: Mapping[str, Lifecycle] = {
    lc.name: lc for lc in (INITIATIVE, PLATFORM, MEETING, NEWSLETTER, PERSON)
}
"""Every lifecycle by name, for diagrams and docs."""
