"""Meeting invitations as iCalendar (RFC 5545): they parse back and carry the right fields."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from icalendar import Calendar

from cocreation_domain.documents.invitations import PRODID, render_invitation
from cocreation_domain.documents.views import Attendee, Invitation

STAMP = datetime(2024, 8, 6, 9, 30, tzinfo=UTC)


def an_invitation(**changes: object) -> Invitation:
    """A joint status meeting's invitation, with ``changes`` applied."""
    fields: dict[str, object] = {
        "uid": "3f0e8c5e-0000-4000-8000-000000000001@cocreation-domain",
        "summary": "Fælles statusmøde: Safe in Vestby",
        "start": date(2024, 9, 24),
        "stamp": STAMP,
        "location": "Vestby Town Hall, room 2",
        "description": "1. Welcome\n2. Status from the platforms",
        "attendees": [
            Attendee("Lars Holm", "lars.holm@vestby.example.dk", "Vestby Municipality"),
            Attendee("Aisha Karimi", "aisha@vestgaarden.example.dk"),
        ],
        "organizer": Attendee("Mette Skov", "mette.skov@politi.example.dk"),
        "sequence": 0,
    }
    fields.update(changes)
    return Invitation(**fields)  # type: ignore[arg-type]


def parsed(invitation: Invitation) -> tuple[Calendar, Any]:
    """The calendar parsed back with icalendar, and its one event."""
    calendar = Calendar.from_ical(render_invitation(invitation))
    events = calendar.walk("VEVENT")
    (event,) = events
    return calendar, event


class TestInvitationFields:
    """An invitation carries what a calendar client needs to file and update it."""

    def test_the_calendar_names_its_product_version_and_method(self) -> None:
        """RFC 5545 requires PRODID and VERSION; an invitation is a REQUEST."""
        calendar, _ = parsed(an_invitation())
        expected = (PRODID, "2.0", "REQUEST")
        actual = (str(calendar["PRODID"]), str(calendar["VERSION"]), str(calendar["METHOD"]))
        assert expected == actual

    def test_a_day_meeting_starts_on_a_date(self) -> None:
        """A meeting planned for a day is an all-day event: DTSTART is a DATE value."""
        _, event = parsed(an_invitation())
        expected = (date(2024, 9, 24), "DATE")
        actual = (event["DTSTART"].dt, event["DTSTART"].params.get("VALUE", "DATE"))
        assert expected == actual

    def test_a_meeting_at_a_time_starts_at_that_time(self) -> None:
        """A meeting with a time of day starts at a DATE-TIME."""
        start = datetime(2024, 9, 24, 15, 0, tzinfo=UTC)
        _, event = parsed(an_invitation(start=start))
        assert start == event["DTSTART"].dt

    def test_uid_location_description_sequence_and_stamp(self) -> None:
        """UID, LOCATION (the venue), DESCRIPTION (the agenda), SEQUENCE and DTSTAMP."""
        _, event = parsed(an_invitation(sequence=2))
        expected = (
            "3f0e8c5e-0000-4000-8000-000000000001@cocreation-domain",
            "Vestby Town Hall, room 2",
            "1. Welcome\n2. Status from the platforms",
            2,
            STAMP,
        )
        actual = (
            str(event["UID"]),
            str(event["LOCATION"]),
            str(event["DESCRIPTION"]),
            int(event["SEQUENCE"]),
            event["DTSTAMP"].dt,
        )
        assert expected == actual

    def test_attendees_and_organizer_are_mailto_addresses_with_names(self) -> None:
        """Each attendee is a mailto: address with its common name, asked to reply."""
        _, event = parsed(an_invitation())
        attendees = event["ATTENDEE"]
        expected = {
            ("mailto:aisha@vestgaarden.example.dk", "Aisha Karimi", "TRUE"),
            ("mailto:lars.holm@vestby.example.dk", "Lars Holm", "TRUE"),
        }
        actual = {(str(a), a.params["CN"], a.params["RSVP"]) for a in attendees}
        assert expected == actual
        organizer = "mailto:mette.skov@politi.example.dk"
        assert organizer == str(event["ORGANIZER"])

    def test_a_person_without_e_mail_is_no_attendee(self) -> None:
        """A calendar address must be a URI; a person without e-mail is left out."""
        _, event = parsed(an_invitation(attendees=[Attendee("No Mail"), Attendee("A", "a@x.dk")]))
        expected = ["mailto:a@x.dk"]
        assert expected == [str(event["ATTENDEE"])]

    def test_a_cancelled_meeting_is_sent_as_a_cancellation(self) -> None:
        """A cancellation keeps the UID, says METHOD:CANCEL and STATUS:CANCELLED."""
        calendar, event = parsed(an_invitation(status="CANCELLED", sequence=1))
        expected = ("CANCEL", "CANCELLED", "3f0e8c5e-0000-4000-8000-000000000001@cocreation-domain")
        actual = (str(calendar["METHOD"]), str(event["STATUS"]), str(event["UID"]))
        assert expected == actual

    def test_lines_end_with_crlf(self) -> None:
        """RFC 5545 content lines are delimited by CRLF."""
        text = render_invitation(an_invitation())
        assert text.endswith(b"END:VCALENDAR\r\n")
        assert b"\n" not in text.replace(b"\r\n", b"")
