"""customers: customers and their account movements

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from techstore.infrastructure.sqlalchemy.types import Money, UTCDateTime

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LIVE = sa.text("deleted_at IS NULL")


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("email_key", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("phone_key", sa.String(length=32), nullable=True),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("credit_limit", Money(), nullable=True),
        sa.Column("balance", Money(), nullable=False),
        sa.Column("search_key", sa.String(length=800), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
    )
    # Unique among customers not deleted (partial indexes: PostgreSQL and SQLite both have them).
    op.create_index("uq_customers_live_email_key", "customers", ["email_key"], unique=True,
                    postgresql_where=_LIVE, sqlite_where=_LIVE)
    op.create_index("uq_customers_live_phone_key", "customers", ["phone_key"], unique=True,
                    postgresql_where=_LIVE, sqlite_where=_LIVE)
    op.create_table(
        "account_movements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("amount", Money(), nullable=False),
        sa.Column("balance_before", Money(), nullable=False),
        sa.Column("balance_after", Money(), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=True),
        sa.Column("sale_id", sa.Integer(), nullable=True),
        sa.Column("repair_id", sa.Integer(), nullable=True),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_account_movements_created_by_users")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_account_movements_customer_id_customers")),
        sa.ForeignKeyConstraint(["reverses_id"], ["account_movements.id"],
                                name=op.f("fk_account_movements_reverses_id_account_movements")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_movements")),
        sa.UniqueConstraint("reverses_id", name=op.f("uq_account_movements_reverses_id")),
    )
    op.create_index("ix_account_movements_customer_id_id", "account_movements", ["customer_id", "id"])
    op.create_index("ix_account_movements_customer_id_created_at", "account_movements",
                    ["customer_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_account_movements_customer_id_created_at", table_name="account_movements")
    op.drop_index("ix_account_movements_customer_id_id", table_name="account_movements")
    op.drop_table("account_movements")
    op.drop_index("uq_customers_live_phone_key", table_name="customers")
    op.drop_index("uq_customers_live_email_key", table_name="customers")
    op.drop_table("customers")
