"""The attention list: what the anchor should look at, never what the domain blocks.

Every flag names its rule id, its subject and the date it became due. ``today`` is always an
argument: nothing here reads the clock. The conditions are those of the model's flag functions
(:mod:`cocreation_domain.model.flags`, :mod:`~cocreation_domain.model.meeting`,
:mod:`~cocreation_domain.model.newsletter`), read from the folded view instead of aggregates.

Date-bound flags are due on the last day the policy allows and show once ``today`` is past it;
state-bound flags are due from the day the state began and show at once. A concluded
initiative needs no attention.

| rule     | kind                          | due on                                                |
|----------|-------------------------------|-------------------------------------------------------|
| R-INIT-3 | phase6_too_long               | co-creation start + the policy's longest phase 6      |
| R-PLAT-2 | first_meeting_late            | workshop (or later establishment) + policy days       |
| R-ACT-2  | missing_coordinator           | the day the platform was established or lost it       |
| R-PLAT-3 | missing_baseline              | the day the goal was set                              |
| R-PLAT-4 | standby_past_review           | the standby's review date                             |
| R-PLAT-8 | stagnation                    | last recorded activity + the policy's stagnation days |
| R-MEET-1 | room_not_booked               | the day an invited platform meeting was invited       |
| R-MEET-2 | coordinator_meeting_outside_window | the day it was held, or the window's last day    |
| R-MEET-3 | poster_outdated               | the coordinator meeting the poster predates           |
| R-MEET-4 | status_meeting_overdue        | the previous one (or co-creation start) + cadence     |
| R-MEET-4 | status_meeting_short_notice   | the day the invitations went out                      |
| R-MEET-5 | reality_check_missing         | the day the next joint status meeting was invited     |
| R-ACT-3  | pre_meeting_missing           | the day the next joint status meeting was invited     |
| R-NEWS-3 | newsletter_not_compiled       | the day the newsletter opened                         |
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from enum import StrEnum
from uuid import UUID

import attrs

from cocreation_domain.model.flags import add_months
from cocreation_domain.model.values import MeetingKind
from cocreation_domain.projections.lookup import actor_name, initiative_in, platforms_in
from cocreation_domain.projections.state import (
    InitiativeView,
    MeetingView,
    NewsletterView,
    PlatformView,
    View,
)

__all__ = ["RULES", "Flag", "FlagKind", "attention_list"]


class FlagKind(StrEnum):
    """What a flag is about; documents translate a flag by its kind."""

    PHASE6_TOO_LONG = "phase6_too_long"
    FIRST_MEETING_LATE = "first_meeting_late"
    MISSING_COORDINATOR = "missing_coordinator"
    MISSING_BASELINE = "missing_baseline"
    STANDBY_PAST_REVIEW = "standby_past_review"
    STAGNATION = "stagnation"
    ROOM_NOT_BOOKED = "room_not_booked"
    COORDINATOR_MEETING_OUTSIDE_WINDOW = "coordinator_meeting_outside_window"
    POSTER_OUTDATED = "poster_outdated"
    STATUS_MEETING_OVERDUE = "status_meeting_overdue"
    STATUS_MEETING_SHORT_NOTICE = "status_meeting_short_notice"
    REALITY_CHECK_MISSING = "reality_check_missing"
    PRE_MEETING_MISSING = "pre_meeting_missing"
    NEWSLETTER_NOT_COMPILED = "newsletter_not_compiled"


RULES: dict[FlagKind, str] = {
    FlagKind.PHASE6_TOO_LONG: "R-INIT-3",
    FlagKind.FIRST_MEETING_LATE: "R-PLAT-2",
    FlagKind.MISSING_COORDINATOR: "R-ACT-2",
    FlagKind.MISSING_BASELINE: "R-PLAT-3",
    FlagKind.STANDBY_PAST_REVIEW: "R-PLAT-4",
    FlagKind.STAGNATION: "R-PLAT-8",
    FlagKind.ROOM_NOT_BOOKED: "R-MEET-1",
    FlagKind.COORDINATOR_MEETING_OUTSIDE_WINDOW: "R-MEET-2",
    FlagKind.POSTER_OUTDATED: "R-MEET-3",
    FlagKind.STATUS_MEETING_OVERDUE: "R-MEET-4",
    FlagKind.STATUS_MEETING_SHORT_NOTICE: "R-MEET-4",
    FlagKind.REALITY_CHECK_MISSING: "R-MEET-5",
    FlagKind.PRE_MEETING_MISSING: "R-ACT-3",
    FlagKind.NEWSLETTER_NOT_COMPILED: "R-NEWS-3",
}
"""The rule each kind of flag comes from."""

WORKING_STATES = frozenset({"established", "focused", "goals_set", "active"})
"""Open platforms that are not paused."""


@attrs.frozen
class Flag:
    """One item of the attention list."""

    kind: FlagKind
    rule: str
    """The DOMAIN.md rule id, e.g. ``R-PLAT-8``."""
    subject_kind: str
    """``initiative``, ``platform``, ``actor``, ``meeting`` or ``newsletter``."""
    subject: UUID
    subject_name: str
    due_on: date
    """The date the flag became due."""
    detail: str = ""
    """What exactly, in English (e.g. which goal lacks a baseline)."""


def attention_list(view: View, initiative: UUID, today: date) -> tuple[Flag, ...]:
    """Every flag of the initiative raised on ``today``, by due date (then rule, subject).

    >>> from cocreation_domain import CoCreation
    >>> from cocreation_domain.projections import rebuild, ViewFold
    >>> from cocreation_domain.testing import Scenario
    >>> s = Scenario.start(CoCreation())
    >>> platform = s.platform()
    >>> [f.rule for f in attention_list(rebuild(s.app, ViewFold()), s.initiative, s.today)]
    ['R-ACT-2']
    """
    the_initiative = initiative_in(view, initiative)
    if the_initiative.state == "concluded":
        return ()
    platforms = platforms_in(view, initiative)
    meetings = sorted(
        (m for m in view.meetings.values() if m.initiative == initiative),
        key=lambda m: (m.scheduled_on, str(m.id)),
    )
    newsletters = [n for n in view.newsletters.values() if n.initiative == initiative]
    flags = list(_initiative_flags(the_initiative, meetings, today))
    for platform in platforms:
        if platform.is_open:
            flags.extend(_platform_flags(the_initiative, platform, today))
    flags.extend(_meeting_flags(the_initiative, meetings))
    flags.extend(_readiness_flags(view, the_initiative, platforms, meetings))
    flags.extend(_newsletter_flags(newsletters))
    return tuple(sorted(flags, key=lambda f: (f.due_on, f.rule, f.subject_name, f.detail)))


def _flag(
    kind: FlagKind, kind_of_subject: str, subject: UUID, name: str, due_on: date, detail: str
) -> Flag:
    return Flag(kind, RULES[kind], kind_of_subject, subject, name, due_on, detail)


def _meeting_name(meeting: MeetingView) -> str:
    return f"{meeting.kind.replace('_', ' ')} meeting of {meeting.scheduled_on}"


def _initiative_flags(
    initiative: InitiativeView, meetings: list[MeetingView], today: date
) -> Iterator[Flag]:
    policies = initiative.policies
    started = initiative.co_creation_started_on
    running = initiative.state == "co_creating"

    def flag(kind: FlagKind, due: date, detail: str) -> Flag:
        return _flag(kind, "initiative", initiative.id, initiative.name, due, detail)

    if running and started is not None:
        longest = policies.phase6_months[1]
        due = add_months(started, longest)
        if today > due:
            yield flag(
                FlagKind.PHASE6_TOO_LONG,
                due,
                f"phase 6 started {started} and has run past {longest} months",
            )
        since = initiative.last_joint_status_on or started
        due = add_months(since, policies.status_meeting_cadence_months)
        if today > due:
            yield flag(
                FlagKind.STATUS_MEETING_OVERDUE,
                due,
                f"no joint status meeting since {since}",
            )

    workshop = initiative.workshop_held_on
    if workshop is not None:
        low, high = policies.coordinator_meeting_window_days
        opens, closes = workshop + timedelta(days=low), workshop + timedelta(days=high)
        held = initiative.coordinator_meeting_held_on
        window = f"{opens} to {closes}"
        if held is not None and not opens <= held <= closes:
            yield flag(
                FlagKind.COORDINATOR_MEETING_OUTSIDE_WINDOW,
                held,
                f"coordinator meeting held {held}, outside {window}",
            )
        elif held is None and running and today > closes:
            yield flag(
                FlagKind.COORDINATOR_MEETING_OUTSIDE_WINDOW,
                closes,
                f"no coordinator meeting held in {window}",
            )

    last_coordinator_meeting = initiative.last_coordinator_meeting_on
    updated = initiative.poster_updated_on
    if last_coordinator_meeting is not None and (
        updated is None or updated < last_coordinator_meeting
    ):
        yield flag(
            FlagKind.POSTER_OUTDATED,
            last_coordinator_meeting,
            f"poster not updated since the coordinator meeting of {last_coordinator_meeting}",
        )


def _platform_flags(
    initiative: InitiativeView, platform: PlatformView, today: date
) -> Iterator[Flag]:
    policies = initiative.policies

    def flag(kind: FlagKind, due: date, detail: str) -> Flag:
        return _flag(kind, "platform", platform.id, platform.name, due, detail)

    if platform.coordinator is None:
        since = platform.coordinator_missing_since or platform.established_on
        yield flag(FlagKind.MISSING_COORDINATOR, since, "no coordinator")
    if platform.first_meeting_on is None:
        start = max(d for d in (initiative.workshop_held_on, platform.established_on) if d)
        due = start + timedelta(days=policies.first_meeting_flag_days)
        if today > due:
            yield flag(
                FlagKind.FIRST_MEETING_LATE,
                due,
                f"no first meeting {policies.first_meeting_flag_days} days after {start}",
            )
    for key, goal in sorted(platform.current_goals.items(), key=lambda kv: int(kv[0][1:])):
        if goal.baseline is None:
            yield flag(FlagKind.MISSING_BASELINE, goal.set_on, f"goal {key} has no baseline")
    if platform.state == "standby":
        review = platform.standby_review_on
        if review is not None and today > review:
            yield flag(FlagKind.STANDBY_PAST_REVIEW, review, f"standby review was due {review}")
    else:
        due = platform.last_activity_on + timedelta(days=policies.stagnation_days)
        if today > due:
            yield flag(
                FlagKind.STAGNATION, due, f"no recorded activity since {platform.last_activity_on}"
            )


def _meeting_flags(initiative: InitiativeView, meetings: list[MeetingView]) -> Iterator[Flag]:
    lead = initiative.policies.status_invitation_lead_days
    for meeting in meetings:
        if meeting.state != "invited" or meeting.invited_on is None:
            continue
        name = _meeting_name(meeting)
        if meeting.kind is MeetingKind.JOINT_STATUS and (
            meeting.lead_days is not None and meeting.lead_days < lead
        ):
            yield _flag(
                FlagKind.STATUS_MEETING_SHORT_NOTICE,
                "meeting",
                meeting.id,
                name,
                meeting.invited_on,
                f"invited {meeting.lead_days} days ahead, less than {lead}",
            )
        if meeting.kind.on_platform and not meeting.venue.room_booked:
            yield _flag(
                FlagKind.ROOM_NOT_BOOKED,
                "meeting",
                meeting.id,
                name,
                meeting.invited_on,
                "no room booked",
            )


def _readiness_flags(
    view: View,
    initiative: InitiativeView,
    platforms: list[PlatformView],
    meetings: list[MeetingView],
) -> Iterator[Flag]:
    """R-MEET-5, R-ACT-3: while a joint status meeting is invited, what its readiness gate
    still waits for (the model's ``joint_status_readiness`` and ``readiness_gaps_due``)."""
    started = initiative.co_creation_started_on
    invited = [m for m in meetings if m.kind is MeetingKind.JOINT_STATUS and m.state == "invited"]
    if not invited or invited[0].invited_on is None or started is None:
        return
    due = invited[0].invited_on
    since = initiative.last_joint_status_on
    for platform in platforms:
        checked = platform.last_reality_check_on
        if platform.state in WORKING_STATES and (
            checked is None or (since is not None and checked <= since)
        ):
            yield _flag(
                FlagKind.REALITY_CHECK_MISSING,
                "platform",
                platform.id,
                platform.name,
                due,
                "no reality check since the previous joint status meeting",
            )
    baseline = since or started
    first_joined: dict[UUID, date] = {}
    for platform in platforms:
        for actor, joined in platform.actor_since.items():
            first_joined[actor] = min(joined, first_joined.get(actor, joined))
    participants = {a for p in platforms if p.is_open for a in p.actors}
    for actor in sorted(participants, key=str):
        if first_joined.get(actor, baseline) <= baseline:
            continue
        met = initiative.pre_meetings.get(actor)
        if met is None or (since is not None and met <= since):
            yield _flag(
                FlagKind.PRE_MEETING_MISSING,
                "actor",
                actor,
                actor_name(view, initiative.id, actor),
                due,
                f"new since {baseline}, no pre-meeting with the anchor",
            )


def _newsletter_flags(newsletters: list[NewsletterView]) -> Iterator[Flag]:
    for newsletter in newsletters:
        if newsletter.state == "collecting":
            missing = len(newsletter.platforms - set(newsletter.sections))
            yield _flag(
                FlagKind.NEWSLETTER_NOT_COMPILED,
                "newsletter",
                newsletter.id,
                f"newsletter of {newsletter.opened_on}",
                newsletter.opened_on,
                f"{missing} section(s) still missing",
            )
