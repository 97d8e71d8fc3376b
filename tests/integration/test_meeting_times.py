"""Meetings with times (DOMAIN.md *Meetings*) through a store: the time survives an SQLite file.
The invitations and calendars: ``tests/e2e/test_meeting_times.py``."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from cocreation_domain import (
    CoCreation,
    MeetingTime,
    sqlite_env,
)
from e2e.test_meeting_times import timed_meeting  # type: ignore[import-not-found]


class TestMeetingTime:
    """A meeting's time is a start, a duration and a time zone."""

    def test_the_time_survives_the_store(self, tmp_path: Path) -> None:
        """A meeting's time is stored and read back from an SQLite file unchanged."""
        env = sqlite_env(str(tmp_path / "events.sqlite"))
        at = MeetingTime(time(9, 30), 45, "America/Nuuk")
        writer = CoCreation(env)
        _, _, meeting = timed_meeting(writer, at)
        writer.close()
        reader = CoCreation(env)
        try:
            assert at == reader.get_meeting(meeting).time
        finally:
            reader.close()
