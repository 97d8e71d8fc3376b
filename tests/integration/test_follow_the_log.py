"""Following the log: the documented example processes every event exactly once.

The example of ``docs/examples/standby_notices.py`` (the guide *Following the log*) writes a
notice whenever a platform is put on standby, with its tracking position in the same
transaction. On SQLite it runs by polling (:class:`LogFollower`), on PostgreSQL both by
polling and through eventsourcing's subscription (``ProjectionRunner``). Across restarts and a
crash in the middle of a batch, no standby is noticed twice and none is skipped.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.projection import ProjectionRunner

from cocreation_domain import CoCreation, Platform
from cocreation_domain.projections.follow import LogFollower
from cocreation_domain.testing.scenario import Scenario
from conftest import reaped  # type: ignore[import-not-found]

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "standby_notices.py"


def _load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("standby_notices", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # singledispatch and attrs resolve names through it
    spec.loader.exec_module(module)
    return module


example: Any = _load_example()

BOTH_STORES = pytest.mark.parametrize("store_env", ["sqlite", "postgres"], indirect=True)


@pytest.fixture
def notices_env(store_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """The service's own database: an SQLite file of its own, or the store's PostgreSQL
    schema (its tables have names of their own there)."""
    if store_env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite":
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(tmp_path / "notices.sqlite"),
        }
    return dict(store_env)


class Story:
    """An initiative in phase 6 whose platforms go on standby and resume, by consent."""

    def __init__(self, app: CoCreation) -> None:
        self.app = app
        self.p6 = Scenario.phase6(app)
        self.day = self.p6.today

    def standby(self, platform: UUID, reason: str) -> None:
        """Put ``platform`` on standby a day later, for ``reason``, reviewed in 60 days."""
        self.day += timedelta(days=1)
        self.app.put_on_standby(
            self.p6.person_of(sorted(self.app.get_platform(platform).actors)[0]),
            platform,
            reason,
            "the coordinator asks again after the budget",
            self.p6.consent(platform),
            review_on=self.day + timedelta(days=60),
            on=self.day,
        )

    def resume(self, platform: UUID) -> None:
        """Resume ``platform`` a day later, by consent."""
        self.day += timedelta(days=1)
        self.app.resume_platform(
            self.p6.person_of(sorted(self.app.get_platform(platform).actors)[0]),
            platform,
            self.p6.consent(platform),
            on=self.day,
        )

    def three_standbys(self) -> None:
        """Standbys ``one`` (the first platform), ``two`` (the second), then the first resumed
        and ``three`` (the first again), a day apart."""
        first, second = self.p6.platforms[:2]
        self.standby(first, "one")
        self.standby(second, "two")
        self.resume(first)
        self.standby(first, "three")


def standbys_in_log(app: CoCreation) -> list[tuple[int, UUID, str]]:
    """Every standby the log holds: notification id, platform, reason."""
    topic = Platform.PutOnStandby.TOPIC
    found = []
    for n in app.recorder.select_notifications(start=1, limit=10_000, topics=[topic]):
        event = app.mapper.to_domain_event(n)
        assert isinstance(event, Platform.PutOnStandby)
        found.append((n.id, event.originator_id, event.reason))
    return found


def noticed(notices: Any) -> list[tuple[int, UUID, str]]:
    """What the service noticed: notification id, platform, reason."""
    return [(n.notification_id, n.platform, n.reason) for n in notices.notices()]


@pytest.fixture
def follower_factory(store_env: dict[str, str], notices_env: dict[str, str]) -> Iterator[Any]:
    """Start a follower as a fresh process would: a new application and a new view."""
    apps: list[CoCreation] = []
    views: list[Any] = []

    def start(projection_class: type[Any] | None = None) -> LogFollower:
        app = CoCreation(env=store_env)
        notices = example.open_notices(notices_env)
        apps.append(app)
        views.append(notices)
        projection = (projection_class or example.StandbyNoticesProjection)(view=notices)
        return LogFollower(app, projection, batch_size=2)

    yield start
    for app in apps:
        app.close()
    for view in views:
        view.datastore.close()


@BOTH_STORES
class TestPolling:
    """``LogFollower`` polls the log and processes each standby exactly once."""

    def test_every_standby_is_noticed_once_across_restarts(
        self, store_env: dict[str, str], follower_factory: Any
    ) -> None:
        """Stopped and started again (a new process: new application, new view), the
        follower starts after the last event it processed: none twice, none skipped."""
        writer = CoCreation(env=store_env)
        story = Story(writer)
        first, second = story.p6.platforms[:2]
        story.standby(first, "awaiting the municipal budget")
        follower = follower_factory()
        assert follower.catch_up() == 1
        story.standby(second, "the school is closed in summer")
        story.resume(first)
        story.standby(first, "the budget was cut")
        restarted = follower_factory()
        assert restarted.catch_up() == 2
        assert restarted.catch_up() == 0
        assert standbys_in_log(writer) == noticed(restarted.projection.view)
        assert len(noticed(restarted.projection.view)) == 3
        writer.close()

    def test_a_crash_in_the_middle_loses_nothing_and_repeats_nothing(
        self, store_env: dict[str, str], follower_factory: Any
    ) -> None:
        """A process that dies after writing its second notice but before that notice's
        position is stored keeps the first notice and nothing of the second (one
        transaction); restarted, it notices the second and the third, once each."""

        class Crashing(example.StandbyNoticesProjection):  # type: ignore[misc]
            def __init__(self, view: Any) -> None:
                super().__init__(view)
                original, calls = view._insert_tracking, [0]

                def insert_tracking(cursor: Any, tracking: Tracking) -> None:
                    calls[0] += 1
                    if calls[0] == 2:
                        raise SystemExit("killed before the position was stored")
                    original(cursor, tracking)

                view._insert_tracking = insert_tracking

        writer = CoCreation(env=store_env)
        Story(writer).three_standbys()
        crashing = follower_factory(Crashing)
        with pytest.raises(SystemExit):
            crashing.catch_up()
        assert [reason for _, _, reason in noticed(crashing.projection.view)] == ["one"]
        assert standbys_in_log(writer)[0][0] == crashing.position
        restarted = follower_factory()
        assert restarted.catch_up() == 2
        assert standbys_in_log(writer) == noticed(restarted.projection.view)
        writer.close()

    def test_an_event_processed_again_is_refused_whole(
        self, store_env: dict[str, str], follower_factory: Any
    ) -> None:
        """Processing an event whose position is already recorded fails in the same
        transaction as its effect: the notice is not written a second time."""
        writer = CoCreation(env=store_env)
        story = Story(writer)
        story.standby(story.p6.platforms[0], "one")
        follower = follower_factory()
        follower.catch_up()
        ((position, _, _),) = standbys_in_log(writer)
        (notification,) = writer.recorder.select_notifications(start=position, limit=1)
        event = writer.mapper.to_domain_event(notification)
        with pytest.raises(IntegrityError):
            follower.projection.process_event(event, Tracking(writer.name, position))
        assert len(noticed(follower.projection.view)) == 1
        writer.close()

    def test_run_polls_until_stopped(
        self, store_env: dict[str, str], follower_factory: Any
    ) -> None:
        """``run`` keeps polling in its thread and notices a standby recorded while it
        runs; setting the stop event ends it."""
        writer = CoCreation(env=store_env)
        story = Story(writer)
        follower = follower_factory()
        stop = threading.Event()
        thread = threading.Thread(target=follower.run, args=(stop,), kwargs={"poll_interval": 0.05})
        thread.start()
        try:
            story.standby(story.p6.platforms[0], "one")
            position = writer.recorder.max_notification_id()
            follower.view.wait(writer.name, position, timeout=10)
        finally:
            stop.set()
            thread.join(timeout=10)
        assert not thread.is_alive()
        assert standbys_in_log(writer) == noticed(follower.projection.view)
        writer.close()


CHILD = """
import importlib.util, json, sys, time
spec = importlib.util.spec_from_file_location("standby_notices", sys.argv[1])
example = importlib.util.module_from_spec(spec)
sys.modules["standby_notices"] = example
spec.loader.exec_module(example)
from cocreation_domain import CoCreation
from cocreation_domain.projections import LogFollower
store_env, notices_env = json.loads(sys.argv[2]), json.loads(sys.argv[3])
view = example.open_notices(notices_env)
calls = [0]
original = view._insert_tracking
def insert_tracking(cursor, tracking):
    calls[0] += 1
    if calls[0] == 2:  # the second notice is written, its transaction still open
        print("holding", flush=True)
        time.sleep(60)
    original(cursor, tracking)
view._insert_tracking = insert_tracking
LogFollower(CoCreation(env=store_env), example.StandbyNoticesProjection(view)).catch_up()
"""


@BOTH_STORES
def test_a_follower_killed_mid_transaction_resumes_exactly_once(
    store_env: dict[str, str], notices_env: dict[str, str], follower_factory: Any
) -> None:
    """A follower process killed (SIGKILL) with its second notice written but not committed
    leaves one notice and its position; the next follower notices the other two, once each."""
    writer = CoCreation(env=store_env)
    Story(writer).three_standbys()
    args = [str(EXAMPLE), json.dumps(store_env), json.dumps(notices_env)]
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    with reaped(child):
        assert child.stdout is not None
        assert child.stdout.readline() == b"holding\n"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(30)
    restarted = follower_factory()
    assert [reason for _, _, reason in noticed(restarted.projection.view)] == ["one"]
    assert restarted.catch_up() == 2
    assert standbys_in_log(writer) == noticed(restarted.projection.view)
    writer.close()


@pytest.mark.parametrize("store_env", ["postgres"], indirect=True)
class TestSubscription:
    """On PostgreSQL, eventsourcing's ``ProjectionRunner`` runs the same projection."""

    def test_the_runner_notices_each_standby_once_across_restarts(
        self, store_env: dict[str, str]
    ) -> None:
        """The runner subscribes to the log (LISTEN/NOTIFY); restarted, it starts after
        the last event its view recorded: none twice, none skipped."""
        writer = CoCreation(env=store_env)
        story = Story(writer)
        first, second = story.p6.platforms[:2]
        story.standby(first, "one")

        def run_until_caught_up() -> list[tuple[int, UUID, str]]:
            with ProjectionRunner(
                application_class=CoCreation,
                projection_class=example.StandbyNoticesProjection,
                view_class=example.PostgresStandbyNotices,
                env=store_env,
            ) as runner:
                runner.wait(standbys_in_log(writer)[-1][0], timeout=10)
                return noticed(runner.view)

        assert standbys_in_log(writer) == run_until_caught_up()
        story.standby(second, "two")
        story.resume(first)
        story.standby(first, "three")
        assert standbys_in_log(writer) == run_until_caught_up()
        assert len(standbys_in_log(writer)) == 3
        writer.close()
