"""Following the log: an embedding service processes every event exactly once.

A service that embeds the library reacts to what happens (tell someone when a platform goes
on standby, when a newsletter is published) with an eventsourcing
:class:`~eventsourcing.projection.Projection`. Its view is a
:class:`~eventsourcing.persistence.TrackingRecorder` of the service's own database: each
handler writes the service's effect *and* the position it reached (a
:class:`~eventsourcing.persistence.Tracking`) in one transaction. eventsourcing's tracking
table refuses a position that is not past the recorded one, so a transaction that would
process an event a second time fails as a whole, and a crash before the commit leaves
neither the effect nor the position: the event is processed again on restart. Every event
is therefore processed exactly once, across crashes and restarts.

Two ways to run a projection, with the same projection and view classes:

- :class:`LogFollower` polls the application's notification log (any store; the only way on
  SQLite, whose recorder cannot ``subscribe``): :meth:`LogFollower.catch_up` processes what
  is there, :meth:`LogFollower.run` keeps polling until told to stop.
- On PostgreSQL, eventsourcing's own
  :class:`~eventsourcing.projection.ProjectionRunner` subscribes (``LISTEN``/``NOTIFY``) and
  processes each event as soon as it is recorded.

Both start after the position the view recorded last (``max_tracking_id``). See the guide
*Following the log* for a complete example.
"""

from __future__ import annotations

import threading
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Tracking, TrackingRecorder
from eventsourcing.projection import Projection

__all__ = ["LogFollower"]


class LogFollower:
    """Feed an application's events to a projection, from the view's tracking position on.

    ``app`` is the application whose log is read (open on the same store as the writers);
    ``projection`` holds the view (a tracking recorder) it writes to. Only events whose
    topics the projection lists in ``topics`` are read, when it lists any. Events are read
    ``batch_size`` at a time, and each is given to ``projection.process_event`` with its
    :class:`~eventsourcing.persistence.Tracking` (the application's name and the event's
    notification id).
    """

    def __init__(
        self,
        app: Application[UUID],
        projection: Projection[Any],
        *,
        batch_size: int = 100,
    ) -> None:
        if batch_size < 1:
            msg = f"batch_size must be at least 1, got {batch_size}"
            raise ValueError(msg)
        self.app = app
        self.projection = projection
        self.batch_size = batch_size

    @property
    def view(self) -> TrackingRecorder:
        """The projection's view: where the effects and the tracking position are stored."""
        view: TrackingRecorder = self.projection.view
        return view

    @property
    def position(self) -> int:
        """The notification id of the last event the view recorded as processed (0: none)."""
        return self.view.max_tracking_id(self.app.name) or 0

    def catch_up(self) -> int:
        """Process every event recorded after :attr:`position`, oldest first; returns how
        many were processed. An error in a handler propagates; the events before it stay
        processed, and the next call starts with the one that failed."""
        processed = 0
        topics = tuple(self.projection.topics)
        while True:
            notifications = self.app.recorder.select_notifications(
                start=self.position,
                limit=self.batch_size,
                topics=topics,
                inclusive_of_start=False,
            )
            if not notifications:
                return processed
            for notification in notifications:
                event = self.app.mapper.to_domain_event(notification)
                self.projection.process_event(event, Tracking(self.app.name, notification.id))
                processed += 1

    def run(self, stop: threading.Event, *, poll_interval: float = 1.0) -> None:
        """Catch up, then poll every ``poll_interval`` seconds until ``stop`` is set (from
        another thread, or a signal handler)."""
        while not stop.is_set():
            self.catch_up()
            stop.wait(poll_interval)
