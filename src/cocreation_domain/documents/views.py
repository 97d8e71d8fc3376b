"""What a document shows, as frozen values: names already resolved, forgotten persons left out.

Builders (:mod:`cocreation_domain.documents.build`) read the application and the read models
and produce these values; renderers turn them into Markdown, HTML or iCalendar. Nothing here
holds a person id: a value only carries what may be printed (R-PII-2).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from cocreation_domain.model import Beneficiary, GoalKind, GoalStatus, Horizon, RippleKind

__all__ = [
    "ActorContacts",
    "ActorLine",
    "Attendee",
    "Contact",
    "CrossPlatformLine",
    "GoalLine",
    "GuestTalkLine",
    "Invitation",
    "MissingSection",
    "NewsletterDocument",
    "PlatformSection",
    "RippleLine",
]


def _tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(items)


@attrs.frozen
class Contact:
    """One person's printable contact data."""

    name: str
    title: str | None = None
    email: str | None = None
    phone: str | None = None


@attrs.frozen
class ActorContacts:
    """The persons of one current actor (forgotten persons already left out, R-NEWS-4)."""

    actor: str
    kind: str = ""
    persons: tuple[Contact, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen
class ActorLine:
    """An actor as a newsletter section shows it: its name and the names of its persons
    beside it (forgotten persons left out, R-PII-2; contact data stays in the contacts)."""

    name: str
    persons: tuple[str, ...] = attrs.field(default=(), converter=_tuple)


def _actor_lines(items: Iterable[ActorLine | str]) -> tuple[ActorLine, ...]:
    """Actors given as :class:`ActorLine` or by name alone (no persons shown)."""
    return tuple(a if isinstance(a, ActorLine) else ActorLine(a) for a in items)


@attrs.frozen
class GoalLine:
    """A goal as a newsletter shows it: definition, baseline and the latest observation.

    ``progress`` is the fraction ``(current - baseline) / (target - baseline)`` of a
    quantitative goal, when all three numbers are known.
    """

    key: str
    title: str
    kind: GoalKind
    horizon: Horizon
    status: GoalStatus = GoalStatus.CURRENT
    baseline: str | None = None
    baseline_value: Decimal | None = None
    target: Decimal | None = None
    unit: str | None = None
    latest: str | None = None
    latest_value: Decimal | None = None
    progress: Decimal | None = None


@attrs.frozen
class RippleLine:
    """A ripple (*ringe i vandet*) as a document shows it."""

    key: str
    description: str
    kind: RippleKind
    beneficiaries: tuple[Beneficiary, ...] = attrs.field(converter=_tuple)
    observed_on: date
    corrects: str | None = None


@attrs.frozen
class PlatformSection:
    """One platform's section of a newsletter (R-NEWS-2)."""

    platform: str
    state: str
    focus: str | None
    coordinator: str | None
    actors: tuple[ActorLine, ...] = attrs.field(converter=_actor_lines)
    """The actors by name, each with its persons' names (a plain name reads as no persons)."""
    goals: tuple[GoalLine, ...] = attrs.field(converter=_tuple)
    progress: str = ""
    hard: str = ""
    ripples: tuple[RippleLine, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen
class MissingSection:
    """A platform whose section the anchor compiled without, and why (R-NEWS-3)."""

    platform: str
    reason: str


@attrs.frozen
class GuestTalkLine:
    """A guest talk at the joint status meeting (R-NEWS-5): speaker, organisation, topic."""

    speaker: str
    organisation: str
    topic: str


@attrs.frozen
class CrossPlatformLine:
    """A new initiative across platforms the meeting proposed (R-NEWS-5)."""

    key: str
    title: str
    description: str
    platforms: tuple[str, ...] = attrs.field(converter=_tuple)
    leads_to: str = ""
    """``new_platform`` or ``ripple`` (shown through its label)."""
    ripple: str | None = None


@attrs.frozen
class NewsletterDocument:
    """A newsletter: the minutes of one joint status meeting, compiled from platform sections."""

    initiative: str
    common_challenge: str
    anchor: str
    meeting_on: date | None
    state: str
    sections: tuple[PlatformSection, ...] = attrs.field(converter=_tuple)
    missing: tuple[MissingSection, ...] = attrs.field(default=(), converter=_tuple)
    initiative_ripples: tuple[RippleLine, ...] = attrs.field(default=(), converter=_tuple)
    contacts: tuple[ActorContacts, ...] = attrs.field(default=(), converter=_tuple)
    compiled_on: date | None = None
    published_on: date | None = None
    recipients: int | None = None
    summary: str = ""
    """The joint status meeting's minutes: its summary (R-NEWS-5)."""
    decisions: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    """… and the decisions taken, in order."""
    guest_talks: tuple[GuestTalkLine, ...] = attrs.field(default=(), converter=_tuple)
    cross_platform: tuple[CrossPlatformLine, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen
class Attendee:
    """A person invited to a meeting (never a forgotten one)."""

    name: str
    email: str | None = None
    actor: str | None = None


@attrs.frozen
class Invitation:
    """A meeting invitation, ready to become an iCalendar event (RFC 5545).

    ``start`` is a date for an all-day meeting or a datetime for one at a time of day;
    ``sequence`` counts the reschedules, so calendar clients replace the older invitation.
    """

    uid: str
    summary: str
    start: date | datetime
    stamp: datetime
    """When the invitation was last changed (``DTSTAMP``): the recorded time of its event."""
    end: date | datetime | None = None
    location: str | None = None
    description: str = ""
    attendees: tuple[Attendee, ...] = attrs.field(default=(), converter=_tuple)
    organizer: Attendee | None = None
    sequence: int = 0
    status: str = "CONFIRMED"
