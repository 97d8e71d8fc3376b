"""The facts the rules of attention read, as typing protocols (DOMAIN.md "Attention list").

Every flag and every deviation is one function in the model, written against these protocols:
the aggregates (:class:`~cocreation_domain.model.initiative.Initiative`,
:class:`~cocreation_domain.model.platform.Platform`, …) and the read model's views
(``projections.state.InitiativeView``, ``PlatformView``, …) both provide them, so the attention
list reads the very rule the model states, and a rule changed here changes both.

Mappings keyed by an id are read through :func:`by_id`: aggregates key them by the id's text
(as JSON stores them), views by the :class:`~uuid.UUID` itself.

>>> from uuid import UUID
>>> by_id({"00000000-0000-0000-0000-000000000001": 1})
{UUID('00000000-0000-0000-0000-000000000001'): 1}
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from datetime import date
from typing import Any, Protocol, TypeVar
from uuid import UUID

from cocreation_domain.model.values import (
    Backing,
    Baseline,
    Coordinator,
    MeetingKind,
    NewsletterSection,
    OverlapReview,
    Policies,
    Venue,
)

__all__ = [
    "GoalFacts",
    "InitiativeFacts",
    "MeetingFacts",
    "NewsletterFacts",
    "PlatformFacts",
    "by_id",
]

V = TypeVar("V")


def by_id(mapping: Mapping[Any, V]) -> dict[UUID, V]:
    """``mapping`` keyed by :class:`~uuid.UUID`, whether its keys are ids or their text."""
    return {k if isinstance(k, UUID) else UUID(str(k)): v for k, v in mapping.items()}


class InitiativeFacts(Protocol):
    """What the rules read of an initiative."""

    @property
    def id(self) -> UUID: ...
    @property
    def state(self) -> str: ...
    @property
    def policies(self) -> Policies: ...
    @property
    def workshop_held_on(self) -> date | None: ...
    @property
    def co_creation_started_on(self) -> date | None: ...
    @property
    def coordinator_meeting_held_on(self) -> date | None:
        """The day the first coordinator meeting was held (R-MEET-2)."""

    @property
    def last_coordinator_meeting_on(self) -> date | None: ...
    @property
    def last_joint_status_on(self) -> date | None: ...
    @property
    def poster_updated_on(self) -> date | None: ...
    @property
    def pre_meetings(self) -> Mapping[Any, date]:
        """The day of each actor's latest pre-meeting, by actor id (or its text)."""

    @property
    def backing(self) -> Mapping[Any, Backing]:
        """Each actor's recorded backing from its home organisation (R-ACT-6), by actor id."""


class GoalFacts(Protocol):
    """What the rules read of a goal."""

    @property
    def baseline(self) -> Baseline | None: ...


class PlatformFacts(Protocol):
    """What the rules read of a platform."""

    @property
    def id(self) -> UUID: ...
    @property
    def initiative(self) -> UUID: ...
    @property
    def state(self) -> str: ...
    @property
    def is_open(self) -> bool: ...
    @property
    def actors(self) -> Set[UUID]: ...
    @property
    def coordinator(self) -> Coordinator | None: ...
    @property
    def coordinator_missing_since(self) -> date | None: ...
    @property
    def established_on(self) -> date: ...
    @property
    def first_meeting(self) -> UUID | None:
        """The meeting that made the focus concrete (R-PLAT-2), once held."""

    @property
    def last_activity_on(self) -> date: ...
    @property
    def standby_review_on(self) -> date | None: ...
    @property
    def last_reality_check_on(self) -> date | None: ...
    @property
    def actor_since(self) -> Mapping[Any, date]:
        """When each actor first joined, by actor id (or its text)."""

    @property
    def current_goals(self) -> Mapping[str, GoalFacts]: ...


class MeetingFacts(Protocol):
    """What the rules read of a meeting."""

    @property
    def id(self) -> UUID: ...
    @property
    def initiative(self) -> UUID: ...
    @property
    def kind(self) -> MeetingKind: ...
    @property
    def state(self) -> str: ...
    @property
    def scheduled_on(self) -> date: ...
    @property
    def venue(self) -> Venue: ...
    @property
    def invited_on(self) -> date | None: ...
    @property
    def lead_days(self) -> int | None:
        """Days between the invitations (or the latest rescheduling) and the meeting."""

    @property
    def held_on(self) -> date | None: ...
    @property
    def override_reason(self) -> str | None:
        """Why a joint status meeting was held with its readiness gate open (R-MEET-5)."""

    @property
    def platform(self) -> UUID | None: ...
    @property
    def host(self) -> UUID | None: ...
    @property
    def attendance(self) -> Set[UUID]:
        """The actors present when it was held (R-ACT-5)."""

    @property
    def added_by(self) -> Mapping[str, UUID]:
        """The person who added each agenda item after planning, by item key (R-FLAT-5)."""

    @property
    def overlap_reviews(self) -> Mapping[str, OverlapReview]:
        """The overlap reviews its minutes record, by key (``O1`` …, R-MEET-7)."""

    @property
    def presentations(self) -> Mapping[Any, UUID]:
        """Who presented each platform, by platform id or its text (R-MEET-8)."""


class NewsletterFacts(Protocol):
    """What the rules read of a newsletter."""

    @property
    def state(self) -> str: ...
    @property
    def opened_on(self) -> date: ...
    @property
    def sections(self) -> Mapping[Any, NewsletterSection]:
        """The sections submitted, by platform id (or its text) (R-NEWS-2, R-FLAT-5)."""
