"""Building documents from the store: newsletters and meeting invitations as frozen views.

A newsletter shows each platform as it stood when its coordinator submitted the section: the
platform is rebuilt from its own events up to that business date, so rendering an old
newsletter today gives the text it had then. Names and contact data come from the current
read model, so a person forgotten since reads as "(forgotten)" and their contact data is gone
(R-PII-2).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from cocreation_domain.application import CoCreation
from cocreation_domain.documents.i18n import Language, translations
from cocreation_domain.documents.labels import label
from cocreation_domain.documents.views import (
    ActorContacts,
    Attendee,
    Contact,
    GoalLine,
    Invitation,
    MissingSection,
    NewsletterDocument,
    PlatformSection,
    RippleLine,
)
from cocreation_domain.model import (
    GoalProgress,
    Initiative,
    Meeting,
    MeetingKind,
    Newsletter,
    NotFound,
    Platform,
    Ripple,
)
from cocreation_domain.model.base import CoCreationAggregate
from cocreation_domain.projections import (
    View,
    actor_name,
    person_name,
    platforms_in,
    progress_fraction,
)

__all__ = [
    "UID_DOMAIN",
    "contacts",
    "invitation",
    "latest_newsletter",
    "newsletter_document",
    "newsletters_of",
]

UID_DOMAIN = "cocreation-domain"
"""The right-hand side of every meeting's iCalendar ``UID`` (``<meeting id>@cocreation-domain``)."""

A = TypeVar("A", bound=CoCreationAggregate)


def _get(app: CoCreation, kind: type[A], ident: UUID, version: int | None = None) -> A:
    try:
        aggregate: object = app.repository.get(ident, version=version)
    except AggregateNotFoundError:
        raise NotFound(kind.__name__.lower(), ident) from None
    if not isinstance(aggregate, kind):
        raise NotFound(kind.__name__.lower(), ident)
    return aggregate


def _on(app: CoCreation, kind: type[A], ident: UUID, day: date) -> A:
    """The aggregate as its events left it at the end of business day ``day``."""
    versions = [
        e.originator_version
        for e in app.repository.event_store.get(ident)
        if getattr(e, "occurred_on", day) <= day
    ]
    return _get(app, kind, ident, max(versions) if versions else None)


def _history_on(
    app: CoCreation, platform: UUID, day: date
) -> tuple[dict[str, Ripple], dict[str, list[GoalProgress]]]:
    """The platform's ripples and progress notes recorded by the end of business day ``day``.

    The platform aggregate no longer holds its history (only what its decisions need), so
    it is read from the platform's events here. NOTE for the move of documents onto views
    (issue 9): this and :func:`_on` are the last readers of ``repository.event_store``; the
    read model's ``PlatformView.ripples`` and ``GoalEntry.progress`` hold the same history.
    """
    ripples: dict[str, Ripple] = {}
    progress: dict[str, list[GoalProgress]] = {}
    for event in app.repository.event_store.get(platform):
        if getattr(event, "occurred_on", day) > day:
            continue
        if isinstance(event, Platform.RippleRecorded):
            ripples[event.ripple.key] = event.ripple
        elif isinstance(event, Platform.GoalProgressRecorded):
            progress.setdefault(event.goal, []).append(event.progress)
    return ripples, progress


# --- newsletters --------------------------------------------------------------------------


def newsletters_of(app: CoCreation, initiative: UUID) -> list[UUID]:
    """The initiative's newsletters, oldest first (by the day each opened)."""
    the_initiative = _get(app, Initiative, initiative)
    letters = [_get(app, Newsletter, n) for n in the_initiative.joint_status_newsletters.values()]
    return [n.id for n in sorted(letters, key=lambda n: (n.opened_on, str(n.id)))]


def latest_newsletter(app: CoCreation, initiative: UUID) -> UUID | None:
    """The initiative's most recent newsletter, or ``None`` before its first joint status
    meeting."""
    letters = newsletters_of(app, initiative)
    return letters[-1] if letters else None


def _ripple_line(ripple: Ripple, key: str | None = None) -> RippleLine:
    return RippleLine(
        key=key or ripple.key,
        description=ripple.description,
        kind=ripple.kind,
        beneficiaries=sorted(ripple.beneficiaries),
        observed_on=ripple.observed_on,
        corrects=ripple.corrects,
    )


def _goal_lines(
    platform: Platform, progress: dict[str, list[GoalProgress]], keys: Iterable[str]
) -> list[GoalLine]:
    lines = []
    for key in sorted(keys, key=lambda k: int(k[1:])):
        record = platform.goals[key]
        goal, baseline = record.goal, record.baseline
        notes = progress.get(key, [])
        latest = max(notes, key=lambda p: p.observed_on, default=None)
        valued = [p for p in notes if p.value is not None]
        current = max(valued, key=lambda p: p.observed_on).value if valued else None
        baseline_value = None if baseline is None else baseline.value
        lines.append(
            GoalLine(
                key=key,
                title=goal.title,
                kind=goal.kind,
                horizon=goal.horizon,
                status=record.status,
                baseline=None if baseline is None else baseline.description,
                baseline_value=baseline_value,
                target=goal.target,
                unit=goal.unit,
                latest=None if latest is None else latest.observation,
                latest_value=current,
                progress=progress_fraction(goal.kind, baseline_value, goal.target, current),
            )
        )
    return lines


def contacts(view: View, initiative: UUID, actors: Iterable[UUID]) -> list[ActorContacts]:
    """The contact data of the persons of ``actors``, forgotten persons left out (R-NEWS-4,
    R-PII-2); actors and persons by name."""
    result = []
    for actor in actors:
        persons = sorted(
            (p for p in view.persons.values() if p.actor == actor and not p.forgotten),
            key=lambda p: (p.name, str(p.id)),
        )
        profile = view.initiatives[initiative].actors.get(actor)
        result.append(
            ActorContacts(
                actor=actor_name(view, initiative, actor),
                kind="" if profile is None else profile.kind,
                persons=[Contact(p.name, p.title, p.email, p.phone) for p in persons],
            )
        )
    return sorted(result, key=lambda a: a.actor)


def _current_actors(view: View, initiative: UUID) -> frozenset[UUID]:
    return frozenset(a for p in platforms_in(view, initiative) if p.is_open for a in p.actors)


def newsletter_document(app: CoCreation, view: View, newsletter: UUID) -> NewsletterDocument:
    """The newsletter ready to render: its sections, missing sections, ripples on the common
    platform since the previous newsletter, and contact data of every current actor.

    ``view`` is the current read model (names and contact data). Contacts are those of the
    actors the newsletter was published to, or of today's current actors before publishing.
    """
    letter = _get(app, Newsletter, newsletter)
    initiative = letter.initiative
    meeting = _get(app, Meeting, letter.meeting)
    the_initiative = _get(app, Initiative, initiative)
    order = {p.id: i for i, p in enumerate(platforms_in(view, initiative))}
    sections, missing = [], []
    for platform_id in sorted(letter.platforms, key=lambda p: (order.get(p, len(order)), str(p))):
        section = letter.sections.get(str(platform_id))
        if section is None:
            reason = next((m.reason for m in letter.missing if m.platform == platform_id), "")
            name = _get(app, Platform, platform_id).name
            missing.append(MissingSection(platform=name, reason=reason))
            continue
        day = section.submitted_on or letter.opened_on
        platform = _on(app, Platform, platform_id, day)
        ripples, progress = _history_on(app, platform_id, day)
        coordinator = None
        if section.coordinator is not None:
            coordinator = (
                f"{person_name(view, section.coordinator.person)} "
                f"({actor_name(view, initiative, section.coordinator.actor)})"
            )
        sections.append(
            PlatformSection(
                platform=platform.name,
                state=platform.state,
                focus=section.focus,
                coordinator=coordinator,
                actors=sorted(actor_name(view, initiative, a) for a in section.actors),
                goals=_goal_lines(platform, progress, section.goals),
                progress=section.progress,
                hard=section.hard,
                ripples=[
                    _ripple_line(ripples[k], k)
                    for k in sorted(section.ripples, key=lambda k: int(k[1:]))
                ],
            )
        )
    since = None
    if letter.previous is not None:
        since = _get(app, Newsletter, letter.previous).opened_on
    recorded = {
        e.ripple.key: e.ripple
        for e in app.repository.event_store.get(initiative)
        if isinstance(e, Initiative.RippleRecorded)
    }  # the initiative's ripples are history: read from its events (see _history_on)
    own_ripples = [
        _ripple_line(r, k)
        for k, r in sorted(recorded.items(), key=lambda kv: int(kv[0][1:]))
        if (since is None or r.observed_on > since) and r.observed_on <= letter.opened_on
    ]
    actors = letter.actors if letter.state == "published" else _current_actors(view, initiative)
    return NewsletterDocument(
        initiative=the_initiative.name,
        common_challenge=the_initiative.common_challenge,
        anchor=person_name(view, the_initiative.anchor),
        meeting_on=meeting.held_on or meeting.scheduled_on,
        state=letter.state,
        sections=sections,
        missing=missing,
        initiative_ripples=own_ripples,
        contacts=contacts(view, initiative, actors),
        compiled_on=letter.compiled_on,
        published_on=letter.published_on,
        recipients=len(letter.recipients) if letter.state == "published" else None,
    )


# --- meeting invitations ------------------------------------------------------------------


def _status(state: str) -> str:
    return {"planned": "TENTATIVE", "cancelled": "CANCELLED"}.get(state, "CONFIRMED")


def _stamp(app: CoCreation, meeting: UUID) -> datetime:
    """When the meeting last changed: the recorded time of its latest event."""
    events = list(app.repository.event_store.get(meeting, desc=True, limit=1))
    stamp: datetime = getattr(events[0], "timestamp")  # noqa: B009
    return stamp


def _attendee(view: View, initiative: UUID, person: UUID) -> Attendee | None:
    known = view.persons.get(person)
    if known is None or known.forgotten:
        return None
    actor = None if known.actor is None else actor_name(view, initiative, known.actor)
    return Attendee(name=known.name, email=known.email, actor=actor)


def _invited_persons(view: View, meeting: Meeting) -> set[UUID]:
    """The persons a meeting invites: the coordinators of the invited actors for the
    coordinator meeting, every person of each invited actor otherwise."""
    if meeting.kind is MeetingKind.COORDINATOR:
        return {
            p.coordinator.person
            for p in platforms_in(view, meeting.initiative)
            if p.coordinator is not None and p.coordinator.actor in meeting.invitees
        }
    return {p.id for p in view.persons.values() if p.actor in meeting.invitees}


def invitation(app: CoCreation, view: View, meeting: UUID, language: Language = "da") -> Invitation:
    """The meeting's invitation: one stable ``UID``, ``SEQUENCE`` counting reschedules, the
    venue as ``LOCATION``, the agenda as description, and as attendees the persons of the
    invited actors (the coordinators, for the coordinator meeting) who are not forgotten
    (R-PII-2)."""
    _ = translations(language).gettext
    the_meeting = _get(app, Meeting, meeting)
    initiative = the_meeting.initiative
    about = view.initiatives[initiative].name
    if the_meeting.platform is not None:
        about = view.platforms[the_meeting.platform].name
    elif the_meeting.with_actor is not None:
        about = actor_name(view, initiative, the_meeting.with_actor)
    lines = list(the_meeting.agenda.lines(language))
    if the_meeting.host is not None:
        lines.insert(
            0, _("Host: %(actor)s") % {"actor": actor_name(view, initiative, the_meeting.host)}
        )
    if the_meeting.state == "cancelled" and the_meeting.cancel_reason:
        lines.insert(0, _("Cancelled: %(reason)s") % {"reason": the_meeting.cancel_reason})
    attendees = [_attendee(view, initiative, p) for p in _invited_persons(view, the_meeting)]
    organizer = None
    if the_meeting.invited_by is not None:
        organizer = _attendee(view, initiative, the_meeting.invited_by)
    return Invitation(
        uid=f"{the_meeting.id}@{UID_DOMAIN}",
        summary=f"{_(label(the_meeting.kind)).capitalize()}: {about}",
        start=the_meeting.scheduled_on,
        stamp=_stamp(app, meeting),
        location=the_meeting.venue.place or None,
        description="\n".join(lines),
        attendees=sorted((a for a in attendees if a is not None), key=lambda a: a.name),
        organizer=organizer,
        sequence=the_meeting.reschedulings,
        status=_status(the_meeting.state),
    )
