"""cash sessions: the running sum of their cash entries, moved in each entry's transaction

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07

Checking a drawer's expected cash against the money range on every cash amount would otherwise sum the
session's journal entries each time (a query that grows through the day); the row keeps the sum instead,
under the lock the amount takes anyway. Existing sessions get the sum of their cash entries.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from techstore.infrastructure.sqlalchemy.types import Money

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cash_sessions") as table:
        table.add_column(sa.Column("cash_total", Money(), nullable=False, server_default="0"))
    op.execute("UPDATE cash_sessions SET cash_total = COALESCE((SELECT SUM(j.amount) FROM journal_entries j "
               "WHERE j.cash_session_id = cash_sessions.id AND j.method = 'cash'), 0)")


def downgrade() -> None:
    with op.batch_alter_table("cash_sessions") as table:
        table.drop_column("cash_total")
