"""The registers of Card 5 and Card 6: goals with baselines and progress (*Målsætning*), and
ripples (*Ringe i vandet*). Every platform of the initiative is in them, closed and merged ones
too: a register is history.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from uuid import UUID

import attrs

from cocreation_domain.model import (
    Baseline,
    Beneficiary,
    Goal,
    GoalKind,
    GoalProgress,
    GoalStatus,
    RippleKind,
)
from cocreation_domain.projections.lookup import (
    PersonRef,
    initiative_in,
    person_ref,
    platforms_in,
)
from cocreation_domain.projections.state import GoalEntry, RippleEntry, View

__all__ = [
    "GoalRow",
    "RippleRow",
    "current_value",
    "goals_register",
    "latest_observation",
    "progress_fraction",
    "ripples_register",
]


@attrs.frozen
class GoalRow:
    """One goal of the register: its definition, baseline, progress and where it stands."""

    platform: UUID
    platform_name: str
    goal: Goal
    status: GoalStatus
    set_on: date
    baseline: Baseline | None
    baselined_on: date | None
    progress: tuple[GoalProgress, ...]
    """Every observation, in the order recorded."""
    current: Decimal | None
    """The value of the latest observation that has one (:func:`current_value`)."""
    fraction: Decimal | None
    """For a quantitative goal: ``(current - baseline) / (target - baseline)``."""
    reached_on: date | None = None
    dropped_on: date | None = None
    drop_reason: str | None = None

    @property
    def key(self) -> str:
        """The goal's key on its platform (``G1`` …)."""
        return self.goal.key


@attrs.frozen
class RippleRow:
    """One ripple of the register, on a platform or on the initiative itself."""

    platform: UUID | None
    """``None`` for a ripple on the initiative."""
    where: str
    """The platform's name, or the initiative's for a ripple on the initiative."""
    key: str
    description: str
    kind: RippleKind
    beneficiaries: tuple[Beneficiary, ...]
    observed_on: date
    recorded_on: date
    recorded_by: PersonRef
    corrects: str | None = None
    """The key of the ripple this one corrects (R-RIP-2)."""
    corrected_by: tuple[str, ...] = ()
    """Keys of later ripples that correct this one."""


def progress_fraction(
    kind: GoalKind, baseline: Decimal | None, target: Decimal | None, current: Decimal | None
) -> Decimal | None:
    """How far a quantitative goal has come from its baseline towards its target.

    >>> progress_fraction(GoalKind.QUANTITATIVE, Decimal(5), Decimal(10), Decimal(8))
    Decimal('0.6')
    >>> progress_fraction(GoalKind.QUALITATIVE, Decimal(5), Decimal(10), Decimal(8)) is None
    True
    """
    if kind is not GoalKind.QUANTITATIVE or baseline is None or target is None:
        return None
    if current is None or target == baseline:
        return None
    return (current - baseline) / (target - baseline)


def latest_observation(progress: Sequence[GoalProgress]) -> GoalProgress | None:
    """The goal's latest observation: the one with the latest observation date, and of those
    the one recorded last (a correction entered later wins a tie).

    >>> first = GoalProgress("first count", date(2025, 3, 1), Decimal(4))
    >>> recount = GoalProgress("recount", date(2025, 3, 1), Decimal(6))
    >>> latest_observation([first, recount]).observation
    'recount'
    """
    latest = max(
        ((p.observed_on, i, p) for i, p in enumerate(progress)), key=lambda t: t[:2], default=None
    )
    return None if latest is None else latest[2]


def current_value(progress: Sequence[GoalProgress]) -> Decimal | None:
    """A goal's current value: the value of :func:`latest_observation` among the observations
    that carry one (the latest observation date; on a tie, the one recorded last). Every
    register and document shows this one.

    >>> current_value([GoalProgress("count", date(2025, 3, 1), Decimal(4))])
    Decimal('4')
    """
    latest = latest_observation([p for p in progress if p.value is not None])
    return None if latest is None else latest.value


def goals_register(view: View, initiative: UUID) -> tuple[GoalRow, ...]:
    """Every goal of every platform of the initiative, by platform then key."""
    initiative_in(view, initiative)
    return tuple(
        _goal_row(platform.id, platform.name, entry)
        for platform in platforms_in(view, initiative)
        for _, entry in sorted(platform.goals.items(), key=lambda kv: int(kv[0][1:]))
    )


def _goal_row(platform: UUID, platform_name: str, entry: GoalEntry) -> GoalRow:
    current = current_value(entry.progress)
    target = entry.goal.target
    baseline_value = None if entry.baseline is None else entry.baseline.value
    return GoalRow(
        platform=platform,
        platform_name=platform_name,
        goal=entry.goal,
        status=entry.status,
        set_on=entry.set_on,
        baseline=entry.baseline,
        baselined_on=entry.baselined_on,
        progress=entry.progress,
        current=current,
        fraction=progress_fraction(entry.goal.kind, baseline_value, target, current),
        reached_on=entry.reached_on,
        dropped_on=entry.dropped_on,
        drop_reason=entry.drop_reason,
    )


def ripples_register(view: View, initiative: UUID) -> tuple[RippleRow, ...]:
    """Every ripple of the initiative and its platforms, by observation date, then place and
    key; corrections stay next to what they correct, which is never removed (R-RIP-2)."""
    the_initiative = initiative_in(view, initiative)
    places: list[tuple[UUID | None, str, dict[str, RippleEntry]]] = [
        (None, the_initiative.name, the_initiative.ripples)
    ]
    places += [(p.id, p.name, p.ripples) for p in platforms_in(view, initiative)]
    rows = []
    for order, (platform, where, ripples) in enumerate(places):
        corrections: dict[str, list[str]] = {}
        for key, entry in ripples.items():
            if entry.ripple.corrects is not None:
                corrections.setdefault(entry.ripple.corrects, []).append(key)
        for key, entry in ripples.items():
            ripple = entry.ripple
            row = RippleRow(
                platform=platform,
                where=where,
                key=key,
                description=ripple.description,
                kind=ripple.kind,
                beneficiaries=tuple(sorted(ripple.beneficiaries)),
                observed_on=ripple.observed_on,
                recorded_on=entry.recorded_on,
                recorded_by=person_ref(view, entry.recorded_by),
                corrects=ripple.corrects,
                corrected_by=tuple(sorted(corrections.get(key, []), key=lambda k: int(k[1:]))),
            )
            rows.append((ripple.observed_on, order, int(key[1:]), row))
    return tuple(row for *_, row in sorted(rows, key=lambda r: r[:3]))
