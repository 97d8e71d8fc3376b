"""Host rotation: whose turn it is to lend premises to a meeting (Cards 2 and 7, R-MEET-1).

"Platformens aktører kan med fordel skiftes til at lægge lokaler til" — the actors take turns
hosting, so everyone visits everyone. A rotation is a mapping from an actor's id (as text)
to its :class:`~cocreation_domain.model.values.HostTally`, kept on the platform (platform
meetings) or on the initiative (joint status meetings, R-MEET-4).

Host counts mean *turns in the rotation*: an actor entering the rotation (new, or back after
leaving) starts level with the current actors that hosted least, so it neither has to host
many times in a row to catch up nor is skipped. An actor that leaves drops out of the
rotation. With that, following :func:`suggest_host` keeps the turns of all current actors
within one of each other, over any number of meetings and any actor changes.

Everything here is a pure function of the rotation and the current actors.

>>> from uuid import UUID
>>> a, b = UUID(int=1), UUID(int=2)
>>> suggest_host({}, {a, b}) == a
True
>>> rotation = after_hosting({}, {a, b}, a, date(2025, 1, 6))
>>> suggest_host(rotation, {a, b}) == b
True
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from uuid import UUID

from cocreation_domain.model.values import HostTally

__all__ = ["Rotation", "after_hosting", "rotation_for", "spread", "suggest_host"]

Rotation = Mapping[str, HostTally]
"""Each current actor's standing, keyed by the actor's id as text."""


def rotation_for(rotation: Rotation, current: Collection[UUID]) -> dict[str, HostTally]:
    """The rotation brought up to date with ``current`` actors.

    Actors no longer current drop out; actors entering start at the lowest number of turns
    among those who stay (or 0), never having hosted in this rotation.
    """
    keys = {str(actor) for actor in current}
    kept = {key: tally for key, tally in rotation.items() if key in keys}
    floor = min((tally.turns for tally in kept.values()), default=0)
    entering = {key: HostTally(turns=floor) for key in keys - kept.keys()}
    return {**kept, **entering}


def suggest_host(rotation: Rotation, current: Collection[UUID]) -> UUID | None:
    """The current actor whose turn it is to host, or ``None`` without current actors.

    Fewest turns first; ties go to the one that hosted longest ago (never hosted counts as
    longest ago), then to the lowest id, so the suggestion is stable.
    """
    standing = rotation_for(rotation, current)
    if not standing:
        return None

    def order(key: str) -> tuple[int, date, str]:
        tally = standing[key]
        return (tally.turns, tally.last_hosted_on or date.min, key)

    return UUID(min(standing, key=order))


def after_hosting(
    rotation: Rotation, current: Collection[UUID], host: UUID, on: date
) -> dict[str, HostTally]:
    """The rotation after ``host`` hosted a meeting on ``on``.

    A host that is not a current actor takes no turn (the rotation is only brought up to date).
    """
    standing = rotation_for(rotation, current)
    key = str(host)
    if key in standing:
        standing[key] = HostTally(turns=standing[key].turns + 1, last_hosted_on=on)
    return standing


def spread(rotation: Rotation) -> int:
    """The difference between the most and the fewest turns in the rotation (0 when empty)."""
    turns = [tally.turns for tally in rotation.values()]
    return max(turns) - min(turns) if turns else 0
