"""serialized units: products may be serialized (IMEI or serial, warranty months); every unit by its serial

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07

``product_units`` holds each unit of a serialized product (unique serial per product, in stock, sold or
damaged; the sale it left with and its warranty's end). Sale and return lines keep the serials they moved
(JSON), and a repair the sold unit it is. No product is serialized yet: existing stock stays counted.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from techstore.infrastructure.sqlalchemy.migrations.helpers import foreign_key, sqlite_foreign_keys
from techstore.infrastructure.sqlalchemy.types import UTCDateTime

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    sqlite_foreign_keys("OFF")
    with op.batch_alter_table("products") as table:
        table.add_column(sa.Column("serial_kind", sa.String(10), nullable=True))
        table.add_column(sa.Column("warranty_months", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "product_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(40), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("sale_id", sa.Integer(), nullable=True),
        sa.Column("sold_at", UTCDateTime(), nullable=True),
        sa.Column("warranty_until", sa.Date(), nullable=True),
        sa.Column("return_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        foreign_key("product_units", "product_id", "products"),
        foreign_key("product_units", "sale_id", "sales"),
        foreign_key("product_units", "return_id", "returns"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_units")),
        sa.UniqueConstraint("product_id", "serial", name="uq_product_units_product_id_serial"),
    )
    op.create_index("ix_product_units_serial", "product_units", ["serial"])
    op.create_index("ix_product_units_product_id_status", "product_units", ["product_id", "status"])
    with op.batch_alter_table("sale_items") as table:
        table.add_column(sa.Column("serials", sa.Text(), nullable=True))
    with op.batch_alter_table("return_items") as table:
        table.add_column(sa.Column("serials", sa.Text(), nullable=True))
    with op.batch_alter_table("repair_lines") as table:
        table.add_column(sa.Column("serials", sa.Text(), nullable=True))
    with op.batch_alter_table("repairs") as table:
        table.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        table.create_foreign_key(op.f("fk_repairs_unit_id_product_units"), "product_units", ["unit_id"], ["id"])
    sqlite_foreign_keys("ON")


def downgrade() -> None:
    sqlite_foreign_keys("OFF")
    with op.batch_alter_table("repairs") as table:
        table.drop_constraint(op.f("fk_repairs_unit_id_product_units"), type_="foreignkey")
        table.drop_column("unit_id")
    with op.batch_alter_table("repair_lines") as table:
        table.drop_column("serials")
    with op.batch_alter_table("return_items") as table:
        table.drop_column("serials")
    with op.batch_alter_table("sale_items") as table:
        table.drop_column("serials")
    op.drop_index("ix_product_units_product_id_status", table_name="product_units")
    op.drop_index("ix_product_units_serial", table_name="product_units")
    op.drop_table("product_units")
    with op.batch_alter_table("products") as table:
        table.drop_column("warranty_months")
        table.drop_column("serial_kind")
    sqlite_foreign_keys("ON")
