"""Meeting invitations as iCalendar (``.ics``, RFC 5545) with the ``icalendar`` library.

Each meeting keeps one ``UID`` for its whole life, and ``SEQUENCE`` counts its reschedules,
so a calendar client replaces the invitation it already holds instead of adding a second one.
A cancelled meeting is sent with ``METHOD:CANCEL`` and ``STATUS:CANCELLED``. Attendees are
only persons who are not forgotten and have an e-mail address (R-PII-2): a calendar address
must be a ``mailto:`` URI.

Text is escaped by ``icalendar``; before it, :func:`~cocreation_domain.documents.escaping.ical_text`
normalises line breaks and removes control characters, and parameter values (``CN``) are kept on
one line, so no stored value can end a content line and add a property. An e-mail address that
is not one plain address (whitespace or control characters in it) is left out, as if missing.
"""

from __future__ import annotations

import re

from icalendar import Calendar, Event, vCalAddress

from cocreation_domain.documents.escaping import ical_parameter, ical_text
from cocreation_domain.documents.views import Attendee, Invitation

__all__ = ["PRODID", "render_invitation"]

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


def render_invitation(invitation: Invitation) -> bytes:
    """The invitation as an iCalendar object with one ``VEVENT``, CRLF line endings."""
    cancelled = invitation.status == "CANCELLED"
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")

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
    calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
