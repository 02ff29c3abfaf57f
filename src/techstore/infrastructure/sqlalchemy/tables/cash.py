"""Tables of the cash drawer context: the sessions, and the money journal every context writes to."""

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
    # The sum of the session's cash entries, moved in each entry's transaction (the expected cash's range is
    # checked under the row's lock without summing the journal); check money proves it equals the entries.
    Column("cash_total", Money, nullable=False, server_default="0"),
    # At most one open session per user, whatever runs at once.
    Index("uq_cash_sessions_open_user_id", "user_id", unique=True,
          postgresql_where=text("status = 'open'"), sqlite_where=text("status = 'open'")),
    Index("ix_cash_sessions_user_id_opened_at", "user_id", "opened_at"),
)

# Append-only: one row per amount taken or paid (signed), never updated or deleted; a void adds reversals.
journal_entries = Table(
    "journal_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(24), nullable=False),
    Column("method", String(16), nullable=False),
    Column("amount", Money, nullable=False),  # + taken, − paid out
    Column("sale_id", Integer, ForeignKey("sales.id"), nullable=True),
    Column("return_id", Integer, ForeignKey("returns.id"), nullable=True),
    Column("repair_id", Integer, ForeignKey("repairs.id"), nullable=True),
    Column("customer_id", Integer, ForeignKey("customers.id"), nullable=True),
    Column("movement_id", Integer, ForeignKey("account_movements.id"), nullable=True),
    Column("cash_session_id", Integer, ForeignKey("cash_sessions.id"), nullable=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("note", String(200), nullable=True),  # a pay-in's or pay-out's reason
    # The entry a reversal undoes: unique, so an entry is reversed at most once.
    Column("reverses_id", Integer, ForeignKey("journal_entries.id"), nullable=True, unique=True),
    Index("ix_journal_entries_created_at", "created_at"),
    Index("ix_journal_entries_cash_session_id", "cash_session_id"),
    Index("ix_journal_entries_sale_id", "sale_id"),
    Index("ix_journal_entries_return_id", "return_id"),
    Index("ix_journal_entries_repair_id", "repair_id"),
    Index("ix_journal_entries_movement_id", "movement_id"),
)
