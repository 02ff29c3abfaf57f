"""A message in the outbox, and when a failed send is tried again.

A message is written in the same transaction as the change that causes it (``uow.outbox.add``) and sent later
by a worker. A failed send is tried again after a growing delay (1 minute, 2, 4 ... at most an hour) until a
day has passed since the message was written (or since an admin asked for it again); then it is ``failed``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import attrs

from techstore.domain.shared.errors import Conflict

FIRST_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=1)
GIVE_UP_AFTER = timedelta(hours=24)
ERROR_LENGTH = 500  # what is kept of a send's error


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class MessageStatus(StrEnum):
    UNSENT = "unsent"
    SENT = "sent"
    FAILED = "failed"


@attrs.frozen
class Attachment:
    """A document attached to a message: rendered when the message is sent, not stored as bytes."""

    kind: str  # e.g. "repair_invoice"
    document_id: int  # e.g. the repair id
    filename: str  # e.g. "Invoice R-000001.pdf"


@attrs.define
class Message:
    id: int | None
    channel: Channel
    to: str
    subject: str
    template: str  # e.g. "repair_awaiting_approval", "repair_ready", "repair_delivered"
    facts: dict[str, Any]  # JSON-able values frozen when the message is written
    created_at: datetime
    repair_id: int | None = None
    attachments: tuple[Attachment, ...] = ()
    status: MessageStatus = MessageStatus.UNSENT
    attempts: int = 0
    next_attempt_at: datetime | None = None  # None: due now
    sent_at: datetime | None = None
    last_error: str | None = None
    # When an admin last asked for a failed message again: its day of retries counts from then.
    retried_at: datetime | None = None

    @property
    def tries_since(self) -> datetime:
        """When the message's day of tries began."""
        return self.retried_at or self.created_at

    def is_due(self, now: datetime) -> bool:
        return self.status is MessageStatus.UNSENT and (self.next_attempt_at is None or self.next_attempt_at <= now)

    def check_retryable(self) -> None:
        if self.status is not MessageStatus.FAILED:
            raise Conflict(f"Message {self.id} is {self.status.value}: only a failed message can be sent again.",
                           field="status")


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed try (1, 2, ...): 1 minute, doubling, at most ``MAX_DELAY``."""
    if attempts < 1:
        return FIRST_DELAY
    if attempts > 12:  # 2**12 minutes is past the cap already; keeps the power small
        return MAX_DELAY
    delay: timedelta = FIRST_DELAY * (2 ** (attempts - 1))
    return min(delay, MAX_DELAY)


@attrs.frozen
class AfterFailure:
    """What becomes of a message whose send just failed: tried again at ``next_attempt_at``, or ``failed``."""

    gives_up: bool
    next_attempt_at: datetime | None


def after_failure(tries_since: datetime, attempts: int, now: datetime, *, permanent: bool = False) -> AfterFailure:
    """``attempts`` counts the try that just failed. A permanent refusal (a recipient the server will never
    accept), or a day of tries since ``tries_since``, gives up; otherwise the next try waits ``retry_delay``."""
    if permanent or now - tries_since >= GIVE_UP_AFTER:
        return AfterFailure(True, None)
    return AfterFailure(False, now + retry_delay(attempts))


def short_error(error: str) -> str:
    """An error as the message keeps it: one line, at most ``ERROR_LENGTH`` characters."""
    line = " ".join(error.split())
    return line if len(line) <= ERROR_LENGTH else line[:ERROR_LENGTH - 1] + "…"
