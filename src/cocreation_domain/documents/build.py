"""Building documents from views and public queries: newsletters and meeting invitations.

Documents never read the event store or the repository: everything comes from the read
model's view and from the public queries of :mod:`cocreation_domain.projections`. A newsletter
shows each platform as it stood when its coordinator submitted the section: the platform as
its events left it up to that business date (:func:`~cocreation_domain.projections.history.
platform_on`), so rendering an old newsletter today gives the text it had then. Names and
contact data come from the current view, so a person forgotten since reads as "(forgotten)"
and their contact data is gone (R-PII-2).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from cocreation_domain.application import CoCreation
from cocreation_domain.documents.i18n import Language, translations
from cocreation_domain.documents.labels import label
from cocreation_domain.documents.views import (
    ActorContacts,
    ActorLine,
    Attendee,
    Contact,
    CrossPlatformLine,
    GoalLine,
    GuestTalkLine,
    Invitation,
    MissingSection,
    NewsletterDocument,
    PlatformSection,
    RippleLine,
)
from cocreation_domain.model import (
    Meeting,
    MeetingKind,
    MeetingState,
    NewsletterState,
    NotFound,
    Ripple,
)
from cocreation_domain.projections import (
    MeetingView,
    NewsletterView,
    PlatformView,
    View,
    actor_name,
    current_value,
    initiative_in,
    latest_observation,
    person_name,
    platforms_in,
    progress_fraction,
)
from cocreation_domain.projections.history import last_recorded_at, platform_on

__all__ = [
    "UID_DOMAIN",
    "actor_lines",
    "contacts",
    "invitation",
    "invitations_of",
    "latest_newsletter",
    "meeting_span",
    "newsletter_document",
    "newsletters_of",
]

UID_DOMAIN = "cocreation-domain"
"""The right-hand side of every meeting's iCalendar ``UID`` (``<meeting id>@cocreation-domain``)."""


def _newsletter(view: View, newsletter: UUID) -> NewsletterView:
    found = view.newsletters.get(newsletter)
    if found is None:
        raise NotFound("newsletter", newsletter)
    return found


def _meeting(view: View, meeting: UUID) -> MeetingView:
    found = view.meetings.get(meeting)
    if found is None:
        raise NotFound("meeting", meeting)
    return found


# --- newsletters --------------------------------------------------------------------------


def newsletters_of(view: View, initiative: UUID) -> list[UUID]:
    """The initiative's newsletters, oldest first (by the day each opened)."""
    initiative_in(view, initiative)
    letters = [n for n in view.newsletters.values() if n.initiative == initiative]
    return [n.id for n in sorted(letters, key=lambda n: (n.opened_on, str(n.id)))]


def latest_newsletter(view: View, initiative: UUID) -> UUID | None:
    """The initiative's most recent newsletter, or ``None`` before its first joint status
    meeting."""
    letters = newsletters_of(view, initiative)
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


def _goal_lines(platform: PlatformView, keys: Iterable[str]) -> list[GoalLine]:
    lines = []
    for key in sorted(keys, key=lambda k: int(k[1:])):
        entry = platform.goals[key]
        goal, baseline = entry.goal, entry.baseline
        latest = latest_observation(entry.progress)
        current = current_value(entry.progress)
        baseline_value = None if baseline is None else baseline.value
        lines.append(
            GoalLine(
                key=key,
                title=goal.title,
                kind=goal.kind,
                horizon=goal.horizon,
                status=entry.status,
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


def actor_lines(view: View, initiative: UUID, actors: Iterable[UUID]) -> list[ActorLine]:
    """``actors`` by name, each with the names of its persons beside it, read from the view's
    person rows: forgotten persons left out (R-PII-2), names only (contact data stays in
    :func:`contacts`); actors and persons by name."""
    lines = []
    for actor in actors:
        persons = sorted(
            (p for p in view.persons.values() if p.actor == actor and not p.forgotten),
            key=lambda p: (p.name, str(p.id)),
        )
        lines.append(ActorLine(actor_name(view, initiative, actor), [p.name for p in persons]))
    return sorted(lines, key=lambda a: a.name)


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

    ``view`` is the current read model (names and contact data); ``app`` answers the public
    query of how each platform stood when its section was submitted. Contacts are those of
    the actors the newsletter was published to, or of today's current actors before publishing.
    """
    letter = _newsletter(view, newsletter)
    initiative = letter.initiative
    meeting = _meeting(view, letter.meeting)
    the_initiative = initiative_in(view, initiative)
    order = {p.id: i for i, p in enumerate(platforms_in(view, initiative))}
    sections, missing = [], []
    for platform_id in sorted(letter.platforms, key=lambda p: (order.get(p, len(order)), str(p))):
        section = letter.sections.get(platform_id)
        if section is None:
            reason = next((m.reason for m in letter.missing if m.platform == platform_id), "")
            missing.append(MissingSection(platform=view.platforms[platform_id].name, reason=reason))
            continue
        day = section.submitted_on or letter.opened_on
        platform = platform_on(app, view, platform_id, day)
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
                actors=actor_lines(view, initiative, section.actors),
                goals=_goal_lines(platform, section.goals),
                progress=section.progress,
                hard=section.hard,
                ripples=[
                    _ripple_line(platform.ripples[k].ripple, k)
                    for k in sorted(section.ripples, key=lambda k: int(k[1:]))
                ],
            )
        )
    since = None
    if letter.previous is not None:
        since = _newsletter(view, letter.previous).opened_on
    own_ripples = [
        _ripple_line(entry.ripple, k)
        for k, entry in sorted(the_initiative.ripples.items(), key=lambda kv: int(kv[0][1:]))
        if (since is None or entry.ripple.observed_on > since)
        and entry.ripple.observed_on <= letter.opened_on
    ]
    published = letter.state == NewsletterState.PUBLISHED
    actors = letter.actors if published else _current_actors(view, initiative)
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
        recipients=len(letter.recipients) if published else None,
        summary=meeting.minutes.summary if meeting.minutes else "",
        decisions=meeting.minutes.decisions if meeting.minutes else (),
        guest_talks=_guest_talks(view, meeting),
        cross_platform=_cross_platform(view, meeting),
    )


def _guest_talks(view: View, meeting: MeetingView) -> list[GuestTalkLine]:
    """R-NEWS-5: the meeting's guest talks: speaker, organisation (as recorded, else the
    actor the speaker represents) and topic."""
    lines = []
    for item in meeting.agenda.items:
        talk = item.guest_talk
        if talk is None:
            continue
        organisation = talk.organisation
        speaker = view.persons.get(talk.speaker)
        if not organisation and speaker is not None and speaker.actor is not None:
            organisation = actor_name(view, meeting.initiative, speaker.actor)
        lines.append(
            GuestTalkLine(
                speaker=person_name(view, talk.speaker),
                organisation=organisation,
                topic=talk.topic,
            )
        )
    return lines


def _cross_platform(view: View, meeting: MeetingView) -> list[CrossPlatformLine]:
    """R-NEWS-5: the new cross-platform initiatives the meeting proposed, in key order."""
    return [
        CrossPlatformLine(
            key=key,
            title=proposed.title,
            description=proposed.description,
            platforms=sorted(
                view.platforms[p].name if p in view.platforms else str(p)
                for p in proposed.platforms
            ),
            leads_to=proposed.leads_to,
            ripple=proposed.ripple,
        )
        for key, proposed in sorted(meeting.cross_platform.items(), key=lambda kv: int(kv[0][1:]))
    ]


# --- meeting invitations ------------------------------------------------------------------


_CALENDAR_STATUS: dict[str, str] = {
    MeetingState.PLANNED: "TENTATIVE",
    MeetingState.CANCELLED: "CANCELLED",
}
"""iCalendar's ``STATUS`` of a meeting by its state (``CONFIRMED`` for the others)."""


def _status(state: str) -> str:
    return _CALENDAR_STATUS.get(state, "CONFIRMED")


def _attendee(view: View, initiative: UUID, person: UUID) -> Attendee | None:
    known = view.persons.get(person)
    if known is None or known.forgotten:
        return None
    actor = None if known.actor is None else actor_name(view, initiative, known.actor)
    return Attendee(name=known.name, email=known.email, actor=actor)


def _invited_persons(view: View, meeting: MeetingView) -> set[UUID]:
    """The persons a meeting invites: the coordinators of the invited actors for the
    coordinator meeting, every person of each invited actor otherwise."""
    if meeting.kind is MeetingKind.COORDINATOR:
        return {
            p.coordinator.person
            for p in platforms_in(view, meeting.initiative)
            if p.coordinator is not None and p.coordinator.actor in meeting.invitees
        }
    return {p.id for p in view.persons.values() if p.actor in meeting.invitees}


def meeting_span(meeting: Meeting | MeetingView) -> tuple[date | datetime, date | datetime | None]:
    """When the meeting starts and ends: its day (and no end) when it lasts all day, else
    aware datetimes in its time zone, the end ``minutes`` of elapsed time after the start
    (also across a change to or from summer time)."""
    if meeting.time is None:
        return meeting.scheduled_on, None
    zone = ZoneInfo(meeting.time.zone)
    start = datetime.combine(meeting.scheduled_on, meeting.time.start, tzinfo=zone)
    end = (start.astimezone(UTC) + timedelta(minutes=meeting.time.minutes)).astimezone(zone)
    return start, end


def invitation(view: View, meeting: UUID, language: Language = "da") -> Invitation:
    """The meeting's invitation: one stable ``UID``, ``SEQUENCE`` counting reschedules (and
    the cancellation), start and end (:func:`meeting_span`), the venue as ``LOCATION``, the
    agenda as description, and as attendees the persons of the invited actors (the
    coordinators, for the coordinator meeting) who are not forgotten (R-PII-2)."""
    _ = translations(language).gettext
    the_meeting = _meeting(view, meeting)
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
    if the_meeting.state == MeetingState.CANCELLED and the_meeting.cancel_reason:
        lines.insert(0, _("Cancelled: %(reason)s") % {"reason": the_meeting.cancel_reason})
    attendees = [_attendee(view, initiative, p) for p in _invited_persons(view, the_meeting)]
    organizer = None
    if the_meeting.invited_by is not None:
        organizer = _attendee(view, initiative, the_meeting.invited_by)
    start, end = meeting_span(the_meeting)
    cancelled = the_meeting.state == MeetingState.CANCELLED
    return Invitation(
        uid=f"{the_meeting.id}@{UID_DOMAIN}",
        summary=f"{_(label(the_meeting.kind)).capitalize()}: {about}",
        start=start,
        end=end,
        stamp=last_recorded_at(view, meeting),
        location=the_meeting.venue.place or None,
        description="\n".join(lines),
        attendees=sorted((a for a in attendees if a is not None), key=lambda a: a.name),
        organizer=organizer,
        sequence=the_meeting.reschedulings + (1 if cancelled else 0),
        status=_status(the_meeting.state),
    )


def invitations_of(
    view: View,
    *,
    initiative: UUID | None = None,
    person: UUID | None = None,
    language: Language = "da",
) -> list[Invitation]:
    """The invitations of a calendar feed, by date: every meeting of ``initiative``, or
    every meeting ``person`` is invited to or organises (in any initiative), or both filters
    at once. Cancelled meetings are included (as cancellations); pre-meetings too."""
    initiatives = [initiative] if initiative is not None else sorted(view.initiatives)
    meetings = [m for m in view.meetings.values() if m.initiative in initiatives]
    if person is not None:
        meetings = [
            m for m in meetings if person in _invited_persons(view, m) or person == m.invited_by
        ]
    meetings.sort(key=lambda m: (m.scheduled_on, str(m.id)))
    return [invitation(view, m.id, language) for m in meetings]
