"""Sending a published newsletter by e-mail to every recorded recipient, once (R-NEWS-6).

Each recipient gets a multipart message: the newsletter as plain text (its Markdown) and as
HTML built for mail clients (tables, the style sheet inlined by ``css-inline``), in the
recipient's language (:attr:`~cocreation_domain.model.Person.language`, Danish by default).

Every delivery goes through the outbox of :class:`~cocreation_domain.model.Delivery`: the
anchor queues every recipient in one save, and each message is recorded as attempted before
the SMTP conversation and as sent or failed (with the reason) after it. Run
:func:`send_newsletter` again after a crash and it sends the recipients still queued: nobody
gets a second copy and nobody is skipped. A crash *during* one conversation leaves that one
delivery in doubt (the server may have accepted it); it is resent only with
``resend_in_doubt=True``, with the same ``Message-ID`` so receiving systems can drop a
duplicate. Failed deliveries are tried again with ``retry_failed=True``.

SMTP settings come from the environment (:meth:`SmtpSettings.from_env`):

========================  ===========================================================
``SMTP_HOST``             the server (required)
``SMTP_PORT``             its port (default 587 with STARTTLS, 465 with SSL, else 25)
``SMTP_SECURITY``         ``starttls`` (default), ``ssl`` or ``none``
``SMTP_USER``             user name to log in with (no login without it)
``SMTP_PASSWORD``         its password
``SMTP_FROM``             the sender address (required)
``SMTP_TIMEOUT``          seconds to wait for the server (default 30)
``SMTP_CA_FILE``          PEM file of the certificates to trust (default: the system's)
========================  ===========================================================
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from typing import Literal, get_args
from uuid import UUID

import attrs
import css_inline

from cocreation_domain.application import CoCreation
from cocreation_domain.documents.build import newsletter_document
from cocreation_domain.documents.i18n import Language, translations
from cocreation_domain.documents.newsletter import render_newsletter
from cocreation_domain.documents.rendering import environment
from cocreation_domain.documents.views import NewsletterDocument
from cocreation_domain.model import DeliveryState
from cocreation_domain.projections import current_view

__all__ = [
    "DeliveryReport",
    "Security",
    "SmtpSettings",
    "newsletter_message",
    "render_email_html",
    "send_newsletter",
]

Security = Literal["starttls", "ssl", "none"]
SECURITIES: tuple[Security, ...] = get_args(Security)

_DEFAULT_PORTS: Mapping[Security, int] = {"starttls": 587, "ssl": 465, "none": 25}


class SmtpConfigError(ValueError):
    """The SMTP settings in the environment are missing or malformed."""


@attrs.frozen
class SmtpSettings:
    """Where and how to hand messages to an SMTP server."""

    host: str
    sender: str
    port: int = 0
    """0: the default port of ``security``."""
    security: Security = "starttls"
    user: str | None = None
    password: str | None = attrs.field(default=None, repr=False)
    timeout: float = 30.0
    ca_file: str | None = None
    """Certificates to trust for TLS (PEM), e.g. an intranet's own CA; else the system's."""

    @property
    def effective_port(self) -> int:
        """The port to connect to."""
        return self.port or _DEFAULT_PORTS[self.security]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SmtpSettings:
        """The settings from ``SMTP_*`` variables (of ``env``, else the process
        environment); raises :class:`SmtpConfigError` naming what is missing or wrong."""
        source = os.environ if env is None else env
        host, sender = source.get("SMTP_HOST", ""), source.get("SMTP_FROM", "")
        missing = [
            name for name, value in (("SMTP_HOST", host), ("SMTP_FROM", sender)) if not value
        ]
        if missing:
            raise SmtpConfigError(f"set {' and '.join(missing)} to send e-mail")
        security = source.get("SMTP_SECURITY", "starttls").lower()
        if security not in SECURITIES:
            raise SmtpConfigError(f"SMTP_SECURITY must be one of {', '.join(SECURITIES)}")
        try:
            port = int(source.get("SMTP_PORT") or 0)
            timeout = float(source.get("SMTP_TIMEOUT") or 30)
        except ValueError as error:
            raise SmtpConfigError(f"SMTP_PORT and SMTP_TIMEOUT must be numbers: {error}") from None
        return cls(
            host=host,
            sender=sender,
            port=port,
            security=security,
            user=source.get("SMTP_USER") or None,
            password=source.get("SMTP_PASSWORD") or None,
            timeout=timeout,
            ca_file=source.get("SMTP_CA_FILE") or None,
        )


@contextmanager
def smtp_connection(settings: SmtpSettings) -> Iterator[smtplib.SMTP]:
    """An SMTP connection as ``settings`` say: TLS from the start (``ssl``), upgraded
    (``starttls``, certificate verified) or plain (``none``); logged in when a user is set."""
    context = ssl.create_default_context(cafile=settings.ca_file)
    port = settings.effective_port
    smtp: smtplib.SMTP
    if settings.security == "ssl":
        smtp = smtplib.SMTP_SSL(settings.host, port, timeout=settings.timeout, context=context)
    else:
        smtp = smtplib.SMTP(settings.host, port, timeout=settings.timeout)
    try:
        if settings.security == "starttls":
            smtp.starttls(context=context)
        if settings.user:
            smtp.login(settings.user, settings.password or "")
        yield smtp
    finally:
        try:
            smtp.quit()
        except smtplib.SMTPException:
            smtp.close()


def render_email_html(document: NewsletterDocument, language: Language = "da") -> str:
    """The newsletter as HTML for mail clients: table layout, every style inline."""
    html = environment(language).get_template("newsletter.email.html.j2").render(doc=document)
    return css_inline.inline(html, load_remote_stylesheets=False)


def newsletter_message(
    document: NewsletterDocument,
    language: Language,
    sender: str,
    to: str,
    message_id: str,
    *,
    to_name: str | None = None,
) -> EmailMessage:
    """One recipient's message: plain text (Markdown) and HTML alternatives in
    ``language``, with the delivery's stable ``Message-ID``."""
    _ = translations(language).gettext
    message = EmailMessage()
    message["Subject"] = f"{_('Newsletter')}: {document.initiative}"
    message["From"] = sender
    message["To"] = formataddr((to_name, to)) if to_name else to
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = message_id
    message.set_content(render_newsletter(document, language, "md"))
    message.add_alternative(render_email_html(document, language), subtype="html")
    message["Content-Language"] = language  # after the content: set_content clears Content-*
    return message


@attrs.frozen
class DeliveryReport:
    """What a run of :func:`send_newsletter` did, by person id."""

    sent: tuple[UUID, ...] = ()
    failed: tuple[UUID, ...] = ()
    in_doubt: tuple[UUID, ...] = ()
    """Left attempting by an earlier crash and not resent (``resend_in_doubt`` resends)."""
    already_sent: int = 0


Mailer = Callable[[EmailMessage], None]
"""Hands one message to the SMTP server; raises on refusal."""


def _without_address(text: str, address: str | None) -> str:
    """An SMTP error text without the recipient's address (R-PII-1: it is recorded)."""
    if address:
        text = re.sub(re.escape(address), "<recipient>", text, flags=re.IGNORECASE)
    return " ".join(text.split()) or "refused"


def _text(data: bytes | str) -> str:
    return data.decode(errors="replace") if isinstance(data, bytes) else data


def _reason(error: Exception, address: str | None) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [
            f"{code} {msg.decode(errors='replace')}" for code, msg in error.recipients.values()
        ]
        return _without_address("refused: " + "; ".join(codes), address)
    if isinstance(error, smtplib.SMTPResponseException):
        return _without_address(f"{error.smtp_code} {_text(error.smtp_error)}", address)
    return _without_address(f"{type(error).__name__}: {error}", address)


def send_newsletter(
    app: CoCreation,
    by: UUID,
    newsletter: UUID,
    settings: SmtpSettings,
    *,
    retry_failed: bool = False,
    resend_in_doubt: bool = False,
    on: date | None = None,
) -> DeliveryReport:
    """Send the published ``newsletter`` to every recorded recipient not sent yet, by the
    anchor ``by``, through the SMTP server of ``settings`` (R-NEWS-6).

    Queues every recipient first (once), then sends the queued ones — and the failed ones
    with ``retry_failed``, the ones in doubt with ``resend_in_doubt`` — recording each
    attempt before the SMTP conversation and its outcome after it. A recipient without an
    e-mail address (or forgotten since) is recorded as failed. Addresses and languages are
    read through the application's public queries when each message is built.
    """
    app.queue_deliveries(by, newsletter, on=on)
    with smtp_connection(settings) as smtp:
        return _send_queued(
            app, by, newsletter, settings.sender, smtp.send_message,
            retry_failed=retry_failed, resend_in_doubt=resend_in_doubt, on=on,
        )  # fmt: skip


def _send_queued(
    app: CoCreation,
    by: UUID,
    newsletter: UUID,
    sender: str,
    mail: Callable[[EmailMessage], object],
    *,
    retry_failed: bool,
    resend_in_doubt: bool,
    on: date | None,
) -> DeliveryReport:
    document = newsletter_document(app, current_view(app), newsletter)
    sent: list[UUID] = []
    failed: list[UUID] = []
    in_doubt: list[UUID] = []
    already = 0
    for delivery in app.deliveries_of(newsletter):
        if delivery.state == DeliveryState.SENT:
            already += 1
            continue
        if delivery.in_doubt and not resend_in_doubt:
            in_doubt.append(delivery.person)
            continue
        if delivery.state == DeliveryState.FAILED and not retry_failed:
            failed.append(delivery.person)
            continue
        person = app.get_person(delivery.person)
        address = None if person.is_forgotten else person.email
        if not address:
            if delivery.state != DeliveryState.FAILED:  # a failed one stays failed, with its reason
                app.fail_delivery(by, delivery.id, "no e-mail address", on=on)
            failed.append(delivery.person)
            continue
        language: Language = "en" if person.language == "en" else "da"
        message = newsletter_message(
            document, language, sender, address, delivery.message_id, to_name=person.name
        )
        app.attempt_delivery(by, delivery.id, resend_in_doubt=resend_in_doubt, on=on)
        try:
            mail(message)
        except (smtplib.SMTPException, OSError) as error:
            if isinstance(error, smtplib.SMTPServerDisconnected | ConnectionError):
                raise  # the outcome is unknown: the delivery stays in doubt
            app.fail_delivery(by, delivery.id, _reason(error, address), on=on)
            failed.append(delivery.person)
        else:
            app.confirm_delivery(by, delivery.id, on=on)
            sent.append(delivery.person)
    return DeliveryReport(
        sent=tuple(sent), failed=tuple(failed), in_doubt=tuple(in_doubt), already_sent=already
    )
