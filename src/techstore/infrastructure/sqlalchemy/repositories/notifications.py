"""SQL repository of the notifications context: the outbox.

A claim is two statements: ``SELECT id ... LIMIT n FOR UPDATE SKIP LOCKED``, then ``UPDATE ... SET
claimed_until = :lease WHERE id IN (...) AND <still due and free> RETURNING ...``. On PostgreSQL two workers
claiming at once skip each other's locked rows, so each message goes to one of them; the lease, committed at
once by the caller, keeps it theirs after the locks are gone. (One ``UPDATE ... WHERE id IN (SELECT ... LIMIT n
FOR UPDATE SKIP LOCKED)`` is not enough: PostgreSQL may run the subquery more than once and claim past the
limit.) SQLite has no ``FOR UPDATE`` (SQLAlchemy writes none) and needs none: its write transactions are serial,
and the UPDATE's own WHERE checks again that the message is due and free.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, or_, select

from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.notifications.messages import Attachment, Channel, Message, MessageStatus
from techstore.infrastructure.sqlalchemy import executor as sql
from techstore.infrastructure.sqlalchemy.tables.notifications import outbox_messages as t
from techstore.infrastructure.sqlalchemy.types import UTCDateTime

_COLUMNS = (t.c.id, t.c.channel, t.c.recipient, t.c.subject, t.c.template, t.c.facts, t.c.created_at,
            t.c.repair_id, t.c.attachments, t.c.status, t.c.attempts, t.c.next_attempt_at, t.c.sent_at,
            t.c.last_error, t.c.retried_at)
_BY_ID = select(*_COLUMNS).where(t.c.id == bindparam("id"))
_FOR_REPAIR = select(*_COLUMNS).where(t.c.repair_id == bindparam("repair_id")).order_by(t.c.id)
_ADD = t.insert().returning(t.c.id)


def _page(status: bool) -> Any:
    statement = select(*_COLUMNS, func.count().over().label("total"))
    count = select(func.count()).select_from(t)
    if status:
        statement = statement.where(t.c.status == bindparam("status"))
        count = count.where(t.c.status == bindparam("status"))
    return (statement.order_by(t.c.id.desc()).limit(bindparam("limit")).offset(bindparam("offset")), count)


_PAGES = {True: _page(True), False: _page(False)}



def _due(channels: Sequence[str]) -> Any:
    return and_(
        t.c.status == MessageStatus.UNSENT.value,
        or_(t.c.next_attempt_at.is_(None), t.c.next_attempt_at <= bindparam("now", type_=UTCDateTime())),
        or_(t.c.claimed_until.is_(None), t.c.claimed_until <= bindparam("now", type_=UTCDateTime())),
        t.c.channel.in_(channels),
    )


# Built per claim (a worker claims every few seconds, off the request path), so the executor sends them through
# ``Connection.execute``: its prebuilt form of a statement with an IN-list drops the other parameters' type
# converters (a datetime reached SQLite as the driver writes it, and compared wrongly as text).
def _claimable(channels: Sequence[str]) -> Any:
    return (select(t.c.id).where(_due(channels)).order_by(t.c.id).limit(bindparam("limit"))
            .with_for_update(skip_locked=True))


def _claim(channels: Sequence[str], ids: Sequence[int]) -> Any:
    return (t.update().where(t.c.id.in_(ids), _due(channels))
            .values(claimed_until=bindparam("lease_until", type_=UTCDateTime())).returning(*_COLUMNS))


def _outcome(**values: Any) -> Any:
    return (
        t.update().where(t.c.id == bindparam("message_id"))
        .values(attempts=t.c.attempts + 1, claimed_until=None, updated_at=bindparam("now"), **values)
    )


_SENT = _outcome(status=MessageStatus.SENT.value, sent_at=bindparam("sent_at"), last_error=None,
                 next_attempt_at=None)
_RETRY_LATER = _outcome(last_error=bindparam("error"), next_attempt_at=bindparam("next_attempt_at"))
_FAILED = _outcome(status=MessageStatus.FAILED.value, last_error=bindparam("error"), next_attempt_at=None)
_RETRY = (
    t.update().where(t.c.id == bindparam("message_id"), t.c.status == MessageStatus.FAILED.value)
    .values(status=MessageStatus.UNSENT.value, next_attempt_at=None, claimed_until=None,
            retried_at=bindparam("now"), updated_at=bindparam("now"))
)


def _message(row: Any) -> Message:
    (message_id, channel, to, subject, template, facts, created_at, repair_id, attachments, status, attempts,
     next_attempt_at, sent_at, last_error, retried_at) = row[:15]
    return Message(
        message_id, Channel(channel), to, subject, template, json.loads(facts), created_at, repair_id,
        tuple(Attachment(a["kind"], a["document_id"], a["filename"]) for a in json.loads(attachments)),
        MessageStatus(status), attempts, next_attempt_at, sent_at, last_error, retried_at,
    )


def _attachments(message: Message) -> str:
    return json.dumps([{"kind": a.kind, "document_id": a.document_id, "filename": a.filename}
                       for a in message.attachments])


class SqlOutbox:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, message: Message) -> Message:
        values = {
            "channel": message.channel.value, "recipient": message.to, "subject": message.subject,
            "template": message.template, "facts": json.dumps(message.facts), "attachments": _attachments(message),
            "repair_id": message.repair_id, "status": message.status.value, "attempts": message.attempts,
            "next_attempt_at": message.next_attempt_at, "claimed_until": None, "sent_at": message.sent_at,
            "last_error": message.last_error, "retried_at": message.retried_at, "created_at": message.created_at,
            "updated_at": message.created_at,
        }
        (row,) = sql.inserted(self._db, _ADD, [values])
        message.id = row[0]
        return message

    def get(self, message_id: int) -> Message | None:
        row = sql.first(self._db, _BY_ID, id=message_id)
        return _message(row) if row else None

    def list(self, status: MessageStatus | None, page: PageRequest) -> Page[Message]:
        statement, count = _PAGES[status is not None]
        params: dict[str, Any] = {"status": status.value} if status is not None else {}
        rows = sql.rows(self._db, statement, limit=page.limit, offset=page.offset, **params)
        if rows:
            total = rows[0][-1]
        else:
            total = sql.scalar(self._db, count, **params) if page.offset else 0
        return Page([_message(r) for r in rows], total, page.limit, page.offset)

    def for_repair(self, repair_id: int) -> Sequence[Message]:
        return [_message(r) for r in sql.rows(self._db, _FOR_REPAIR, repair_id=repair_id)]

    def claim_due(self, now: datetime, lease_until: datetime, limit: int,
                  channels: Collection[Channel] | None = None) -> Sequence[Message]:
        names = sorted(c.value for c in (channels if channels is not None else Channel))
        if not names or limit < 1:
            return []
        ids = [row[0] for row in sql.rows(self._db, _claimable(names), now=now, limit=limit)]
        if not ids:
            return []
        rows = sql.rows(self._db, _claim(names, ids), now=now, lease_until=lease_until)
        return sorted((_message(r) for r in rows), key=lambda m: m.id or 0)

    def mark_sent(self, message_id: int, sent_at: datetime) -> None:
        sql.run(self._db, _SENT, message_id=message_id, sent_at=sent_at, now=sent_at)

    def mark_retry(self, message_id: int, error: str, next_attempt_at: datetime) -> None:
        sql.run(self._db, _RETRY_LATER, message_id=message_id, error=error, next_attempt_at=next_attempt_at,
                now=datetime.now(UTC))

    def mark_failed(self, message_id: int, error: str) -> None:
        sql.run(self._db, _FAILED, message_id=message_id, error=error, now=datetime.now(UTC))

    def retry(self, message_id: int, now: datetime) -> None:
        sql.run(self._db, _RETRY, message_id=message_id, now=now)


REPOSITORIES = {
    "outbox": SqlOutbox,
}
