"""Email over SMTP with the standard library (``smtplib``, ``email.message.EmailMessage``).

Why the standard library: it speaks SMTP, STARTTLS, SSL and AUTH, and builds MIME messages with attachments;
the worker sends one message at a time from a thread of its own, so an async client (aiosmtplib) would buy
nothing, and no dependency is needed.

``TECHSTORE_SMTP_URL``: ``smtp://user:pass@host:587?starttls=true`` (STARTTLS), ``smtps://user:pass@host:465``
(SSL from the first byte) or ``smtp://localhost:1025`` (plain, for a local test server). The password is read
from the URL and never written anywhere: errors name the host only.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlsplit

import attrs

from techstore.application.notifications.ports import Rendered, SendFailed
from techstore.domain.notifications.messages import Message

DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
TIMEOUT_SECONDS = 30.0


@attrs.frozen
class SmtpServer:
    host: str
    port: int
    ssl: bool  # smtps: TLS from the first byte
    starttls: bool
    username: str | None = attrs.field(default=None, repr=False)
    password: str | None = attrs.field(default=None, repr=False)

    @classmethod
    def from_url(cls, url: str) -> SmtpServer:
        parts = urlsplit(url)
        if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
            raise ValueError("not an smtp:// or smtps:// URL")
        query = dict(pair.partition("=")[::2] for pair in parts.query.split("&") if pair)
        return cls(parts.hostname, parts.port or DEFAULT_PORTS[parts.scheme], parts.scheme == "smtps",
                   query.get("starttls") == "true",
                   unquote(parts.username) if parts.username else None,
                   unquote(parts.password) if parts.password else None)


def email_of(message: Message, rendered: Rendered, sender: str) -> EmailMessage:
    """The MIME message: text (and HTML) body, each attachment as a part of its own."""
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = sender
    email["To"] = message.to
    domain = sender.rpartition("@")[2].strip("> ") or None
    email["Message-ID"] = make_msgid(f"outbox-{message.id}", domain=domain)
    email.set_content(rendered.text)
    if rendered.html is not None:
        email.add_alternative(rendered.html, subtype="html")
    for file in rendered.files:
        maintype, _, subtype = file.content_type.partition("/")
        email.add_attachment(file.data, maintype=maintype, subtype=subtype or "octet-stream",
                             filename=file.filename)
    return email


class SmtpMailSender:
    """One connection per message: the worker sends few, and a dropped connection costs one message at most."""

    def __init__(self, url: str, sender: str, timeout: float = TIMEOUT_SECONDS) -> None:
        self._server = SmtpServer.from_url(url)
        self._sender = sender
        self._timeout = timeout

    @property
    def server(self) -> SmtpServer:
        return self._server

    def _connect(self) -> smtplib.SMTP:
        server = self._server
        context = ssl.create_default_context()
        if server.ssl:
            return smtplib.SMTP_SSL(server.host, server.port, timeout=self._timeout, context=context)
        client = smtplib.SMTP(server.host, server.port, timeout=self._timeout)
        if server.starttls:
            client.starttls(context=context)
        return client

    def send(self, message: Message, rendered: Rendered) -> None:
        email = email_of(message, rendered, self._sender)
        where = f"{self._server.host}:{self._server.port}"
        try:
            with self._connect() as client:
                if self._server.username:
                    client.login(self._server.username, self._server.password or "")
                client.send_message(email)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            raise SendFailed(f"{where} refused the recipient: {_codes(error.recipients)}",
                             permanent=all(code >= 500 for code in codes)) from None
        except smtplib.SMTPResponseException as error:
            text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) \
                else str(error.smtp_error)
            raise SendFailed(f"{where} answered {error.smtp_code} {text}") from None
        except (smtplib.SMTPException, OSError) as error:
            raise SendFailed(f"{where}: {type(error).__name__}: {error}") from None


def _codes(recipients: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(f"{code} {reply.decode(errors='replace')}" for code, reply in recipients.values())


def build_mail_sender(url: str, sender: str) -> SmtpMailSender | None:
    """The SMTP sender the settings describe, or None without ``TECHSTORE_SMTP_URL`` (email stays unsent)."""
    return SmtpMailSender(url, sender) if url else None
