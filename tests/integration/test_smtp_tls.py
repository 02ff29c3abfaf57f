"""TECHSTORE_SMTP_URL's two encrypted forms against a real SMTP server (aiosmtpd, started here) holding a
certificate made for the test: STARTTLS on a plain port (``smtp://...?starttls=true``) and TLS from the first byte
(``smtps://``), each signing in with the URL's percent-encoded user and password only once encrypted. The sender
checks the server's certificate (the CA is trusted through ``SSL_CERT_FILE``, as an installation trusts its
provider's), refuses to go on in the clear when STARTTLS is asked for and not offered, and refuses a certificate
it cannot trust. tests/unit/test_smtp_settings.py reads the URLs; this proves the conversation."""

from __future__ import annotations

import email
import ipaddress
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from techstore.application.notifications.ports import Rendered, RenderedFile, SendFailed
from techstore.domain.notifications.messages import Channel, Message
from techstore.infrastructure.notifications.smtp import SmtpMailSender
from tests.servers import free_port

MAIL_FROM = "TechStore <shop@example.test>"
USER, PASSWORD = "shop@example.test", "s/cret:pass"  # percent-encoded in the URL
URL_CREDENTIALS = "shop%40example.test:s%2Fcret%3Apass"


def _certificate(directory: Path, name: str) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (its own CA): the certificate's and the key's files."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                       critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256()))
    cert_file, key_file = directory / f"{name}.pem", directory / f"{name}.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


class Inbox:
    """Keeps each message accepted, with whether its session was encrypted and who signed in."""

    def __init__(self) -> None:
        self.received: list[tuple[bool, str | None, email.message.EmailMessage]] = []
        self.logins: list[tuple[str, str]] = []

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        login, password = auth_data.login.decode(), auth_data.password.decode()
        self.logins.append((login, password))
        return AuthResult(success=(login, password) == (USER, PASSWORD), auth_data=login)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, email.message.EmailMessage)
        encrypted = session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None
        self.received.append((encrypted, session.auth_data, message))
        return "250 OK"


@pytest.fixture
def trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
    """The server's TLS context; its certificate is the one the sender trusts (SSL_CERT_FILE, read by
    ``ssl.create_default_context`` when the sender connects)."""
    cert_file, key_file = _certificate(tmp_path, "smtp-test")
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return context


def _serve(inbox: Inbox, **tls: Any) -> Iterator[int]:
    """aiosmtpd offers AUTH only after STARTTLS (``auth_require_tls``); on an SMTPS port (``ssl_context``) the
    connection is encrypted before the first line, which aiosmtpd does not count, so AUTH is offered there."""
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), authenticator=inbox.authenticate,
                            auth_require_tls="ssl_context" not in tls, **tls)
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


def _message() -> Message:
    return Message(7, Channel.EMAIL, "ana@example.com", "Your repair R-000001 is ready", "repair_ready", {},
                   datetime.now(UTC))


RENDERED = Rendered("It is ready.", "<p>It is ready.</p>",
                    (RenderedFile("Invoice R-000001.pdf", "application/pdf", b"%PDF-1.7 test"),))


def test_starttls_encrypts_before_signing_in(trusted: ssl.SSLContext) -> None:
    inbox = Inbox()
    for port in _serve(inbox, tls_context=trusted, require_starttls=True):
        SmtpMailSender(f"smtp://{URL_CREDENTIALS}@127.0.0.1:{port}?starttls=true", MAIL_FROM,
                       timeout=10).send(_message(), RENDERED)
    ((encrypted, signed_in_as, message),) = inbox.received
    assert (encrypted, signed_in_as, inbox.logins) == (True, USER, [(USER, PASSWORD)])
    assert (str(message["Subject"]), str(message["To"]), str(message["From"])) == (
        "Your repair R-000001 is ready", "ana@example.com", MAIL_FROM)
    (attached,) = message.iter_attachments()
    assert (attached.get_filename(), attached.get_content()) == ("Invoice R-000001.pdf", b"%PDF-1.7 test")


def test_smtps_is_encrypted_from_the_first_byte(trusted: ssl.SSLContext) -> None:
    inbox = Inbox()
    for port in _serve(inbox, ssl_context=trusted):
        SmtpMailSender(f"smtps://{URL_CREDENTIALS}@127.0.0.1:{port}", MAIL_FROM, timeout=10).send(_message(),
                                                                                                 RENDERED)
    ((encrypted, signed_in_as, message),) = inbox.received
    assert (encrypted, signed_in_as, str(message["Subject"])) == (True, USER, "Your repair R-000001 is ready")


def test_starttls_asked_of_a_server_that_offers_none_sends_nothing_in_the_clear(trusted: ssl.SSLContext) -> None:
    inbox = Inbox()
    for port in _serve(inbox):
        with pytest.raises(SendFailed) as failed:
            SmtpMailSender(f"smtp://{URL_CREDENTIALS}@127.0.0.1:{port}?starttls=true", MAIL_FROM,
                           timeout=10).send(_message(), RENDERED)
    assert (inbox.received, inbox.logins) == ([], [])
    assert failed.value.permanent is False and "cret" not in failed.value.detail  # the password is never shown


def test_a_certificate_the_sender_cannot_trust_is_refused(trusted: ssl.SSLContext, tmp_path: Path) -> None:
    other_cert, other_key = _certificate(tmp_path, "untrusted")  # not the one SSL_CERT_FILE names
    untrusted = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    untrusted.load_cert_chain(other_cert, other_key)
    inbox = Inbox()
    for port in _serve(inbox, ssl_context=untrusted):
        with pytest.raises(SendFailed) as failed:
            SmtpMailSender(f"smtps://{URL_CREDENTIALS}@127.0.0.1:{port}", MAIL_FROM, timeout=10).send(_message(),
                                                                                                     RENDERED)
    assert (inbox.received, inbox.logins) == ([], [])
    assert "CERTIFICATE_VERIFY_FAILED" in failed.value.detail or "certificate" in failed.value.detail.lower()
