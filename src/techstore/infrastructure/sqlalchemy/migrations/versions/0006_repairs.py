"""repairs: orders, their parts, payments and history; public lookups' rate-limit counters

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from techstore.infrastructure.sqlalchemy.migrations.helpers import foreign_key
from techstore.infrastructure.sqlalchemy.types import Money, UTCDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "repairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("tracking_code", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("customer_name", sa.String(length=200), nullable=False),
        sa.Column("equipment", sa.String(length=200), nullable=False),
        sa.Column("serial_number", sa.String(length=100), nullable=True),
        sa.Column("reported_problem", sa.Text(), nullable=False),
        sa.Column("accessories", sa.Text(), nullable=True),
        sa.Column("diagnosis", sa.Text(), nullable=True),
        sa.Column("price", Money(), nullable=True),
        sa.Column("promised_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("charge_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("delivered_at", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        foreign_key("repairs", "customer_id", "customers"),
        sa.ForeignKeyConstraint(["charge_id"], ["account_movements.id"],
                                name=op.f("fk_repairs_charge_id_account_movements")),
        foreign_key("repairs", "created_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repairs")),
        sa.UniqueConstraint("number", name=op.f("uq_repairs_number")),
        sa.UniqueConstraint("tracking_code", name=op.f("uq_repairs_tracking_code")),
    )
    op.create_index("ix_repairs_status", "repairs", ["status"])
    op.create_index("ix_repairs_customer_id_status", "repairs", ["customer_id", "status"])
    op.create_table(
        "repair_parts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("repair_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", Money(), nullable=False),
        sa.Column("line_total", Money(), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        foreign_key("repair_parts", "repair_id", "repairs"),
        foreign_key("repair_parts", "product_id", "products"),
        foreign_key("repair_parts", "added_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repair_parts")),
    )
    op.create_index("ix_repair_parts_repair_id", "repair_parts", ["repair_id"])
    op.create_table(
        "repair_payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("repair_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("amount", Money(), nullable=False),
        foreign_key("repair_payments", "repair_id", "repairs"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repair_payments")),
    )
    op.create_index("ix_repair_payments_repair_id", "repair_payments", ["repair_id"])
    op.create_table(
        "repair_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("repair_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=24), nullable=True),
        sa.Column("to_status", sa.String(length=24), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        foreign_key("repair_history", "repair_id", "repairs"),
        foreign_key("repair_history", "created_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repair_history")),
    )
    op.create_index("ix_repair_history_repair_id", "repair_history", ["repair_id"])
    op.create_table(
        "tracking_hits",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("window_start", UTCDateTime(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "window_start", name="pk_tracking_hits"),
    )


def downgrade() -> None:
    op.drop_table("tracking_hits")
    op.drop_index("ix_repair_history_repair_id", table_name="repair_history")
    op.drop_table("repair_history")
    op.drop_index("ix_repair_payments_repair_id", table_name="repair_payments")
    op.drop_table("repair_payments")
    op.drop_index("ix_repair_parts_repair_id", table_name="repair_parts")
    op.drop_table("repair_parts")
    op.drop_index("ix_repairs_customer_id_status", table_name="repairs")
    op.drop_index("ix_repairs_status", table_name="repairs")
    op.drop_table("repairs")
