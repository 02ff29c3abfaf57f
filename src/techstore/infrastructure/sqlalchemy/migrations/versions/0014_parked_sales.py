"""parked sales: the counter's held carts and their lines (no stock, no money)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-09

Written beside another branch's 0013: at merge it is chained after 0013 (down_revision "0013").
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from techstore.infrastructure.sqlalchemy.types import UTCDateTime

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "parked_sales",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("customer_name", sa.String(length=120), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("discount_kind", sa.String(length=8), nullable=True),
        sa.Column("discount_value", sa.String(length=16), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_parked_sales_customer_id_customers")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_parked_sales_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parked_sales")),
    )
    op.create_index("ix_parked_sales_created_at", "parked_sales", ["created_at"])
    op.create_table(
        "parked_sale_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parked_sale_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("discount_kind", sa.String(length=8), nullable=True),
        sa.Column("discount_value", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(["parked_sale_id"], ["parked_sales.id"],
                                name=op.f("fk_parked_sale_lines_parked_sale_id_parked_sales")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"],
                                name=op.f("fk_parked_sale_lines_product_id_products")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parked_sale_lines")),
    )
    op.create_index("ix_parked_sale_lines_parked_sale_id", "parked_sale_lines", ["parked_sale_id"])


def downgrade() -> None:
    op.drop_index("ix_parked_sale_lines_parked_sale_id", table_name="parked_sale_lines")
    op.drop_table("parked_sale_lines")
    op.drop_index("ix_parked_sales_created_at", table_name="parked_sales")
    op.drop_table("parked_sales")
