"""Meeting invitations as iCalendar (RFC 5545): they parse back and carry the right fields."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from icalendar import Calendar

from cocreation_domain import CoCreation, MeetingKind, Venue
from cocreation_domain.documents.build import invitation
from cocreation_domain.documents.i18n import Language
from cocreation_domain.documents.invitations import PRODID, render_invitation
from cocreation_domain.documents.views import Attendee, Invitation
from cocreation_domain.projections import current_view
from cocreation_domain.testing.scenario import Scenario

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


def invitation_of(app: CoCreation, meeting: UUID, language: Language = "en") -> Any:
    """The meeting's invitation as rendered from the store, parsed back; its one event."""
    return parsed(invitation(current_view(app), meeting, language))[1]


def planned_platform_meeting(app: CoCreation) -> tuple[Scenario, UUID, UUID]:
    """Phase 6 with a regular platform meeting invited by the coordinator for a day three weeks
    ahead, in a booked room; returns the builder, the platform and the meeting."""
    p6 = Scenario.phase6(app)
    platform = p6.platforms[0]
    meeting = app.plan_meeting(
        p6.coordinators[platform],
        MeetingKind.PLATFORM,
        p6.today + timedelta(days=21),
        platform=platform,
        venue=Venue(place="Town hall, room 2", room_booked=True),
        on=p6.today,
    )
    app.invite_meeting(p6.coordinators[platform], meeting, on=p6.today)
    return p6, platform, meeting


class TestInvitationsFromTheStore:
    """A meeting of the store becomes an invitation with the right fields."""

    def test_uid_date_location_and_attendees(self, app: CoCreation) -> None:
        """UID is the meeting's id, DTSTART its day, LOCATION its venue, ATTENDEE every
        person of the invited actors, ORGANIZER the coordinator who invited."""
        p6, platform, meeting = planned_platform_meeting(app)
        event = invitation_of(app, meeting)
        persons = {p6.person_of(a) for a in app.get_platform(platform).actors}
        emails = {f"mailto:{app.get_person(p).email}" for p in persons}
        expected = (
            f"{meeting}@cocreation-domain",
            p6.today + timedelta(days=21),
            "Town hall, room 2",
            emails,
            f"mailto:{app.get_person(p6.coordinators[platform]).email}",
        )
        actual = (
            str(event["UID"]),
            event["DTSTART"].dt,
            str(event["LOCATION"]),
            {str(a) for a in event["ATTENDEE"]},
            str(event["ORGANIZER"]),
        )
        assert expected == actual

    def test_a_reschedule_keeps_the_uid_and_bumps_the_sequence(self, app: CoCreation) -> None:
        """Rescheduling moves DTSTART and raises SEQUENCE by one; the UID stays, so calendar
        clients update the invitation they hold."""
        p6, platform, meeting = planned_platform_meeting(app)
        before = invitation_of(app, meeting)
        new_day = p6.today + timedelta(days=28)
        app.reschedule_meeting(
            p6.coordinators[platform], meeting, new_day, reason="exams", on=p6.today
        )
        after = invitation_of(app, meeting)
        expected = (str(before["UID"]), int(before["SEQUENCE"]) + 1, new_day)
        assert expected == (str(after["UID"]), int(after["SEQUENCE"]), after["DTSTART"].dt)

    def test_a_cancelled_meeting_keeps_its_uid(self, app: CoCreation) -> None:
        """A cancelled meeting is sent as a cancellation of the same UID."""
        p6, platform, meeting = planned_platform_meeting(app)
        app.cancel_meeting(p6.coordinators[platform], meeting, "no room", on=p6.today)
        event = invitation_of(app, meeting)
        expected = (f"{meeting}@cocreation-domain", "CANCELLED")
        assert expected == (str(event["UID"]), str(event["STATUS"]))

    def test_r_pii_2_a_forgotten_person_is_no_attendee(self, app: CoCreation) -> None:
        """R-PII-2: a person forgotten after the invitation went out is left out of every
        later rendering of it, name and address alike."""
        p6, platform, meeting = planned_platform_meeting(app)
        other = sorted(app.get_platform(platform).actors)[1]  # not the coordinator's actor
        person = p6.person_of(other)
        email = app.get_person(person).email
        app.forget_person(person, person, on=p6.today)
        text = render_invitation(invitation(current_view(app), meeting, "en")).decode()
        assert f"mailto:{email}" not in text
        assert f"Person {p6.actors.index(other) + 1}" not in text

    def test_the_summary_and_agenda_follow_the_language(self, app: CoCreation) -> None:
        """The summary names the kind of meeting, and the agenda is in the language asked."""
        _, platform, meeting = planned_platform_meeting(app)
        name = app.get_platform(platform).name
        da, en = invitation_of(app, meeting, "da"), invitation_of(app, meeting, "en")
        expected = (f"Platformsmøde: {name}", f"Platform meeting: {name}")
        assert expected == (str(da["SUMMARY"]), str(en["SUMMARY"]))
        agenda = app.get_meeting(meeting).agenda
        assert agenda.lines("da")[0] in str(da["DESCRIPTION"])
        assert agenda.lines("en")[0] in str(en["DESCRIPTION"])
