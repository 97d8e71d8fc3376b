"""Personal fields sealed with their person's key: AES-256-GCM, one fresh nonce per value.

A sealed value is bound to its person and field: the person's id and the field's name are
the associated data, so a ciphertext copied into another person's event, or into another
field, fails authentication and is reported as :class:`PersonalDataTampered`. With the
person's key destroyed, every sealed field reads as ``"(forgotten)"``, never an error.

>>> from cocreation_domain.personal_data.keys import MemoryKeyStore
>>> fields = PersonalFields(MemoryKeyStore())
>>> anna = UUID(int=1)
>>> sealed = fields.seal(anna, "name", "Anna Anker")
>>> "Anna" in repr(sealed), fields.open(anna, "name", sealed)
(False, 'Anna Anker')
>>> fields.keys.destroy(anna)
>>> fields.open(anna, "name", sealed)
'(forgotten)'
"""

from __future__ import annotations

import base64
import os
from typing import Any
from uuid import UUID

import attrs
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import Transcoding

from cocreation_domain.model import FORGOTTEN, PersonalDataTampered
from cocreation_domain.personal_data.keys import NONCE_SIZE, KeyStore

__all__ = ["PersonalFields", "Sealed", "SealedAsText"]


@attrs.frozen(repr=False)
class Sealed:
    """One personal field as stored: a 96-bit nonce and the AES-GCM ciphertext (with tag)."""

    nonce: bytes
    ciphertext: bytes

    def __repr__(self) -> str:
        return f"Sealed(<{len(self.ciphertext) - 16} bytes>)"


class SealedAsText(Transcoding):
    """A sealed value stored as URL-safe base64 of nonce and ciphertext."""

    type = Sealed
    name = "sealed"

    def encode(self, obj: Sealed) -> str:
        return base64.urlsafe_b64encode(obj.nonce + obj.ciphertext).decode("ascii")

    def decode(self, data: str) -> Sealed:
        raw = base64.urlsafe_b64decode(data.encode("ascii"))
        return Sealed(nonce=raw[:NONCE_SIZE], ciphertext=raw[NONCE_SIZE:])


def _associated(person: UUID, field: str) -> bytes:
    return person.bytes + field.encode("utf-8")


class PersonalFields:
    """Seals and opens a person's fields with the person's key from ``keys``."""

    def __init__(self, keys: KeyStore) -> None:
        self.keys = keys

    def seal(self, person: UUID, field: str, text: str) -> Sealed:
        """``text`` sealed with the person's key (made now if they have none)."""
        return _seal(AESGCM(self.keys.key_or_new(person)), person, field, text)

    def open(self, person: UUID, field: str, sealed: Sealed) -> str:
        """The text inside ``sealed``; ``"(forgotten)"`` once the person's key is destroyed.

        Raises :class:`~cocreation_domain.model.PersonalDataTampered` when the value does not
        authenticate as this person's ``field`` (moved, altered or forged).
        """
        key = self.keys.key(person)
        return FORGOTTEN if key is None else _open(AESGCM(key), person, field, sealed)

    def seal_fields(self, person: UUID, state: dict[str, Any], fields: tuple[str, ...]) -> None:
        """Seal, in place, each of ``fields`` of an event's ``state`` that holds text (one key
        lookup for them all)."""
        aead: AESGCM | None = None
        for field in fields:
            text = state.get(field)
            if text is not None:
                aead = aead or AESGCM(self.keys.key_or_new(person))
                state[field] = _seal(aead, person, field, text)

    def open_fields(self, person: UUID, state: dict[str, Any], fields: tuple[str, ...]) -> None:
        """Open, in place, each sealed one of ``fields`` of an event's ``state`` (one key
        lookup for them all); with the key gone they read as ``"(forgotten)"``."""
        aead: AESGCM | None = None
        looked_up = False
        for field in fields:
            value = state.get(field)
            if type(value) is not Sealed:
                continue
            if not looked_up:
                key = self.keys.key(person)
                aead = None if key is None else AESGCM(key)
                looked_up = True
            state[field] = FORGOTTEN if aead is None else _open(aead, person, field, value)


def _seal(aead: AESGCM, person: UUID, field: str, text: str) -> Sealed:
    nonce = os.urandom(NONCE_SIZE)
    return Sealed(nonce, aead.encrypt(nonce, text.encode("utf-8"), _associated(person, field)))


def _open(aead: AESGCM, person: UUID, field: str, sealed: Sealed) -> str:
    try:
        plain = aead.decrypt(sealed.nonce, sealed.ciphertext, _associated(person, field))
    except InvalidTag:
        raise PersonalDataTampered(person, field) from None
    return plain.decode("utf-8")
