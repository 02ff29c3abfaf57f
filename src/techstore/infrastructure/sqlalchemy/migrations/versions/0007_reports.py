"""reports: each sale line keeps its product's cost when sold (margins); indexes for the reports and the dashboard

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from techstore.infrastructure.sqlalchemy.types import Money

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COMPLETED = sa.text("status = 'completed'")
_DEBTORS = sa.text("balance > 0 AND deleted_at IS NULL")


def upgrade() -> None:
    op.add_column("sale_items", sa.Column("unit_cost", Money(), nullable=True))
    op.create_index("ix_sale_items_product_id", "sale_items", ["product_id"])
    # The period's sales that count (not voided), by time: every report and the dashboard range over it.
    op.create_index("ix_sales_completed_created_at", "sales", ["created_at"],
                    postgresql_where=_COMPLETED, sqlite_where=_COMPLETED)
    # Receivables: the customers who owe, largest first.
    op.create_index("ix_customers_debtors_balance", "customers", ["balance"],
                    postgresql_where=_DEBTORS, sqlite_where=_DEBTORS)


def downgrade() -> None:
    op.drop_index("ix_customers_debtors_balance", table_name="customers")
    op.drop_index("ix_sales_completed_created_at", table_name="sales")
    op.drop_index("ix_sale_items_product_id", table_name="sale_items")
    with op.batch_alter_table("sale_items") as batch:
        batch.drop_column("unit_cost")
