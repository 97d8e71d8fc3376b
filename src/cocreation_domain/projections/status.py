"""The status overview of one initiative: where everything stands on a given day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID

import attrs

from cocreation_domain.model import (
    MEETING_PENDING,
    PLATFORM_WORKING,
    ClosureReason,
    GoalKind,
    GoalStatus,
    Horizon,
)
from cocreation_domain.model.flags import initiative_shares
from cocreation_domain.model.values import MeetingKind, Policies, RealityCheck
from cocreation_domain.projections.attention import Flag, attention_list, person_actor
from cocreation_domain.projections.lookup import (
    PersonRef,
    actor_name,
    initiative_in,
    person_ref,
    platforms_in,
)
from cocreation_domain.projections.state import GoalEntry, MeetingView, PlatformView, View

__all__ = [
    "ActorShare",
    "ActorStatus",
    "CoordinatorStatus",
    "GoalSummary",
    "GoalTally",
    "PlatformStatus",
    "StatusOverview",
    "actor_statuses",
    "status_overview",
]


@attrs.frozen
class ActorStatus:
    """An actor with the persons who represent it (forgotten ones read "(forgotten)")."""

    id: UUID
    name: str
    kind: str
    persons: tuple[PersonRef, ...]


@attrs.frozen
class CoordinatorStatus:
    """A platform's coordinator: the actor and the person acting for it."""

    actor: UUID
    actor_name: str
    person: PersonRef


@attrs.frozen
class GoalSummary:
    """One goal of a platform, as the overview lists it."""

    key: str
    title: str
    kind: GoalKind
    horizon: Horizon
    status: GoalStatus
    has_baseline: bool


@attrs.frozen
class GoalTally:
    """How many goals: current ones (reached included) by kind and horizon, reached, dropped."""

    current: int = 0
    reached: int = 0
    dropped: int = 0
    qualitative: int = 0
    quantitative: int = 0
    hypothesis: int = 0
    short: int = 0
    long: int = 0

    @classmethod
    def of(cls, goals: Iterable[GoalEntry]) -> GoalTally:
        """Count ``goals``."""
        goals = list(goals)
        current = [g for g in goals if g.is_current]
        return cls(
            current=len(current),
            reached=sum(g.status is GoalStatus.REACHED for g in goals),
            dropped=sum(g.status is GoalStatus.DROPPED for g in goals),
            qualitative=sum(g.goal.kind is GoalKind.QUALITATIVE for g in current),
            quantitative=sum(g.goal.kind is GoalKind.QUANTITATIVE for g in current),
            hypothesis=sum(g.goal.kind is GoalKind.HYPOTHESIS for g in current),
            short=sum(g.goal.horizon is Horizon.SHORT for g in current),
            long=sum(g.goal.horizon is Horizon.LONG for g in current),
        )


@attrs.frozen
class ActorShare:
    """An actor's share of a platform's recorded initiative (R-FLAT-5), in whole per cent."""

    actor: UUID
    name: str
    percent: int


@attrs.frozen
class PlatformStatus:
    """Where one platform stands."""

    id: UUID
    name: str
    state: str
    established_on: date
    focus: str | None
    coordinator: CoordinatorStatus | None
    actors: tuple[ActorStatus, ...]
    goals: tuple[GoalSummary, ...]
    tally: GoalTally
    ripple_count: int
    """Ripples recorded on the platform, corrections not counted (R-RIP-2)."""
    last_activity_on: date
    last_reality_check_on: date | None = None
    last_reality_check: RealityCheck | None = None
    standby_reason: str | None = None
    standby_review_on: date | None = None
    closure_reason: ClosureReason | None = None
    merged_into: UUID | None = None
    ended_on: date | None = None
    initiative_shares: tuple[ActorShare, ...] = ()
    """Each actor's share of the initiative over the last meetings, largest first (R-FLAT-5)."""


@attrs.frozen
class StatusOverview:
    """Where an initiative stands on ``today``, as of the view's ``position``."""

    initiative: UUID
    name: str
    common_challenge: str
    state: str
    anchor: PersonRef
    today: date
    position: int
    """The notification id of the last event the overview reflects."""
    founded_on: date
    workshop_held_on: date | None
    co_creation_started_on: date | None
    concluded_on: date | None
    actors: tuple[ActorStatus, ...]
    platforms: tuple[PlatformStatus, ...]
    tally: GoalTally
    """Goals of all platforms."""
    ripple_count: int
    """Ripples on the initiative and all its platforms, corrections not counted."""
    last_activity_on: date
    attention: tuple[Flag, ...]
    last_reality_check_on: date | None = None
    """The latest reality check of any platform."""
    last_joint_status_on: date | None = None
    next_joint_status_on: date | None = None
    """The date of the earliest joint status meeting planned or invited, if any."""
    latest_newsletter: UUID | None = None
    latest_newsletter_state: str | None = None


def status_overview(view: View, initiative: UUID, today: date) -> StatusOverview:
    """The status overview of ``initiative`` on ``today`` (``NotFound`` if unknown)."""
    the_initiative = initiative_in(view, initiative)
    meetings = [m for m in view.meetings.values() if m.initiative == initiative]
    policies = the_initiative.policies
    platforms = [
        _platform_status(view, p, meetings, policies) for p in platforms_in(view, initiative)
    ]
    all_goals = [g for p in platforms_in(view, initiative) for g in p.goals.values()]
    own_ripples = sum(e.ripple.corrects is None for e in the_initiative.ripples.values())
    checks = [p.last_reality_check_on for p in platforms if p.last_reality_check_on]
    upcoming = [
        m.scheduled_on
        for m in view.meetings.values()
        if m.initiative == initiative
        and m.kind is MeetingKind.JOINT_STATUS
        and m.state in MEETING_PENDING
    ]
    latest = the_initiative.last_newsletter
    newsletter = None if latest is None else view.newsletters.get(latest)
    return StatusOverview(
        initiative=initiative,
        name=the_initiative.name,
        common_challenge=the_initiative.common_challenge,
        state=the_initiative.state,
        anchor=person_ref(view, the_initiative.anchor),
        today=today,
        position=view.position,
        founded_on=the_initiative.founded_on,
        workshop_held_on=the_initiative.workshop_held_on,
        co_creation_started_on=the_initiative.co_creation_started_on,
        concluded_on=the_initiative.concluded_on,
        actors=actor_statuses(view, initiative, the_initiative.actors),
        platforms=tuple(platforms),
        tally=GoalTally.of(all_goals),
        ripple_count=own_ripples + sum(p.ripple_count for p in platforms),
        last_activity_on=the_initiative.last_activity_on,
        attention=attention_list(view, initiative, today),
        last_reality_check_on=max(checks, default=None),
        last_joint_status_on=the_initiative.last_joint_status_on,
        next_joint_status_on=min(upcoming, default=None),
        latest_newsletter=None if newsletter is None else newsletter.id,
        latest_newsletter_state=None if newsletter is None else newsletter.state,
    )


def actor_statuses(view: View, initiative: UUID, actors: Iterable[UUID]) -> tuple[ActorStatus, ...]:
    """The given actors of the initiative with their persons, by name."""
    profiles = view.initiatives[initiative].actors
    statuses = []
    for actor in actors:
        persons = sorted(
            (person_ref(view, p.id) for p in view.persons.values() if p.actor == actor),
            key=lambda ref: (ref.name, str(ref.id)),
        )
        profile = profiles.get(actor)
        statuses.append(
            ActorStatus(
                id=actor,
                name=actor_name(view, initiative, actor),
                kind="" if profile is None else profile.kind,
                persons=tuple(persons),
            )
        )
    return tuple(sorted(statuses, key=lambda a: (a.name, str(a.id))))


def _shares(
    view: View, platform: PlatformView, meetings: list[MeetingView], policies: Policies
) -> tuple[ActorShare, ...]:
    """R-FLAT-5: the model's shares of the initiative on a working platform, as whole per
    cents, largest first."""
    if platform.state not in PLATFORM_WORKING:
        return ()
    newsletters = [n for n in view.newsletters.values() if n.initiative == platform.initiative]
    shares = initiative_shares(
        platform, meetings, person_actor(view), policies, newsletters, platform.initiative_acts
    )
    named = [(actor_name(view, platform.initiative, a), a, share) for a, share in shares.items()]
    ranked = sorted(named, key=lambda item: (-item[2], item[0], str(item[1])))
    return tuple(ActorShare(a, name, round(share * 100)) for name, a, share in ranked)


def _platform_status(
    view: View, platform: PlatformView, meetings: list[MeetingView], policies: Policies
) -> PlatformStatus:
    coordinator = None
    if platform.coordinator is not None:
        coordinator = CoordinatorStatus(
            actor=platform.coordinator.actor,
            actor_name=actor_name(view, platform.initiative, platform.coordinator.actor),
            person=person_ref(view, platform.coordinator.person),
        )
    goals = tuple(
        GoalSummary(
            key=key,
            title=entry.goal.title,
            kind=entry.goal.kind,
            horizon=entry.goal.horizon,
            status=entry.status,
            has_baseline=entry.baseline is not None,
        )
        for key, entry in sorted(platform.goals.items(), key=lambda kv: int(kv[0][1:]))
    )
    return PlatformStatus(
        id=platform.id,
        name=platform.name,
        state=platform.state,
        established_on=platform.established_on,
        focus=platform.focus,
        coordinator=coordinator,
        actors=actor_statuses(view, platform.initiative, platform.actors),
        goals=goals,
        tally=GoalTally.of(platform.goals.values()),
        ripple_count=sum(e.ripple.corrects is None for e in platform.ripples.values()),
        last_activity_on=platform.last_activity_on,
        last_reality_check_on=platform.last_reality_check_on,
        last_reality_check=_latest_check(platform),
        standby_reason=platform.standby_reason,
        standby_review_on=platform.standby_review_on,
        closure_reason=platform.closure_reason,
        merged_into=platform.merged_into,
        ended_on=platform.ended_on,
        initiative_shares=_shares(view, platform, meetings, policies),
    )


def _latest_check(platform: PlatformView) -> RealityCheck | None:
    checks = sorted(platform.reality_checks.items(), key=lambda kv: int(kv[0][2:]))
    return checks[-1][1] if checks else None
