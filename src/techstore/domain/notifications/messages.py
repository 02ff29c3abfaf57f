"""A message waiting in the outbox (placeholder of the notifications context's interface)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import attrs


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class MessageStatus(StrEnum):
    UNSENT = "unsent"
    SENT = "sent"
    FAILED = "failed"


@attrs.frozen
class Attachment:
    kind: str
    document_id: int
    filename: str


@attrs.define
class Message:
    id: int | None
    channel: Channel
    to: str
    subject: str
    template: str
    facts: dict[str, Any]
    created_at: datetime
    repair_id: int | None = None
    attachments: tuple[Attachment, ...] = ()
    status: MessageStatus = MessageStatus.UNSENT
    attempts: int = 0
    next_attempt_at: datetime | None = None
    sent_at: datetime | None = None
    last_error: str | None = None
