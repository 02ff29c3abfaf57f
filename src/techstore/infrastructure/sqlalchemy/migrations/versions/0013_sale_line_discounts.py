"""sale items: the line's own discount

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07

A line may now carry its own discount (an amount, or a percent of the line worked out to an amount);
``line_total`` stays what the line costs before its share of the sale's discount, so it is now the
price × quantity less this. Lines sold before had none: 0.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from techstore.infrastructure.sqlalchemy.types import Money

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sale_items") as table:
        table.add_column(sa.Column("discount", Money(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("sale_items") as table:
        table.drop_column("discount")
