"""Tables of the sales context."""

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text, text

from techstore.domain.shared.taxes import UNTAXED_NAME
from techstore.infrastructure.sqlalchemy.metadata import metadata
from techstore.infrastructure.sqlalchemy.types import Money, Percent, UTCDateTime

sales = Table(
    "sales",
    metadata,
    Column("id", Integer, primary_key=True),
    # Given last in the sale's transaction; unique (NULL only inside that transaction).
    Column("number", String(20), nullable=True, unique=True),
    Column("status", String(16), nullable=False),
    Column("customer_id", Integer, ForeignKey("customers.id"), nullable=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    # The manager who approved a staff member's discount, price or sale below cost on the spot.
    Column("approved_by", Integer, ForeignKey("users.id"), nullable=True),
    Column("subtotal", Money, nullable=False),
    Column("discount", Money, nullable=False),
    Column("total", Money, nullable=False),
    Column("notes", Text, nullable=True),
    Column("charge_id", Integer, ForeignKey("account_movements.id"), nullable=True),
    Column("void_reason", String(200), nullable=True),
    Column("voided_by", Integer, ForeignKey("users.id"), nullable=True),
    Column("voided_at", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("refunded_total", Money, nullable=False, server_default="0"),
    # The cash handed over and the change given (NULL when none was given); migration 0010.
    Column("tendered", Money, nullable=True),
    Column("change", Money, nullable=True),
    # The lines' tax, and their summary per rate as JSON ([{name, percent, net, tax}]); NULL for sales made
    # before taxes, whose summary is read off their (untaxed) lines. Migration 0016.
    Column("tax_total", Money, nullable=False, server_default="0"),
    Column("taxes", Text, nullable=True),
    Index("ix_sales_created_at", "created_at"),
    Index("ix_sales_customer_id_created_at", "customer_id", "created_at"),
    # What reports range over: the sales that count (not voided), by time.
    Index("ix_sales_completed_created_at", "created_at", postgresql_where=text("status = 'completed'"),
          sqlite_where=text("status = 'completed'")),
)

sale_items = Table(
    "sale_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sale_id", Integer, ForeignKey("sales.id"), nullable=False),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    # Copied from the product when sold: later changes never alter a past sale.
    Column("sku", String(40), nullable=False),
    Column("name", String(200), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("unit_price", Money, nullable=False),
    Column("line_total", Money, nullable=False),  # unit price × quantity, less the line's own discount
    Column("discount_share", Money, nullable=False),
    Column("discount", Money, nullable=False, server_default="0"),  # the line's own discount, as an amount
    # The rate the line was taxed at (copied), and the line after every discount: net and tax (migration 0016).
    Column("tax_rate_name", String(60), nullable=False, server_default=UNTAXED_NAME),
    Column("tax_percent", Percent, nullable=False, server_default="0"),
    Column("net", Money, nullable=False, server_default="0"),
    Column("tax", Money, nullable=False, server_default="0"),
    # The product's cost when sold (NULL when unknown): margins are computed over the lines that have one.
    Column("unit_cost", Money, nullable=True),
    Column("serials", Text, nullable=True),  # JSON list: the units sold on the line (serialized products)
    Index("ix_sale_items_sale_id", "sale_id"),
    Index("ix_sale_items_product_id", "product_id"),
)

sale_payments = Table(
    "sale_payments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sale_id", Integer, ForeignKey("sales.id"), nullable=False),
    Column("method", String(16), nullable=False),
    Column("amount", Money, nullable=False),
    Index("ix_sale_payments_sale_id", "sale_id"),
)

returns = Table(
    "returns",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(20), nullable=True, unique=True),  # given last in the return's transaction
    Column("sale_id", Integer, ForeignKey("sales.id"), nullable=False),
    Column("total", Money, nullable=False),
    Column("reason", String(200), nullable=False),
    Column("refund_id", Integer, ForeignKey("account_movements.id"), nullable=True),
    Column("created_by", Integer, ForeignKey("users.id"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("approved_by", Integer, ForeignKey("users.id"), nullable=True),  # a refund over the limit
    Index("ix_returns_sale_id", "sale_id"),
    Index("ix_returns_created_at", "created_at"),
)

return_items = Table(
    "return_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("return_id", Integer, ForeignKey("returns.id"), nullable=False),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("sku", String(40), nullable=False),
    Column("name", String(200), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("refund_amount", Money, nullable=False),
    Column("restocked", Boolean, nullable=False),
    Column("tax", Money, nullable=False, server_default="0"),  # within the refund amount (migration 0016)
    Column("serials", Text, nullable=True),  # JSON list: the units that came back (serialized products)
    Index("ix_return_items_return_id", "return_id"),
)

return_refunds = Table(
    "return_refunds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("return_id", Integer, ForeignKey("returns.id"), nullable=False),
    Column("method", String(16), nullable=False),
    Column("amount", Money, nullable=False),
    Index("ix_return_refunds_return_id", "return_id"),
)

# The counter's held carts (migration 0014): no stock, no money, deleted when resumed or dropped. Discounts are
# kept as given, kind ("amount" or "percent") and value as text ("5.00", "12.5"), so they come back as typed.
parked_sales = Table(
    "parked_sales",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("customer_id", Integer, ForeignKey("customers.id"), nullable=True),
    # Copied when parked, so the list names the customer without reaching into the customers' tables.
    Column("customer_name", String(120), nullable=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("discount_kind", String(8), nullable=True),
    Column("discount_value", String(16), nullable=True),
    Column("notes", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_parked_sales_created_at", "created_at"),
)

parked_sale_lines = Table(
    "parked_sale_lines",
    metadata,
    Column("id", Integer, primary_key=True),  # the lines' order, as rung up
    Column("parked_sale_id", Integer, ForeignKey("parked_sales.id"), nullable=False),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("sku", String(40), nullable=False),
    Column("name", String(200), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("discount_kind", String(8), nullable=True),
    Column("discount_value", String(16), nullable=True),
    Index("ix_parked_sale_lines_parked_sale_id", "parked_sale_id"),
)
