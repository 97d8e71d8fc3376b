"""The attention list: what the anchor should look at, never what the domain blocks.

Every flag names its rule id, its subject and the date it became due. ``today`` is always an
argument: nothing here reads the clock. Whether a flag is raised, and from when, is decided by
the model's flag functions (:mod:`cocreation_domain.model.flags`), asked about the folded
view's initiatives, platforms, meetings and newsletters (they provide the same facts as the
aggregates, :mod:`cocreation_domain.model.facts`); this module only turns their answers into
rows. The list is what needs doing *now*: a flag clears once resolved. What went against a rule
in the past is in the deviations register (:mod:`~cocreation_domain.projections.deviations`).

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
| R-MEET-2 | coordinator_meeting_outside_window | the window's last day, while it is not held      |
| R-MEET-3 | poster_outdated               | the coordinator meeting the poster predates           |
| R-MEET-4 | status_meeting_overdue        | the previous one (or co-creation start) + cadence     |
| R-MEET-4 | status_meeting_short_notice   | the day the invitations went out                      |
| R-MEET-5 | reality_check_missing         | the day the next joint status meeting was invited     |
| R-ACT-3  | pre_meeting_missing           | the day the next joint status meeting was invited     |
| R-NEWS-3 | newsletter_not_compiled       | the day the newsletter opened                         |
| R-FLAT-5 | dominance                     | the last platform meeting counted                     |
| R-ACT-5  | inactive_actor                | the last of the platform meetings the actor missed    |
| R-ACT-6  | backing_missing               | the first meeting (or the day the actor joined later) |
| R-MEET-7 | overlap_review_missing        | the day the meeting was held                          |
| R-MEET-8 | presentation_missing          | the day the coordinator meeting was held              |
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from enum import StrEnum
from fractions import Fraction
from uuid import UUID

import attrs

from cocreation_domain.model.flags import (
    coordinator_meeting_overdue,
    coordinator_meeting_window,
    dominant_actor,
    first_meeting_counted_from,
    first_meeting_overdue,
    goals_without_baseline,
    inactive_actors,
    initiative_shares,
    invitation_short,
    joint_status_overdue,
    missing_backing,
    missing_coordinator,
    missing_presentations,
    needs_attention,
    not_compiled,
    overlap_review_missing,
    phase6_overdue,
    poster_outdated,
    readiness_gaps_due,
    room_not_booked,
    stagnating,
    standby_past_review,
)
from cocreation_domain.model.meeting import joint_status_readiness
from cocreation_domain.projections.lookup import actor_name, initiative_in, platforms_in
from cocreation_domain.projections.state import (
    InitiativeView,
    MeetingView,
    NewsletterView,
    PlatformView,
    View,
)

__all__ = ["RULES", "Flag", "FlagKind", "attention_list", "person_actor", "shares_text"]


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
    DOMINANCE = "dominance"
    INACTIVE_ACTOR = "inactive_actor"
    BACKING_MISSING = "backing_missing"
    OVERLAP_REVIEW_MISSING = "overlap_review_missing"
    PRESENTATION_MISSING = "presentation_missing"


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
    FlagKind.DOMINANCE: "R-FLAT-5",
    FlagKind.INACTIVE_ACTOR: "R-ACT-5",
    FlagKind.BACKING_MISSING: "R-ACT-6",
    FlagKind.OVERLAP_REVIEW_MISSING: "R-MEET-7",
    FlagKind.PRESENTATION_MISSING: "R-MEET-8",
}
"""The rule each kind of flag comes from."""


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
    if not needs_attention(the_initiative):
        return ()
    platforms = platforms_in(view, initiative)
    meetings = sorted(
        (m for m in view.meetings.values() if m.initiative == initiative),
        key=lambda m: (m.scheduled_on, str(m.id)),
    )
    newsletters = [n for n in view.newsletters.values() if n.initiative == initiative]
    flags = list(_initiative_rows(the_initiative, today))
    for platform in platforms:
        flags.extend(_platform_rows(the_initiative, platform, today))
    flags.extend(_meeting_rows(the_initiative, meetings))
    flags.extend(_readiness_rows(view, the_initiative, platforms, meetings))
    flags.extend(_newsletter_rows(newsletters))
    flags.extend(_card_rows(view, the_initiative, platforms, meetings))
    return tuple(sorted(flags, key=lambda f: (f.due_on, f.rule, f.subject_name, f.detail)))


def _flag(
    kind: FlagKind, kind_of_subject: str, subject: UUID, name: str, due_on: date, detail: str
) -> Flag:
    return Flag(kind, RULES[kind], kind_of_subject, subject, name, due_on, detail)


def _meeting_name(meeting: MeetingView) -> str:
    return f"{meeting.kind.replace('_', ' ')} meeting of {meeting.scheduled_on}"


def _initiative_rows(initiative: InitiativeView, today: date) -> Iterator[Flag]:
    def flag(kind: FlagKind, due: date, detail: str) -> Flag:
        return _flag(kind, "initiative", initiative.id, initiative.name, due, detail)

    started = initiative.co_creation_started_on
    due = phase6_overdue(initiative, today)
    if due is not None:
        longest = initiative.policies.phase6_months[1]
        detail = f"phase 6 started {started} and has run past {longest} months"
        yield flag(FlagKind.PHASE6_TOO_LONG, due, detail)
    due = joint_status_overdue(initiative, today)
    if due is not None:
        since = initiative.last_joint_status_on or started
        yield flag(FlagKind.STATUS_MEETING_OVERDUE, due, f"no joint status meeting since {since}")
    due = coordinator_meeting_overdue(initiative, today)
    window = coordinator_meeting_window(initiative)
    if due is not None and window is not None:
        detail = f"no coordinator meeting held in {window[0]} to {window[1]}"
        yield flag(FlagKind.COORDINATOR_MEETING_OUTSIDE_WINDOW, due, detail)
    due = poster_outdated(initiative)
    if due is not None:
        detail = f"poster not updated since the coordinator meeting of {due}"
        yield flag(FlagKind.POSTER_OUTDATED, due, detail)


def _platform_rows(
    initiative: InitiativeView, platform: PlatformView, today: date
) -> Iterator[Flag]:
    def flag(kind: FlagKind, due: date, detail: str) -> Flag:
        return _flag(kind, "platform", platform.id, platform.name, due, detail)

    policies = initiative.policies
    due = missing_coordinator(platform)
    if due is not None:
        yield flag(FlagKind.MISSING_COORDINATOR, due, "no coordinator")
    due = first_meeting_overdue(platform, initiative, today)
    if due is not None:
        days = policies.first_meeting_flag_days
        start = first_meeting_counted_from(platform, initiative)
        yield flag(FlagKind.FIRST_MEETING_LATE, due, f"no first meeting {days} days after {start}")
    for key in goals_without_baseline(platform):
        set_on = platform.goals[key].set_on
        yield flag(FlagKind.MISSING_BASELINE, set_on, f"goal {key} has no baseline")
    due = standby_past_review(platform, today)
    if due is not None:
        yield flag(FlagKind.STANDBY_PAST_REVIEW, due, f"standby review was due {due}")
    due = stagnating(platform, today, policies)
    if due is not None:
        detail = f"no recorded activity since {platform.last_activity_on}"
        yield flag(FlagKind.STAGNATION, due, detail)


def _meeting_rows(initiative: InitiativeView, meetings: list[MeetingView]) -> Iterator[Flag]:
    lead = initiative.policies.status_invitation_lead_days
    for meeting in meetings:
        name = _meeting_name(meeting)
        due = invitation_short(meeting, initiative.policies)
        if due is not None:
            detail = f"invited {meeting.lead_days} days ahead, less than {lead}"
            yield _flag(
                FlagKind.STATUS_MEETING_SHORT_NOTICE, "meeting", meeting.id, name, due, detail
            )
        due = room_not_booked(meeting)
        if due is not None:
            yield _flag(
                FlagKind.ROOM_NOT_BOOKED, "meeting", meeting.id, name, due, "no room booked"
            )


def _readiness_rows(
    view: View,
    initiative: InitiativeView,
    platforms: list[PlatformView],
    meetings: list[MeetingView],
) -> Iterator[Flag]:
    """R-MEET-5, R-ACT-3: while a joint status meeting is invited, what its readiness gate
    (the model's ``joint_status_readiness``) still waits for, due from its invitation."""
    readiness = joint_status_readiness(initiative, platforms)
    due = next(
        (d for d in (readiness_gaps_due(m, readiness) for m in meetings) if d is not None), None
    )
    if due is None:
        return
    for platform in platforms:
        if platform.id in readiness.missing_reality_checks:
            yield _flag(
                FlagKind.REALITY_CHECK_MISSING,
                "platform",
                platform.id,
                platform.name,
                due,
                "no reality check since the previous joint status meeting",
            )
    baseline = initiative.last_joint_status_on or initiative.co_creation_started_on
    for actor in sorted(readiness.missing_pre_meetings, key=str):
        yield _flag(
            FlagKind.PRE_MEETING_MISSING,
            "actor",
            actor,
            actor_name(view, initiative.id, actor),
            due,
            f"new since {baseline}, no pre-meeting with the anchor",
        )


def _newsletter_rows(newsletters: list[NewsletterView]) -> Iterator[Flag]:
    for newsletter in newsletters:
        due = not_compiled(newsletter)
        if due is not None:
            missing = sum(1 for p in newsletter.platforms if p not in newsletter.sections)
            yield _flag(
                FlagKind.NEWSLETTER_NOT_COMPILED,
                "newsletter",
                newsletter.id,
                f"newsletter of {newsletter.opened_on}",
                due,
                f"{missing} section(s) still missing",
            )


def shares_text(view: View, shares: dict[UUID, Fraction], initiative: UUID) -> str:
    """R-FLAT-5: each actor's share of the initiative, largest first (``Actor 1 67 %``)."""
    named = sorted(
        ((actor_name(view, initiative, a), share) for a, share in shares.items()),
        key=lambda item: (-item[1], item[0]),
    )
    return ", ".join(f"{name} {round(share * 100)} %" for name, share in named)


def _card_rows(
    view: View,
    initiative: InitiativeView,
    platforms: list[PlatformView],
    meetings: list[MeetingView],
) -> Iterator[Flag]:
    """The method cards' signals: dominance (R-FLAT-5), inactive actors (R-ACT-5), missing
    backing (R-ACT-6), overlap reviews (R-MEET-7) and presentations (R-MEET-8)."""
    policies = initiative.policies
    actor_of = person_actor(view)
    newsletters = [n for n in view.newsletters.values() if n.initiative == initiative.id]
    for platform in platforms:
        acts = platform.initiative_acts
        found = dominant_actor(platform, meetings, actor_of, policies, newsletters, acts)
        if found is not None:
            actor, due = found
            shares = initiative_shares(platform, meetings, actor_of, policies, newsletters, acts)
            detail = (
                f"{actor_name(view, initiative.id, actor)} holds more than "
                f"{policies.dominance_share_percent} % of the initiative over the last "
                f"{policies.dominance_window_meetings} meetings: "
                f"{shares_text(view, shares, initiative.id)}"
            )
            yield _flag(FlagKind.DOMINANCE, "platform", platform.id, platform.name, due, detail)
        missed = policies.inactive_after_meetings
        for actor, due in inactive_actors(platform, meetings, policies).items():
            detail = (
                f"absent from the last {missed} meetings of {platform.name}: consider an actor swap"
            )
            name = actor_name(view, initiative.id, actor)
            yield _flag(FlagKind.INACTIVE_ACTOR, "actor", actor, name, due, detail)
    for actor, due in missing_backing(initiative, platforms, meetings).items():
        detail = "no backing from its home organisation recorded"
        name = actor_name(view, initiative.id, actor)
        yield _flag(FlagKind.BACKING_MISSING, "actor", actor, name, due, detail)
    for meeting in meetings:
        name = _meeting_name(meeting)
        reviewed_due = overlap_review_missing(meeting, platforms)
        if reviewed_due is not None:
            yield _flag(
                FlagKind.OVERLAP_REVIEW_MISSING,
                "meeting",
                meeting.id,
                name,
                reviewed_due,
                "no overlap review between the platforms recorded",
            )
        names = {p.id: p.name for p in platforms}
        held_on = meeting.held_on or meeting.scheduled_on  # only held meetings have gaps
        for platform_id in missing_presentations(meeting, platforms):
            yield _flag(
                FlagKind.PRESENTATION_MISSING,
                "meeting",
                meeting.id,
                name,
                held_on,
                f"no presentation of {names[platform_id]} by its coordinator recorded",
            )


def person_actor(view: View) -> Callable[[UUID], UUID | None]:
    """Which actor a person represents, as the view knows it (``None``: none, or unknown)."""

    def actor_of(person: UUID) -> UUID | None:
        found = view.persons.get(person)
        return None if found is None else found.actor

    return actor_of
