"""reports: daily rollups of closed days (report_days, report_day_products, report_span_products,
report_day_methods, report_day_taxes)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07

New tables only, empty: the reports read every day live until ``techstore reports roll-up`` (or the worker)
sums the closed days. Nothing else changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from techstore.infrastructure.sqlalchemy.types import Money, Percent, UTCDateTime

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _product_sums() -> list[sa.Column[object]]:
    return [sa.Column("units", sa.Integer(), nullable=False), sa.Column("revenue", Money(), nullable=False),
            sa.Column("cost", Money(), nullable=False), sa.Column("unknown", Money(), nullable=False),
            sa.Column("known_lines", sa.Integer(), nullable=False),
            sa.Column("unknown_lines", sa.Integer(), nullable=False),
            sa.Column("sold_units", sa.Integer(), nullable=False), sa.Column("sold_revenue", Money(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "report_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("zone", sa.String(64), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("stale", sa.Boolean(), nullable=False),
        sa.Column("rolled_at", UTCDateTime(), nullable=False),
        sa.Column("sales_count", sa.Integer(), nullable=False),
        sa.Column("sales_amount", Money(), nullable=False),
        sa.Column("returns_count", sa.Integer(), nullable=False),
        sa.Column("refunded", Money(), nullable=False),
        sa.Column("return_units", sa.Integer(), nullable=False),
        sa.Column("restocked_units", sa.Integer(), nullable=False),
        sa.Column("repairs_count", sa.Integer(), nullable=False),
        sa.Column("repairs_amount", Money(), nullable=False),
        sa.Column("repairs_parts", Money(), nullable=False),
        sa.Column("money_net", Money(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_report_days")),
    )
    op.create_index("ix_report_days_starts_at", "report_days", ["starts_at"])
    op.create_table(
        "report_day_products",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        *_product_sums(),
        sa.PrimaryKeyConstraint("day", "product_id", name=op.f("pk_report_day_products")),
    )
    op.create_table(
        "report_span_products",
        sa.Column("first", sa.Date(), nullable=False),
        sa.Column("last", sa.Date(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        *_product_sums(),
        sa.PrimaryKeyConstraint("first", "last", "product_id", name=op.f("pk_report_span_products")),
    )
    op.create_table(
        "report_day_methods",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("amount", Money(), nullable=False),
        sa.Column("outside_drawer", Money(), nullable=False),
        sa.PrimaryKeyConstraint("day", "method", "kind", name=op.f("pk_report_day_methods")),
    )
    op.create_table(
        "report_day_taxes",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("rate_name", sa.String(60), nullable=False),
        sa.Column("percent", Percent(), nullable=False),
        sa.Column("net", Money(), nullable=False),
        sa.Column("tax", Money(), nullable=False),
        sa.PrimaryKeyConstraint("day", "rate_name", "percent", name=op.f("pk_report_day_taxes")),
    )


def downgrade() -> None:
    for table in ("report_day_taxes", "report_day_methods", "report_span_products", "report_day_products"):
        op.drop_table(table)
    op.drop_index("ix_report_days_starts_at", table_name="report_days")
    op.drop_table("report_days")
