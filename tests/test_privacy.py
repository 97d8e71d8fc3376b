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
from click.testing import CliRunner
from eventsourcing.persistence import StoredEvent

from cocreation_domain import CoCreation, sqlite_env
from cocreation_domain.cli import main
from cocreation_domain.migration import MigrationError, forgotten_in, migrate
from cocreation_domain.model import (
    FORGOTTEN,
    NotPermitted,
    Person,
    PersonalDataTampered,
    RuleViolation,
)
from cocreation_domain.personal_data import (
    MASTER_KEY,
    KeyStoreError,
    MemoryKeyStore,
    SQLiteKeyStore,
)
from cocreation_domain.portability import SCHEMA
from cocreation_domain.testing.scenario import Scenario

MakeApp = Callable[[], CoCreation]
DAY = date(2025, 3, 3)
V1_STORE = Path(__file__).parent / "fixtures" / "v1" / "store.sqlite"
NO_STORE_ENV: dict[str, str | None] = {"SQLITE_DBNAME": None, "PERSISTENCE_MODULE": None}


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

    def test_r_pii_3_each_value_has_its_own_nonce(self, app: CoCreation) -> None:
        """Equal values of two persons seal to different ciphertexts (fresh nonce, own key)."""
        one = app.register_person("Same Name", on=DAY)
        two = app.register_person("Same Name", on=DAY)
        assert stored_state(app, one)["name"] != stored_state(app, two)["name"]

    def test_r_pii_3_a_missing_key_reads_forgotten_never_an_error(self, app: CoCreation) -> None:
        """With the key gone, every sealed field of every event reads as "(forgotten)"."""
        anna = app.register_person("Anna Anker", email="anna@example.org", on=DAY)
        app.key_store.destroy(anna)
        first = next(iter(app.events.get(anna)))
        assert isinstance(first, Person.Registered)
        assert (first.name, first.email, first.phone) == (FORGOTTEN, FORGOTTEN, None)


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

    def test_r_pii_3_a_refused_forgetting_keeps_the_key(self, app: CoCreation) -> None:
        """Forgetting by someone who may not is refused before the key is touched."""
        s = Scenario.start(app, actors=2, today=DAY)
        one, two = (s.persons[a] for a in s.actors)
        with pytest.raises(NotPermitted):
            app.forget_person(two, one, on=DAY)
        assert app.key_store.key(one) is not None
        assert app.get_person(one).name == "Person 1"


class TestTampering:
    """R-PII-3: a ciphertext moved to another person or field is reported as tampering."""

    def moved(self, app: CoCreation, source: UUID, target: UUID, field: str) -> StoredEvent:
        """The target's registration with ``source``'s sealed name put into ``field``."""
        state = stored_state(app, target)
        state[field] = stored_state(app, source)["name"]
        record = next(iter(app.recorder.select_events(target)))
        return StoredEvent(target, 1, record.topic, orjson.dumps(state))

    def test_r_pii_3_a_name_moved_to_another_person_fails_authentication(
        self, app: CoCreation
    ) -> None:
        """Anna's sealed name in Bo's event raises PersonalDataTampered naming Bo and the field."""
        anna = app.register_person("Anna Anker", on=DAY)
        bo = app.register_person("Bo Berg", on=DAY)
        with pytest.raises(PersonalDataTampered) as raised:
            app.mapper.to_domain_event(self.moved(app, anna, bo, "name"))
        assert (bo, "name") == (raised.value.person, raised.value.field)

    def test_r_pii_3_a_name_moved_to_another_field_fails_authentication(
        self, app: CoCreation
    ) -> None:
        """A person's own sealed name put into their e-mail field raises PersonalDataTampered."""
        anna = app.register_person("Anna Anker", email="anna@example.org", on=DAY)
        with pytest.raises(PersonalDataTampered):
            app.mapper.to_domain_event(self.moved(app, anna, anna, "email"))

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

    def test_a_malformed_master_key_is_refused(self) -> None:
        """A master key that is not 32 bytes of URL-safe base64 is a configuration error."""
        with pytest.raises(KeyStoreError):
            CoCreation(env={"PERSISTENCE_MODULE": "eventsourcing.popo", MASTER_KEY: "c2hvcnQ="})

    def test_an_embedder_plugs_its_own_key_store(self) -> None:
        """A key store passed to the application holds the keys (e.g. a KMS adapter)."""
        keys = MemoryKeyStore()
        app = CoCreation(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, key_store=keys)
        anna = app.register_person("Anna Anker", on=DAY)
        assert keys.key(anna) is not None
        app.forget_person(anna, anna, on=DAY)
        assert keys.key(anna) is None


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

    def test_migrate_refuses_a_target_that_holds_events(self, app: CoCreation) -> None:
        """Migrating into a store with events raises MigrationError; nothing is copied."""
        app.register_person("Anna Anker", on=DAY)
        other = CoCreation(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
        other.register_person("Bo Berg", on=DAY)
        with pytest.raises(MigrationError):
            migrate(app, other)
        assert other.recorder.max_notification_id() == 1

    def test_cli_migrate_copies_into_a_new_file(self, tmp_path: Path) -> None:
        """`cocreation migrate SOURCE TARGET` reports the count; an existing TARGET is refused."""
        source = v1_copy(tmp_path)
        target = tmp_path / "sealed.sqlite"
        runner = CliRunner(env=NO_STORE_ENV)
        result = runner.invoke(main, ["migrate", str(source), str(target)])
        assert result.exit_code == 0, result.output
        app = CoCreation(env=sqlite_env(str(source)))
        total = app.recorder.max_notification_id()
        app.close()
        assert f"copied {total} events" in result.output
        again = runner.invoke(main, ["migrate", str(source), str(target)])
        assert again.exit_code == 2
        assert "exists" in again.output


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

    def test_r_pii_4_only_the_person_or_the_anchor_gets_it(self, app: CoCreation) -> None:
        """Another member is refused with NotPermitted; the anchor gets the same document."""
        s, _, person = self.story(app)
        other = next(p for p in s.persons.values() if p != person)
        with pytest.raises(NotPermitted):
            app.person_data(other, person)
        assert app.person_data(s.anchor, person) == app.person_data(person, person)

    def test_r_pii_4_a_forgotten_persons_document_holds_no_data(self, app: CoCreation) -> None:
        """After forgetting, the document still exists but every personal field is forgotten."""
        s, _, person = self.story(app)
        name = app.get_person(person).name
        app.forget_person(s.anchor, person, on=DAY)
        document = app.person_data(s.anchor, person)
        assert name not in json.dumps(document)
        assert document["person"]["name"] == FORGOTTEN

    def test_r_pii_4_cli_person_export_prints_the_document(self, tmp_path: Path) -> None:
        """`cocreation person-export PERSON` prints the JSON document of the person."""
        db = tmp_path / "events.sqlite"
        app = CoCreation(env=sqlite_env(str(db)))
        _, _, person = self.story(app)
        expected = app.person_data(person, person)
        app.close()
        result = CliRunner(env=NO_STORE_ENV).invoke(
            main, ["person-export", "--db", str(db), str(person)]
        )
        assert result.exit_code == 0, result.output
        assert expected == json.loads(result.output)


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
