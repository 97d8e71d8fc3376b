"""Newsletter delivery by e-mail (R-NEWS-6): the outbox of deliveries and their states."""

from __future__ import annotations

import contextlib
from datetime import date
from uuid import UUID

from cocreation_domain.application.base import Base, _today
from cocreation_domain.application.retry import command
from cocreation_domain.model import (
    Delivery,
    Initiative,
    Newsletter,
    NotFound,
    Principal,
)


class DeliveryCommands(Base):
    """Newsletter delivery by e-mail (R-NEWS-6): the outbox of deliveries and their states."""

    @command
    def queue_deliveries(self, by: UUID, newsletter: UUID, *, on: date | None = None) -> int:
        """Queue the published newsletter for every recorded recipient not queued yet, by the
        anchor, in one save (the outbox, R-NEWS-6); returns how many were queued now.
        Sending them is :func:`cocreation_domain.documents.mail.send_newsletter`."""
        the_newsletter = self._get(Newsletter, newsletter)
        principal = self._principal(by, self._get(Initiative, the_newsletter.initiative))
        Delivery.require_sendable(principal, the_newsletter)
        day = _today(on)
        queued = [
            Delivery.queue(principal, day, the_newsletter, person)
            for person in sorted(the_newsletter.recipients)
            if not self._exists(Delivery, Delivery.id_for(newsletter, person))
        ]
        self.save(*queued)
        return len(queued)

    def deliveries_of(self, newsletter: UUID) -> list[Delivery]:
        """The queued deliveries of a newsletter, one per recipient, by person id."""
        recipients = self._get(Newsletter, newsletter).recipients
        found = []
        for person in sorted(recipients):
            with contextlib.suppress(NotFound):
                found.append(self._get(Delivery, Delivery.id_for(newsletter, person)))
        return found

    @command
    def attempt_delivery(
        self, by: UUID, delivery: UUID, *, resend_in_doubt: bool = False, on: date | None = None
    ) -> None:
        """Record, before the SMTP conversation, that a delivery is being sent (R-NEWS-6).
        One left in doubt by a crash is sent again only with ``resend_in_doubt``."""
        the_delivery, principal = self._delivery(by, delivery)
        the_delivery.attempt(principal, _today(on), resend_in_doubt=resend_in_doubt)
        self.save(the_delivery)

    @command
    def confirm_delivery(self, by: UUID, delivery: UUID, *, on: date | None = None) -> None:
        """Record that the SMTP server accepted the message (R-NEWS-6)."""
        the_delivery, principal = self._delivery(by, delivery)
        the_delivery.confirm(principal, _today(on))
        self.save(the_delivery)

    @command
    def fail_delivery(
        self, by: UUID, delivery: UUID, reason: str, *, on: date | None = None
    ) -> None:
        """Record that a delivery failed, and why (never the address, R-PII-1)."""
        the_delivery, principal = self._delivery(by, delivery)
        the_delivery.fail(principal, _today(on), reason)
        self.save(the_delivery)

    def _delivery(self, by: UUID, delivery: UUID) -> tuple[Delivery, Principal]:
        the_delivery = self._get(Delivery, delivery)
        newsletter = self._get(Newsletter, the_delivery.newsletter)
        return the_delivery, self._principal(by, self._get(Initiative, newsletter.initiative))
