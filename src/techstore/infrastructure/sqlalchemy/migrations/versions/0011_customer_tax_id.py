"""customers: an optional tax id, printed on their invoices

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("customers") as table:
        table.add_column(sa.Column("tax_id", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("customers") as table:
        table.drop_column("tax_id")
