"""R-NEWS-6: the published newsletter reaches every recipient once, by e-mail, in their language.

Every test sends through a real SMTP server (``aiosmtpd``, started by the test on
127.0.0.1) from a real SQLite store holding the demo story. The crash tests run
``cocreation send`` in a subprocess and kill it in the middle of the run.
"""

from __future__ import annotations

import asyncio
import email
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import date
from email.message import EmailMessage, Message
from email.policy import default
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from cocreation_domain import (
    CoCreation,
    LifecycleViolation,
    NotPermitted,
    RuleViolation,
    sqlite_env,
)
from cocreation_domain.demo import write_demo
from cocreation_domain.documents.build import newsletter_document
from cocreation_domain.documents.mail import (
    SmtpConfigError,
    SmtpSettings,
    render_email_html,
    send_newsletter,
)
from cocreation_domain.model import Delivery
from cocreation_domain.projections import current_view
from conftest import reaped  # type: ignore[import-not-found]

SENDER = "newsletter@vestby.example.dk"


class MailSink:
    """An SMTP server's handler that keeps what it accepts, refuses some recipients, and can
    hold the reply to the ``hold_at``-th message until released (to kill the client then)."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []
        self.refuse: set[str] = set()
        self.hold_at: int | None = None
        self.accept_held = False
        self.holding = threading.Event()
        self.release = threading.Event()
        self.seen = 0

    async def handle_RCPT(  # noqa: N802  (aiosmtpd's hook name)
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802  (aiosmtpd's hook name)
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        self.seen += 1
        content = envelope.original_content or b""
        if self.seen == self.hold_at:
            if self.accept_held:
                self.messages.append((list(envelope.rcpt_tos), content))
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 30)
            return "250 OK" if self.accept_held else "451 4.3.0 aborted"
        self.messages.append((list(envelope.rcpt_tos), content))
        return "250 OK"

    def received(self) -> dict[str, list[Message]]:
        """The messages by recipient address, parsed with ``email``."""
        by_address: dict[str, list[Message]] = {}
        for recipients, content in self.messages:
            for address in recipients:
                by_address.setdefault(address, []).append(
                    email.message_from_bytes(content, policy=default)
                )
        return by_address


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def sink() -> Iterator[tuple[MailSink, SmtpSettings]]:
    """A running SMTP server on 127.0.0.1 and the settings that reach it."""
    handler = MailSink()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, SmtpSettings(host="127.0.0.1", port=port, security="none", sender=SENDER)
    finally:
        handler.release.set()
        controller.stop()


class Demo:
    """The demo story in an SQLite file, and its first published newsletter."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.app = CoCreation(sqlite_env(str(db)))
        story = write_demo(self.app)
        self.anchor = story.anchor
        letters = self.app.newsletters_of(story.initiative)
        self.newsletter = next(n.id for n in letters if n.state == "published")
        self.recipients = sorted(self.app.get_newsletter(self.newsletter).recipients)
        self.reachable = [p for p in self.recipients if self.app.get_person(p).email]
        """The recipients with an address (the demo forgets one after publishing)."""

    def address(self, person: UUID) -> str:
        """The person's e-mail address, through the public query (the demo forgot one
        recipient after publishing: :meth:`addresses` leaves them out)."""
        address = self.app.get_person(person).email
        assert address is not None
        return address

    def addresses(self) -> dict[str, UUID]:
        """Every recipient with an address, by address."""
        return {self.address(p): p for p in self.recipients if self.app.get_person(p).email}

    def states(self) -> dict[UUID, str]:
        """Each recipient's delivery state, through a fresh application (another process)."""
        app = CoCreation(sqlite_env(str(self.db)))
        try:
            return {d.person: d.state for d in app.deliveries_of(self.newsletter)}
        finally:
            app.close()


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Demo]:
    """The demo story in a fresh SQLite file."""
    story = Demo(tmp_path / "demo.sqlite")
    yield story
    story.app.close()


def counts(received: dict[str, list[Message]]) -> dict[str, int]:
    """How many messages each address received."""
    return {address: len(messages) for address, messages in received.items()}


class TestSending:
    """R-NEWS-6: each recipient gets the published newsletter once."""

    def test_r_news_6_every_recipient_exactly_once(
        self, demo: Demo, sink: tuple[MailSink, SmtpSettings]
    ) -> None:
        """Every recorded recipient gets one message; sending again sends nobody a second."""
        server, settings = sink
        report = send_newsletter(demo.app, demo.anchor, demo.newsletter, settings)
        again = send_newsletter(demo.app, demo.anchor, demo.newsletter, settings)
        expected = dict.fromkeys(demo.addresses(), 1)
        assert expected == counts(server.received())
        assert sorted(report.sent) == sorted(demo.addresses().values())
        assert (again.sent, again.already_sent) == ((), len(demo.addresses()))
        assert set(demo.states().values()) == {"sent", "failed"}  # the demo forgot one

    def test_messages_carry_text_and_html_for_mail_clients(
        self, demo: Demo, sink: tuple[MailSink, SmtpSettings]
    ) -> None:
        """Each message parses with ``email``: multipart/alternative with a text/plain and a
        text/html part; the HTML lays out with tables, its styles inline (no style sheet,
        no CSS variables or grid), and the Message-ID is the delivery's."""
        server, settings = sink
        send_newsletter(demo.app, demo.anchor, demo.newsletter, settings)
        person = demo.reachable[0]
        (message,) = server.received()[demo.address(person)]
        assert isinstance(message, EmailMessage)
        assert message.get_content_type() == "multipart/alternative"
        parts = {part.get_content_type(): part for part in message.iter_parts()}
        assert set(parts) == {"text/plain", "text/html"}
        text = parts["text/plain"].get_content()
        html = parts["text/html"].get_content()
        initiative = "Safe in Vestby"
        assert initiative in text
        assert initiative in html
        assert "<table" in html
        assert 'style="' in html
        for web_only in ("<style", "var(--", "display: grid", "columns:"):
            assert web_only not in html
        (delivery,) = [d for d in demo.app.deliveries_of(demo.newsletter) if d.person == person]
        assert delivery.id == Delivery.id_for(demo.newsletter, person)
        assert message["Message-ID"] == delivery.message_id
        assert message["From"] == SENDER

    def test_r_news_6_each_in_their_language(
        self, demo: Demo, sink: tuple[MailSink, SmtpSettings]
    ) -> None:
        """A person who chose English reads the English newsletter; everyone else Danish
        (the default)."""
        server, settings = sink
        english, danish = demo.reachable[:2]
        demo.app.choose_language(english, english, "en")
        send_newsletter(demo.app, demo.anchor, demo.newsletter, settings)
        received = server.received()
        (en,) = received[demo.address(english)]
        (da,) = received[demo.address(danish)]
        expected = (
            ("Newsletter: Safe in Vestby", "en"),
            ("Nyhedsbrev: Safe in Vestby", "da"),
        )
        actual = (
            (en["Subject"], en["Content-Language"]),
            (da["Subject"], da["Content-Language"]),
        )
        assert expected == actual

    def test_a_language_outside_da_and_en_is_refused(self, demo: Demo) -> None:
        """R-NEWS-6: newsletters exist in Danish and English only."""
        person = demo.reachable[0]
        with pytest.raises(RuleViolation, match="R-NEWS-6"):
            demo.app.choose_language(person, person, "sv")
        assert demo.app.get_person(person).language == "da"

    def test_the_email_html_renders_in_both_languages(self, demo: Demo) -> None:
        """The e-mail HTML is translated: Danish headings in Danish, English in English."""
        document = newsletter_document(demo.app, current_view(demo.app), demo.newsletter)
        assert "Udviklingsplatformene" in render_email_html(document, "da")
        assert "The platforms" in render_email_html(document, "en")


class TestRecording:
    """Every delivery is recorded (sent, or failed with the reason), with person ids only."""

    def test_r_news_6_a_refused_recipient_is_recorded_failed_and_retried(
        self, demo: Demo, sink: tuple[MailSink, SmtpSettings]
    ) -> None:
        """A recipient the server refuses is recorded as failed with the server's reason
        (without the address); a retry after the fault is fixed delivers it, once."""
        server, settings = sink
        refused = demo.reachable[0]
        server.refuse.add(demo.address(refused))
        first = send_newsletter(demo.app, demo.anchor, demo.newsletter, settings)
        (delivery,) = [d for d in demo.app.deliveries_of(demo.newsletter) if d.person == refused]
        assert refused in first.failed
        assert (delivery.state, delivery.reason) == (
            "failed",
            "refused: 550 5.1.1 <<recipient>>: mailbox unavailable",
        )
        server.refuse.clear()
        plain = send_newsletter(demo.app, demo.anchor, demo.newsletter, settings)
        assert refused in plain.failed  # failures are retried only when asked
        retried = send_newsletter(
            demo.app, demo.anchor, demo.newsletter, settings, retry_failed=True
        )
        assert retried.sent == (refused,)
        assert dict.fromkeys(demo.addresses(), 1) == counts(server.received())

    def test_r_news_6_a_recipient_without_address_is_recorded_failed(
        self, demo: Demo, sink: tuple[MailSink, SmtpSettings]
    ) -> None:
        """A recipient who has no e-mail address (or was forgotten since publishing) is
        recorded as failed, "no e-mail address"; everyone else is sent."""
        _, settings = sink
        gone = demo.reachable[1]
        demo.app.forget_person(gone, gone)
        report = send_newsletter(demo.app, demo.anchor, demo.newsletter, settings)
        (delivery,) = [d for d in demo.app.deliveries_of(demo.newsletter) if d.person == gone]
        assert gone in report.failed
        assert (delivery.state, delivery.reason) == ("failed", "no e-mail address")
        assert sorted(report.sent) == sorted(set(demo.reachable) - {gone})

    def test_r_pii_1_delivery_events_hold_no_address_or_name(
        self, demo: Demo, sink: tuple[MailSink, SmtpSettings]
    ) -> None:
        """R-PII-1: the stored delivery events hold person ids, never an address or a name,
        also when the server's refusal quoted the address."""
        server, settings = sink
        server.refuse.add(demo.address(demo.reachable[0]))
        send_newsletter(demo.app, demo.anchor, demo.newsletter, settings)
        stored = b"".join(
            item.state
            for d in demo.app.deliveries_of(demo.newsletter)
            for item in demo.app.recorder.select_events(d.id)
        )
        assert stored
        for person in demo.reachable:
            the_person = demo.app.get_person(person)
            assert the_person.email is not None
            assert the_person.email.encode() not in stored
            assert the_person.name.encode() not in stored

    def test_r_news_6_the_delivery_lifecycle_refuses_a_second_send(self, demo: Demo) -> None:
        """R-NEWS-6: a delivery is attempted before it is confirmed; one attempted without an
        outcome (in doubt) is attempted again only as an explicit resend, and a sent one is
        never attempted or confirmed again."""
        demo.app.queue_deliveries(demo.anchor, demo.newsletter)
        (delivery, *_) = demo.app.deliveries_of(demo.newsletter)
        with pytest.raises(LifecycleViolation):
            demo.app.confirm_delivery(demo.anchor, delivery.id)
        demo.app.attempt_delivery(demo.anchor, delivery.id)
        with pytest.raises(LifecycleViolation) as refused:
            demo.app.attempt_delivery(demo.anchor, delivery.id)
        assert refused.value.allowed == ("confirm", "fail", "resend_in_doubt")
        demo.app.attempt_delivery(demo.anchor, delivery.id, resend_in_doubt=True)
        demo.app.confirm_delivery(demo.anchor, delivery.id)
        send_again: list[Callable[[], None]] = [
            lambda: demo.app.attempt_delivery(demo.anchor, delivery.id, resend_in_doubt=True),
            lambda: demo.app.confirm_delivery(demo.anchor, delivery.id),
        ]
        for again in send_again:
            with pytest.raises(LifecycleViolation):
                again()
        after = demo.app.deliveries_of(demo.newsletter)[0]
        assert (after.attempts, after.state, after.sent_on) == (2, "sent", date.today())
        assert demo.app.queue_deliveries(demo.anchor, demo.newsletter) == 0

    def test_r_news_6_only_the_anchor_sends(
        self, demo: Demo, sink: tuple[MailSink, SmtpSettings]
    ) -> None:
        """R-NEWS-6 (permission: anchor): anyone else is refused before anything is
        recorded or sent."""
        server, settings = sink
        before = demo.app.recorder.max_notification_id()
        with pytest.raises(NotPermitted):
            send_newsletter(demo.app, demo.reachable[0], demo.newsletter, settings)
        assert (before, []) == (demo.app.recorder.max_notification_id(), server.messages)


def run_cli_send(demo: Demo, settings: SmtpSettings, *extra: str) -> subprocess.Popen[bytes]:
    """``cocreation send`` in a child process, against the sink."""
    env = {
        **os.environ,
        "SMTP_HOST": settings.host,
        "SMTP_PORT": str(settings.port),
        "SMTP_SECURITY": "none",
        "SMTP_FROM": SENDER,
    }
    command = [
        sys.executable, "-m", "cocreation_domain.cli", "--db", str(demo.db),
        "send", str(demo.newsletter), "--as", str(demo.anchor), *extra,
    ]  # fmt: skip
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def kill_while_held(demo: Demo, server: MailSink, settings: SmtpSettings, at: int) -> None:
    """Run ``cocreation send`` and kill it (SIGKILL) while the server holds its reply to the
    ``at``-th message."""
    server.hold_at = at
    child = run_cli_send(demo, settings)
    with reaped(child):
        assert server.holding.wait(60), "the child never reached the held message"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(30)
    server.release.set()
    server.hold_at = None


class TestCrash:
    """R-NEWS-6: a run killed in the middle resumes without a second copy and skips nobody."""

    def test_r_news_6_killed_before_the_server_accepted(
        self, demo: Demo, sink: tuple[MailSink, SmtpSettings]
    ) -> None:
        """Killed while the server had not accepted the third message: two are sent, one is
        in doubt, the rest queued. Resuming sends the queued ones and leaves the one in
        doubt alone; resending it (same Message-ID) completes the run: every recipient got
        exactly one message."""
        server, settings = sink
        kill_while_held(demo, server, settings, at=3)
        states = demo.states()
        assert sorted(states.values()).count("sent") == 2
        (doubtful,) = [p for p, s in states.items() if s == "attempting"]
        resumed = run_cli_send(demo, settings)
        out, _ = resumed.communicate(timeout=60)
        assert resumed.returncode == 1  # one delivery still in doubt
        assert b"in doubt 1" in out
        assert demo.address(doubtful) not in server.received()
        finished = run_cli_send(demo, settings, "--resend-in-doubt")
        out, _ = finished.communicate(timeout=60)
        assert out.startswith(b"sent 1, failed 1, in doubt 0")  # failed: the forgotten one
        assert dict.fromkeys(demo.addresses(), 1) == counts(server.received())
        assert set(demo.states().values()) == {"sent", "failed"}  # failed: the forgotten one

    def test_r_news_6_killed_after_the_server_accepted(
        self, demo: Demo, sink: tuple[MailSink, SmtpSettings]
    ) -> None:
        """Killed after the server accepted the third message but before the sender heard
        so: resuming does not send that one again (never a second copy) and sends all the
        others."""
        server, settings = sink
        server.accept_held = True
        kill_while_held(demo, server, settings, at=3)
        resumed = run_cli_send(demo, settings)
        resumed.communicate(timeout=60)
        assert dict.fromkeys(demo.addresses(), 1) == counts(server.received())
        assert sorted(demo.states().values()).count("attempting") == 1


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (made with the openssl command) and its key."""
    directory = tmp_path_factory.mktemp("tls")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


class Login:
    """An aiosmtpd authenticator that accepts one user name and password."""

    def __init__(self) -> None:
        self.logins: list[str] = []

    def __call__(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"nl", b"pw")
        if ok:
            self.logins.append(mechanism)
        return AuthResult(success=ok, handled=False)


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_starttls_and_ssl_with_login(
    demo: Demo, certificate: tuple[Path, Path], security: str
) -> None:
    """SMTP_SECURITY=starttls upgrades the connection before logging in (the server refuses
    mail otherwise), ssl speaks TLS from the start; the server's certificate is checked
    against SMTP_CA_FILE, and the newsletter goes out to everyone once."""
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    handler, login, port = MailSink(), Login(), free_port()
    # Implicit TLS is TLS from the first byte; aiosmtpd only counts STARTTLS as TLS.
    options: dict[str, Any] = {"authenticator": login, "auth_require_tls": security != "ssl"}
    if security == "starttls":
        controller = Controller(
            handler, hostname="127.0.0.1", port=port,
            tls_context=context, require_starttls=True, **options,
        )  # fmt: skip
    else:
        controller = Controller(
            handler, hostname="127.0.0.1", port=port, ssl_context=context, **options
        )  # fmt: skip
    controller.start()
    try:
        settings = SmtpSettings.from_env(
            {
                "SMTP_HOST": "127.0.0.1",
                "SMTP_PORT": str(port),
                "SMTP_SECURITY": security,
                "SMTP_USER": "nl",
                "SMTP_PASSWORD": "pw",
                "SMTP_FROM": SENDER,
                "SMTP_CA_FILE": str(cert),
            }
        )
        report = send_newsletter(demo.app, demo.anchor, demo.newsletter, settings)
    finally:
        controller.stop()
    assert dict.fromkeys(demo.addresses(), 1) == counts(handler.received())
    assert len(report.sent) == len(demo.reachable)
    assert login.logins  # logged in (over TLS: the server requires it)


def test_an_untrusted_certificate_is_refused_before_anything_is_sent(
    demo: Demo, certificate: tuple[Path, Path]
) -> None:
    """Without the server's CA in SMTP_CA_FILE (or the system's), STARTTLS fails: nothing is
    attempted, every delivery stays queued for the next run."""
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    handler, port = MailSink(), free_port()
    controller = Controller(
        handler, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True
    )  # fmt: skip
    controller.start()
    try:
        settings = SmtpSettings(host="127.0.0.1", port=port, sender=SENDER)
        with pytest.raises(ssl.SSLCertVerificationError):
            send_newsletter(demo.app, demo.anchor, demo.newsletter, settings)
    finally:
        controller.stop()
    assert handler.messages == []
    assert set(demo.states().values()) == {"queued"}


class TestSettings:
    """SMTP settings come from the environment."""

    def test_defaults_and_values(self) -> None:
        """Host and sender are required; STARTTLS on port 587 by default; SSL on 465; the
        password is never shown in the settings' repr."""
        plain = SmtpSettings.from_env({"SMTP_HOST": "mail.example", "SMTP_FROM": SENDER})
        tls = SmtpSettings.from_env(
            {
                "SMTP_HOST": "mail.example",
                "SMTP_FROM": SENDER,
                "SMTP_SECURITY": "SSL",
                "SMTP_USER": "u",
                "SMTP_PASSWORD": "s3cret-pw",
                "SMTP_TIMEOUT": "5",
            }
        )
        expected = (("starttls", 587, None), ("ssl", 465, "u", "s3cret-pw", 5.0))
        actual = (
            (plain.security, plain.effective_port, plain.user),
            (tls.security, tls.effective_port, tls.user, tls.password, tls.timeout),
        )
        assert expected == actual
        assert "s3cret-pw" not in repr(tls)

    @pytest.mark.parametrize(
        "env",
        [
            {"SMTP_FROM": SENDER},
            {"SMTP_HOST": "mail.example"},
            {"SMTP_HOST": "mail.example", "SMTP_FROM": SENDER, "SMTP_SECURITY": "tls13"},
            {"SMTP_HOST": "mail.example", "SMTP_FROM": SENDER, "SMTP_PORT": "smtp"},
        ],
    )
    def test_missing_or_malformed_settings_are_refused(self, env: dict[str, str]) -> None:
        """A missing host or sender, an unknown security or a non-numeric port is refused."""
        with pytest.raises(SmtpConfigError):
            SmtpSettings.from_env(env)
