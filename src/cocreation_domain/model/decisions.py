"""Platform decisions by consent (Card 1, R-FLAT-1..4).

Every current actor has one equal voice, whatever its size and however many of its persons
speak; the coordinator's voice weighs the same as any other. A decision passes when more than
the quorum of current actors consents and no current actor objects.
"""

from __future__ import annotations

from collections.abc import Set
from uuid import UUID

import attrs

from cocreation_domain.model.errors import RuleViolation
from cocreation_domain.model.values import Decision

__all__ = ["Outcome", "require_passed", "tally"]


@attrs.frozen
class Outcome:
    """The result of counting a decision's voices against the current actors."""

    passes: bool
    consenting: frozenset[UUID]
    objecting: frozenset[UUID]
    needed: int
    reason: str


def tally(decision: Decision, current_actors: Set[UUID], quorum_percent: int = 50) -> Outcome:
    """Count one voice per actor; refuse voices of persons who speak for no current actor.

    Raises :class:`RuleViolation` (R-FLAT-3) when a voice does not come from a current actor.
    """
    strangers = {
        v.person for v in decision.consenting | decision.objecting if v.actor not in current_actors
    }
    if strangers:
        raise RuleViolation(
            "R-FLAT-3",
            f"only current actors consent or object; {len(strangers)} voice(s) speak for none",
        )
    consenting = frozenset(v.actor for v in decision.consenting if v.actor is not None)
    objecting = frozenset(v.actor for v in decision.objecting if v.actor is not None)
    # "more than quorum_percent" of current actors, in integers to stay exact.
    needed = len(current_actors) * quorum_percent // 100 + 1
    if objecting:
        reason = f"{len(objecting)} current actor(s) object"
    elif len(consenting) < needed:
        reason = f"{len(consenting)} of {len(current_actors)} actors consent, {needed} needed"
    else:
        reason = "passed by consent"
    return Outcome(
        passes=not objecting and len(consenting) >= needed,
        consenting=consenting,
        objecting=objecting,
        needed=needed,
        reason=reason,
    )


def require_passed(
    decision: Decision | None, current_actors: Set[UUID], quorum_percent: int, change: str
) -> None:
    """Refuse a change of R-FLAT-4 unless ``decision`` passed by consent (R-FLAT-3).

    No decision at all (``None``, or one in which nobody spoke) is refused under R-FLAT-4;
    a decision that was taken but did not pass is refused under R-FLAT-3.
    """
    if decision is None or not (decision.consenting or decision.objecting):
        raise RuleViolation("R-FLAT-4", f"{change} needs a passed platform decision")
    outcome = tally(decision, current_actors, quorum_percent)
    if not outcome.passes:
        raise RuleViolation("R-FLAT-3", f"{change} not decided: {outcome.reason}")
