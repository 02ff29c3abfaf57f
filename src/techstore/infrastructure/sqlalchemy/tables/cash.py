"""Tables of the cash drawer context."""

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text, text

from techstore.infrastructure.sqlalchemy.metadata import metadata
from techstore.infrastructure.sqlalchemy.types import Money, UTCDateTime

cash_sessions = Table(
    "cash_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("status", String(16), nullable=False),
    Column("opening_float", Money, nullable=False),
    Column("opened_at", UTCDateTime, nullable=False),
    Column("closed_at", UTCDateTime, nullable=True),
    Column("expected_cash", Money, nullable=True),  # as it stood at the close
    Column("counted_cash", Money, nullable=True),
    Column("note", Text, nullable=True),
    # At most one open session per user, whatever runs at once.
    Index("uq_cash_sessions_open_user_id", "user_id", unique=True,
          postgresql_where=text("status = 'open'"), sqlite_where=text("status = 'open'")),
    Index("ix_cash_sessions_user_id_opened_at", "user_id", "opened_at"),
)

cash_entries = Table(
    "cash_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("cash_sessions.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("method", String(16), nullable=False),
    Column("amount", Money, nullable=False),  # > 0: the kind says whether it came in or went out
    Column("reference", String(200), nullable=False),  # the sale's number, the reason of a pay-out...
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_cash_entries_session_id", "session_id"),
)
