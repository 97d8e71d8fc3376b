"""The mapper that seals personal fields on the way into the store and opens them on the way out.

An event class lists its personal fields in ``PERSONAL_FIELDS`` (only person events have
any, R-PII-1). When such an event says ``sealed`` (every event written since sealing began;
the upcasters of older, plaintext events say ``sealed=False``), each of those fields that
holds a value is stored as a :class:`~cocreation_domain.personal_data.sealing.Sealed`
value instead of its text. Reading opens every sealed value again with the event's
originator (the person) and the field's name, so the domain event in memory holds the
text, or ``"(forgotten)"`` once the person's key is destroyed.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Cipher, Compressor, Mapper, StoredEvent, Transcoder

from cocreation_domain.personal_data.sealing import PersonalFields

__all__ = ["PersonalDataMapper", "personal_fields_of"]

_FIELDS: dict[type, tuple[str, ...]] = {}


def personal_fields_of(cls: type) -> tuple[str, ...]:
    """The personal fields an event class declares in ``PERSONAL_FIELDS`` (none: ``()``)."""
    try:
        return _FIELDS[cls]
    except KeyError:
        fields = _FIELDS[cls] = tuple(getattr(cls, "PERSONAL_FIELDS", ()))
        return fields


class PersonalDataMapper(Mapper[UUID]):
    """eventsourcing's mapper, sealing and opening the personal fields of person events."""

    def __init__(
        self,
        transcoder: Transcoder,
        personal: PersonalFields,
        compressor: Compressor | None = None,
        cipher: Cipher | None = None,
    ) -> None:
        super().__init__(transcoder, compressor=compressor, cipher=cipher)
        self.personal = personal

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        """The stored event, with the personal fields of a sealed event sealed."""
        fields = personal_fields_of(type(domain_event))
        if fields:
            state: dict[str, Any] = dict(vars(domain_event))
            if state.get("sealed"):
                self.personal.seal_fields(state["originator_id"], state, fields)
                copy = object.__new__(type(domain_event))
                object.__setattr__(copy, "__dict__", state)
                domain_event = copy
        return super().to_stored_event(domain_event)

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        """The domain event, with every sealed personal field opened (or forgotten)."""
        domain_event = super().to_domain_event(stored_event)
        fields = personal_fields_of(type(domain_event))
        if fields:
            state = vars(domain_event)
            self.personal.open_fields(state["originator_id"], state, fields)
        return domain_event
