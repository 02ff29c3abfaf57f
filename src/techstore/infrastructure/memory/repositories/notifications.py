"""In-memory repository of the notifications context: the outbox. The unit of work holds the store's lock, so a
claim is already alone; the lease works as on SQL (a passed lease no longer holds)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

import attrs

from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.notifications.messages import Channel, Message, MessageStatus
from techstore.infrastructure.memory.store import MemoryStore

TABLE = "outbox_messages"


@attrs.define
class _Row:
    message: Message
    claimed_until: datetime | None = None


def _copy(message: Message) -> Message:
    return attrs.evolve(message, facts=dict(message.facts))


class MemoryOutbox:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _rows(self) -> dict[int, _Row]:
        return self._store.table(TABLE, dict)

    def add(self, message: Message) -> Message:
        message.id = self._store.next_id(TABLE)
        self._rows[message.id] = _Row(_copy(message))
        return message

    def get(self, message_id: int) -> Message | None:
        row = self._rows.get(message_id)
        return _copy(row.message) if row else None

    def list(self, status: MessageStatus | None, page: PageRequest) -> Page[Message]:
        found = [r.message for _, r in sorted(self._rows.items(), reverse=True)
                 if status is None or r.message.status is status]
        return Page([_copy(m) for m in found[page.offset:page.offset + page.limit]], len(found), page.limit,
                    page.offset)

    def for_repair(self, repair_id: int) -> Sequence[Message]:
        return [_copy(r.message) for _, r in sorted(self._rows.items()) if r.message.repair_id == repair_id]

    def claim_due(self, now: datetime, lease_until: datetime, limit: int,
                  channels: Collection[Channel] | None = None) -> Sequence[Message]:
        wanted = set(channels if channels is not None else Channel)
        claimed: list[Message] = []
        for _, row in sorted(self._rows.items()):
            if len(claimed) >= limit:
                break
            free = row.claimed_until is None or row.claimed_until <= now
            if row.message.is_due(now) and free and row.message.channel in wanted:
                row.claimed_until = lease_until
                claimed.append(_copy(row.message))
        return claimed

    def _outcome(self, message_id: int, **changes: object) -> None:
        row = self._rows[message_id]
        row.message = attrs.evolve(row.message, attempts=row.message.attempts + 1, **changes)  # type: ignore[arg-type]
        row.claimed_until = None

    def mark_sent(self, message_id: int, sent_at: datetime) -> None:
        self._outcome(message_id, status=MessageStatus.SENT, sent_at=sent_at, last_error=None, next_attempt_at=None)

    def mark_retry(self, message_id: int, error: str, next_attempt_at: datetime) -> None:
        self._outcome(message_id, last_error=error, next_attempt_at=next_attempt_at)

    def mark_failed(self, message_id: int, error: str) -> None:
        self._outcome(message_id, status=MessageStatus.FAILED, last_error=error, next_attempt_at=None)

    def retry(self, message_id: int, now: datetime) -> None:
        row = self._rows.get(message_id)
        if row is None or row.message.status is not MessageStatus.FAILED:
            return
        row.message = attrs.evolve(row.message, status=MessageStatus.UNSENT, next_attempt_at=None, retried_at=now)
        row.claimed_until = None


REPOSITORIES = {
    "outbox": MemoryOutbox,
}
