"""Shared pytest configuration: the Hypothesis profiles.

- ``dev`` (default locally): 25 examples per property, no deadline.
- ``ci`` (when the ``CI`` environment variable is set): 50 examples, no deadline, and the
  reproduction blob printed for any failure.
- ``thorough``: 500 examples, for a deliberate long run.

``HYPOTHESIS_PROFILE=<name>`` overrides the choice, e.g.
``HYPOTHESIS_PROFILE=thorough nox -s tests``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

collect_ignore_glob = ["fixtures/*"]
"""The fixture stores' writers are records of how each store was written, run by hand once
(each refuses to overwrite its store); they are not tests, and share a module name."""

settings.register_profile("ci", max_examples=50, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile("thorough", max_examples=500, deadline=None)
# nox -s mutation: mutmut runs the same tests many times in one process, from fresh instances.
settings.register_profile(
    "mutation",
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.differing_executors],
)

settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


# --- stores ------------------------------------------------------------------------------
# Every store-level test runs once per store: plain Python objects, an SQLite file and, when a
# server is configured, PostgreSQL. In CI (the CI variable set) a missing server fails the run.

import contextlib  # noqa: E402
import importlib.util  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import uuid  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402
from types import ModuleType  # noqa: E402
from typing import TYPE_CHECKING, Any  # noqa: E402

import pytest  # noqa: E402

if TYPE_CHECKING:
    import psycopg

from cocreation_domain import ClosureReason, CoCreation, sqlite_env  # noqa: E402
from cocreation_domain.demo import DemoStory, write_demo  # noqa: E402
from cocreation_domain.projections import View, current_view  # noqa: E402
from cocreation_domain.testing import Scenario  # noqa: E402

STORES = ("popo", "sqlite", "postgres")


def postgres_env() -> dict[str, str]:
    """The environment for a PostgreSQL store in a fresh schema, or skip (fail in CI)."""
    if not os.environ.get("POSTGRES_HOST"):
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL tests: POSTGRES_HOST is not set")
        pytest.skip("no PostgreSQL server configured (set POSTGRES_HOST and friends)")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with postgres_connection() as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return {"PERSISTENCE_MODULE": "eventsourcing.postgres", "POSTGRES_SCHEMA": schema}


def postgres_connection() -> psycopg.Connection[tuple[Any, ...]]:
    """An autocommitting connection to the test database the POSTGRES_* variables name."""
    import psycopg

    return psycopg.connect(
        host=os.environ["POSTGRES_HOST"],
        port=os.environ.get("POSTGRES_PORT", "5432"),
        user=os.environ["POSTGRES_USER"],
        password=os.environ["POSTGRES_PASSWORD"],
        dbname=os.environ["POSTGRES_DBNAME"],
        autocommit=True,
    )


def drop_postgres_schema(schema: str) -> None:
    """Remove a test schema and everything in it."""
    with postgres_connection() as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=STORES)
def store_env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The eventsourcing environment of one store; every application built on it shares it."""
    if request.param == "popo":
        yield {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    elif request.param == "sqlite":
        yield sqlite_env(str(tmp_path / "events.sqlite"))
    else:
        env = postgres_env()
        yield env
        drop_postgres_schema(env["POSTGRES_SCHEMA"])


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def shared_store_env(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str]]:
    """One SQLite file or PostgreSQL schema shared by the tests of a module, for setups too
    costly to repeat per test (e.g. several writer processes)."""
    if request.param == "sqlite":
        yield sqlite_env(str(tmp_path_factory.mktemp("shared") / "events.sqlite"))
    else:
        env = postgres_env()
        yield env
        drop_postgres_schema(env["POSTGRES_SCHEMA"])


TIERS = ("unit", "integration", "e2e")
"""The test tiers, one folder each under ``tests/`` (docs/testing.md, "Test tiers")."""


def tier_of(path: Path) -> str | None:
    """The tier whose folder holds ``path`` (``tests/<tier>/...``), or None outside them."""
    try:
        parts = path.relative_to(Path(__file__).parent).parts
    except ValueError:
        return None
    return parts[0] if len(parts) > 1 and parts[0] in TIERS else None


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test with its folder's tier (``unit``, ``integration``, ``e2e``), and every
    test parametrised onto the PostgreSQL store with the ``postgres`` marker."""
    for item in items:
        tier = tier_of(item.path)
        if tier is not None:
            item.add_marker(getattr(pytest.mark, tier))
        callspec = getattr(item, "callspec", None)
        if callspec is not None and "postgres" in callspec.params.values():
            item.add_marker(pytest.mark.postgres)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Count the PostgreSQL tests by outcome, so a CI log shows they ran and were not skipped."""
    outcomes: dict[str, str] = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            if "postgres" in getattr(report, "keywords", {}):
                outcomes.setdefault(report.nodeid, outcome)
    if outcomes:
        tally = Counter(outcomes.values())
        counts = ", ".join(f"{tally[o]} {o}" for o in ("passed", "failed", "error", "skipped"))
        server = os.environ.get("POSTGRES_HOST", "no server")
        terminalreporter.write_line(f"PostgreSQL tests ({server}): {counts}")


@pytest.fixture
def make_app(store_env: dict[str, str]) -> Iterator[Callable[[], CoCreation]]:
    """Build applications on the parametrised store (POPO shares one recorder per test)."""
    apps: list[CoCreation] = []

    def build() -> CoCreation:
        if store_env["PERSISTENCE_MODULE"] == "eventsourcing.popo" and apps:
            return apps[0]  # POPO keeps events in memory: a second app would see none
        app = CoCreation(env=store_env)
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.close()


@pytest.fixture
def app() -> CoCreation:
    """An application on plain Python objects, for unit tests."""
    return CoCreation(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


# --- story steps shared by test modules (import them: ``from conftest import in_phase6``) ---


def in_phase6(app: CoCreation) -> tuple[Scenario, uuid.UUID, uuid.UUID]:
    """An initiative in phase 6 with one focused platform (``Night life``); returns the
    scenario, the platform and its coordinator."""
    s = Scenario.start(app)
    platform = s.platform(name="Night life")
    s.start_co_creation()
    coordinator = s.focused(platform)
    return s, platform, coordinator


def close_and_conclude(s: Scenario, platform: uuid.UUID, on: date) -> None:
    """Close the initiative's one platform (its goals reached, by its first actor's person)
    and conclude the initiative, both on ``on``."""
    s.app.close_platform(
        s.person_of(s.actors[0]),
        platform,
        ClosureReason.GOALS_REACHED,
        "the municipality carries the work on",
        s.consent(platform),
        on=on,
    )
    s.app.conclude_initiative(s.anchor, s.initiative, on=on)


@pytest.fixture(scope="module")
def demo_story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoStory]:
    """The demo written into a fresh SQLite file, once per test module: two published
    newsletters, and a person (Mikkel, of the street art collective) forgotten after both."""
    app = CoCreation(env=sqlite_env(str(tmp_path_factory.mktemp("demo") / "demo.sqlite")))
    yield write_demo(app)
    app.close()


@pytest.fixture(scope="module")
def demo_view(demo_story: DemoStory) -> View:
    """The demo's current read model."""
    return current_view(demo_story.app)


@contextlib.contextmanager
def reaped(child: subprocess.Popen[bytes]) -> Iterator[subprocess.Popen[bytes]]:
    """A child process for the ``with`` block (which may kill it on purpose); afterwards it is
    killed if it still runs, waited for, and its output pipes are closed."""
    try:
        yield child
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(30)
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()


def pause_and_close(p6: Scenario, paused: uuid.UUID, closed: uuid.UUID, on: date | None) -> None:
    """Put ``paused`` on standby and close ``closed`` (no longer needed), each by consent of
    its members, on ``on`` (``None``: the application's today)."""
    p6.app.put_on_standby(
        p6.member(paused), paused, "waiting", "monthly call", p6.consent(paused), on=on
    )
    p6.app.close_platform(
        p6.member(closed),
        closed,
        ClosureReason.NO_LONGER_NEEDED,
        "the school carries on",
        p6.consent(closed),
        on=on,
    )


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    """A private copy of the v1 fixture store (written before sealing), for a test to change."""
    db = tmp_path / "v1.sqlite"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "v1" / "store.sqlite", db)
    return db


def docs_script(name: str) -> ModuleType:
    """A generator script of ``docs/`` (``gen_rules``, ``gen_lifecycles``), imported from its
    file: ``docs/`` is no package."""
    path = Path(__file__).parents[1] / "docs" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
