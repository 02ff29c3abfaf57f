"""sales and returns: tax per line, and the sale's summary per rate

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07

Each sale line copies the rate it was taxed at (name and percent) and keeps its net and tax after every
discount; a sale keeps its tax total and its summary per rate (JSON); a returned line keeps the tax within
its refund. Documents made before keep their totals, never recomputed: their lines are shown as tax 0.00
under "untaxed (before taxes were set up)", their net being what they cost after the sale's discount.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from techstore.infrastructure.sqlalchemy.types import Money, Percent

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNTAXED_NAME = "untaxed (before taxes were set up)"


def upgrade() -> None:
    with op.batch_alter_table("sale_items") as table:
        table.add_column(sa.Column("tax_rate_name", sa.String(60), nullable=False, server_default=UNTAXED_NAME))
        table.add_column(sa.Column("tax_percent", Percent(), nullable=False, server_default="0"))
        table.add_column(sa.Column("net", Money(), nullable=False, server_default="0"))
        table.add_column(sa.Column("tax", Money(), nullable=False, server_default="0"))
    # Money is the same unit on both databases' columns (cents on SQLite, NUMERIC on PostgreSQL): the
    # difference of two columns is a value of that unit too.
    op.execute("UPDATE sale_items SET net = line_total - discount_share")
    with op.batch_alter_table("sales") as table:
        table.add_column(sa.Column("tax_total", Money(), nullable=False, server_default="0"))
        table.add_column(sa.Column("taxes", sa.Text(), nullable=True))
    with op.batch_alter_table("return_items") as table:
        table.add_column(sa.Column("tax", Money(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("return_items") as table:
        table.drop_column("tax")
    with op.batch_alter_table("sales") as table:
        table.drop_column("taxes")
        table.drop_column("tax_total")
    with op.batch_alter_table("sale_items") as table:
        for column in ("tax", "net", "tax_percent", "tax_rate_name"):
            table.drop_column(column)
