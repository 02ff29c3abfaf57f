"""returns and cash: returns of sales, their items and refunds; a sale's refunded total; cash sessions
and their entries

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from techstore.infrastructure.sqlalchemy.types import Money, UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sales") as batch:
        batch.add_column(sa.Column("refunded_total", Money(), nullable=False, server_default="0"))
    op.create_table(
        "returns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=True),
        sa.Column("sale_id", sa.Integer(), nullable=False),
        sa.Column("total", Money(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("refund_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["sale_id"], ["sales.id"], name=op.f("fk_returns_sale_id_sales")),
        sa.ForeignKeyConstraint(["refund_id"], ["account_movements.id"],
                                name=op.f("fk_returns_refund_id_account_movements")),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_returns_created_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_returns")),
        sa.UniqueConstraint("number", name=op.f("uq_returns_number")),
    )
    op.create_index("ix_returns_sale_id", "returns", ["sale_id"])
    op.create_index("ix_returns_created_at", "returns", ["created_at"])
    op.create_table(
        "return_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("refund_amount", Money(), nullable=False),
        sa.Column("restocked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["return_id"], ["returns.id"], name=op.f("fk_return_items_return_id_returns")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name=op.f("fk_return_items_product_id_products")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_items")),
    )
    op.create_index("ix_return_items_return_id", "return_items", ["return_id"])
    op.create_table(
        "return_refunds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("amount", Money(), nullable=False),
        sa.ForeignKeyConstraint(["return_id"], ["returns.id"], name=op.f("fk_return_refunds_return_id_returns")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_refunds")),
    )
    op.create_index("ix_return_refunds_return_id", "return_refunds", ["return_id"])
    op.create_table(
        "cash_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("opening_float", Money(), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("expected_cash", Money(), nullable=True),
        sa.Column("counted_cash", Money(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_cash_sessions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_sessions")),
    )
    op.create_index("uq_cash_sessions_open_user_id", "cash_sessions", ["user_id"], unique=True,
                    postgresql_where=sa.text("status = 'open'"), sqlite_where=sa.text("status = 'open'"))
    op.create_index("ix_cash_sessions_user_id_opened_at", "cash_sessions", ["user_id", "opened_at"])
    op.create_table(
        "cash_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("amount", Money(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["cash_sessions.id"],
                                name=op.f("fk_cash_entries_session_id_cash_sessions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_entries")),
    )
    op.create_index("ix_cash_entries_session_id", "cash_entries", ["session_id"])


def downgrade() -> None:
    op.drop_index("ix_cash_entries_session_id", table_name="cash_entries")
    op.drop_table("cash_entries")
    op.drop_index("ix_cash_sessions_user_id_opened_at", table_name="cash_sessions")
    op.drop_index("uq_cash_sessions_open_user_id", table_name="cash_sessions")
    op.drop_table("cash_sessions")
    op.drop_index("ix_return_refunds_return_id", table_name="return_refunds")
    op.drop_table("return_refunds")
    op.drop_index("ix_return_items_return_id", table_name="return_items")
    op.drop_table("return_items")
    op.drop_index("ix_returns_created_at", table_name="returns")
    op.drop_index("ix_returns_sale_id", table_name="returns")
    op.drop_table("returns")
    with op.batch_alter_table("sales") as batch:
        batch.drop_column("refunded_total")
