"""Tables of the customers context."""

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text, text, true

from techstore.infrastructure.sqlalchemy.metadata import metadata
from techstore.infrastructure.sqlalchemy.types import Money, UTCDateTime

# Uniqueness holds among customers not deleted: partial unique indexes, on PostgreSQL and SQLite alike.
_LIVE = text("deleted_at IS NULL")
_DEBTORS = text("balance > 0 AND deleted_at IS NULL")

customers = Table(
    "customers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False),
    Column("email", String(254), nullable=True),
    Column("email_key", String(254), nullable=True),  # case-folded: the unique key
    Column("phone", String(32), nullable=True),
    Column("phone_key", String(32), nullable=True),  # digits and a leading +: the unique key
    Column("address", String(500), nullable=True),
    Column("tax_id", String(32), nullable=True),
    # Whether the customer accepts emails about their repairs (they may refuse them).
    Column("accepts_email", Boolean, nullable=False, server_default=true()),
    Column("notes", Text, nullable=True),
    Column("credit_limit", Money, nullable=True),
    Column("balance", Money, nullable=False),
    # Name, email and phone case-folded (Python's folding, the same on every database): what search reads.
    Column("search_key", String(800), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("deleted_at", UTCDateTime, nullable=True),
    Index("uq_customers_live_email_key", "email_key", unique=True, postgresql_where=_LIVE, sqlite_where=_LIVE),
    Index("uq_customers_live_phone_key", "phone_key", unique=True, postgresql_where=_LIVE, sqlite_where=_LIVE),
    # Receivables (reports, the dashboard): the customers who owe, largest first.
    Index("ix_customers_debtors_balance", "balance", postgresql_where=_DEBTORS, sqlite_where=_DEBTORS),
)

account_movements = Table(
    "account_movements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("customer_id", Integer, ForeignKey("customers.id"), nullable=False),
    Column("type", String(16), nullable=False),
    Column("amount", Money, nullable=False),
    Column("balance_before", Money, nullable=False),
    Column("balance_after", Money, nullable=False),
    Column("description", String(200), nullable=False),
    Column("method", String(16), nullable=True),
    # References into contexts that come later (sales, repairs): plain ids, no foreign keys yet.
    Column("sale_id", Integer, nullable=True),
    Column("repair_id", Integer, nullable=True),
    # The charge a reversal undoes: unique, so a charge is reversed at most once.
    Column("reverses_id", Integer, ForeignKey("account_movements.id"), nullable=True, unique=True),
    Column("created_by", Integer, ForeignKey("users.id"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    # A customer's movements in order (statements, the chain check).
    Index("ix_account_movements_customer_id_id", "customer_id", "id"),
    Index("ix_account_movements_customer_id_created_at", "customer_id", "created_at"),
)
