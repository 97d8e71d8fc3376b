"""Tell someone when a platform goes on standby: an embedding service that follows the log.

The service keeps a table of notices in its own database (an SQLite file or a PostgreSQL
schema). Each time a platform is put on standby it writes one notice, and the position it
reached in the library's log, in one transaction. A separate step (a mailer, a chat bot)
reads the unsent notices and marks them sent; that is the service's own outbox.

Run it with :class:`~cocreation_domain.projections.LogFollower` (polling, any store) or, on
PostgreSQL, with eventsourcing's ``ProjectionRunner`` (subscription)::

    follower = LogFollower(app, StandbyNoticesProjection(open_notices(env)))
    follower.catch_up()               # or follower.run(stop_event, poll_interval=5)
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Mapping
from datetime import date
from typing import Any, cast
from uuid import UUID

import attrs
from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import InfrastructureFactory, Tracking, TrackingRecorder
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.projection import Projection
from eventsourcing.sqlite import SQLiteTrackingRecorder
from eventsourcing.utils import Environment
from psycopg.sql import SQL, Identifier

from cocreation_domain import Platform


@attrs.frozen
class StandbyNotice:
    """One platform put on standby: which, when, why, and when it is to be reviewed."""

    platform: UUID
    on: date
    reason: str
    review_on: date | None
    notification_id: int


class StandbyNotices(TrackingRecorder, ABC):
    """The service's notices, stored with its tracking position (one transaction each)."""

    @abstractmethod
    def record_notice(self, notice: StandbyNotice, tracking: Tracking) -> None:
        """Store ``notice`` and ``tracking`` together, or neither."""

    @abstractmethod
    def notices(self) -> list[StandbyNotice]:
        """Every notice, in the order of the log."""


def _notice(row: Mapping[str, Any]) -> StandbyNotice:
    review = row["review_on"]
    return StandbyNotice(
        platform=UUID(str(row["platform"])),
        on=date.fromisoformat(str(row["occurred_on"])),
        reason=row["reason"],
        review_on=date.fromisoformat(str(review)) if review else None,
        notification_id=row["notification_id"],
    )


class SQLiteStandbyNotices(SQLiteTrackingRecorder, StandbyNotices):
    """The notices in an SQLite file."""

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            "CREATE TABLE IF NOT EXISTS standby_notices ("
            "notification_id INTEGER NOT NULL, platform TEXT NOT NULL, "
            "occurred_on TEXT NOT NULL, reason TEXT NOT NULL, review_on TEXT)",
        ]

    def record_notice(self, notice: StandbyNotice, tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(
                "INSERT INTO standby_notices VALUES (?, ?, ?, ?, ?)",
                (
                    notice.notification_id,
                    str(notice.platform),
                    notice.on.isoformat(),
                    notice.reason,
                    notice.review_on.isoformat() if notice.review_on else None,
                ),
            )
            self._insert_tracking(c, tracking)

    def notices(self) -> list[StandbyNotice]:
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT * FROM standby_notices ORDER BY notification_id")
            return [_notice(row) for row in c.fetchall()]


class PostgresStandbyNotices(PostgresTrackingRecorder, StandbyNotices):
    """The notices in a PostgreSQL schema."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.table = Identifier(self.datastore.schema, "standby_notices")
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {0} ("
                "notification_id bigint NOT NULL, platform uuid NOT NULL, "
                "occurred_on date NOT NULL, reason text NOT NULL, review_on date)"
            ).format(self.table)
        )

    def record_notice(self, notice: StandbyNotice, tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                SQL("INSERT INTO {0} VALUES (%s, %s, %s, %s, %s)").format(self.table),
                (
                    notice.notification_id,
                    notice.platform,
                    notice.on,
                    notice.reason,
                    notice.review_on,
                ),
            )
            self._insert_tracking(curs, tracking)

    def notices(self) -> list[StandbyNotice]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(SQL("SELECT * FROM {0} ORDER BY notification_id").format(self.table))
            return [_notice(row) for row in curs.fetchall()]


VIEWS: dict[str, type[StandbyNotices]] = {
    "eventsourcing.sqlite": SQLiteStandbyNotices,
    "eventsourcing.postgres": PostgresStandbyNotices,
}
"""The notices' implementation for each store."""


class StandbyNoticesProjection(Projection[StandbyNotices]):
    """Writes a notice for every platform put on standby; reads no other event."""

    name = "standby_notices"
    topics = (Platform.PutOnStandby.TOPIC,)

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Any other event: only the position moves on."""
        self.view.insert_tracking(tracking)

    @process_event.register
    def _(self, domain_event: Platform.PutOnStandby, tracking: Tracking) -> None:
        notice = StandbyNotice(
            platform=domain_event.originator_id,
            on=domain_event.occurred_on,
            reason=domain_event.reason,
            review_on=domain_event.review_on,
            notification_id=tracking.notification_id,
        )
        self.view.record_notice(notice, tracking)


def open_notices(env: Mapping[str, str]) -> StandbyNotices:
    """The notices in the store that ``env`` over the process environment names
    (eventsourcing's ``PERSISTENCE_MODULE`` and its ``SQLITE_*`` or ``POSTGRES_*`` variables,
    each also read with the prefix ``STANDBY_NOTICES_``, as eventsourcing's
    ``ProjectionRunner`` does); creates the tables when missing."""
    named = Environment(StandbyNoticesProjection.name, {**os.environ, **env})
    factory = InfrastructureFactory[Any].construct(env=named)
    view_class = VIEWS[named.get("PERSISTENCE_MODULE", "")]
    return cast(StandbyNotices, factory.tracking_recorder(view_class))
