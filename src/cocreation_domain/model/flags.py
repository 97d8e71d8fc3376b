"""Flags for attention: what needs doing *now*, pointed out, never blocked (DOMAIN.md).

Every flag of the attention list is one function here, written against the facts of
:mod:`cocreation_domain.model.facts` so that aggregates and read-model views are judged by the
same rule. Each returns the date the flag became due, or ``None`` when it is not raised (a
flag clears once what it asks for is done); ``today`` is always an argument, nothing here reads
the clock. What went against a rule in the past lives in
:mod:`cocreation_domain.model.deviations` instead.

| rule     | function                        | due on                                             |
|----------|---------------------------------|----------------------------------------------------|
| R-INIT-3 | :func:`phase6_overdue`          | co-creation start + the policy's longest phase 6   |
| R-PLAT-2 | :func:`first_meeting_overdue`   | workshop (or later establishment) + policy days    |
| R-ACT-2  | :func:`missing_coordinator`     | the day the platform was established or lost it    |
| R-PLAT-3 | :func:`goals_without_baseline`  | (keys; each due the day its goal was set)          |
| R-PLAT-4 | :func:`standby_past_review`     | the standby's review date                          |
| R-PLAT-8 | :func:`stagnating`              | last recorded activity + the policy's quiet days   |
| R-MEET-1 | :func:`room_not_booked`         | the day an invited platform meeting was invited    |
| R-MEET-2 | :func:`coordinator_meeting_overdue` | the window's last day, while not held          |
| R-MEET-3 | :func:`poster_outdated`         | the coordinator meeting the poster predates        |
| R-MEET-4 | :func:`joint_status_overdue`    | the previous one (or co-creation start) + cadence  |
| R-MEET-4 | :func:`invitation_short`        | the day the invitations went out                   |
| R-MEET-5 | :func:`readiness_gaps_due`      | the day the next joint status meeting was invited  |
| R-NEWS-3 | :func:`not_compiled`            | the day the newsletter opened                      |
| R-FLAT-5 | :func:`dominant_actor`          | the last meeting of the counted window             |
| R-ACT-5  | :func:`inactive_actors`         | (actors; each due the last meeting it missed)      |
| R-ACT-6  | :func:`missing_backing`         | (actors; the first meeting, or joining after it)   |
| R-MEET-7 | :func:`overlap_review_missing`  | the day the meeting was held                       |
| R-MEET-8 | :func:`missing_presentations`   | (platforms; each due the day the meeting was held) |

>>> add_months(date(2025, 1, 31), 1)
datetime.date(2025, 2, 28)
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from fractions import Fraction
from uuid import UUID

from cocreation_domain.model.facts import (
    InitiativeFacts,
    MeetingFacts,
    NewsletterFacts,
    PlatformFacts,
    by_id,
)
from cocreation_domain.model.lifecycles import (
    INITIATIVE_OPEN,
    PLATFORM_WORKING,
    InitiativeState,
    MeetingState,
    NewsletterState,
    PlatformState,
)
from cocreation_domain.model.values import MeetingKind, Policies, Readiness

__all__ = [
    "add_months",
    "coordinator_meeting_overdue",
    "coordinator_meeting_window",
    "dominant_actor",
    "first_meeting_counted_from",
    "first_meeting_due",
    "first_meeting_overdue",
    "goals_without_baseline",
    "inactive_actors",
    "initiative_shares",
    "invitation_short",
    "joint_status_due",
    "joint_status_overdue",
    "missing_backing",
    "missing_coordinator",
    "missing_presentations",
    "needs_attention",
    "not_compiled",
    "overlap_review_missing",
    "phase6_due",
    "phase6_overdue",
    "poster_outdated",
    "readiness_gaps_due",
    "room_not_booked",
    "stagnating",
    "standby_past_review",
]


def add_months(day: date, months: int) -> date:
    """``day`` moved on by ``months`` calendar months, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def needs_attention(initiative: InitiativeFacts) -> bool:
    """A concluded initiative needs no attention any more; a running or preparing one may."""
    return initiative.state in INITIATIVE_OPEN


# --- the initiative ------------------------------------------------------------------------


def phase6_due(initiative: InitiativeFacts) -> date | None:
    """R-INIT-3: the last day of phase 6 the policy allows (``None`` before it starts)."""
    started = initiative.co_creation_started_on
    if started is None:
        return None
    return add_months(started, initiative.policies.phase6_months[1])


def phase6_overdue(initiative: InitiativeFacts, today: date) -> date | None:
    """R-INIT-3: a running phase 6 older than the policy's longest length is flagged.

    Returns the day the policy length ran out, once ``today`` is past it; ``None`` while phase 6
    is within its length, not started, or concluded.
    """
    due = phase6_due(initiative)
    if initiative.state != InitiativeState.CO_CREATING or due is None:
        return None
    return due if today > due else None


def joint_status_due(initiative: InitiativeFacts, since: date | None = None) -> date | None:
    """R-MEET-4: the day the next joint status meeting is due, ``status_meeting_cadence_months``
    after ``since`` (default: the previous one, or co-creation's start)."""
    since = since or initiative.last_joint_status_on or initiative.co_creation_started_on
    if since is None:
        return None
    return add_months(since, initiative.policies.status_meeting_cadence_months)


def joint_status_overdue(initiative: InitiativeFacts, today: date) -> date | None:
    """R-MEET-4: the joint status meeting is due every ``status_meeting_cadence_months`` after
    the previous one (or after co-creation started); flagged from its due day once past it."""
    due = joint_status_due(initiative)
    if initiative.state != InitiativeState.CO_CREATING or due is None:
        return None
    return due if today > due else None


def coordinator_meeting_window(initiative: InitiativeFacts) -> tuple[date, date] | None:
    """R-MEET-2: the first and last day the coordinator meeting is due (1-2 months after the
    workshop by default); ``None`` before the workshop."""
    workshop = initiative.workshop_held_on
    if workshop is None:
        return None
    low, high = initiative.policies.coordinator_meeting_window_days
    return workshop + timedelta(days=low), workshop + timedelta(days=high)


def coordinator_meeting_overdue(initiative: InitiativeFacts, today: date) -> date | None:
    """R-MEET-2: the coordinator meeting not held by the end of its window is flagged from the
    window's last day, while co-creation runs; holding it clears the flag. Held outside the
    window, it is a deviation (:mod:`cocreation_domain.model.deviations`)."""
    window = coordinator_meeting_window(initiative)
    if window is None or initiative.coordinator_meeting_held_on is not None:
        return None
    if initiative.state != InitiativeState.CO_CREATING:
        return None
    closes = window[1]
    return closes if today > closes else None


def poster_outdated(initiative: InitiativeFacts) -> date | None:
    """R-MEET-3: after a coordinator meeting the anchor updates the poster; flagged from the
    meeting's day until the poster is updated."""
    held = initiative.last_coordinator_meeting_on
    if held is None:
        return None
    updated = initiative.poster_updated_on
    return held if updated is None or updated < held else None


# --- platforms -----------------------------------------------------------------------------


def first_meeting_counted_from(platform: PlatformFacts, initiative: InitiativeFacts) -> date:
    """R-PLAT-2: the day the wait for a platform's first meeting starts: the workshop, or the
    platform's establishment when that came later."""
    return max(d for d in (initiative.workshop_held_on, platform.established_on) if d)


def first_meeting_due(platform: PlatformFacts, initiative: InitiativeFacts) -> date:
    """R-PLAT-2 (policy *first platform meeting after workshop*, Card 2: "as quickly as
    possible"): the last day for the platform's first meeting, the policy's days after
    :func:`first_meeting_counted_from`."""
    start = first_meeting_counted_from(platform, initiative)
    return start + timedelta(days=initiative.policies.first_meeting_flag_days)


def first_meeting_overdue(
    platform: PlatformFacts, initiative: InitiativeFacts, today: date
) -> date | None:
    """R-PLAT-2: an open platform without its first meeting is flagged once
    :func:`first_meeting_due` has passed; holding the meeting clears it."""
    if not platform.is_open or platform.first_meeting is not None:
        return None
    due = first_meeting_due(platform, initiative)
    return due if today > due else None


def missing_coordinator(platform: PlatformFacts) -> date | None:
    """R-ACT-2: an open platform without a coordinator is flagged from the day it lost one
    (or, for a platform that never had one, from its establishment)."""
    if not platform.is_open or platform.coordinator is not None:
        return None
    return platform.coordinator_missing_since or platform.established_on


def goals_without_baseline(platform: PlatformFacts) -> tuple[str, ...]:
    """R-PLAT-3: the keys of an open platform's current goals that have no baseline yet, in
    key order (``G1``, ``G2``, …); each is due from the day its goal was set."""
    if not platform.is_open:
        return ()
    keys = [k for k, g in platform.current_goals.items() if g.baseline is None]
    return tuple(sorted(keys, key=lambda k: int(k[1:])))


def standby_past_review(platform: PlatformFacts, today: date) -> date | None:
    """R-PLAT-4: a platform on standby past its review date is flagged from that date."""
    review_on = platform.standby_review_on
    if platform.state != PlatformState.STANDBY or review_on is None:
        return None
    return review_on if today > review_on else None


def stagnating(platform: PlatformFacts, today: date, policies: Policies) -> date | None:
    """R-PLAT-8: a working platform with no recorded activity for longer than the policy.

    A platform on standby is paused on purpose and a closed or merged one is done, so neither
    stagnates. Returns the last day of the allowed quiet period once ``today`` is past it.
    What counts as activity is :data:`cocreation_domain.model.platform.ACTIVITY`.
    """
    if platform.state not in PLATFORM_WORKING:
        return None
    due = platform.last_activity_on + timedelta(days=policies.stagnation_days)
    return due if today > due else None


# --- meetings and newsletters --------------------------------------------------------------


def room_not_booked(meeting: MeetingFacts) -> date | None:
    """R-MEET-1 (Card 2: the coordinator makes sure a room is booked): an invited platform
    meeting whose venue has no booked room, flagged from the invitation."""
    if not meeting.kind.on_platform or meeting.state != MeetingState.INVITED:
        return None
    return None if meeting.venue.room_booked else meeting.invited_on


def invitation_short(meeting: MeetingFacts, policies: Policies) -> date | None:
    """R-MEET-4: an invited joint status meeting with less lead time than the policy."""
    if meeting.kind is not MeetingKind.JOINT_STATUS or meeting.state != MeetingState.INVITED:
        return None
    if meeting.lead_days is None or meeting.lead_days >= policies.status_invitation_lead_days:
        return None
    return meeting.invited_on


def readiness_gaps_due(meeting: MeetingFacts, readiness: Readiness) -> date | None:
    """R-MEET-5, R-ACT-3: an invited joint status meeting whose readiness gate still has gaps
    (see :func:`~cocreation_domain.model.meeting.joint_status_readiness`) is flagged from the
    day it was invited."""
    if meeting.kind is not MeetingKind.JOINT_STATUS or meeting.state != MeetingState.INVITED:
        return None
    return None if readiness.ready else meeting.invited_on


def not_compiled(newsletter: NewsletterFacts) -> date | None:
    """R-NEWS-3: a newsletter still collecting sections is flagged from its opening day."""
    return newsletter.opened_on if newsletter.state == NewsletterState.COLLECTING else None


# --- the method cards' signals (R-FLAT-5, R-ACT-5, R-ACT-6, R-MEET-7, R-MEET-8) --------------


def held_platform_meetings(
    platform: PlatformFacts, meetings: Iterable[MeetingFacts]
) -> list[MeetingFacts]:
    """The platform's held meetings, oldest first (the window R-FLAT-5 and R-ACT-5 count)."""
    held = [
        m
        for m in meetings
        if m.platform == platform.id and m.state == MeetingState.HELD and m.held_on is not None
    ]
    return sorted(held, key=lambda m: (m.held_on or m.scheduled_on, str(m.id)))


def initiative_shares(
    platform: PlatformFacts,
    meetings: Iterable[MeetingFacts],
    actor_of: Callable[[UUID], UUID | None],
    policies: Policies,
    newsletters: Iterable[NewsletterFacts] = (),
    acts: Iterable[tuple[date, UUID]] = (),
) -> dict[UUID, Fraction]:
    """R-FLAT-5 (Card 1): each current actor's share of the platform's recorded initiative
    over its last ``dominance_window_meetings`` held meetings.

    What counts as taking the initiative, each act attributed to the actor whose person did
    it (``actor_of`` tells which actor a person represents now):

    - hosting one of the window's meetings (the host actor), and each agenda item a person
      added to one of them;
    - each section submitted for the platform (by the coordinator's person recorded in the
      section, read from ``newsletters``);
    - each act in ``acts``: the day and the person (the event's principal) of each platform
      decision initiated (goals set, revised, dropped or added, standby, resumption, closure,
      merge, actors joining, leaving or replaced, the coordinator chosen: ``DECISIONS`` in
      :mod:`cocreation_domain.model.platform`) and of each change proposed for the platform
      at a coordinator meeting. Proposals are usually recorded by the anchor, who represents
      no actor unless attached to one (R-ACT-7), so they rarely count.

    Sections and ``acts`` count when their day falls within the window's span: from the day the
    first counted meeting was held to the day the last one was held, both included. So the
    shares, like the flag, change only when a meeting is held, and acts after the last meeting
    count once the next one closes the window.

    Acts of persons representing no current actor (the anchor, a guest) are not counted.
    Empty when nothing was recorded.
    """
    window = held_platform_meetings(platform, meetings)[-policies.dominance_window_meetings :]
    acts_of: list[UUID | None] = [m.host for m in window]
    acts_of.extend(actor_of(person) for m in window for person in m.added_by.values())
    if window:
        # held meetings only: ``held_on`` is set, ``scheduled_on`` only satisfies the types
        first = window[0].held_on or window[0].scheduled_on
        last = window[-1].held_on or window[-1].scheduled_on
        sections = (s for n in newsletters for s in n.sections.values())
        acts_of.extend(
            actor_of(s.coordinator.person)
            for s in sections
            if s.platform == platform.id
            and s.coordinator is not None
            and s.submitted_on is not None
            and first <= s.submitted_on <= last
        )
        acts_of.extend(actor_of(person) for on, person in acts if first <= on <= last)
    counted = [a for a in acts_of if a is not None and a in platform.actors]
    if not counted:
        return {}
    return {a: Fraction(counted.count(a), len(counted)) for a in sorted(set(counted), key=str)}


def dominant_actor(
    platform: PlatformFacts,
    meetings: Iterable[MeetingFacts],
    actor_of: Callable[[UUID], UUID | None],
    policies: Policies,
    newsletters: Iterable[NewsletterFacts] = (),
    acts: Iterable[tuple[date, UUID]] = (),
) -> tuple[UUID, date] | None:
    """R-FLAT-5: on a working platform of three or more actors that has held a full window of
    ``dominance_window_meetings`` meetings, the actor holding more than
    ``dominance_share_percent`` of the initiative (:func:`initiative_shares`, with the same
    ``newsletters`` and ``acts``), with the day of the last meeting counted. A signal for the
    anchor, never a block; ``None`` when nobody sits at the head of the table."""
    if platform.state not in PLATFORM_WORKING or len(platform.actors) < 3:
        return None
    meetings = list(meetings)
    if len(held_platform_meetings(platform, meetings)) < policies.dominance_window_meetings:
        return None
    shares = initiative_shares(platform, meetings, actor_of, policies, newsletters, acts)
    limit = Fraction(policies.dominance_share_percent, 100)
    over = sorted((a for a, share in shares.items() if share > limit), key=lambda a: -shares[a])
    last = held_platform_meetings(platform, meetings)[-1].held_on
    if not over or last is None:
        return None
    return over[0], last


def inactive_actors(
    platform: PlatformFacts, meetings: Iterable[MeetingFacts], policies: Policies
) -> dict[UUID, date]:
    """R-ACT-5 (Card 4): the current actors of a working platform absent from each of its
    last ``inactive_after_meetings`` held meetings (and on the platform for all of them),
    each due the day of the last of those meetings; the anchor may suggest an actor swap.
    Attending one of them clears the flag."""
    if platform.state not in PLATFORM_WORKING:
        return {}
    window = held_platform_meetings(platform, meetings)[-policies.inactive_after_meetings :]
    if len(window) < policies.inactive_after_meetings:
        return {}
    first, last = window[0].held_on, window[-1].held_on
    if first is None or last is None:  # held meetings have their day; for the type checker
        return {}
    since = by_id(platform.actor_since)
    return {
        actor: last
        for actor in sorted(platform.actors, key=str)
        if since.get(actor, first) <= first and all(actor not in m.attendance for m in window)
    }


def missing_backing(
    initiative: InitiativeFacts,
    platforms: Iterable[PlatformFacts],
    meetings: Iterable[MeetingFacts],
) -> dict[UUID, date]:
    """R-ACT-6 (Card 2): the actors without recorded backing from their home organisation,
    among the current actors of the initiative's open platforms that have held their first
    meeting; each is due from the earliest such first meeting it sat in (or the day it joined
    that platform, when later). Recording the backing clears it."""
    held = {m.id: m.held_on for m in meetings if m.held_on is not None}
    backed = by_id(initiative.backing)
    due: dict[UUID, date] = {}
    for platform in platforms:
        first = held.get(platform.first_meeting) if platform.first_meeting else None
        if platform.initiative != initiative.id or not platform.is_open or first is None:
            continue
        since = by_id(platform.actor_since)
        for actor in platform.actors - backed.keys():
            day = max(first, since.get(actor, first))
            due[actor] = min(day, due.get(actor, day))
    return dict(sorted(due.items(), key=lambda item: str(item[0])))


def _reviewed_platforms(meeting: MeetingFacts, platforms: Iterable[PlatformFacts]) -> list[UUID]:
    """The open platforms of the meeting's initiative established by the day it was held."""
    held = meeting.held_on
    if held is None:
        return []
    return [
        p.id
        for p in platforms
        if p.initiative == meeting.initiative and p.is_open and p.established_on <= held
    ]


def overlap_review_missing(
    meeting: MeetingFacts, platforms: Iterable[PlatformFacts]
) -> date | None:
    """R-MEET-7 (Cards 3, 7): a held coordinator or joint status meeting without a recorded
    overlap review is flagged from the day it was held, when there were two or more open
    platforms to compare; recording the review clears it."""
    if meeting.kind not in (MeetingKind.COORDINATOR, MeetingKind.JOINT_STATUS):
        return None
    if meeting.state != MeetingState.HELD or meeting.overlap_reviews:
        return None
    if len(_reviewed_platforms(meeting, platforms)) < 2:
        return None
    return meeting.held_on


def missing_presentations(
    meeting: MeetingFacts, platforms: Iterable[PlatformFacts]
) -> tuple[UUID, ...]:
    """R-MEET-8 (Card 3): the open platforms (established by then) whose coordinator's
    presentation the held coordinator meeting's minutes do not record; each is flagged on
    that meeting from the day it was held."""
    if meeting.kind is not MeetingKind.COORDINATOR or meeting.state != MeetingState.HELD:
        return ()
    presented = by_id(meeting.presentations)
    return tuple(
        sorted((p for p in _reviewed_platforms(meeting, platforms) if p not in presented), key=str)
    )
