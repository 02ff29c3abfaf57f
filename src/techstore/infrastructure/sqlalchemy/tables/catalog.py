"""Tables of the catalog context."""

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from techstore.infrastructure.sqlalchemy.metadata import metadata
from techstore.infrastructure.sqlalchemy.types import Money, UTCDateTime

categories = Table(
    "categories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(80), nullable=False),
    # The folded name: unique among live categories. A deleted category's is NULL, so its name is free.
    Column("name_key", String(80), nullable=True, unique=True),
    Column("description", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("deleted_at", UTCDateTime, nullable=True),
    # The rate of its products that name none; NULL: the default rate.
    Column("tax_rate_id", Integer, ForeignKey("tax_rates.id"), nullable=True),
)

products = Table(
    "products",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sku", String(40), nullable=False, unique=True),
    # EAN/UPC digits or the store's own code (domain/catalog/rules.py), upper-case; 40 since 0023 (14 before).
    Column("barcode", String(40), nullable=True, unique=True),
    Column("name", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("category_id", Integer, ForeignKey("categories.id"), nullable=True, index=True),
    Column("price", Money, nullable=False),
    Column("cost", Money, nullable=True),
    # Changed only by stock movements, in guarded statements; the CHECK is the last line of defence.
    Column("stock", Integer, CheckConstraint("stock >= 0", name="stock_not_negative"), nullable=False),
    Column("min_stock", Integer, nullable=False),
    Column("is_active", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("deleted_at", UTCDateTime, nullable=True),
    # SKU, barcode and name, case-folded (Product.search_text): what a search matches.
    Column("search_text", Text, nullable=False),
    # Its own rate; NULL: its category's, else the default.
    Column("tax_rate_id", Integer, ForeignKey("tax_rates.id"), nullable=True, index=True),
    # Serialized (PRODUCT.md, "Serialized units"): "imei" or "serial"; NULL: counted, not serialized.
    Column("serial_kind", String(10), nullable=True),
    Column("warranty_months", Integer, nullable=False, server_default="0"),
    # Purchasing: the preferred supplier (the purchasing context's table), its code, the reorder quantity.
    Column("supplier_id", Integer, ForeignKey("suppliers.id"), nullable=True, index=True),
    Column("supplier_sku", String(60), nullable=True),
    Column("reorder_quantity", Integer, nullable=False, server_default="0"),
)

# Every unit of a serialized product, by its serial (normalised: trimmed, upper-case), unique per product.
product_units = Table(
    "product_units",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("serial", String(40), nullable=False),
    Column("status", String(12), nullable=False),  # in_stock, sold, damaged
    Column("sale_id", Integer, ForeignKey("sales.id"), nullable=True),
    Column("sold_at", UTCDateTime, nullable=True),
    Column("warranty_until", Date, nullable=True),
    Column("return_id", Integer, ForeignKey("returns.id"), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("product_id", "serial", name="uq_product_units_product_id_serial"),
    Index("ix_product_units_serial", "serial"),
    Index("ix_product_units_product_id_status", "product_id", "status"),
)

stock_movements = Table(
    "stock_movements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("stock_before", Integer, nullable=False),
    Column("stock_after", Integer, nullable=False),
    Column("reason", String(500), nullable=False),
    # What another context's movement belongs to; those tables come with their contexts.
    Column("sale_id", Integer, nullable=True),
    Column("return_id", Integer, nullable=True),
    Column("repair_id", Integer, nullable=True),
    Column("purchase_order_id", Integer, nullable=True),
    Column("created_by", Integer, ForeignKey("users.id"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_stock_movements_product_id_id", "product_id", "id"),
)
