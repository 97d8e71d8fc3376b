"""R-PII-3: after forgetting, no byte of the person's data or key remains in the store's files.

Random stories (Hypothesis, few examples) register persons with unique generated contact
data, update some of it, put them to work on a platform and read the views (so stored views
hold their names); then one of them is forgotten. The SQLite file with its ``-wal`` and
``-shm``, and PostgreSQL (``pg_dump`` of the test's schema and the table files under the data
directory where this process can read them), are searched for the person's name, e-mail and
phone in UTF-8, JSON-escaped and HTML-escaped forms, and for the bytes of their destroyed key.
"""

from __future__ import annotations

import base64
import html
import json
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from uuid import UUID

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.documents.export import export_events, json_line
from cocreation_domain.model import FORGOTTEN, Consent, Person
from cocreation_domain.projections import audit_trail, current_view, status_overview, view_as_of
from conftest import (  # type: ignore[import-not-found]
    drop_postgres_schema,
    postgres_connection,
    postgres_env,
)

DAY = date(2025, 3, 3)


def forms(text: str) -> set[bytes]:
    """``text`` as the bytes a store or an output could hold it in."""
    out = {text.encode("utf-8")}
    out.add(json.dumps(text)[1:-1].encode("ascii"))  # JSON with \\u escapes
    out.add(json.dumps(text, ensure_ascii=False)[1:-1].encode("utf-8"))
    out.add(html.escape(text).encode("utf-8"))
    out.add(html.escape(text, quote=False).encode("utf-8"))
    return out


def key_forms(key: bytes) -> set[bytes]:
    """A key's raw bytes and its usual text encodings (pg_dump writes bytea as hex)."""
    return {
        key,
        key.hex().encode("ascii"),
        base64.b64encode(key),
        base64.urlsafe_b64encode(key),
    }


@st.composite
def contacts(draw: st.DrawFn) -> dict[str, str]:
    """Unique contact data: a random token in every value, with non-ASCII and HTML specials."""
    token = uuid.uuid4().hex[:10]
    first = draw(st.sampled_from(["Ærø", "Søren", "O'Brien", "Zoë", "Anne & Bo"]))
    return {
        "name": f"{first} {token}",
        "email": f"{token}@example.dk",
        "phone": f"+45 {int(token[:8], 16) % 10**8:08d}",
        "title": f"Chief <{token[::-1]}>",
    }


@attrs.frozen
class RandomStory:
    """The shape of a random story: persons, updates, work and who is forgotten."""

    anchor: dict[str, str]
    persons: list[dict[str, str]]
    updates: list[int]
    """Which persons get new contact data (in order, one of ``new_contacts`` each)."""
    new_contacts: list[dict[str, str]]
    platform: bool
    read_between: bool
    forget: int
    by_anchor: bool


@st.composite
def stories(draw: st.DrawFn) -> RandomStory:
    """A random story's shape."""
    count = draw(st.integers(min_value=2, max_value=3))
    return RandomStory(
        anchor=draw(contacts()),
        persons=[draw(contacts()) for _ in range(count)],
        updates=draw(st.lists(st.integers(0, count - 1), max_size=2)),
        new_contacts=[draw(contacts()) for _ in range(2)],
        platform=draw(st.booleans()),
        read_between=draw(st.booleans()),
        forget=draw(st.integers(0, count - 1)),
        by_anchor=draw(st.booleans()),
    )


def register(app: CoCreation, contact: dict[str, str], **where: UUID) -> UUID:
    """Register a person with ``contact``'s data."""
    return app.register_person(
        contact["name"],
        email=contact["email"],
        phone=contact["phone"],
        title=contact["title"],
        on=DAY,
        **where,
    )


def tell(app: CoCreation, story: RandomStory) -> tuple[UUID, UUID, list[UUID]]:
    """Run the story; returns the anchor, the initiative and the persons."""
    anchor = register(app, story.anchor)
    initiative = app.found_initiative(anchor, "Safe Harbour", "young people", on=DAY)
    persons: list[UUID] = []
    actors: list[UUID] = []
    for i, contact in enumerate(story.persons):
        actor = app.register_actor(anchor, initiative, f"Actor {i}", on=DAY)
        actors.append(actor)
        persons.append(register(app, contact, by=anchor, initiative=initiative, actor=actor))
    for index, fresh in zip(story.updates, story.new_contacts, strict=False):
        app.update_contact(
            anchor,
            persons[index],
            name=fresh["name"],
            email=fresh["email"],
            phone=fresh["phone"],
            title=fresh["title"],
            on=DAY,
        )
    if story.read_between:
        current_view(app)
    if story.platform:
        platform = app.establish_platform(anchor, initiative, "Night", actors, on=DAY)
        app.choose_coordinator(
            persons[0], platform, actors[0], persons[0], Consent(consenting=set(persons)), on=DAY
        )
    current_view(app)  # the stored views now hold every name
    return anchor, initiative, persons


def needles(story: RandomStory, index: int) -> set[bytes]:
    """Every form of the forgotten person's name, e-mail and phone, old and updated."""
    values = [story.persons[index]]
    values += [
        fresh for i, fresh in zip(story.updates, story.new_contacts, strict=False) if i == index
    ]
    found: set[bytes] = set()
    for contact in values:
        for field in ("name", "email", "phone"):
            found |= forms(contact[field])
    return found


def forget_and_render(app: CoCreation, story: RandomStory) -> set[bytes]:
    """Tell the story, forget its chosen person, render everything; returns every form of
    the person's data and destroyed key."""
    anchor, initiative, persons = tell(app, story)
    person = persons[story.forget]
    key = app.key_store.key(person)
    assert key is not None
    app.forget_person(anchor if story.by_anchor else person, person, on=DAY)
    gone = app.key_store.key(person)
    assert gone is None
    # Everything still replays and renders, and reads the person as forgotten.
    assert app.get_person(person).name == FORGOTTEN
    first: object = app.repository.get(person, version=1)
    assert isinstance(first, Person)
    assert first.name == FORGOTTEN
    registered = next(iter(app.events.get(person)))
    assert isinstance(registered, Person.Registered)
    assert registered.name == FORGOTTEN
    view = current_view(app)
    assert view.persons[person].name == FORGOTTEN
    status_overview(view, initiative, DAY)
    rows = audit_trail(view, person=person)
    assert rows
    exported = "\n".join(json_line(r) for r in export_events(app))
    assert view_as_of(app, 1).persons.get(person) is None
    document = json.dumps(app.person_data(person, person), ensure_ascii=False)
    outputs = (exported + document + repr(view)).encode("utf-8")
    found = needles(story, story.forget)
    assert [n for n in found if n in outputs] == []
    others = [p for p in persons if p != person]
    assert all(app.get_person(p).name != FORGOTTEN for p in others)
    return found | key_forms(key)


def hits(blob: bytes, wanted: set[bytes]) -> list[bytes]:
    """The needles found in ``blob``."""
    return sorted(n for n in wanted if n in blob)


FEW = settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


class TestSQLiteFiles:
    """R-PII-3 on SQLite: the database file, its -wal and -shm hold nothing of the person."""

    @FEW
    @given(story=stories())
    def test_r_pii_3_no_byte_of_a_forgotten_person_in_sqlite_files(
        self, story: RandomStory
    ) -> None:
        """After a random story and a forgetting, 0 hits for name, e-mail, phone and key."""
        directory = Path(tempfile.mkdtemp())
        try:
            db = directory / "events.sqlite"
            app = CoCreation(env=sqlite_env(str(db)))
            wanted = forget_and_render(app, story)
            found = {
                path.name: hits(path.read_bytes(), wanted)
                for path in directory.iterdir()
                if path.is_file()
            }  # read while the application is still open (its -wal and -shm exist)
            app.close()
            found_closed = {p.name: hits(p.read_bytes(), wanted) for p in directory.iterdir()}
            assert {name: [] for name in found} == found
            assert {name: [] for name in found_closed} == found_closed
            assert (directory / "events.sqlite").is_file()
        finally:
            shutil.rmtree(directory)


def pg_dump(schema: str) -> bytes:
    """The ``pg_dump`` of one schema."""
    env = {**os.environ, "PGPASSWORD": os.environ["POSTGRES_PASSWORD"]}
    command = [
        "pg_dump",
        "-h",
        os.environ["POSTGRES_HOST"],
        "-p",
        os.environ.get("POSTGRES_PORT", "5432"),
        "-U",
        os.environ["POSTGRES_USER"],
        "-n",
        schema,
        os.environ["POSTGRES_DBNAME"],
    ]
    return subprocess.run(command, env=env, check=True, capture_output=True).stdout


def table_files(schema: str) -> Iterator[Path]:
    """The files of every relation of ``schema`` (tables, TOAST, indexes), after a
    CHECKPOINT where the role may make one; none when the data directory is not readable."""
    import psycopg

    with postgres_connection() as conn:
        try:
            conn.execute("CHECKPOINT")
        except psycopg.Error:  # only superusers and pg_checkpoint may: as root, ask postgres
            checkpoint_as_postgres()
        try:
            directory = Path(conn.execute("SHOW data_directory").fetchone()[0])
        except psycopg.Error:
            directory = Path(os.environ.get("PGDATA", "/nonexistent"))
            candidates = sorted(Path("/var/lib/postgresql").glob("*/main"))
            if not directory.is_dir() and candidates:
                directory = candidates[-1]
        rows = conn.execute(
            "SELECT pg_relation_filepath(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND pg_relation_filepath(c.oid) IS NOT NULL",
            (schema,),
        ).fetchall()
    for (relative,) in rows:
        base = directory / relative
        for path in [base, *base.parent.glob(base.name + ".*")]:
            if path.is_file() and os.access(path, os.R_OK):
                yield path


def checkpoint_as_postgres() -> None:
    """Run CHECKPOINT as the ``postgres`` operating-system user, when this process may."""
    runuser = shutil.which("runuser")
    if runuser is None or os.geteuid() != 0:
        return
    port = os.environ.get("POSTGRES_PORT", "5432")
    subprocess.run(
        [runuser, "-u", "postgres", "--", "psql", "-p", port, "-c", "CHECKPOINT"],
        check=False,
        capture_output=True,
    )


@contextmanager
def postgres_store() -> Iterator[dict[str, str]]:
    """A fresh PostgreSQL schema for one example."""
    env = postgres_env()
    try:
        yield env
    finally:
        drop_postgres_schema(env["POSTGRES_SCHEMA"])


@pytest.mark.postgres
class TestPostgres:
    """R-PII-3 on PostgreSQL: pg_dump and the schema's table files hold nothing of the person."""

    @FEW
    @given(story=stories())
    def test_r_pii_3_no_byte_of_a_forgotten_person_in_postgres(self, story: RandomStory) -> None:
        """After a random story and a forgetting, 0 hits in pg_dump and in the table files."""
        with postgres_store() as env:
            app = CoCreation(env=env)
            try:
                wanted = forget_and_render(app, story)
            finally:
                app.close()
            schema = env["POSTGRES_SCHEMA"]
            dump = pg_dump(schema)
            assert b"cocreation_person_keys" in dump  # the dump is of the right schema
            assert hits(dump, wanted) == []
            files = list(table_files(schema))
            found = {str(path): hits(path.read_bytes(), wanted) for path in files}
            assert {name: [] for name in found} == found
