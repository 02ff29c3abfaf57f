"""idempotency keys: the id of what the keyed operation made, written in its own transaction, instead of an HTTP answer

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
    # A completed key kept its answer: the API's was the made thing as JSON ({"id": ...}), a page's (303)
    # the sale's id itself. A retry is now answered from what was made, so keep only its id.
    json_id = ("CAST(body::json->>'id' AS INTEGER)" if op.get_context().dialect.name == "postgresql"
               else "CAST(json_extract(body, '$.id') AS INTEGER)")
    op.execute(f"UPDATE idempotency_keys SET state = 'made', made = CASE WHEN status = 303 "
               f"THEN CAST(body AS INTEGER) ELSE {json_id} END WHERE state = 'done'")
    with op.batch_alter_table("idempotency_keys") as table:
        table.drop_column("status")
        table.drop_column("body")


def downgrade() -> None:
    # Keys made since cannot be given back their answers: forget them (a retry then sells again).
    op.execute("DELETE FROM idempotency_keys WHERE state <> 'in_flight'")
    with op.batch_alter_table("idempotency_keys") as table:
        table.add_column(sa.Column("status", sa.Integer(), nullable=True))
        table.add_column(sa.Column("body", sa.Text(), nullable=True))
        table.drop_column("made")
