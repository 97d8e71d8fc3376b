"""The value the read models fold events into: initiatives, platforms and persons as their
events left them, and one audit entry per event.

Every class is a frozen attrs class. Mappings are plain dicts, never changed once a view is
given out (the fold changes only the copies in a draft of its own, see
:mod:`~cocreation_domain.projections.view`); sequences are tuples. The converters accept what
JSON gives back (lists, lists of key/value pairs), so a stored view decodes to a value equal
to the one that was stored (see :mod:`cocreation_domain.projections.codec`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from uuid import UUID

import attrs

from cocreation_domain.model import (
    FORGOTTEN,
    PLATFORM_OPEN,
    ActorProfile,
    Baseline,
    ClosureReason,
    Contribution,
    Coordinator,
    Goal,
    GoalProgress,
    GoalStatus,
    Policies,
    Ripple,
)
from cocreation_domain.model.values import (
    Agenda,
    Backing,
    ChangeProposal,
    CrossPlatformInitiative,
    MeetingKind,
    MeetingTime,
    Minutes,
    MissingSection,
    NewsletterSection,
    OverlapReview,
    PosterEntry,
    Readiness,
    RealityCheck,
    Sparring,
    Venue,
)

__all__ = [
    "STATE_CLASSES",
    "AuditEntry",
    "GoalEntry",
    "InitiativeAct",
    "InitiativeView",
    "MeetingView",
    "NewsletterView",
    "PersonView",
    "PlatformView",
    "RippleEntry",
    "View",
    "ViewChanges",
]


def _map(items: Any) -> dict[Any, Any]:
    """A dict from a mapping or from the key/value pairs JSON gives back."""
    return dict(items)


def _tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(items)


def _frozenset(items: Iterable[Any]) -> frozenset[Any]:
    return frozenset(items)


@attrs.frozen
class PersonView:
    """A person as their events left them; a forgotten person keeps only the id (R-PII-2)."""

    id: UUID
    name: str
    registered_on: date
    initiative: UUID | None = None
    actor: UUID | None = None
    email: str | None = None
    phone: str | None = None
    title: str | None = None
    forgotten: bool = False

    def forgetting(self) -> PersonView:
        """The same person with every personal datum gone."""
        return attrs.evolve(
            self, name=FORGOTTEN, email=None, phone=None, title=None, forgotten=True
        )


@attrs.frozen
class RippleEntry:
    """A ripple with who recorded it and on what business date."""

    ripple: Ripple
    recorded_on: date
    recorded_by: UUID


@attrs.frozen
class GoalEntry:
    """A goal with its status, baseline, progress and the dates each came about."""

    goal: Goal
    set_on: date
    status: GoalStatus = attrs.field(default=GoalStatus.CURRENT, converter=GoalStatus)
    baseline: Baseline | None = None
    baselined_on: date | None = None
    progress: tuple[GoalProgress, ...] = attrs.field(default=(), converter=_tuple)
    reached_on: date | None = None
    dropped_on: date | None = None
    drop_reason: str | None = None

    @property
    def is_current(self) -> bool:
        """Not dropped (a reached goal is still a current goal, R-GOAL-1)."""
        return self.status is not GoalStatus.DROPPED


@attrs.frozen
class InitiativeAct:
    """A person's recorded initiative on a platform outside its meetings (R-FLAT-5): a
    decision initiated on it (``kind`` "decision", see
    :data:`~cocreation_domain.model.platform.DECISIONS`) or a change proposed for it at a
    coordinator meeting (``kind`` "proposal"); ``person`` is the event's principal."""

    on: date
    person: UUID
    kind: str


@attrs.frozen
class PlatformView:
    """A platform as its events left it."""

    id: UUID
    initiative: UUID
    name: str
    state: str
    established_on: date
    last_activity_on: date
    actors: frozenset[UUID] = attrs.field(converter=_frozenset)
    pending_onboarding: frozenset[UUID] = attrs.field(converter=_frozenset)
    coordinator_missing_since: date | None
    coordinator: Coordinator | None = None
    focus: str | None = None
    contributions: frozenset[Contribution] = attrs.field(default=(), converter=_frozenset)
    first_meeting_on: date | None = None
    goals: dict[str, GoalEntry] = attrs.field(factory=dict, converter=_map)
    ripples: dict[str, RippleEntry] = attrs.field(factory=dict, converter=_map)
    actor_since: dict[UUID, date] = attrs.field(factory=dict, converter=_map)
    """When each actor first joined the platform (kept after it leaves)."""
    first_meeting: UUID | None = None
    """The meeting that made the focus concrete (R-PLAT-2)."""
    last_meeting_on: date | None = None
    reality_checks: dict[str, RealityCheck] = attrs.field(factory=dict, converter=_map)
    last_reality_check_on: date | None = None
    sparring: dict[str, Sparring] = attrs.field(factory=dict, converter=_map)
    standby_from: str | None = None
    standby_since: date | None = None
    standby_reason: str | None = None
    standby_review_on: date | None = None
    aftercare: str | None = None
    closure_reason: ClosureReason | None = attrs.field(
        default=None, converter=attrs.converters.optional(ClosureReason)
    )
    ended_on: date | None = None
    merged_into: UUID | None = None
    absorbed: frozenset[UUID] = attrs.field(default=(), converter=_frozenset)
    acts: tuple[InitiativeAct, ...] = attrs.field(default=(), converter=_tuple)
    """Decisions initiated on it and changes proposed for it, by day and person, in recorded
    order (R-FLAT-5)."""

    @property
    def initiative_acts(self) -> list[tuple[date, UUID]]:
        """The day and person of each act in :attr:`acts`, as
        :func:`~cocreation_domain.model.flags.initiative_shares` counts them (R-FLAT-5)."""
        return [(act.on, act.person) for act in self.acts]

    @property
    def is_open(self) -> bool:
        """Neither closed nor merged."""
        return self.state in PLATFORM_OPEN

    @property
    def current_goals(self) -> dict[str, GoalEntry]:
        """Goals not dropped, by key."""
        return {k: g for k, g in self.goals.items() if g.is_current}


@attrs.frozen
class InitiativeView:
    """An initiative as its events left it."""

    id: UUID
    name: str
    common_challenge: str
    state: str
    anchor: UUID
    policies: Policies
    founded_on: date
    last_activity_on: date
    workshop_held_on: date | None = None
    co_creation_started_on: date | None = None
    concluded_on: date | None = None
    actors: dict[UUID, ActorProfile] = attrs.field(factory=dict, converter=_map)
    platforms: frozenset[UUID] = attrs.field(default=(), converter=_frozenset)
    ripples: dict[str, RippleEntry] = attrs.field(factory=dict, converter=_map)
    coordinator_meeting_held_on: date | None = None
    """When the first coordinator meeting was held (R-MEET-2)."""
    last_coordinator_meeting_on: date | None = None
    last_joint_status_on: date | None = None
    last_newsletter: UUID | None = None
    pre_meetings: dict[UUID, date] = attrs.field(factory=dict, converter=_map)
    """The day of each actor's latest pre-meeting with the anchor (R-ACT-3)."""
    change_proposals: dict[str, ChangeProposal] = attrs.field(factory=dict, converter=_map)
    poster: frozenset[PosterEntry] = attrs.field(default=(), converter=_frozenset)
    """The poster as the anchor last updated it (R-MEET-3)."""
    poster_updated_on: date | None = None
    backing: dict[UUID, Backing] = attrs.field(factory=dict, converter=_map)
    """Each actor's backing from its home organisation (R-ACT-6)."""


@attrs.frozen
class MeetingView:
    """A meeting as its events left it."""

    id: UUID
    initiative: UUID
    kind: MeetingKind = attrs.field(converter=MeetingKind)
    state: str
    planned_on: date
    scheduled_on: date
    venue: Venue
    agenda: Agenda
    platform: UUID | None = None
    host: UUID | None = None
    with_actor: UUID | None = None
    time: MeetingTime | None = None
    """Start, duration and time zone; ``None``: the meeting lasts all day."""
    invitees: frozenset[UUID] = attrs.field(default=(), converter=_frozenset)
    invited_by: UUID | None = None
    """The person who sent the invitations (the organizer of the calendar event)."""
    invited_on: date | None = None
    lead_days: int | None = None
    """Days between sending the invitations (or the latest rescheduling) and the meeting."""
    reschedulings: int = 0
    held_on: date | None = None
    attendance: frozenset[UUID] = attrs.field(default=(), converter=_frozenset)
    minutes: Minutes | None = None
    readiness: Readiness | None = None
    override_reason: str | None = None
    newsletter: UUID | None = None
    cancelled_on: date | None = None
    cancel_reason: str | None = None
    added_by: dict[str, UUID] = attrs.field(factory=dict, converter=_map)
    """The person who added each agenda item after planning, by item key (R-FLAT-5)."""
    overlap_reviews: dict[str, OverlapReview] = attrs.field(factory=dict, converter=_map)
    """The overlap reviews its minutes record, by key (R-MEET-7)."""
    presentations: dict[UUID, UUID] = attrs.field(factory=dict, converter=_map)
    """The coordinator who presented each platform (R-MEET-8)."""
    cross_platform: dict[str, CrossPlatformInitiative] = attrs.field(factory=dict, converter=_map)
    """New initiatives across platforms the meeting proposed, by key (R-NEWS-5)."""


@attrs.frozen
class NewsletterView:
    """A newsletter as its events left it."""

    id: UUID
    initiative: UUID
    meeting: UUID
    state: str
    opened_on: date
    platforms: frozenset[UUID] = attrs.field(converter=_frozenset)
    previous: UUID | None = None
    sections: dict[UUID, NewsletterSection] = attrs.field(factory=dict, converter=_map)
    missing: frozenset[MissingSection] = attrs.field(default=(), converter=_frozenset)
    compiled_on: date | None = None
    published_on: date | None = None
    recipients: frozenset[UUID] = attrs.field(default=(), converter=_frozenset)
    actors: frozenset[UUID] = attrs.field(default=(), converter=_frozenset)


@attrs.frozen
class AuditEntry:
    """One stored event: what, when it happened, when it was recorded, who, and on what.

    It holds ids only, never personal data: names are looked up when the trail is read, so a
    forgotten person reads as forgotten in every later reading (R-PII-2).
    """

    position: int
    """The event's notification id: its place in the application's log."""
    event: str
    """The event's name, e.g. ``Platform.GoalsSet``."""
    subject_kind: str
    """``initiative``, ``platform``, ``person``, …: the kind of aggregate the event belongs to."""
    subject: UUID
    version: int
    """The event's version number in its aggregate's sequence."""
    recorded_at: datetime
    occurred_on: date | None = None
    principal: UUID | None = None
    initiative: UUID | None = None
    platform: UUID | None = None
    mentions: frozenset[UUID] = attrs.field(default=(), converter=_frozenset)
    """The persons the event names besides its principal (a coordinator, a voice, a recipient)."""


@attrs.frozen
class View:
    """Everything the read models need, folded from the notification log up to ``position``."""

    position: int = 0
    """The notification id of the last event folded in (0: none yet)."""
    initiatives: dict[UUID, InitiativeView] = attrs.field(factory=dict, converter=_map)
    platforms: dict[UUID, PlatformView] = attrs.field(factory=dict, converter=_map)
    persons: dict[UUID, PersonView] = attrs.field(factory=dict, converter=_map)
    meetings: dict[UUID, MeetingView] = attrs.field(factory=dict, converter=_map)
    newsletters: dict[UUID, NewsletterView] = attrs.field(factory=dict, converter=_map)
    audit: tuple[AuditEntry, ...] = attrs.field(default=(), converter=_tuple)

    def forgetting(self, persons: Iterable[UUID]) -> View:
        """This view with every person in ``persons`` forgotten (R-PII-2).

        Used when a view of the past is built now: whoever is forgotten now reads as
        forgotten in it, whatever they were at that moment.
        """
        changed = {
            p: self.persons[p].forgetting()
            for p in persons
            if p in self.persons and not self.persons[p].forgotten
        }
        if not changed:
            return self
        return attrs.evolve(self, persons={**self.persons, **changed})


@attrs.frozen
class ViewChanges:
    """What one stored batch changed in a view: the rows to write (each entity as it now
    stands, by id) and the audit entries to append, up to the tracking ``position``."""

    position: int
    initiatives: dict[UUID, InitiativeView] = attrs.field(factory=dict)
    platforms: dict[UUID, PlatformView] = attrs.field(factory=dict)
    persons: dict[UUID, PersonView] = attrs.field(factory=dict)
    meetings: dict[UUID, MeetingView] = attrs.field(factory=dict)
    newsletters: dict[UUID, NewsletterView] = attrs.field(factory=dict)
    audit: tuple[AuditEntry, ...] = ()


STATE_CLASSES: tuple[type[Any], ...] = (
    View,
    InitiativeView,
    PlatformView,
    PersonView,
    MeetingView,
    NewsletterView,
    GoalEntry,
    RippleEntry,
    AuditEntry,
    InitiativeAct,
)
"""Every class a stored view holds besides the domain's own values."""
