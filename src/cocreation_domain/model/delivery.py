"""Delivering a published newsletter to each recipient by e-mail (R-NEWS-6).

One :class:`Delivery` per recipient of a newsletter is the outbox: the anchor queues every
recipient in one save, and each send is recorded around the SMTP conversation — ``attempt``
before it, ``confirm`` (sent) or ``fail`` (with the reason) after it (lifecycle
``DELIVERY``). A run that is interrupted resumes with the recipients still ``queued``; nobody
confirmed is sent a second copy, and nobody queued is skipped. A crash *during* one SMTP
conversation leaves that one delivery ``attempting`` — in doubt, because the server may or
may not have accepted the message — and it is sent again only when asked to
(``resend_in_doubt``), with the same ``Message-ID``. Failed deliveries can be tried again.

A delivery holds person and newsletter ids only: addresses are read from the person when the
message is sent (R-PII-1).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID, uuid5

from cocreation_domain.model.base import CoCreationAggregate
from cocreation_domain.model.errors import RuleViolation
from cocreation_domain.model.lifecycles import DELIVERY, DeliveryState, NewsletterState
from cocreation_domain.model.rules import require_text
from cocreation_domain.model.values import Principal

if TYPE_CHECKING:
    from cocreation_domain.model.newsletter import Newsletter

__all__ = ["Delivery"]


class Delivery(CoCreationAggregate):
    """One recipient's copy of one published newsletter: queued, attempted, sent or failed."""

    TOPIC = "cocreation:Delivery"
    LIFECYCLE = DELIVERY

    if TYPE_CHECKING:  # assigned by events; a class annotation would make a dataclass
        newsletter: UUID
        person: UUID
        message_id: str
        attempts: int
        sent_on: date | None
        reason: str | None

    class Event(CoCreationAggregate.Event):
        """Base of this aggregate's events."""

    class Queued(Event, CoCreationAggregate.Created):
        TOPIC = "cocreation:Delivery.Queued"
        class_version = 1
        state: str
        newsletter: UUID
        person: UUID
        message_id: str

        def apply(self, aggregate: Delivery) -> None:
            aggregate.state = self.state
            aggregate.newsletter = self.newsletter
            aggregate.person = self.person
            aggregate.message_id = self.message_id
            aggregate.attempts = 0
            aggregate.sent_on = None
            aggregate.reason = None

    Created = Queued

    class Attempted(Event):
        TOPIC = "cocreation:Delivery.Attempted"
        class_version = 1
        state: str
        attempt: int

        def apply(self, aggregate: Delivery) -> None:
            aggregate.state = self.state
            aggregate.attempts = self.attempt

    class Sent(Event):
        TOPIC = "cocreation:Delivery.Sent"
        class_version = 1
        state: str

        def apply(self, aggregate: Delivery) -> None:
            aggregate.state = self.state
            aggregate.sent_on = self.occurred_on
            aggregate.reason = None

    class Failed(Event):
        TOPIC = "cocreation:Delivery.Failed"
        class_version = 1
        state: str
        reason: str

        def apply(self, aggregate: Delivery) -> None:
            aggregate.state = self.state
            aggregate.reason = self.reason

    # --- commands ------------------------------------------------------------------------

    @staticmethod
    def id_for(newsletter: UUID, person: UUID) -> UUID:
        """The one delivery of ``newsletter`` to ``person``: queuing it twice collides."""
        return uuid5(newsletter, f"delivery:{person}")

    @classmethod
    def queue(cls, by: Principal, on: date, newsletter: Newsletter, person: UUID) -> Delivery:
        """Queue the published ``newsletter`` for one of its recorded recipients, by the
        anchor (R-NEWS-6)."""
        cls.require_sendable(by, newsletter)
        if person not in newsletter.recipients:
            raise RuleViolation("R-NEWS-6", "the newsletter goes to its recorded recipients")
        return cls._create(
            cls.Queued,
            id=cls.id_for(newsletter.id, person),
            principal=by.person,
            occurred_on=on,
            state=DELIVERY.initial,
            newsletter=newsletter.id,
            person=person,
            message_id=f"<newsletter.{newsletter.id}.{person}@cocreation-domain>",
        )

    @classmethod
    def require_sendable(cls, by: Principal, newsletter: Newsletter) -> None:
        """R-NEWS-6: the anchor sends, and only a published newsletter."""
        cls._require_anchor(by, "send the newsletter")
        if newsletter.state != NewsletterState.PUBLISHED:
            raise RuleViolation("R-NEWS-6", "only a published newsletter is sent")

    def attempt(self, by: Principal, on: date, *, resend_in_doubt: bool = False) -> None:
        """Record that the message is about to be handed to the SMTP server (before the
        conversation). A delivery left in doubt by a crash is attempted again only with
        ``resend_in_doubt``."""
        self._require_anchor(by, "send the newsletter")
        trigger = (
            "resend_in_doubt"
            if resend_in_doubt and self.state == DeliveryState.ATTEMPTING
            else "attempt"
        )
        dest = self._destination(trigger)
        self._record(self.Attempted, by, on, state=dest, attempt=self.attempts + 1)

    def confirm(self, by: Principal, on: date) -> None:
        """Record that the SMTP server accepted the message."""
        self._require_anchor(by, "send the newsletter")
        self._record(self.Sent, by, on, state=self._destination("confirm"))

    def fail(self, by: Principal, on: date, reason: str) -> None:
        """Record that the message could not be delivered, and why (no address, refused by
        the server, ...). The reason must not hold the address (R-PII-1)."""
        self._require_anchor(by, "send the newsletter")
        dest = self._destination("fail")
        text = require_text(reason, "R-NEWS-6", "the reason a delivery failed")
        self._record(self.Failed, by, on, state=dest, reason=text)

    @property
    def in_doubt(self) -> bool:
        """Attempted, with no outcome recorded: a crash during the SMTP conversation."""
        return self.state == DeliveryState.ATTEMPTING
