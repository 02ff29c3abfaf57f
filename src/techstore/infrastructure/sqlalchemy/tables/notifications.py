"""Tables of the notifications context: the outbox.

``claimed_until`` is the lease of the worker sending a message (NULL: nobody holds it); a lease that has passed
(a worker killed mid-send) no longer holds. ``facts`` and ``attachments`` are JSON text.
"""

from sqlalchemy import Column, Index, Integer, String, Table, Text, text

from techstore.infrastructure.sqlalchemy.metadata import metadata
from techstore.infrastructure.sqlalchemy.types import UTCDateTime

_UNSENT = text("status = 'unsent'")

outbox_messages = Table(
    "outbox_messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("channel", String(8), nullable=False),
    Column("recipient", String(254), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("template", String(60), nullable=False),
    Column("facts", Text, nullable=False),
    Column("attachments", Text, nullable=False),
    # The repair the message is about, if any (a plain id: the outbox serves every context).
    Column("repair_id", Integer, nullable=True),
    Column("status", String(8), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UTCDateTime, nullable=True),
    Column("claimed_until", UTCDateTime, nullable=True),
    Column("sent_at", UTCDateTime, nullable=True),
    Column("last_error", String(500), nullable=True),
    Column("retried_at", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    # The worker's claim: unsent messages by when they are due (a small index: sent ones leave it).
    Index("ix_outbox_messages_due", "next_attempt_at", "id", postgresql_where=_UNSENT, sqlite_where=_UNSENT),
    # The admin's list by status, newest first; a repair's messages.
    Index("ix_outbox_messages_status_id", "status", "id"),
    Index("ix_outbox_messages_repair_id", "repair_id"),
)
