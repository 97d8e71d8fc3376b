"""Meeting invitations and calendar feeds as iCalendar (``.ics``, RFC 5545, ``icalendar``).

Text is escaped by ``icalendar``; before it, :func:`~cocreation_domain.documents.escaping.ical_text`
normalises line breaks and removes control characters, and parameter values (``CN``) are kept on
one line, so no stored value can end a content line and add a property. An e-mail address that
is not one plain address (whitespace or control characters in it) is left out, as if missing.

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

import re
from collections.abc import Iterable
from datetime import date, datetime

from icalendar import Calendar, Event, vCalAddress

from cocreation_domain.documents.escaping import ical_parameter, ical_text
from cocreation_domain.documents.views import Attendee, Invitation

__all__ = ["PRODID", "render_feed", "render_invitation"]

PRODID = "-//cocreation-domain//meeting invitations//EN"
"""The product identifier every calendar this library writes carries."""


_PLAIN_ADDRESS = re.compile(r"[^\s@\x00-\x1f\x7f-\x9f]+@[^\s@\x00-\x1f\x7f-\x9f]+")


def _mailable(person: Attendee | None) -> bool:
    """Whether the person has an address a ``mailto:`` URI can carry as it is."""
    return (
        person is not None
        and person.email is not None
        and _PLAIN_ADDRESS.fullmatch(person.email) is not None
    )


def _address(person: Attendee, role: str | None) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = ical_parameter(person.name)
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
    event.add("uid", ical_text(invitation.uid))
    event.add("dtstamp", invitation.stamp)
    event.add("dtstart", invitation.start)
    if invitation.end is not None:
        event.add("dtend", invitation.end)
    event.add("summary", ical_text(invitation.summary))
    if invitation.location:
        event.add("location", ical_text(invitation.location))
    if invitation.description:
        event.add("description", ical_text(invitation.description))
    event.add("sequence", invitation.sequence)
    event.add("status", invitation.status)
    if invitation.organizer is not None and _mailable(invitation.organizer):
        event.add("organizer", _address(invitation.organizer, None))
    for person in invitation.attendees:
        if _mailable(person):
            event.add("attendee", _address(person, "REQ-PARTICIPANT"))
    return event
