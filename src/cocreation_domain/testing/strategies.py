"""Hypothesis strategies for the domain's values, for this library's tests and for embedders.

Every strategy draws values that print as valid Python (attrs classes, enums, ``UUID(...)``,
``Decimal(...)``, ``datetime.date(...)``), so a shrunk failure pastes into a test. Strategies
that can draw a value breaking a rule say which rule it breaks:

>>> from hypothesis import find
>>> goals, rule = find(goal_sets(valid=False), lambda case: case[1] == "R-GOAL-4")
>>> rule, len({g.horizon for g in goals})
('R-GOAL-4', 1)
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, time
from decimal import Decimal
from typing import Literal, overload
from uuid import UUID
from zoneinfo import available_timezones

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from cocreation_domain.model import (
    Baseline,
    Beneficiary,
    Consent,
    Decision,
    Goal,
    GoalKind,
    Horizon,
    MeetingTime,
    Policies,
    Ripple,
    RippleKind,
    Voice,
)

__all__ = [
    "GOAL_RULES",
    "VERDICTS",
    "Verdict",
    "actor_names",
    "baselines",
    "blanks",
    "business_dates",
    "consents",
    "decisions",
    "goal_sets",
    "goals",
    "meeting_times",
    "needed_for",
    "person_names",
    "policies",
    "ripples",
    "texts",
]

Verdict = Literal["passes", "no_quorum", "objection", "stranger"]
"""How a drawn decision turns out (R-FLAT-3): it passes, too few actors consent, a current
actor objects, or a person speaking for no current actor is among the voices."""

VERDICTS: tuple[Verdict, ...] = ("passes", "no_quorum", "objection", "stranger")
"""Every :data:`Verdict`, in a fixed order."""

GOAL_RULES = ("R-GOAL-1", "R-GOAL-2", "R-GOAL-3", "R-GOAL-4")
"""The rules an invalid goal set from :func:`goal_sets` can break, one at a time."""

_FIRST_NAMES = ("Anna", "Bo", "Camilla", "Dorthe", "Emil", "Frida", "Jens", "Mette", "Søren")
_LAST_NAMES = ("Andersen", "Berg", "Hansen", "Jensen", "Kristensen", "Nielsen", "Østergaard")
_ORGANISATIONS = (
    "Kommune",
    "Boligforening",
    "Politikreds",
    "Ungdomsskole",
    "SSP",
    "Idrætsforening",
    "Natteravnene",
    "Handelsstandsforening",
)
_PLACES = ("Aarhus", "Vest", "Nord", "Gellerup", "Vollsmose", "Østbyen", "Holstebro")
_EVALUATIONS = ("observation", "interviews", "focus groups", "statistics")
_ALPHABET = "abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ0123456789 .,-"


def texts(max_size: int = 16) -> st.SearchStrategy[str]:
    """Short free text with at least one visible character, as people type it."""
    return st.text(_ALPHABET, min_size=1, max_size=max_size).filter(str.strip)


def blanks() -> st.SearchStrategy[str]:
    """Text that says nothing: empty or only whitespace (a required text left out)."""
    return st.sampled_from(["", " ", "\t", "  \n"])


def business_dates() -> st.SearchStrategy[date]:
    """Business dates within the years a phase 6 plausibly runs."""
    return st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


def actor_names() -> st.SearchStrategy[str]:
    """Names of organisations taking part, e.g. ``"Aarhus Kommune"``."""
    return st.builds("{} {}".format, st.sampled_from(_PLACES), st.sampled_from(_ORGANISATIONS))


def person_names() -> st.SearchStrategy[str]:
    """Names of persons representing actors, e.g. ``"Mette Østergaard"``."""
    return st.builds("{} {}".format, st.sampled_from(_FIRST_NAMES), st.sampled_from(_LAST_NAMES))


def _numbers() -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)


def goals(
    kind: GoalKind | None = None, horizon: Horizon | None = None, valid: bool = True
) -> st.SearchStrategy[Goal]:
    """Single goals (Card 5) of ``kind`` and ``horizon`` (any when ``None``).

    A valid goal serves the common challenge; a quantitative one names its indicator and unit
    (R-GOAL-2); a hypothesis carries its argument and weaknesses (R-GOAL-3). With
    ``valid=False`` the goal breaks the one rule of its kind: a quantitative goal lacks its
    indicator or unit (R-GOAL-2), a hypothesis its argument or weaknesses (R-GOAL-3), and a
    qualitative goal says nothing about how it serves the challenge (R-GOAL-1).
    """
    kinds = st.just(GoalKind(kind)) if kind is not None else _KINDS
    horizons = st.just(Horizon(horizon)) if horizon is not None else _HORIZONS

    @st.composite
    def goal(draw: st.DrawFn) -> Goal:
        return _draw_goal(draw, draw(kinds), draw(horizons), valid)

    return goal()


def _draw_goal(draw: st.DrawFn, kind: GoalKind, horizon: Horizon, valid: bool) -> Goal:
    def pair() -> tuple[str | None, str | None]:
        if valid:
            return draw(_TEXT), draw(_TEXT)
        gone, kept = draw(_NOTHING), draw(_ANYTHING)
        return (gone, kept) if draw(st.booleans()) else (kept, gone)

    quantitative = kind is GoalKind.QUANTITATIVE
    hypothesis = kind is GoalKind.HYPOTHESIS
    serves_broken = not valid and kind is GoalKind.QUALITATIVE
    indicator, unit = pair() if quantitative else (None, None)
    argument, weaknesses = pair() if hypothesis else (None, None)
    return Goal(
        title=draw(_TEXT),
        kind=kind,
        horizon=horizon,
        serves_challenge=draw(_BLANK if serves_broken else _TEXT),
        evaluation=draw(_EVALUATION),
        indicator=indicator,
        unit=unit,
        target=draw(_TARGET) if quantitative else None,
        argument=argument,
        weaknesses=weaknesses,
    )


_TEXT = texts()
_BLANK = blanks()
_NOTHING = st.one_of(st.none(), _BLANK)
_ANYTHING = st.one_of(st.none(), _BLANK, _TEXT)
_TARGET = st.one_of(st.none(), _numbers())
_KINDS = st.sampled_from(list(GoalKind))
_HORIZONS = st.sampled_from(list(Horizon))
_EVALUATION = st.sampled_from(_EVALUATIONS)


def _check_sizes(min_size: int, max_size: int) -> None:
    if min_size < 2 or max_size < min_size:
        raise InvalidArgument(
            f"a goal set covers both horizons: need 2 <= min_size <= max_size, "
            f"got {min_size}, {max_size}"
        )


@overload
def goal_sets(
    valid: Literal[True] = True, *, min_size: int = 3, max_size: int = 5
) -> st.SearchStrategy[list[Goal]]: ...


@overload
def goal_sets(
    valid: Literal[False],
    *,
    min_size: int = 3,
    max_size: int = 5,
    rules: Collection[str] = GOAL_RULES,
) -> st.SearchStrategy[tuple[list[Goal], str]]: ...


def goal_sets(
    valid: bool = True,
    *,
    min_size: int = 3,
    max_size: int = 5,
    rules: Collection[str] = GOAL_RULES,
) -> st.SearchStrategy[list[Goal]] | st.SearchStrategy[tuple[list[Goal], str]]:
    """Goal sets for the goal-setting meeting (Card 5), between ``min_size`` and ``max_size``
    goals (the policy, default 3-5).

    A valid set holds each goal valid (R-GOAL-2, R-GOAL-3) and at least one short- and one
    long-term goal (R-GOAL-4). With ``valid=False`` each drawn value is ``(goals, rule)``: a
    set that breaks exactly ``rule``, one of ``rules`` (default: every one of
    :data:`GOAL_RULES`): R-GOAL-1 by a count outside the range or a goal that does not say how
    it serves the challenge, R-GOAL-2 by a quantitative goal without indicator or unit,
    R-GOAL-3 by a hypothesis without argument or weaknesses, R-GOAL-4 by one horizon only.
    """
    _check_sizes(min_size, max_size)
    if valid:
        return _valid_goal_set(min_size, max_size)
    unknown = set(rules) - set(GOAL_RULES)
    if unknown or not rules:
        raise InvalidArgument(f"rules must be some of {GOAL_RULES}, got {sorted(rules)}")
    return st.sampled_from(sorted(rules)).flatmap(
        lambda rule: _invalid_goal_set(rule, min_size, max_size).map(lambda gs: (gs, rule))
    )


@st.composite
def _valid_goal_set(draw: st.DrawFn, min_size: int, max_size: int) -> list[Goal]:
    size = draw(st.integers(min_size, max_size))
    extra = draw(st.lists(_HORIZONS, min_size=size - 2, max_size=size - 2))
    horizons = draw(st.permutations([Horizon.SHORT, Horizon.LONG, *extra]))
    return [_draw_goal(draw, draw(_KINDS), h, True) for h in horizons]


@st.composite
def _invalid_goal_set(draw: st.DrawFn, rule: str, min_size: int, max_size: int) -> list[Goal]:
    if rule == "R-GOAL-4":
        horizon = draw(_HORIZONS)
        size = draw(st.integers(min_size, max_size))
        return [_draw_goal(draw, draw(_KINDS), horizon, True) for _ in range(size)]
    sizes = [*range(2, min_size), max_size + 1, max_size + 2]  # both horizons stay possible
    if rule == "R-GOAL-1" and draw(st.booleans()):
        return draw(_valid_goal_set(size := draw(st.sampled_from(sizes)), size))
    kind = {
        "R-GOAL-1": GoalKind.QUALITATIVE,
        "R-GOAL-2": GoalKind.QUANTITATIVE,
        "R-GOAL-3": GoalKind.HYPOTHESIS,
    }[rule]
    goal_set = draw(_valid_goal_set(min_size, max_size))
    at = draw(st.integers(0, len(goal_set) - 1))
    goal_set[at] = _draw_goal(draw, kind, goal_set[at].horizon, False)
    return goal_set


def baselines(goal: Goal | None = None, valid: bool = True) -> st.SearchStrategy[Baseline]:
    """Baselines: how things stood before the work began (Card 5).

    For a quantitative ``goal`` a valid baseline carries a number (R-GOAL-2); without a
    ``goal`` the number is optional, so a drawn baseline may break R-GOAL-2 for a quantitative
    goal. With ``valid=False`` the description is blank (R-PLAT-3).
    """
    needs_number = goal is not None and goal.kind is GoalKind.QUANTITATIVE
    return st.builds(
        Baseline,
        description=texts() if valid else blanks(),
        value=_numbers() if needs_number else st.one_of(st.none(), _numbers()),
        measured_on=st.one_of(st.none(), business_dates()),
    )


def ripples(corrects: str | None = None) -> st.SearchStrategy[Ripple]:
    """Ripples ("ringe i vandet", Card 6): unplanned bonus effects naming who benefited
    (R-RIP-1); with ``corrects`` a correction of the ripple with that key (R-RIP-2)."""
    return st.builds(
        Ripple,
        description=texts(40),
        kind=st.sampled_from(list(RippleKind)),
        beneficiaries=st.frozensets(st.sampled_from(list(Beneficiary)), min_size=1),
        observed_on=business_dates(),
        corrects=st.just(corrects),
    )


@st.composite
def policies(draw: st.DrawFn) -> Policies:
    """Policies an initiative may agree on (DOMAIN.md *Policies*), each within sense:
    2 <= goals_min <= goals_max, a quorum of 0-99 % and windows whose low end comes first."""
    goals_min = draw(st.integers(2, 4))
    window_low = draw(st.integers(14, 45))
    return Policies(
        goals_min=goals_min,
        goals_max=draw(st.integers(goals_min, 6)),
        status_meeting_cadence_months=draw(st.integers(3, 12)),
        status_invitation_lead_days=draw(st.integers(14, 90)),
        coordinator_meeting_window_days=(window_low, draw(st.integers(window_low, 90))),
        first_meeting_flag_days=draw(st.integers(7, 60)),
        stagnation_days=draw(st.integers(30, 180)),
        phase6_months=(draw(st.integers(3, 6)), draw(st.integers(12, 36))),
        quorum_percent=draw(st.integers(0, 99)),
    )


def needed_for(actors: int, quorum_percent: int = 50) -> int:
    """How many actors must consent: more than ``quorum_percent`` of ``actors`` (R-FLAT-3).

    >>> needed_for(4), needed_for(5), needed_for(3, 0)
    (3, 3, 1)
    """
    return next(k for k in range(actors + 2) if 100 * k > quorum_percent * actors)


@st.composite
def _sides(
    draw: st.DrawFn, speakers: Sequence[UUID], everyone: int, verdict: Verdict, quorum: int
) -> tuple[list[UUID], list[UUID]]:
    """Which of the ``speakers`` consent and which object, for ``verdict``.

    ``everyone`` is the number of current actors the quorum counts.
    """
    needed = needed_for(everyone, quorum)
    order = draw(st.permutations(list(speakers)))
    if verdict == "objection":
        objecting = draw(st.integers(1, len(order)))
        consenting = draw(st.integers(0, len(order) - objecting))
        return order[objecting : objecting + consenting], order[:objecting]
    if verdict == "no_quorum":
        return order[: draw(st.integers(0, min(needed - 1, len(order))))], []
    if needed <= len(order):  # passes, or passes but for a stranger
        return order[: draw(st.integers(needed, len(order)))], []
    return order, []


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise InvalidArgument(message)


def decisions(
    actors: Collection[UUID],
    verdict: Verdict = "passes",
    *,
    quorum_percent: int = 50,
    max_representatives: int = 3,
) -> st.SearchStrategy[Decision]:
    """Decisions among the current ``actors`` that turn out as ``verdict`` (R-FLAT-1..3).

    Each actor that speaks does so through 1 to ``max_representatives`` persons (fresh
    person ids): however many speak, it is one voice (R-FLAT-1). A ``"stranger"`` decision
    would pass but for one voice of a person who speaks for no current actor.
    """
    current = sorted(actors)
    needed = needed_for(len(current), quorum_percent)
    _require(verdict in VERDICTS, f"verdict is one of {VERDICTS}, got {verdict!r}")
    _require(verdict != "passes" or needed <= len(current), "too few actors to pass")
    _require(verdict != "objection" or bool(current), "an objection needs a current actor")

    @st.composite
    def build(draw: st.DrawFn) -> Decision:
        consenting, objecting = draw(_sides(current, len(current), verdict, quorum_percent))

        def speak(actor: UUID | None) -> list[Voice]:
            persons = draw(st.lists(st.uuids(), min_size=1, max_size=max_representatives))
            return [Voice(person=p, actor=actor) for p in persons]

        yes = [v for a in consenting for v in speak(a)]
        no = [v for a in objecting for v in speak(a)]
        if verdict == "stranger":
            outsider = draw(st.one_of(st.none(), st.uuids().filter(lambda a: a not in current)))
            side = no if draw(st.booleans()) and no else yes
            side.extend(speak(outsider))
        return Decision(consenting=yes, objecting=no)

    return build()


def consents(
    representatives: Mapping[UUID, Collection[UUID]],
    verdict: Verdict = "passes",
    *,
    quorum_percent: int = 50,
    strangers: Collection[UUID] = (),
) -> st.SearchStrategy[Consent]:
    """What a caller brings to a platform decision, turning out as ``verdict`` (R-FLAT-1..3).

    ``representatives`` maps every current actor of the platform to the persons representing
    it (an actor without persons cannot speak but still counts for the quorum). Each actor
    that speaks does so through one or more of its persons. A ``"stranger"`` consent adds one
    of ``strangers`` (persons who speak for no current actor) to the voices.

    Draws follow the order of ``representatives`` and of each collection in it: ids made by
    an application differ from run to run, so pass them in the order they were made (lists,
    dicts), not as sets, for Hypothesis to replay and shrink a failure.
    """
    speakers = [a for a, persons in representatives.items() if persons]
    needed = needed_for(len(representatives), quorum_percent)
    _require(verdict in VERDICTS, f"verdict is one of {VERDICTS}, got {verdict!r}")
    _require(verdict != "passes" or needed <= len(speakers), "too few actors speak to pass")
    _require(verdict != "objection" or bool(speakers), "an objection needs an actor to speak")
    _require(verdict != "stranger" or bool(strangers), "a stranger verdict needs strangers")

    @st.composite
    def build(draw: st.DrawFn) -> Consent:
        consenting, objecting = draw(
            _sides(speakers, len(representatives), verdict, quorum_percent)
        )

        def speak(actor: UUID) -> list[UUID]:
            persons = list(representatives[actor])
            return draw(st.lists(st.sampled_from(persons), min_size=1, unique=True))

        yes = [p for a in consenting for p in speak(a)]
        no = [p for a in objecting for p in speak(a)]
        if verdict == "stranger":
            stranger = draw(st.sampled_from(list(strangers)))
            side = no if draw(st.booleans()) and no else yes
            side.append(stranger)
        return Consent(consenting=yes, objecting=no)

    return build()


def meeting_times() -> st.SearchStrategy[MeetingTime]:
    """Valid meeting times: a start in whole minutes, 1 minute to 24 hours, and any time zone
    of the IANA database (``tzdata``), Europe/Copenhagen most often."""
    zones = sorted(available_timezones())
    return st.builds(
        MeetingTime,
        start=st.times().map(lambda t: time(t.hour, t.minute)),
        minutes=st.integers(min_value=1, max_value=24 * 60),
        zone=st.just("Europe/Copenhagen") | st.sampled_from(zones),
    )
