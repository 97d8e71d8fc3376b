"""Value objects and vocabularies of the domain (DOMAIN.md glossary).

Value objects are frozen attrs classes. Their validators check only shape (types), never
domain rules: stored events are decoded through these classes, and old events must still
decode after a rule changes. Domain rules live in :mod:`cocreation_domain.model.rules`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

import attrs

__all__ = [
    "ActorChangeReason",
    "ActorProfile",
    "Baseline",
    "Beneficiary",
    "ClosureReason",
    "Consent",
    "Contribution",
    "Coordinator",
    "Decision",
    "Goal",
    "GoalKind",
    "GoalProgress",
    "GoalRecord",
    "GoalStatus",
    "Horizon",
    "OnboardingTopic",
    "Policies",
    "Principal",
    "Ripple",
    "RippleKind",
    "Voice",
]


class GoalKind(StrEnum):
    """What sort of goal it is (Card 5)."""

    QUALITATIVE = "qualitative"
    QUANTITATIVE = "quantitative"
    HYPOTHESIS = "hypothesis"


class Horizon(StrEnum):
    """How far ahead a goal looks."""

    SHORT = "short"
    LONG = "long"


class GoalStatus(StrEnum):
    """Where a goal stands; only ``current`` and ``reached`` goals count as current goals."""

    CURRENT = "current"
    REACHED = "reached"
    DROPPED = "dropped"


class RippleKind(StrEnum):
    """What an unplanned bonus effect brought (Card 6)."""

    NEW_RELATIONSHIP = "new_relationship"
    NEW_IDEA = "new_idea"
    OTHER = "other"


class Beneficiary(StrEnum):
    """Who a ripple benefited."""

    OWN_PLATFORM = "own_platform"
    OTHER_ACTORS = "other_actors"
    OUTSIDE_INITIATIVE = "outside_initiative"


class ClosureReason(StrEnum):
    """Why a platform closed (Card 4)."""

    LACK_OF_PARTICIPATION = "lack_of_participation"
    GOALS_REACHED = "goals_reached"
    NO_LONGER_NEEDED = "no_longer_needed"
    OTHER = "other"


class ActorChangeReason(StrEnum):
    """Why an actor left or was replaced (Card 4)."""

    NOT_CONTRIBUTING = "not_contributing"
    NOT_BENEFITING = "not_benefiting"
    INACTIVE = "inactive"
    MISSING_COMPETENCE = "missing_competence"
    OTHER = "other"


class OnboardingTopic(StrEnum):
    """What an actor new to a platform is introduced to (R-PLAT-1)."""

    METHOD = "method"
    COMMON_CHALLENGE = "common_challenge"
    COMMON_PLATFORM = "common_platform"


def _decimal_or_none(value: Decimal | int | float | str | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _voices(voices: Iterable[Voice]) -> frozenset[Voice]:
    return frozenset(voices)


def _persons(persons: Iterable[UUID]) -> frozenset[UUID]:
    return frozenset(persons)


def _beneficiaries(items: Iterable[Beneficiary | str]) -> frozenset[Beneficiary]:
    return frozenset(Beneficiary(b) for b in items)


def _progress(items: Iterable[GoalProgress]) -> tuple[GoalProgress, ...]:
    return tuple(items)


def _window(items: Iterable[int]) -> tuple[int, int]:
    low, high = items
    return (low, high)


def _text_or_none(value: str | None) -> str | None:
    return value or None


@attrs.frozen
class Principal:
    """Who issues a command, with the roles the application derived from history.

    The caller names only a person; ``actor`` (the actor that person represents) and
    ``is_anchor`` (anchor of the initiative concerned) are read from stored events.
    """

    person: UUID
    actor: UUID | None = None
    is_anchor: bool = False


@attrs.frozen
class ActorProfile:
    """An organisation taking part in an initiative."""

    id: UUID
    name: str
    kind: str = ""


@attrs.frozen
class Coordinator:
    """The actor convening a platform, acting through one of its persons."""

    actor: UUID
    person: UUID


@attrs.frozen
class Voice:
    """A person speaking in a platform decision for the actor they represent."""

    person: UUID
    actor: UUID | None


@attrs.frozen
class Decision:
    """A platform decision by consent: the voices that consented and those that objected.

    Only the actors behind the voices count (R-FLAT-1): two persons of one actor are one voice.
    """

    consenting: frozenset[Voice] = attrs.field(converter=_voices, factory=frozenset)
    objecting: frozenset[Voice] = attrs.field(converter=_voices, factory=frozenset)

    @property
    def consenting_actors(self) -> frozenset[UUID | None]:
        """The actors (one voice each) that consented."""
        return frozenset(v.actor for v in self.consenting)

    @property
    def objecting_actors(self) -> frozenset[UUID | None]:
        """The actors (one voice each) that objected."""
        return frozenset(v.actor for v in self.objecting)


@attrs.frozen
class Goal:
    """One of a platform's 3-5 goals (Card 5, the *Målsætning* template).

    ``key`` is the platform's own label (``G1``, ``G2`` …), given when the goal is set and
    stable across revisions.
    """

    title: str
    kind: GoalKind = attrs.field(converter=GoalKind)
    horizon: Horizon = attrs.field(converter=Horizon)
    serves_challenge: str
    evaluation: str
    indicator: str | None = attrs.field(default=None, converter=_text_or_none)
    unit: str | None = attrs.field(default=None, converter=_text_or_none)
    target: Decimal | None = attrs.field(default=None, converter=_decimal_or_none)
    argument: str | None = attrs.field(default=None, converter=_text_or_none)
    weaknesses: str | None = attrs.field(default=None, converter=_text_or_none)
    key: str = ""


@attrs.frozen
class Baseline:
    """How things stood before the work began: the yardstick for a goal."""

    description: str
    value: Decimal | None = attrs.field(default=None, converter=_decimal_or_none)
    measured_on: date | None = None


@attrs.frozen
class GoalProgress:
    """An observation of progress towards a goal."""

    observation: str
    observed_on: date
    value: Decimal | None = attrs.field(default=None, converter=_decimal_or_none)


@attrs.frozen
class Ripple:
    """An unplanned bonus effect ("ringe i vandet", Card 6).

    ``key`` (``R1``, ``R2`` …) is given when it is recorded; a correction names in
    ``corrects`` the key of the ripple it corrects (R-RIP-2).
    """

    description: str
    kind: RippleKind = attrs.field(converter=RippleKind)
    beneficiaries: frozenset[Beneficiary] = attrs.field(converter=_beneficiaries)
    observed_on: date
    corrects: str | None = None
    key: str = ""


@attrs.frozen
class Contribution:
    """What one actor brings to a platform (the *Fokus + Aktører* template)."""

    actor: UUID
    contribution: str


@attrs.frozen
class Policies:
    """The policies of one initiative (DOMAIN.md *Policies*), each overridable."""

    goals_min: int = 3
    goals_max: int = 5
    status_meeting_cadence_months: int = 6
    status_invitation_lead_days: int = 42
    coordinator_meeting_window_days: tuple[int, int] = attrs.field(
        default=(30, 61), converter=_window
    )
    first_meeting_flag_days: int = 28
    stagnation_days: int = 90
    phase6_months: tuple[int, int] = attrs.field(default=(3, 24), converter=_window)
    quorum_percent: int = 50


@attrs.frozen
class GoalRecord:
    """A goal as the platform holds it: definition, status, baseline and progress."""

    goal: Goal
    status: GoalStatus = attrs.field(default=GoalStatus.CURRENT, converter=GoalStatus)
    baseline: Baseline | None = None
    progress: tuple[GoalProgress, ...] = attrs.field(default=(), converter=_progress)

    @property
    def is_current(self) -> bool:
        """Current goals are those not dropped; reached goals still count (R-GOAL-1)."""
        return self.status is not GoalStatus.DROPPED


@attrs.frozen
class Consent:
    """What a caller brings to a platform decision: the persons who consented and objected.

    The application reads which actor each person represents and records a :class:`Decision`.
    """

    consenting: frozenset[UUID] = attrs.field(converter=_persons, factory=frozenset)
    objecting: frozenset[UUID] = attrs.field(converter=_persons, factory=frozenset)
