"""Tables of the repairs context: the orders, the parts they used, their payments and history, and the
public lookups' rate-limit counters."""

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    false,
)

from techstore.infrastructure.sqlalchemy.metadata import metadata
from techstore.infrastructure.sqlalchemy.types import Money, Percent, UTCDateTime

repairs = Table(
    "repairs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    # 128 random bits; unique and indexed: the public lookup is one index probe whatever the code.
    Column("tracking_code", String(64), nullable=False, unique=True),
    Column("status", String(24), nullable=False),
    Column("customer_id", Integer, ForeignKey("customers.id"), nullable=False),
    Column("customer_name", String(200), nullable=False),
    Column("equipment", String(200), nullable=False),
    Column("serial_number", String(100), nullable=True),
    Column("reported_problem", Text, nullable=False),
    Column("accessories", Text, nullable=True),
    Column("diagnosis", Text, nullable=True),
    Column("price", Money, nullable=True),  # the lines' total (tax included), kept with them
    Column("promised_date", Date, nullable=True),
    Column("notes", Text, nullable=True),
    # Case-folded number, customer's name (at intake) and serial number: the list's search is one LIKE.
    Column("search_text", Text, nullable=False),
    Column("charge_id", Integer, ForeignKey("account_movements.id"), nullable=True),
    Column("created_by", Integer, ForeignKey("users.id"), nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("delivered_at", UTCDateTime, nullable=True),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("condition", Text, nullable=True),  # JSON: notes and the checklist
    Column("quote_total", Money, nullable=True),
    Column("warranty", Boolean, nullable=False, server_default=false()),
    Column("related_repair_id", Integer, ForeignKey("repairs.id"), nullable=True),
    Column("under_warranty_until", Date, nullable=True),
    Column("warranty_until", Date, nullable=True),
    Column("wrong_answers", Integer, nullable=False, server_default="0"),
    Column("answers_locked_until", UTCDateTime, nullable=True),
    Column("unit_id", Integer, ForeignKey("product_units.id"), nullable=True),  # the sold unit it is
    Index("ix_repairs_status", "status"),
    Index("ix_repairs_customer_id_status", "customer_id", "status"),
    Index("ix_repairs_serial_number", "serial_number"),
)

repair_lines = Table(
    "repair_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("repair_id", Integer, ForeignKey("repairs.id"), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("description", String(200), nullable=False),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=True),
    Column("sku", String(40), nullable=True),
    Column("quantity", Integer, nullable=False),
    Column("unit_price", Money, nullable=False),
    Column("unit_cost", Money, nullable=True),
    Column("tax_rate_name", String(60), nullable=False),
    Column("tax_percent", Percent, nullable=False),
    Column("net", Money, nullable=False),
    Column("tax", Money, nullable=False),
    Column("line_total", Money, nullable=False),  # net + tax: what the customer pays for the line
    Column("added_by", Integer, ForeignKey("users.id"), nullable=False),
    Column("added_at", UTCDateTime, nullable=False),
    Column("serials", Text, nullable=True),  # JSON list: a serialized part's units (migration 0019)
    Index("ix_repair_lines_repair_id", "repair_id"),
)

repair_deposits = Table(
    "repair_deposits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("repair_id", Integer, ForeignKey("repairs.id"), nullable=False),
    Column("created_by", Integer, ForeignKey("users.id"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_repair_deposits_repair_id", "repair_id"),
)

repair_payments = Table(
    "repair_payments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("repair_id", Integer, ForeignKey("repairs.id"), nullable=False),
    Column("method", String(16), nullable=False),
    Column("amount", Money, nullable=False),
    Column("kind", String(10), nullable=False, server_default="delivery"),  # deposit, delivery, refund
    Column("deposit_id", Integer, ForeignKey("repair_deposits.id"), nullable=True),
    Index("ix_repair_payments_repair_id", "repair_id"),
)

repair_history = Table(
    "repair_history",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("repair_id", Integer, ForeignKey("repairs.id"), nullable=False),
    Column("from_status", String(24), nullable=True),
    Column("to_status", String(24), nullable=False),
    Column("note", Text, nullable=True),
    Column("created_by", Integer, ForeignKey("users.id"), nullable=True),  # null: the customer, online
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_repair_history_repair_id", "repair_id"),
)

# Fixed-window counters of public lookups per client address.
tracking_hits = Table(
    "tracking_hits",
    metadata,
    Column("key", String(100), nullable=False),
    Column("window_start", UTCDateTime, nullable=False),
    Column("count", Integer, nullable=False),
    PrimaryKeyConstraint("key", "window_start", name="pk_tracking_hits"),
)
