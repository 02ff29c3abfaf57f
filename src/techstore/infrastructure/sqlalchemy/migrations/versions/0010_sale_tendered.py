"""sales: the cash tendered and the change given, kept with the sale and printed on every reprint

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from techstore.infrastructure.sqlalchemy.types import Money

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Sales made before this kept no tendered cash: theirs stay NULL (the receipt prints none).
    with op.batch_alter_table("sales") as table:
        table.add_column(sa.Column("tendered", Money(), nullable=True))
        table.add_column(sa.Column("change", Money(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sales") as table:
        table.drop_column("change")
        table.drop_column("tendered")
