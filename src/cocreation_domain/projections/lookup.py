"""Finding things in a folded view, and how persons and actors read in every read model.

A person reads by name from their own events; a forgotten person reads as "(forgotten)"
(R-PII-2), and so does anyone the view does not know.
"""

from __future__ import annotations

from uuid import UUID

import attrs

from cocreation_domain.model import FORGOTTEN, NotFound
from cocreation_domain.projections.state import InitiativeView, PlatformView, View

__all__ = [
    "PersonRef",
    "actor_name",
    "initiative_in",
    "person_name",
    "person_ref",
    "platforms_in",
]


@attrs.frozen
class PersonRef:
    """A person as read models show them: the id and the name, "(forgotten)" if forgotten."""

    id: UUID
    name: str

    @property
    def forgotten(self) -> bool:
        """Whether the person reads as forgotten."""
        return self.name == FORGOTTEN


def person_name(view: View, person: UUID | None) -> str:
    """The person's current name, "(forgotten)" when forgotten or unknown, "" for nobody."""
    if person is None:
        return ""
    known = view.persons.get(person)
    return FORGOTTEN if known is None or known.forgotten else known.name


def person_ref(view: View, person: UUID) -> PersonRef:
    """The person as read models show them."""
    return PersonRef(person, person_name(view, person))


def actor_name(view: View, initiative: UUID, actor: UUID) -> str:
    """An actor's name as registered on the initiative (its id if it was never registered)."""
    profile = view.initiatives[initiative].actors.get(actor)
    return str(actor) if profile is None else profile.name


def initiative_in(view: View, initiative: UUID) -> InitiativeView:
    """The initiative, or ``NotFound``."""
    try:
        return view.initiatives[initiative]
    except KeyError:
        raise NotFound("initiative", initiative) from None


def platforms_in(view: View, initiative: UUID) -> list[PlatformView]:
    """The initiative's platforms in the order they were established (then by name)."""
    platforms = [p for p in view.platforms.values() if p.initiative == initiative]
    return sorted(platforms, key=lambda p: (p.established_on, p.name, str(p.id)))
