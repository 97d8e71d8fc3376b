"""R-PII-3 and R-PII-4: personal fields sealed per person, stores from before sealing, the
migration that seals them, and everything stored about a person as one document."""

from __future__ import annotations

import base64
import json
import shutil
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from uuid import UUID

import orjson
import pytest
from eventsourcing.persistence import StoredEvent

from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.migration import forgotten_in, migrate
from cocreation_domain.model import (
    FORGOTTEN,
    PersonalDataTampered,
    RuleViolation,
)
from cocreation_domain.personal_data import (
    MASTER_KEY,
    KeyStoreError,
    SQLiteKeyStore,
)
from cocreation_domain.portability import SCHEMA
from cocreation_domain.testing.scenario import Scenario

MakeApp = Callable[[], CoCreation]
DAY = date(2025, 3, 3)
V1_STORE = Path(__file__).parents[1] / "fixtures" / "v1" / "store.sqlite"


def stored_state(app: CoCreation, person: UUID, version: int = 1) -> dict[str, object]:
    """The stored JSON state of one of the person's events, as plain data."""
    record = next(e for e in app.recorder.select_events(person) if e.originator_version == version)
    state: dict[str, object] = orjson.loads(record.state)
    return state


def v1_copy(directory: Path) -> Path:
    """A private copy of the v1 store (written before sealing)."""
    db = directory / "v1.sqlite"
    shutil.copyfile(V1_STORE, db)
    return db


class TestSealedAtRest:
    """R-PII-3: every personal field is stored only as ciphertext sealed with the person's key."""

    def test_r_pii_3_personal_fields_are_stored_sealed(self, make_app: MakeApp) -> None:
        """The stored registration holds no name, e-mail, phone or title, only sealed values."""
        app = make_app()
        anna = app.register_person(
            "Anna Anker", email="anna@example.org", phone="+45 1111", title="Anchor", on=DAY
        )
        app.update_contact(anna, anna, phone="+45 2222", on=DAY)
        for version in (1, 2):
            state = stored_state(app, anna, version)
            raw = json.dumps(state)
            assert [t for t in ("Anna", "anna@", "1111", "2222", "Anchor") if t in raw] == []
            assert {"_type_": state["name"]["_type_"]} == {"_type_": "sealed"}  # type: ignore[index]
            assert state["class_version"] == 2
        person = app.get_person(anna)
        assert (
            person.name,
            person.email,
            person.phone,
            person.title,
        ) == ("Anna Anker", "anna@example.org", "+45 2222", "Anchor")


class TestForgettingDestroysTheKey:
    """R-PII-3: forgetting destroys the key; a refused forgetting destroys nothing."""

    def test_r_pii_3_forgetting_destroys_the_key(self, make_app: MakeApp) -> None:
        """After forget_person the key store has no key for the person, on every store."""
        app = make_app()
        anna = app.register_person("Anna Anker", email="anna@example.org", on=DAY)
        assert app.key_store.key(anna) is not None
        app.forget_person(anna, anna, on=DAY)
        assert app.key_store.key(anna) is None
        assert app.get_person(anna).name == FORGOTTEN


class TestTampering:
    """R-PII-3: a ciphertext moved to another person or field is reported as tampering."""

    def moved(self, app: CoCreation, source: UUID, target: UUID, field: str) -> StoredEvent:
        """The target's registration with ``source``'s sealed name put into ``field``."""
        state = stored_state(app, target)
        state[field] = stored_state(app, source)["name"]
        record = next(iter(app.recorder.select_events(target)))
        return StoredEvent(target, 1, record.topic, orjson.dumps(state))

    def test_r_pii_3_tampering_in_an_sqlite_file_is_a_domain_error(self, tmp_path: Path) -> None:
        """A ciphertext swapped between rows of the SQLite file is reported when loaded."""
        db = str(tmp_path / "events.sqlite")
        app = CoCreation(env=sqlite_env(db))
        anna = app.register_person("Anna Anker", on=DAY)
        bo = app.register_person("Bo Berg", on=DAY)
        forged = self.moved(app, anna, bo, "name")
        app.close()
        with sqlite3.connect(db) as connection:
            connection.execute(
                "UPDATE stored_events SET state = ? WHERE originator_id = ?",
                (forged.state, bo.hex),
            )
        fresh = CoCreation(env=sqlite_env(db))
        with pytest.raises(PersonalDataTampered):
            fresh.get_person(bo)
        assert fresh.get_person(anna).name == "Anna Anker"
        fresh.close()


class TestMasterKey:
    """R-PII-3: keys in the table can be wrapped with a master key from the environment."""

    def test_r_pii_3_a_master_key_wraps_every_stored_key(self, tmp_path: Path) -> None:
        """With COCREATION_MASTER_KEY the key row differs from the data key; without it (or
        with another one) nothing opens."""
        master = base64.urlsafe_b64encode(bytes(range(32))).decode()
        db = str(tmp_path / "events.sqlite")
        app = CoCreation(env={**sqlite_env(db), MASTER_KEY: master})
        anna = app.register_person("Anna Anker", on=DAY)
        key = app.key_store.key(anna)
        assert key is not None
        assert isinstance(app.key_store, SQLiteKeyStore)
        with sqlite3.connect(db) as connection:
            (row,) = connection.execute("SELECT key FROM cocreation_person_keys").fetchone()
        assert key not in bytes(row)
        app.close()
        other = base64.urlsafe_b64encode(bytes(32)).decode()
        wrong = CoCreation(env={**sqlite_env(db), MASTER_KEY: other})
        with pytest.raises(KeyStoreError):
            wrong.get_person(anna)
        wrong.close()


class TestBeforeSealing:
    """R-PII-3: stores written before sealing replay, and their persons cannot be forgotten
    until migrated."""

    def test_r_pii_3_v1_person_events_read_as_plaintext_unsealed(self, tmp_path: Path) -> None:
        """A v1 registration replays through its upcaster with ``sealed`` false."""
        app = CoCreation(env=sqlite_env(str(v1_copy(tmp_path))))
        person = app.get_person(UUID("adece8d4-abc5-4fa2-a9fb-ad3fdda775b5"))
        assert (person.name, person.sealed) == ("Mette Skov", False)
        app.close()

    def test_r_pii_3_forgetting_an_unsealed_person_is_refused_naming_migrate(
        self, tmp_path: Path
    ) -> None:
        """Forgetting a v1 person raises a RuleViolation that names `cocreation migrate`, and
        records nothing."""
        app = CoCreation(env=sqlite_env(str(v1_copy(tmp_path))))
        mette = UUID("adece8d4-abc5-4fa2-a9fb-ad3fdda775b5")
        before = app.recorder.max_notification_id()
        with pytest.raises(RuleViolation, match="cocreation migrate") as raised:
            app.forget_person(mette, mette, on=DAY)
        assert raised.value.rule == "R-PII-3"
        assert before == app.recorder.max_notification_id()
        assert app.get_person(mette).name == "Mette Skov"
        app.close()


class TestMigrate:
    """R-PII-3: `migrate` copies a store into a new one with every personal field sealed."""

    def test_r_pii_3_migrate_seals_every_person_event_and_keeps_every_event(
        self, tmp_path: Path
    ) -> None:
        """The copy holds as many events, every person event sealed; persons forgotten in the
        source have no data and no key in the copy; the rest read as before."""
        source = CoCreation(env=sqlite_env(str(v1_copy(tmp_path))))
        target_db = tmp_path / "sealed.sqlite"
        target = CoCreation(env=sqlite_env(str(target_db)))
        seen: list[tuple[int, int]] = []
        copied = migrate(source, target, progress=lambda done, total: seen.append((done, total)))
        assert copied == source.recorder.max_notification_id() == seen[-1][0] == seen[-1][1]
        forgotten = forgotten_in(source)
        assert forgotten
        plaintext = set()
        for record in source.recorder.select_notifications(1, 10_000):
            if record.topic.startswith("cocreation:Person.") and "Forgotten" not in record.topic:
                moved = target.mapper.to_domain_event(
                    next(
                        e
                        for e in target.recorder.select_events(UUID(str(record.originator_id)))
                        if e.originator_version == record.originator_version
                    )
                )
                assert getattr(moved, "sealed", None) is True
                if record.originator_id in forgotten:
                    plaintext.add(orjson.loads(record.state)["name"].encode())
        for person in forgotten:
            assert target.key_store.key(person) is None
            assert target.get_person(person).name == FORGOTTEN
        mette = UUID("adece8d4-abc5-4fa2-a9fb-ad3fdda775b5")
        assert target.get_person(mette).name == source.get_person(mette).name == "Mette Skov"
        target.forget_person(mette, mette, on=DAY)
        assert target.get_person(mette).name == FORGOTTEN
        source.close()
        target.close()
        raw = b"".join(p.read_bytes() for p in tmp_path.glob("sealed.sqlite*"))
        assert plaintext
        assert [p for p in plaintext if p in raw] == []
        assert b"Mette Skov" not in raw


class TestPersonData:
    """R-PII-4: a person, or the anchor on their behalf, gets everything stored about them."""

    def story(self, app: CoCreation) -> tuple[Scenario, UUID, UUID]:
        """An initiative whose first actor's person coordinates a platform chosen by consent."""
        s = Scenario.start(app, actors=3, today=DAY)
        platform = s.platform()
        person = s.coordinate(platform)
        return s, platform, person

    def test_r_pii_4_the_document_holds_events_roles_and_decisions(self, make_app: MakeApp) -> None:
        """The person's own events decrypted, the actor they represent, their coordinator role
        and the decision they consented to are all in the document."""
        app = make_app()
        s, platform, person = self.story(app)
        document = app.person_data(person, person)
        assert document["schema"] == SCHEMA
        assert document["person"]["name"] == app.get_person(person).name
        assert document["events"][0]["event"] == "Person.Registered"
        assert document["events"][0]["fields"]["email"] == app.get_person(person).email
        actor = str(app.get_person(person).actor)
        assert [actor] == [r["actor"] for r in document["actors_represented"]]
        roles = {(r["role"], r.get("platform")) for r in document["roles"]}
        assert ("coordinator", str(platform)) in roles
        assert ("representative", None) in roles
        assert [("consented", str(platform))] == [
            (d["stance"], d["platform"]) for d in document["decisions"]
        ]
        json.dumps(document)  # portable: plain JSON data
        anchor_document = app.person_data(s.anchor, s.anchor)
        assert ("anchor", None) in {
            (r["role"], r.get("platform")) for r in anchor_document["roles"]
        }


class TestSnapshotsHoldNoPersonalData:
    """R-PII-1/R-PII-3: snapshots of initiatives and platforms hold person ids, never their data."""

    def test_r_pii_3_snapshots_hold_no_personal_data(self, tmp_path: Path) -> None:
        """With a snapshot after every event, no snapshot holds a person's name or e-mail."""
        db = str(tmp_path / "events.sqlite")
        app = CoCreation(env={**sqlite_env(db), "SNAPSHOT_INTERVAL": "1"})
        s = Scenario.start(app, actors=2, today=DAY)
        platform = s.platform()
        s.coordinate(platform)
        app.close()
        with sqlite3.connect(db) as connection:
            tables = [
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%snapshot%'"
                )
            ]
            assert tables
            states = b"".join(
                bytes(state)
                for table in tables
                for (state,) in connection.execute(f"SELECT state FROM {table}")
            )
        assert states
        assert [t for t in (b"Anna Anker", b"Person 1", b"@example.org") if t in states] == []
