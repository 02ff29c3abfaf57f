"""Answers of the message endpoints (API.md, "Messages (admin)" and ``GET /repairs/{id}/messages``)."""

from __future__ import annotations

from datetime import datetime

import attrs

from techstore.domain.notifications.messages import Channel, Message, MessageStatus


@attrs.frozen
class MessageOut:
    """A message in the outbox, as an admin sees it."""

    id: int
    channel: Channel
    to: str
    subject: str
    template: str
    status: MessageStatus
    attempts: int
    next_attempt_at: datetime | None  # null: due now (while unsent)
    sent_at: datetime | None
    last_error: str | None
    repair_id: int | None
    created_at: datetime

    @classmethod
    def of(cls, message: Message) -> MessageOut:
        assert message.id is not None
        return cls(message.id, message.channel, message.to, message.subject, message.template, message.status,
                   message.attempts, message.next_attempt_at, message.sent_at, message.last_error,
                   message.repair_id, message.created_at)


@attrs.frozen
class MessagePageOut:
    items: list[MessageOut]
    total: int
    limit: int
    offset: int


@attrs.frozen
class RepairMessageOut:
    """A repair's notification, as staff see it on the repair."""

    id: int
    channel: Channel
    to: str
    subject: str
    status: MessageStatus
    attempts: int
    sent_at: datetime | None

    @classmethod
    def of(cls, message: Message) -> RepairMessageOut:
        assert message.id is not None
        return cls(message.id, message.channel, message.to, message.subject, message.status, message.attempts,
                   message.sent_at)
