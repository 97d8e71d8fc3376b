"""Meeting invitations and calendar feeds as iCalendar (``.ics``, RFC 5545, ``icalendar``).

Each meeting keeps one ``UID`` for its whole life, and ``SEQUENCE`` grows with every
reschedule (and once more when it is cancelled), so a calendar client replaces the
invitation it already holds instead of adding a second one. A cancelled meeting is sent with
``METHOD:CANCEL`` and ``STATUS:CANCELLED``. A meeting at a time of day starts and ends at
``DTSTART``/``DTEND`` with a ``TZID``, and the calendar carries the ``VTIMEZONE`` that
defines it (for the years the meetings fall in); icalendar writes a zone that has been UTC all
along (e.g. ``Africa/Abidjan``) in UTC (``Z``) instead. An all-day meeting starts on a
``DATE``.
Attendees are only persons who are not forgotten and have an e-mail address (R-PII-2): a
calendar address must be a ``mailto:`` URI.

A feed (:func:`render_feed`) is one calendar with an event per meeting and no ``METHOD``: a
file to subscribe to or import, not a message that asks for a reply.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from icalendar import Calendar, Event, vCalAddress

from cocreation_domain.documents.views import Attendee, Invitation

__all__ = ["PRODID", "render_feed", "render_invitation"]

PRODID = "-//cocreation-domain//meeting invitations//EN"
"""The product identifier every calendar this library writes carries."""


def _address(person: Attendee, role: str | None) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = person.name
    if role is not None:
        address.params["ROLE"] = role
        address.params["PARTSTAT"] = "NEEDS-ACTION"
        address.params["RSVP"] = "TRUE"
    return address


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    return calendar


def _with_time_zones(calendar: Calendar, invitations: Iterable[Invitation]) -> bytes:
    """The calendar with a ``VTIMEZONE`` for each ``TZID`` its events use, covering the
    years from the earliest meeting to the year after the latest; CRLF line endings."""
    days = [i.start.date() if isinstance(i.start, datetime) else i.start for i in invitations]
    if days:
        calendar.add_missing_timezones(
            first_date=date(min(days).year, 1, 1), last_date=date(max(days).year + 2, 1, 1)
        )
    ical: bytes = calendar.to_ical()
    return ical


def render_invitation(invitation: Invitation) -> bytes:
    """The invitation as an iCalendar object with one ``VEVENT``, CRLF line endings."""
    cancelled = invitation.status == "CANCELLED"
    calendar = _calendar()
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    calendar.add_component(_event(invitation))
    return _with_time_zones(calendar, [invitation])


def render_feed(name: str, invitations: Iterable[Invitation]) -> bytes:
    """A calendar feed named ``name`` (``X-WR-CALNAME``) with one ``VEVENT`` per invitation,
    cancelled meetings included with ``STATUS:CANCELLED``; CRLF line endings."""
    calendar = _calendar()
    calendar.add("x-wr-calname", name)
    listed = list(invitations)
    for invitation in listed:
        calendar.add_component(_event(invitation))
    return _with_time_zones(calendar, listed)


def _event(invitation: Invitation) -> Event:
    event = Event()
    event.add("uid", invitation.uid)
    event.add("dtstamp", invitation.stamp)
    event.add("dtstart", invitation.start)
    if invitation.end is not None:
        event.add("dtend", invitation.end)
    event.add("summary", invitation.summary)
    if invitation.location:
        event.add("location", invitation.location)
    if invitation.description:
        event.add("description", invitation.description)
    event.add("sequence", invitation.sequence)
    event.add("status", invitation.status)
    if invitation.organizer is not None and invitation.organizer.email:
        event.add("organizer", _address(invitation.organizer, None))
    for person in invitation.attendees:
        if person.email:
            event.add("attendee", _address(person, "REQ-PARTICIPANT"))
    return event
