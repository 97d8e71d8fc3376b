"""R-PII-3 and R-PII-4 on plain objects: fresh nonces, missing keys, tampering, master and
embedder key stores, refused migrations and who gets a person's document. At rest in the
stores: ``tests/integration/test_privacy.py``."""

from __future__ import annotations

import json

import pytest

from cocreation_domain import CoCreation
from cocreation_domain.migration import MigrationError, migrate
from cocreation_domain.model import (
    FORGOTTEN,
    NotPermitted,
    Person,
    PersonalDataTampered,
)
from cocreation_domain.personal_data import (
    MASTER_KEY,
    KeyStoreError,
    MemoryKeyStore,
)
from cocreation_domain.testing.scenario import Scenario
from integration.test_privacy import DAY, stored_state  # type: ignore[import-not-found]
from integration.test_privacy import TestPersonData as _PersonData
from integration.test_privacy import TestTampering as _Tampering


class TestSealedAtRest:
    """R-PII-3: every personal field is stored only as ciphertext sealed with the person's key."""

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

    moved = _Tampering.moved

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


class TestMasterKey:
    """R-PII-3: keys in the table can be wrapped with a master key from the environment."""

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


class TestMigrate:
    """R-PII-3: `migrate` copies a store into a new one with every personal field sealed."""

    def test_migrate_refuses_a_target_that_holds_events(self, app: CoCreation) -> None:
        """Migrating into a store with events raises MigrationError; nothing is copied."""
        app.register_person("Anna Anker", on=DAY)
        other = CoCreation(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
        other.register_person("Bo Berg", on=DAY)
        with pytest.raises(MigrationError):
            migrate(app, other)
        assert other.recorder.max_notification_id() == 1


class TestPersonData:
    """R-PII-4: a person, or the anchor on their behalf, gets everything stored about them."""

    story = _PersonData.story

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
