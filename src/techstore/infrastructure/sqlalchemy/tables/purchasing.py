"""Tables of the purchasing context. Products name their preferred supplier (``products.supplier_id``) and stock
movements the order they received goods against (``stock_movements.purchase_order_id``)."""

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table, Text

from techstore.infrastructure.sqlalchemy.metadata import metadata
from techstore.infrastructure.sqlalchemy.types import Money, UTCDateTime

suppliers = Table(
    "suppliers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False),
    # The folded name: unique among live suppliers; a deleted one's is NULL, so its name is free.
    Column("name_key", String(120), nullable=True, unique=True),
    Column("contact_name", String(120), nullable=True),
    Column("email", String(254), nullable=True),
    Column("phone", String(40), nullable=True),
    Column("notes", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("deleted_at", UTCDateTime, nullable=True),
)

purchase_orders = Table(
    "purchase_orders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    Column("supplier_id", Integer, ForeignKey("suppliers.id"), nullable=False, index=True),
    Column("status", String(20), nullable=False, index=True),
    Column("expected_date", Date, nullable=True),
    Column("notes", Text, nullable=False),
    Column("created_by", Integer, ForeignKey("users.id"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("ordered_at", UTCDateTime, nullable=True),
    Column("received_at", UTCDateTime, nullable=True),
    Column("cancelled_at", UTCDateTime, nullable=True),
)

purchase_order_lines = Table(
    "purchase_order_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("purchase_order_id", Integer, ForeignKey("purchase_orders.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("sku", String(40), nullable=False),
    Column("name", String(200), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("unit_cost", Money, nullable=False),
    Column("quantity_received", Integer, nullable=False),
    Index("ix_purchase_order_lines_order", "purchase_order_id", "position"),
    Index("ix_purchase_order_lines_product_id", "product_id"),
)

purchase_receipts = Table(
    "purchase_receipts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("purchase_order_id", Integer, ForeignKey("purchase_orders.id"), nullable=False, index=True),
    Column("created_by", Integer, ForeignKey("users.id"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

purchase_receipt_lines = Table(
    "purchase_receipt_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("receipt_id", Integer, ForeignKey("purchase_receipts.id"), nullable=False, index=True),
    Column("line_id", Integer, ForeignKey("purchase_order_lines.id"), nullable=False),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("sku", String(40), nullable=False),
    Column("name", String(200), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("unit_cost", Money, nullable=False),
    Column("serials", Text, nullable=True),  # JSON list, serialized products only
)
