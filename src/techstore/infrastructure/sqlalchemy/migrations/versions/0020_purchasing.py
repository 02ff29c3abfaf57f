"""purchasing: suppliers, purchase orders and their lines, receipts; products' preferred supplier, supplier's
code and reorder quantity; stock movements' purchase order

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07

New columns are plain ``ADD COLUMN``s (nullable, or with a default), so no table is copied: on SQLite a
``REFERENCES`` column NULL by default may be added in place, as in 0015.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from techstore.infrastructure.sqlalchemy.migrations.helpers import foreign_key, sqlite_foreign_keys
from techstore.infrastructure.sqlalchemy.types import Money, UTCDateTime

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "suppliers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("name_key", sa.String(120), nullable=True),
        sa.Column("contact_name", sa.String(120), nullable=True),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("phone", sa.String(40), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suppliers")),
        sa.UniqueConstraint("name_key", name=op.f("uq_suppliers_name_key")),
    )
    op.create_table(
        "purchase_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(20), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("expected_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("ordered_at", UTCDateTime(), nullable=True),
        sa.Column("received_at", UTCDateTime(), nullable=True),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
        foreign_key("purchase_orders", "supplier_id", "suppliers"),
        foreign_key("purchase_orders", "created_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_orders")),
        sa.UniqueConstraint("number", name=op.f("uq_purchase_orders_number")),
    )
    op.create_index(op.f("ix_purchase_orders_supplier_id"), "purchase_orders", ["supplier_id"])
    op.create_index(op.f("ix_purchase_orders_status"), "purchase_orders", ["status"])
    op.create_table(
        "purchase_order_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purchase_order_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_cost", Money(), nullable=False),
        sa.Column("quantity_received", sa.Integer(), nullable=False),
        foreign_key("purchase_order_lines", "purchase_order_id", "purchase_orders"),
        foreign_key("purchase_order_lines", "product_id", "products"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_order_lines")),
    )
    op.create_index("ix_purchase_order_lines_order", "purchase_order_lines", ["purchase_order_id", "position"])
    op.create_index("ix_purchase_order_lines_product_id", "purchase_order_lines", ["product_id"])
    op.create_table(
        "purchase_receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purchase_order_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        foreign_key("purchase_receipts", "purchase_order_id", "purchase_orders"),
        foreign_key("purchase_receipts", "created_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_receipts")),
    )
    op.create_index(op.f("ix_purchase_receipts_purchase_order_id"), "purchase_receipts", ["purchase_order_id"])
    op.create_table(
        "purchase_receipt_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("receipt_id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_cost", Money(), nullable=False),
        sa.Column("serials", sa.Text(), nullable=True),
        foreign_key("purchase_receipt_lines", "receipt_id", "purchase_receipts"),
        foreign_key("purchase_receipt_lines", "line_id", "purchase_order_lines"),
        foreign_key("purchase_receipt_lines", "product_id", "products"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_receipt_lines")),
    )
    op.create_index(op.f("ix_purchase_receipt_lines_receipt_id"), "purchase_receipt_lines", ["receipt_id"])
    constraint = op.f("fk_products_supplier_id_suppliers")
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE products ADD COLUMN supplier_id INTEGER CONSTRAINT {constraint} "
                   "REFERENCES suppliers (id)")
    else:
        op.add_column("products", sa.Column("supplier_id", sa.Integer(), nullable=True))
        op.create_foreign_key(constraint, "products", "suppliers", ["supplier_id"], ["id"])
    op.create_index(op.f("ix_products_supplier_id"), "products", ["supplier_id"])
    op.add_column("products", sa.Column("supplier_sku", sa.String(60), nullable=True))
    op.add_column("products", sa.Column("reorder_quantity", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("stock_movements", sa.Column("purchase_order_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    sqlite_foreign_keys("OFF")
    with op.batch_alter_table("stock_movements") as table:
        table.drop_column("purchase_order_id")
    op.drop_index(op.f("ix_products_supplier_id"), table_name="products")
    with op.batch_alter_table("products") as table:
        if op.get_bind().dialect.name != "sqlite":
            table.drop_constraint(op.f("fk_products_supplier_id_suppliers"), type_="foreignkey")
        table.drop_column("reorder_quantity")
        table.drop_column("supplier_sku")
        table.drop_column("supplier_id")
    for name in ("purchase_receipt_lines", "purchase_receipts", "purchase_order_lines", "purchase_orders",
                 "suppliers"):
        op.drop_table(name)
    sqlite_foreign_keys("ON")
