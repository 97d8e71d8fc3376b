"""Meetings of phase 6: platform, coordinator, joint status and pre-meetings (Cards 2, 3, 7).

A :class:`Meeting` is planned, invited, maybe rescheduled (it stays invited), and held or
cancelled (lifecycle ``MEETING``). Who may convene it follows from its kind: platform meetings
by the platform's coordinator (R-MEET-1), every other kind by the anchor (R-MEET-2, R-MEET-4,
R-ACT-3). Holding a meeting records attendance (actors present) and minutes; the aggregates the
meeting concerns record its consequences in the same atomic save (the platform's focus,
R-PLAT-2; the joint status meeting's newsletter, R-NEWS-1; a pre-meeting, R-ACT-3).

Flags for the attention list live in :mod:`cocreation_domain.model.flags`; this module keeps
the readiness gate they and the command share: :func:`joint_status_readiness` — R-MEET-5,
R-ACT-3: the platforms missing a reality check and the new actors missing a pre-meeting, before
the next joint status meeting.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cocreation_domain.model.agendas import guest_talk_item
from cocreation_domain.model.base import CoCreationAggregate
from cocreation_domain.model.errors import NotFound, NotPermitted, RuleViolation
from cocreation_domain.model.facts import InitiativeFacts, PlatformFacts, by_id
from cocreation_domain.model.lifecycles import (
    INITIATIVE,
    MEETING,
    PLATFORM,
    PLATFORM_WORKING,
    MeetingState,
    PlatformState,
)
from cocreation_domain.model.rules import require_text
from cocreation_domain.model.values import (
    Agenda,
    AgendaItem,
    ChangeKind,
    ChangeProposal,
    CrossPlatformInitiative,
    CrossPlatformLead,
    GuestTalk,
    MeetingKind,
    MeetingTime,
    Minutes,
    OverlapReview,
    Principal,
    Readiness,
    Venue,
)

if TYPE_CHECKING:
    from cocreation_domain.model.initiative import Initiative
    from cocreation_domain.model.platform import Platform

__all__ = [
    "Meeting",
    "change_status",
    "invitees_of",
    "joint_status_readiness",
    "participants_of",
    "require_meeting_time",
    "unfocused_platforms",
]

_PLATFORM_TRIGGER = {
    MeetingKind.PLATFORM_FIRST: "hold_first_meeting",
    MeetingKind.PLATFORM_GOAL_SETTING: "set_goals",
    MeetingKind.PLATFORM: "hold_meeting",
}
"""What holding a platform meeting of each kind does to the platform (its lifecycle trigger)."""


def _all_day_in_v1(state: dict[str, object]) -> None:
    """The upcaster of both meeting events that carry a time (planned, rescheduled): before
    times existed every meeting lasted all day, and a move kept it so."""
    state["time"] = None


class Meeting(CoCreationAggregate):
    """One meeting: kind, date, host actor, venue, agenda, invitees; attendance and minutes."""

    TOPIC = "cocreation:Meeting"
    LIFECYCLE = MEETING

    if TYPE_CHECKING:  # assigned by events; a class annotation would make a dataclass
        initiative: UUID
        platform: UUID | None
        kind: MeetingKind
        scheduled_on: date
        time: MeetingTime | None
        host: UUID | None
        venue: Venue
        agenda: Agenda
        with_actor: UUID | None
        invitees: frozenset[UUID]
        invited_by: UUID | None
        invited_as: str | None
        invited_on: date | None
        lead_days: int | None
        reschedulings: int
        held_on: date | None
        attendance: frozenset[UUID]
        minutes: Minutes | None
        readiness: Readiness | None
        override_reason: str | None
        newsletter: UUID | None
        cancel_reason: str | None
        added_by: dict[str, UUID]
        overlap_reviews: dict[str, OverlapReview]
        presentations: dict[str, UUID]
        cross_platform: dict[str, CrossPlatformInitiative]

    class Event(CoCreationAggregate.Event):
        """Base of this aggregate's events."""

    class Planned(Event, CoCreationAggregate.Created):
        """Version 2 added ``time`` (start, duration, time zone; ``None``: all day)."""

        TOPIC = "cocreation:Meeting.Planned"
        class_version = 2
        initiative: UUID
        platform: UUID | None
        kind: MeetingKind
        scheduled_on: date
        time: MeetingTime | None
        host: UUID | None
        venue: Venue
        agenda: Agenda
        with_actor: UUID | None

        upcast_v1_v2 = staticmethod(_all_day_in_v1)

        def apply(self, aggregate: Meeting) -> None:
            aggregate.state = MEETING.initial
            aggregate.initiative = self.initiative
            aggregate.platform = self.platform
            aggregate.kind = self.kind
            aggregate.scheduled_on = self.scheduled_on
            aggregate.time = self.time
            aggregate.host = self.host
            aggregate.venue = self.venue
            aggregate.agenda = self.agenda
            aggregate.with_actor = self.with_actor
            aggregate.invitees = frozenset()
            aggregate.invited_by = None
            aggregate.invited_as = None
            aggregate.invited_on = None
            aggregate.lead_days = None
            aggregate.reschedulings = 0
            aggregate.held_on = None
            aggregate.attendance = frozenset()
            aggregate.minutes = None
            aggregate.readiness = None
            aggregate.override_reason = None
            aggregate.newsletter = None
            aggregate.cancel_reason = None
            aggregate.added_by = {}
            aggregate.overlap_reviews = {}
            aggregate.presentations = {}
            aggregate.cross_platform = {}

    Created = Planned

    class Invited(Event):
        TOPIC = "cocreation:Meeting.Invited"
        class_version = 1
        state: str
        invitees: frozenset[UUID]
        invited_as: str
        lead_days: int

        def apply(self, aggregate: Meeting) -> None:
            aggregate.state = self.state
            aggregate.invitees = self.invitees
            aggregate.invited_by = self.principal
            aggregate.invited_as = self.invited_as
            aggregate.invited_on = self.occurred_on
            aggregate.lead_days = self.lead_days

    class Rescheduled(Event):
        """Version 2 added ``time``, the meeting's time after the move (``None``: all day)."""

        TOPIC = "cocreation:Meeting.Rescheduled"
        class_version = 2
        scheduled_on: date
        time: MeetingTime | None
        previous_on: date
        host: UUID | None
        venue: Venue
        reason: str
        lead_days: int | None

        upcast_v1_v2 = staticmethod(_all_day_in_v1)

        def apply(self, aggregate: Meeting) -> None:
            aggregate.scheduled_on = self.scheduled_on
            aggregate.time = self.time
            aggregate.host = self.host
            aggregate.venue = self.venue
            aggregate.lead_days = self.lead_days
            aggregate.reschedulings = aggregate.reschedulings + 1

    class AgendaItemAdded(Event):
        TOPIC = "cocreation:Meeting.AgendaItemAdded"
        class_version = 1
        item: AgendaItem

        def apply(self, aggregate: Meeting) -> None:
            aggregate.agenda = aggregate.agenda.with_item(self.item)
            aggregate.added_by[self.item.key] = self.principal

    class Cancelled(Event):
        TOPIC = "cocreation:Meeting.Cancelled"
        class_version = 1
        state: str
        reason: str

        def apply(self, aggregate: Meeting) -> None:
            aggregate.state = self.state
            aggregate.cancel_reason = self.reason

    class Held(Event):
        TOPIC = "cocreation:Meeting.Held"
        class_version = 1
        state: str
        attendance: frozenset[UUID]
        minutes: Minutes
        readiness: Readiness | None
        override_reason: str | None
        newsletter: UUID | None

        def apply(self, aggregate: Meeting) -> None:
            aggregate.state = self.state
            aggregate.held_on = self.occurred_on
            aggregate.attendance = self.attendance
            aggregate.minutes = self.minutes
            aggregate.readiness = self.readiness
            aggregate.override_reason = self.override_reason
            aggregate.newsletter = self.newsletter

    class OverlapReviewed(Event):
        """R-MEET-7: the meeting compared platforms for overlap, with an outcome."""

        TOPIC = "cocreation:Meeting.OverlapReviewed"
        class_version = 1
        key: str
        review: OverlapReview

        def apply(self, aggregate: Meeting) -> None:
            aggregate.overlap_reviews[self.key] = self.review

    class PresentationRecorded(Event):
        """R-MEET-8: a platform's coordinator presented it at the coordinator meeting."""

        TOPIC = "cocreation:Meeting.PresentationRecorded"
        class_version = 1
        platform: UUID
        presenter: UUID

        def apply(self, aggregate: Meeting) -> None:
            aggregate.presentations = {
                **aggregate.presentations,
                str(self.platform): self.presenter,
            }

    class CrossPlatformInitiativeRecorded(Event):
        """R-NEWS-5: the joint status meeting proposed a new initiative across platforms."""

        TOPIC = "cocreation:Meeting.CrossPlatformInitiativeRecorded"
        class_version = 1
        initiative_proposed: CrossPlatformInitiative

        def apply(self, aggregate: Meeting) -> None:
            proposed = self.initiative_proposed
            aggregate.cross_platform[proposed.key] = proposed

    # --- commands ------------------------------------------------------------------------

    @classmethod
    def plan(
        cls,
        by: Principal,
        on: date,
        initiative: Initiative,
        kind: MeetingKind,
        scheduled_on: date,
        agenda: Agenda,
        *,
        time: MeetingTime | None = None,
        host: UUID | None = None,
        venue: Venue | None = None,
        platform: Platform | None = None,
        with_actor: UUID | None = None,
        participants: Collection[UUID] = (),
        unfocused: Collection[UUID] = (),
    ) -> Meeting:
        """Plan a meeting of ``kind`` on ``scheduled_on``, at ``time`` (all day without one).

        Platform meetings name their ``platform`` and a host among its current actors, and are
        planned by its coordinator (R-MEET-1). Coordinator meetings need every open platform
        to have held its first meeting (``unfocused`` lists those that have not, R-MEET-2).
        Joint status meetings name a host among ``participants``, the current actors of the
        open platforms (R-MEET-4). A pre-meeting names the actor it is held ``with_actor``
        (R-ACT-3). Every kind but platform meetings is planned by the anchor during phase 6.
        """
        kind = MeetingKind(kind)
        require_meeting_time(time)
        if kind.on_platform:
            if platform is None or platform.initiative != initiative.id:
                raise NotFound("platform of this initiative", platform and platform.id)
            _require_coordinator(by, platform, f"plan a {kind} meeting")
            PLATFORM.destination(_PLATFORM_TRIGGER[kind], platform.state)
            _require_host(host, platform.actors, "R-MEET-1", "a current actor of the platform")
        else:
            if platform is not None:
                raise RuleViolation("R-MEET-1", f"a {kind} meeting belongs to no one platform")
            cls._require_anchor(by, f"convene a {kind} meeting")
            INITIATIVE.destination("convene_meeting", initiative.state)
            _check_anchor_kind(initiative, kind, host, with_actor, participants, unfocused)
        return cls._create(
            cls.Planned,
            principal=by.person,
            occurred_on=on,
            initiative=initiative.id,
            platform=platform.id if platform is not None else None,
            kind=kind,
            scheduled_on=scheduled_on,
            time=time,
            host=host,
            venue=venue or Venue(),
            agenda=agenda,
            with_actor=with_actor if kind is MeetingKind.PRE_MEETING else None,
        )

    def invite(
        self,
        by: Principal,
        on: date,
        invitees: Collection[UUID],
        *,
        platform: Platform | None = None,
        unfocused: Collection[UUID] = (),
    ) -> None:
        """Send the invitations (R-MEET-1, R-MEET-2; a short lead time is flagged, R-MEET-4)."""
        dest = self._destination("invite")
        role = self._require_convener(by, platform, "invite to the meeting")
        if self.kind is MeetingKind.COORDINATOR:
            _require_all_focused(unfocused)
        self._record(
            self.Invited,
            by,
            on,
            state=dest,
            invitees=frozenset(invitees),
            invited_as=role,
            lead_days=(self.scheduled_on - on).days,
        )

    def reschedule(
        self,
        by: Principal,
        on: date,
        scheduled_on: date,
        *,
        reason: str = "",
        time: MeetingTime | None = None,
        host: UUID | None = None,
        venue: Venue | None = None,
        platform: Platform | None = None,
        participants: Collection[UUID] = (),
    ) -> None:
        """Move the meeting to another date (and time, host or venue: each kept unless
        given); an invited meeting stays invited and its lead time is counted again from
        ``on``."""
        self._destination("reschedule")
        require_meeting_time(time)
        self._require_convener(by, platform, "reschedule the meeting")
        new_host = host if host is not None else self.host
        if host is not None:
            if platform is not None:
                _require_host(host, platform.actors, "R-MEET-1", "a current actor of the platform")
            elif self.kind is MeetingKind.JOINT_STATUS:
                _require_host(host, participants, "R-MEET-4", "a current actor of the initiative")
        self._record(
            self.Rescheduled,
            by,
            on,
            scheduled_on=scheduled_on,
            time=time if time is not None else self.time,
            previous_on=self.scheduled_on,
            host=new_host,
            venue=venue or self.venue,
            reason=reason.strip(),
            lead_days=(scheduled_on - on).days if self.state == MeetingState.INVITED else None,
        )

    def add_agenda_item(
        self, by: Principal, on: date, item: AgendaItem, *, platform: Platform | None = None
    ) -> None:
        """Add a point to the agenda before the meeting is held; a key already on the agenda
        gets a number appended so every point keeps its own key."""
        self._destination("add_agenda_item")
        self._require_convener(by, platform, "change the agenda")
        self._record(self.AgendaItemAdded, by, on, item=self._unique(item))

    def add_guest_talk(self, by: Principal, on: date, talk: GuestTalk) -> None:
        """Put a guest talk (speaker, topic) on a joint status meeting's agenda (R-MEET-6)."""
        self._destination("add_agenda_item")
        if self.kind is not MeetingKind.JOINT_STATUS:
            raise RuleViolation("R-MEET-6", "guest talks are for joint status meetings")
        self._require_anchor(by, "put a guest talk on the agenda")
        topic = require_text(talk.topic, "R-MEET-6", "the guest talk's topic")
        talks = sum(1 for item in self.agenda.items if item.guest_talk is not None)
        guest = GuestTalk(speaker=talk.speaker, topic=topic, organisation=talk.organisation.strip())
        item = guest_talk_item(guest, talks + 1)
        self._record(self.AgendaItemAdded, by, on, item=self._unique(item))

    def cancel(
        self, by: Principal, on: date, reason: str, *, platform: Platform | None = None
    ) -> None:
        """Cancel a planned or invited meeting."""
        dest = self._destination("cancel")
        self._require_convener(by, platform, "cancel the meeting")
        self._record(self.Cancelled, by, on, state=dest, reason=reason.strip())

    def hold(
        self,
        by: Principal,
        on: date,
        attendance: Collection[UUID],
        minutes: Minutes,
        *,
        platform: Platform | None = None,
        participants: Collection[UUID] = (),
        readiness: Readiness | None = None,
        override_reason: str | None = None,
        newsletter: UUID | None = None,
    ) -> None:
        """Hold the meeting: the actors present and the minutes.

        A platform meeting's host must still be a current actor (R-MEET-1). A joint status
        meeting passes the readiness gate (R-MEET-5, R-ACT-3) or gives an ``override_reason``,
        which is recorded with the gaps it overrode, and names the ``newsletter`` it opens
        (R-NEWS-1).
        """
        dest = self._destination("hold")
        self._require_convener(by, platform, "hold the meeting")
        gaps: Readiness | None = None
        reason: str | None = None
        if platform is not None:
            PLATFORM.destination(_PLATFORM_TRIGGER[self.kind], platform.state)
            _require_host(self.host, platform.actors, "R-MEET-1", "a current actor of the platform")
        if self.kind is MeetingKind.JOINT_STATUS:
            _require_host(self.host, participants, "R-MEET-4", "a current actor of the initiative")
            if newsletter is None:
                raise RuleViolation("R-NEWS-1", "a joint status meeting opens its newsletter")
            if readiness is None:
                raise RuleViolation("R-MEET-5", "holding a joint status meeting needs its gate")
            gaps = readiness
            reason = (override_reason or "").strip() or None
            if not gaps.ready and reason is None:
                raise _not_ready(gaps)
            if gaps.ready:
                reason = None
        elif newsletter is not None:
            raise RuleViolation("R-NEWS-1", "only a joint status meeting opens a newsletter")
        self._record(
            self.Held,
            by,
            on,
            state=dest,
            attendance=frozenset(attendance),
            minutes=minutes,
            readiness=gaps,
            override_reason=reason,
            newsletter=newsletter,
        )

    # --- the minutes of a held meeting (R-MEET-7, R-MEET-8, R-NEWS-5) --------------------

    def record_overlap_review(
        self, by: Principal, on: date, review: OverlapReview, platforms: Collection[UUID]
    ) -> None:
        """R-MEET-7 (Cards 3, 7): the anchor records the overlap review of a held coordinator
        or joint status meeting: the platforms compared (two or more of ``platforms``, the
        initiative's) and the outcome (``none``, ``coordinate``, ``change_proposed``)."""
        self._require_anchor(by, "record an overlap review")
        self._destination("record_overlap_review")
        if self.kind not in (MeetingKind.COORDINATOR, MeetingKind.JOINT_STATUS):
            raise RuleViolation(
                "R-MEET-7", "overlap is reviewed at the coordinator and joint status meetings"
            )
        unknown = set(review.platforms) - set(platforms)
        if unknown:
            raise NotFound("platform of this initiative", sorted(unknown, key=str)[0])
        if len(review.platforms) < 2:
            raise RuleViolation("R-MEET-7", "an overlap review compares at least two platforms")
        note = review.note.strip()
        self._record(
            self.OverlapReviewed,
            by,
            on,
            key=f"O{len(self.overlap_reviews) + 1}",
            review=OverlapReview(platforms=review.platforms, outcome=review.outcome, note=note),
        )

    def record_presentation(self, by: Principal, on: date, platform: Platform) -> None:
        """R-MEET-8 (Card 3): the anchor records that ``platform``'s coordinator presented it
        at this held coordinator meeting (its speaking time)."""
        self._require_anchor(by, "record a coordinator's presentation")
        self._destination("record_presentation")
        if self.kind is not MeetingKind.COORDINATOR:
            raise RuleViolation("R-MEET-8", "presentations are recorded at the coordinator meeting")
        if platform.initiative != self.initiative:
            raise NotFound("platform of this initiative", platform.id)
        if platform.coordinator is None:
            raise RuleViolation("R-MEET-8", f"platform {platform.id} has no coordinator to present")
        if str(platform.id) in self.presentations:
            raise RuleViolation("R-MEET-8", f"platform {platform.id} has already presented")
        self._record(
            self.PresentationRecorded,
            by,
            on,
            platform=platform.id,
            presenter=platform.coordinator.person,
        )

    def record_cross_platform_initiative(
        self,
        by: Principal,
        on: date,
        proposed: CrossPlatformInitiative,
        platforms: Collection[UUID],
    ) -> CrossPlatformInitiative:
        """R-NEWS-5 (Card 7): the anchor records a new cross-platform initiative the held
        joint status meeting proposed, across two or more of ``platforms`` (the initiative's);
        it leads to a proposed new platform, or to the ripple on the initiative it names.
        Returns it with its key (``X1``, ``X2`` …)."""
        self._require_anchor(by, "record a cross-platform initiative")
        self._destination("record_cross_platform_initiative")
        if self.kind is not MeetingKind.JOINT_STATUS:
            raise RuleViolation("R-NEWS-5", "cross-platform initiatives come from joint status")
        title = require_text(proposed.title, "R-NEWS-5", "the initiative's title")
        description = require_text(proposed.description, "R-NEWS-5", "what it is about")
        unknown = set(proposed.platforms) - set(platforms)
        if unknown:
            raise NotFound("platform of this initiative", sorted(unknown, key=str)[0])
        if len(proposed.platforms) < 2:
            raise RuleViolation("R-NEWS-5", "a cross-platform initiative spans two platforms")
        if (proposed.leads_to is CrossPlatformLead.RIPPLE) != (proposed.ripple is not None):
            raise RuleViolation("R-NEWS-5", "a ripple-led initiative names its ripple (only it)")
        keyed = CrossPlatformInitiative(
            title=title,
            description=description,
            platforms=proposed.platforms,
            leads_to=proposed.leads_to,
            ripple=proposed.ripple,
            key=f"X{len(self.cross_platform) + 1}",
        )
        self._record(self.CrossPlatformInitiativeRecorded, by, on, initiative_proposed=keyed)
        return keyed

    # --- guards --------------------------------------------------------------------------

    def _require_convener(self, by: Principal, platform: Platform | None, what: str) -> str:
        """The role that convenes this meeting: its platform's coordinator (R-MEET-1) or the
        anchor; returns the role's name."""
        if self.kind.on_platform:
            if platform is None or platform.id != self.platform:
                raise NotFound("platform of this meeting", platform and platform.id)
            _require_coordinator(by, platform, what)
            return "coordinator"
        self._require_anchor(by, what)
        return "anchor"

    def _unique(self, item: AgendaItem) -> AgendaItem:
        keys = self.agenda.keys
        key, number = item.key or "item", 2
        candidate = key
        while candidate in keys:
            candidate, number = f"{key}_{number}", number + 1
        return AgendaItem(key=candidate, en=item.en, da=item.da, guest_talk=item.guest_talk)


def require_meeting_time(time: MeetingTime | None) -> None:
    """A meeting's time (DOMAIN.md *Meetings*): a start in whole minutes on a clock without
    a time zone of its own, a duration of 1 minute to 24 hours, and a time zone the IANA
    database (``tzdata``) knows. ``None`` (all day) is always fine.

    >>> from datetime import time
    >>> require_meeting_time(MeetingTime(time(15, 0), 90, "Europe/Copenhagen"))
    >>> require_meeting_time(MeetingTime(time(15, 0), 90, "Europe/Vestby"))
    Traceback (most recent call last):
    ...
    cocreation_domain.model.errors.RuleViolation: meeting time: unknown time zone 'Europe/Vestby'
    """
    if time is None:
        return
    if time.start.tzinfo is not None or time.start.second or time.start.microsecond:
        raise RuleViolation(
            "meeting time", "the start is a wall-clock time in whole minutes, without a zone"
        )
    if not 0 < time.minutes <= 24 * 60:
        raise RuleViolation(
            "meeting time", f"a meeting lasts 1 to 1440 minutes, not {time.minutes}"
        )
    try:
        ZoneInfo(time.zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise RuleViolation("meeting time", f"unknown time zone {time.zone!r}") from None


def _require_coordinator(by: Principal, platform: Platform, what: str) -> None:
    coordinator = platform.coordinator
    if coordinator is None or coordinator.person != by.person:
        raise NotPermitted("coordinator", f"{what} (R-MEET-1)")


def _require_host(host: UUID | None, current: Collection[UUID], rule: str, what: str) -> None:
    if host is None or host not in current:
        raise RuleViolation(rule, f"the host must be {what}")


def _require_all_focused(unfocused: Collection[UUID]) -> None:
    if unfocused:
        raise RuleViolation(
            "R-MEET-2",
            f"{len(unfocused)} open platform(s) have not held their first meeting yet",
        )


def _check_anchor_kind(
    initiative: Initiative,
    kind: MeetingKind,
    host: UUID | None,
    with_actor: UUID | None,
    participants: Collection[UUID],
    unfocused: Collection[UUID],
) -> None:
    """The kind-specific rules of the meetings the anchor convenes."""
    if kind is MeetingKind.COORDINATOR:
        _require_all_focused(unfocused)
    if kind is MeetingKind.JOINT_STATUS:
        _require_host(host, participants, "R-MEET-4", "a current actor of the initiative")
    elif host is not None:
        initiative.actor(host)
    if kind is MeetingKind.PRE_MEETING:
        if with_actor is None:
            raise RuleViolation("R-ACT-3", "a pre-meeting is held with one actor")
        initiative.actor(with_actor)
    elif with_actor is not None:
        raise RuleViolation("R-ACT-3", "only a pre-meeting is held with one actor")


def _not_ready(gaps: Readiness) -> RuleViolation:
    checks = len(gaps.missing_reality_checks)
    actors = len(gaps.missing_pre_meetings)
    detail = (
        f"{checks} platform(s) without a reality check and {actors} new actor(s) without a "
        "pre-meeting (R-ACT-3) since the previous joint status meeting; give an override reason "
        "to hold it anyway"
    )
    return RuleViolation("R-MEET-5" if checks else "R-ACT-3", detail)


# --- readiness and flags (pure functions) ----------------------------------------------------


def participants_of(platforms: Iterable[PlatformFacts]) -> frozenset[UUID]:
    """The current actors of the open platforms: the actors of the common platform."""
    return frozenset(a for p in platforms if p.is_open for a in p.actors)


def unfocused_platforms(platforms: Iterable[Platform]) -> frozenset[UUID]:
    """Open platforms that have not held their first meeting (R-MEET-2, R-MEET-4)."""
    return frozenset(p.id for p in platforms if p.is_open and p.first_meeting is None)


def invitees_of(
    meeting: Meeting, platform: Platform | None, platforms: Iterable[Platform]
) -> frozenset[UUID]:
    """Whom a meeting invites, as actors: a platform meeting the platform's current actors,
    the coordinator meeting the coordinators' actors of the open platforms, a pre-meeting its
    actor, a joint status meeting every current actor of the open platforms (R-MEET-4)."""
    if platform is not None:
        return platform.actors
    if meeting.kind is MeetingKind.COORDINATOR:
        return frozenset(p.coordinator.actor for p in platforms if p.is_open and p.coordinator)
    if meeting.kind is MeetingKind.PRE_MEETING and meeting.with_actor is not None:
        return frozenset({meeting.with_actor})
    return participants_of(platforms)


def joint_status_readiness(
    initiative: InitiativeFacts, platforms: Iterable[PlatformFacts]
) -> Readiness:
    """What the next joint status meeting still waits for (R-MEET-5, R-ACT-3).

    ``platforms`` are the initiative's platforms. A reality check counts when performed after
    the previous joint status meeting's day (any check, before the first meeting). An actor is
    new when it first joined any of the initiative's platforms after that day (after co-creation
    started, before the first meeting); its pre-meeting counts when held after that day.
    Aggregates and read-model views give the same answer (see :mod:`~.facts`).
    """
    mine = [p for p in platforms if p.initiative == initiative.id]
    since = initiative.last_joint_status_on
    missing_checks = {
        p.id
        for p in mine
        if p.state in PLATFORM_WORKING
        and (
            p.last_reality_check_on is None
            or (since is not None and p.last_reality_check_on <= since)
        )
    }
    baseline = since or initiative.co_creation_started_on
    first_joined: dict[UUID, date] = {}
    for platform in mine:
        for actor, joined in by_id(platform.actor_since).items():
            first_joined[actor] = min(joined, first_joined.get(actor, joined))
    new = {
        a
        for a in participants_of(mine)
        if baseline is not None and first_joined.get(a, baseline) > baseline
    }
    pre_meetings = by_id(initiative.pre_meetings)
    missing_pre = set()
    for actor in new:
        met = pre_meetings.get(actor)
        if met is None or (since is not None and met <= since):
            missing_pre.add(actor)
    return Readiness(missing_reality_checks=missing_checks, missing_pre_meetings=missing_pre)


def change_status(proposal: ChangeProposal, platform: Platform) -> str:
    """Where a proposed change stands (R-MEET-3): ``open`` until the platform decides;
    ``carried`` when the platform was closed or merged (into the proposed target) as proposed;
    ``declined`` when it decided against; ``overtaken`` when it ended another way."""
    if proposal.declined_on is not None:
        return "declined"
    if platform.is_open:
        return "open"
    if proposal.kind is ChangeKind.CLOSE and platform.state == PlatformState.CLOSED:
        return "carried"
    if proposal.kind is ChangeKind.MERGE and platform.merged_into == proposal.into:
        return "carried"
    return "overtaken"
