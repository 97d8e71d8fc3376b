"""Meetings with times (DOMAIN.md *Meetings*): start, duration, time zone, and calendars.

A meeting at a time of day is invited with ``DTSTART``/``DTEND`` in its time zone (``TZID``)
and a ``VTIMEZONE`` that defines it; a reschedule raises ``SEQUENCE``; a cancellation is a
``METHOD:CANCEL``; ``cocreation calendar`` writes a feed of many events that parses back.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from cocreation_domain import (
    CoCreation,
    MeetingKind,
    MeetingTime,
    Venue,
    sqlite_env,
)
from cocreation_domain.cli import main
from cocreation_domain.documents.build import invitation, invitations_of, meeting_span
from cocreation_domain.documents.invitations import render_feed, render_invitation
from cocreation_domain.documents.views import Invitation
from cocreation_domain.model import Meeting
from cocreation_domain.projections import current_view
from cocreation_domain.testing.scenario import Scenario
from cocreation_domain.testing.strategies import meeting_times

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
STAMP = datetime(2025, 8, 6, 9, 30, tzinfo=UTC)


def timed_meeting(app: CoCreation, at: MeetingTime | None) -> tuple[Scenario, UUID, UUID]:
    """Phase 6 with a platform meeting three weeks ahead at ``at``, invited; returns the
    builder, the platform and the meeting."""
    p6 = Scenario.phase6(app)
    platform = p6.platforms[0]
    meeting = app.plan_meeting(
        p6.coordinators[platform],
        MeetingKind.PLATFORM,
        p6.today + timedelta(days=21),
        platform=platform,
        venue=Venue(place="Town hall, room 2", room_booked=True),
        time=at,
        on=p6.today,
    )
    app.invite_meeting(p6.coordinators[platform], meeting, on=p6.today)
    return p6, platform, meeting


def parsed(app: CoCreation, meeting: UUID) -> tuple[Calendar, Any]:
    """The meeting's invitation rendered and parsed back with icalendar; its one event."""
    text = render_invitation(invitation(current_view(app), meeting, "en"))
    calendar = Calendar.from_ical(text)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


class TestMeetingTime:
    """A meeting's time is a start, a duration and a time zone."""


class TestTimedInvitations:
    """An invitation to a meeting at a time of day says when in its time zone."""

    def test_dtstart_and_dtend_carry_the_time_zone(self, app: CoCreation) -> None:
        """DTSTART and DTEND are DATE-TIMEs with TZID=Europe/Copenhagen, 90 minutes apart."""
        p6, _, meeting = timed_meeting(app, MeetingTime(time(15, 0), 90))
        _, event = parsed(app, meeting)
        day = p6.today + timedelta(days=21)
        expected = (
            datetime.combine(day, time(15, 0), tzinfo=COPENHAGEN),
            datetime.combine(day, time(16, 30), tzinfo=COPENHAGEN),
            "Europe/Copenhagen",
            "Europe/Copenhagen",
        )
        actual = (
            event["DTSTART"].dt,
            event["DTEND"].dt,
            event["DTSTART"].params["TZID"],
            event["DTEND"].params["TZID"],
        )
        assert expected == actual

    def test_the_calendar_defines_the_time_zone(self, app: CoCreation) -> None:
        """RFC 5545 §3.6.5: every TZID used has a VTIMEZONE in the same calendar."""
        _, _, meeting = timed_meeting(app, MeetingTime(time(15, 0), 90))
        calendar, _ = parsed(app, meeting)
        expected = ["Europe/Copenhagen"]
        assert expected == [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]

    def test_another_time_zone_is_kept(self, app: CoCreation) -> None:
        """A meeting in Nuuk is invited in Nuuk's time, with Nuuk's VTIMEZONE."""
        _, _, meeting = timed_meeting(app, MeetingTime(time(9, 0), 60, "America/Nuuk"))
        calendar, event = parsed(app, meeting)
        expected = ("America/Nuuk", ["America/Nuuk"], time(9, 0))
        actual = (
            event["DTSTART"].params["TZID"],
            [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")],
            event["DTSTART"].dt.time(),
        )
        assert expected == actual

    def test_the_end_counts_elapsed_time_across_summer_time(self) -> None:
        """A meeting from 01:30 for 90 minutes on the night summer time starts ends at 04:00
        local time: 90 minutes elapse, though the clock jumps an hour."""
        meeting = Meeting.__new__(Meeting)
        meeting.scheduled_on = date(2025, 3, 30)
        meeting.time = MeetingTime(time(1, 30), 90)
        start, end = meeting_span(meeting)
        assert isinstance(start, datetime)
        assert isinstance(end, datetime)
        assert (time(1, 30), time(4, 0)) == (start.time(), end.time())
        assert timedelta(minutes=90) == end.astimezone(UTC) - start.astimezone(UTC)

    def test_an_all_day_meeting_starts_on_a_date(self, app: CoCreation) -> None:
        """A meeting without a time lasts all day: DTSTART is a DATE, no VTIMEZONE."""
        p6, _, meeting = timed_meeting(app, None)
        calendar, event = parsed(app, meeting)
        expected: tuple[object, ...] = (p6.today + timedelta(days=21), False, [])
        assert expected == (event["DTSTART"].dt, "DTEND" in event, calendar.walk("VTIMEZONE"))

    def test_every_reschedule_raises_the_sequence(self, app: CoCreation) -> None:
        """SEQUENCE grows by one on every reschedule, the UID stays, and the new time is
        invited; a reschedule that names no time keeps the meeting's time."""
        p6, platform, meeting = timed_meeting(app, MeetingTime(time(15, 0), 90))
        coordinator, day = p6.coordinators[platform], p6.today + timedelta(days=28)
        uid = str(parsed(app, meeting)[1]["UID"])
        app.reschedule_meeting(
            coordinator, meeting, day, time=MeetingTime(time(10, 0), 60), on=p6.today
        )
        first = parsed(app, meeting)[1]
        app.reschedule_meeting(coordinator, meeting, day + timedelta(days=1), on=p6.today)
        second = parsed(app, meeting)[1]
        expected = [
            (uid, 1, datetime.combine(day, time(10, 0), tzinfo=COPENHAGEN)),
            (uid, 2, datetime.combine(day + timedelta(days=1), time(10, 0), tzinfo=COPENHAGEN)),
        ]
        actual = [(str(e["UID"]), int(e["SEQUENCE"]), e["DTSTART"].dt) for e in (first, second)]
        assert expected == actual

    def test_a_cancellation_is_a_method_cancel_with_a_higher_sequence(
        self, app: CoCreation
    ) -> None:
        """A cancelled meeting is sent as METHOD:CANCEL, STATUS:CANCELLED, same UID, and a
        SEQUENCE above the last invitation's (RFC 5546), still at its time."""
        p6, platform, meeting = timed_meeting(app, MeetingTime(time(15, 0), 90))
        before = parsed(app, meeting)[1]
        app.cancel_meeting(p6.coordinators[platform], meeting, "no room", on=p6.today)
        calendar, after = parsed(app, meeting)
        expected = ("CANCEL", "CANCELLED", str(before["UID"]), 1, before["DTSTART"].dt)
        actual = (
            str(calendar["METHOD"]),
            str(after["STATUS"]),
            str(after["UID"]),
            int(after["SEQUENCE"]),
            after["DTSTART"].dt,
        )
        assert expected == actual


def two_meetings(app: CoCreation) -> tuple[Scenario, list[UUID]]:
    """Phase 6 with a timed meeting on each of two platforms, one of them cancelled."""
    p6 = Scenario.phase6(app)
    meetings = []
    for number, platform in enumerate(p6.platforms[:2]):
        meeting = app.plan_meeting(
            p6.coordinators[platform],
            MeetingKind.PLATFORM,
            p6.today + timedelta(days=21 + number),
            platform=platform,
            time=MeetingTime(time(15 + number, 0), 90),
            on=p6.today,
        )
        app.invite_meeting(p6.coordinators[platform], meeting, on=p6.today)
        meetings.append(meeting)
    app.cancel_meeting(p6.coordinators[p6.platforms[1]], meetings[1], "ill", on=p6.today)
    return p6, meetings


def feed_uids(feed: bytes) -> list[str]:
    """The UIDs of a feed's events, parsed back with icalendar."""
    return [str(e["UID"]) for e in Calendar.from_ical(feed).walk("VEVENT")]


class TestAnyMeetingTime:
    """Property: any valid meeting time round-trips through an invitation."""

    @given(at=meeting_times(), day=st.dates(date(2000, 1, 1), date(2099, 12, 31)))
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    def test_any_time_parses_back_with_its_zone_and_duration(
        self, at: MeetingTime, day: date
    ) -> None:
        """For any start, duration (1 minute to 24 hours) and IANA time zone, the parsed
        invitation starts at that wall-clock time with TZID of that zone, ends the
        duration's elapsed minutes later, and defines the zone in a VTIMEZONE."""
        meeting = Meeting.__new__(Meeting)
        meeting.scheduled_on = day
        meeting.time = at
        start, end = meeting_span(meeting)
        text = render_invitation(
            Invitation(uid="x@cocreation-domain", summary="s", start=start, end=end, stamp=STAMP)
        )
        calendar = Calendar.from_ical(text)
        (found,) = calendar.walk("VEVENT")
        event: Any = found
        parsed_start, parsed_end = event["DTSTART"].dt, event["DTEND"].dt
        assert isinstance(start, datetime)
        assert isinstance(parsed_start, datetime)
        assert isinstance(parsed_end, datetime)
        zones = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
        if "TZID" in event["DTSTART"].params:
            assert (event["DTSTART"].params["TZID"], zones) == (at.zone, [at.zone])
        else:  # icalendar writes a zone that is UTC all along (Africa/Abidjan) as UTC ("Z")
            assert (parsed_start.utcoffset(), start.utcoffset(), zones) == (
                timedelta(0),
                timedelta(0),
                [],
            )
            parsed_start = parsed_start.astimezone(start.tzinfo)
        assert (parsed_start.date(), parsed_start.time()) == (day, at.start) or (
            parsed_start == start  # a start inside a gap (summer time) reads as Python has it
        )
        elapsed = parsed_end.astimezone(UTC) - parsed_start.astimezone(UTC)
        assert timedelta(minutes=at.minutes) == elapsed


class TestCalendarFeed:
    """A feed is one calendar with an event per meeting, to subscribe to or import."""

    def test_an_initiative_feed_holds_every_meeting(self, app: CoCreation) -> None:
        """The initiative's feed has one VEVENT per meeting (first meetings, the timed
        ones, the cancelled one), and no METHOD: it asks for no reply."""
        p6, meetings = two_meetings(app)
        view = current_view(app)
        feed = render_feed("Safe", invitations_of(view, initiative=p6.initiative))
        calendar = Calendar.from_ical(feed)
        every = {f"{m.id}@cocreation-domain" for m in app.meetings_of(p6.initiative)}
        assert {f"{m}@cocreation-domain" for m in meetings} <= every
        assert every == set(feed_uids(feed))
        assert "METHOD" not in calendar
        assert str(calendar["X-WR-CALNAME"]) == "Safe"
        assert [str(t["TZID"]) for t in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]

    def test_a_person_feed_holds_the_meetings_they_are_invited_to(self, app: CoCreation) -> None:
        """A person of an actor on one platform only gets that platform's meetings."""
        p6, meetings = two_meetings(app)
        first, second = (set(app.get_platform(p).actors) for p in p6.platforms[:2])
        only_first = sorted(first - second)
        assert only_first, "the scenario has an actor on the first platform only"
        person = p6.person_of(only_first[0])
        view = current_view(app)
        uids = feed_uids(render_feed("me", invitations_of(view, person=person)))
        assert f"{meetings[0]}@cocreation-domain" in uids
        assert f"{meetings[1]}@cocreation-domain" not in uids

    def test_the_cli_writes_a_feed(self, tmp_path: Path) -> None:
        """``cocreation calendar --output FILE`` writes an .ics feed that parses with
        icalendar and holds the initiative's meetings, times with TZID."""
        db = tmp_path / "events.sqlite"
        app = CoCreation(sqlite_env(str(db)))
        p6, meetings = two_meetings(app)
        app.close()
        out = tmp_path / "feed.ics"
        result = CliRunner().invoke(
            main,
            ["--db", str(db), "calendar", "--initiative", str(p6.initiative), "-o", str(out)],
        )
        assert result.exit_code == 0, result.output
        events = {str(e["UID"]): e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
        timed = events[f"{meetings[0]}@cocreation-domain"]
        assert timed["DTSTART"].params["TZID"] == "Europe/Copenhagen"
        assert str(events[f"{meetings[1]}@cocreation-domain"]["STATUS"]) == "CANCELLED"

    def test_the_cli_refuses_an_unknown_person(self, tmp_path: Path) -> None:
        """An unknown person id is bad input (exit status 2), not a crash."""
        db = tmp_path / "events.sqlite"
        app = CoCreation(sqlite_env(str(db)))
        Scenario.phase6(app)
        app.close()
        result = CliRunner().invoke(
            main, ["--db", str(db), "calendar", "--person", str(UUID(int=7))]
        )
        assert result.exit_code == 2
