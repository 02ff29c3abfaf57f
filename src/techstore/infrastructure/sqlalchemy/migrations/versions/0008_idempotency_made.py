"""idempotency keys: the id of what the keyed operation made, written in its own transaction

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("idempotency_keys") as table:
        table.add_column(sa.Column("made", sa.Integer(), nullable=True))
    # Keys completed before: their answer is kept whole; what they made is read from it no more.
    op.execute("UPDATE idempotency_keys SET made = 0 WHERE state = 'done'")


def downgrade() -> None:
    op.execute("DELETE FROM idempotency_keys WHERE state = 'made'")
    with op.batch_alter_table("idempotency_keys") as table:
        table.drop_column("made")
