"""What the notification use cases need from the outside world.

``Outbox`` is a member of the shared unit of work (``uow.outbox``), so any context writes a message in the
transaction of the change that causes it. The worker claims due messages (a lease, so two workers never send
one message and a killed worker's messages come back), renders them (``MessageRenderer``) and sends them
(``MailSender``, ``SmsSender``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol

import attrs

from techstore.application.shared.pages import Page, PageRequest
from techstore.application.shared.unit_of_work import UnitOfWork
from techstore.domain.notifications.messages import Channel, Message, MessageStatus


class Outbox(Protocol):
    def add(self, message: Message) -> Message:
        """Write a new message (its ``id`` is set) in the caller's transaction."""
        ...

    def get(self, message_id: int) -> Message | None: ...

    def list(self, status: MessageStatus | None, page: PageRequest) -> Page[Message]:
        """Newest first, of one status or all; one statement whatever the page size."""
        ...

    def for_repair(self, repair_id: int) -> Sequence[Message]:
        """The repair's messages, oldest first."""
        ...

    def claim_due(self, now: datetime, lease_until: datetime, limit: int,
                  channels: Collection[Channel] | None = None) -> Sequence[Message]:
        """Up to ``limit`` unsent messages due at ``now`` (of ``channels``, all when None) that no worker holds,
        oldest due first, held by the caller until ``lease_until``: no other claim takes them before then,
        whatever runs at once. A message whose lease has passed (its worker died) can be claimed again. The
        claim counts once the caller's transaction commits."""
        ...

    def mark_sent(self, message_id: int, sent_at: datetime) -> None:
        """Sent: one more attempt, no lease, no error."""
        ...

    def mark_retry(self, message_id: int, error: str, next_attempt_at: datetime) -> None:
        """A failed try: one more attempt, tried again from ``next_attempt_at``; no lease."""
        ...

    def mark_failed(self, message_id: int, error: str) -> None:
        """Given up: one more attempt, status ``failed``; no lease."""
        ...

    def retry(self, message_id: int, now: datetime) -> None:
        """A failed message becomes unsent and due now; its day of tries starts at ``now``."""
        ...


class RepairLookup(Protocol):
    """What the notifications context asks of the repairs' member: whether a repair exists."""

    def get(self, repair_id: int) -> object | None: ...


class NotificationsUnitOfWork(UnitOfWork, Protocol):
    outbox: Outbox
    repairs: RepairLookup


class NotificationsUnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> NotificationsUnitOfWork: ...


@attrs.frozen
class RenderedFile:
    filename: str
    content_type: str  # "application/pdf"
    data: bytes


@attrs.frozen
class Rendered:
    """A message as it is sent: its text (and HTML) body and its attachments' bytes."""

    text: str
    html: str | None = None
    files: tuple[RenderedFile, ...] = ()


class MessageRenderer(Protocol):
    def render(self, message: Message) -> Rendered:
        """The message's body from its template and facts, and its attachments rendered; raises on a template or
        a document that cannot be rendered."""
        ...


class SendFailed(Exception):  # noqa: N818 - reads as what happened
    """A sender could not deliver the message. ``permanent``: trying again cannot help (an address the server
    refuses for good)."""

    def __init__(self, detail: str, *, permanent: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail
        self.permanent = permanent


class MailSender(Protocol):
    def send(self, message: Message, rendered: Rendered) -> None:
        """Hand the message to the mail server; raises ``SendFailed``."""
        ...


class SmsSender(Protocol):
    def send(self, message: Message, rendered: Rendered) -> None:
        """Hand the text message to the provider; raises ``SendFailed``."""
        ...
