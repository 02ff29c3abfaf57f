"""notifications: the outbox; customers may refuse emails

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07

Messages are written to ``outbox_messages`` in the transaction of the change that causes them and sent by
``techstore worker``; ``claimed_until`` is a worker's lease on a message. Customers gain ``accepts_email``
(true for everyone so far).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from techstore.infrastructure.sqlalchemy.types import UTCDateTime

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UNSENT = sa.text("status = 'unsent'")


def upgrade() -> None:
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("template", sa.String(length=60), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("attachments", sa.Text(), nullable=False),
        sa.Column("repair_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=True),
        sa.Column("claimed_until", UTCDateTime(), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("retried_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
    )
    op.create_index("ix_outbox_messages_due", "outbox_messages", ["next_attempt_at", "id"],
                    postgresql_where=_UNSENT, sqlite_where=_UNSENT)
    op.create_index("ix_outbox_messages_status_id", "outbox_messages", ["status", "id"])
    op.create_index("ix_outbox_messages_repair_id", "outbox_messages", ["repair_id"])
    # A plain ADD COLUMN on both databases: batch mode would copy ``customers`` on SQLite, which the rows of
    # sales, repairs and account movements point at (a foreign key failure on any database holding them).
    op.add_column("customers", sa.Column("accepts_email", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    op.drop_column("customers", "accepts_email")  # SQLite 3.35+ drops a plain column in place
    op.drop_index("ix_outbox_messages_repair_id", table_name="outbox_messages")
    op.drop_index("ix_outbox_messages_status_id", table_name="outbox_messages")
    op.drop_index("ix_outbox_messages_due", table_name="outbox_messages")
    op.drop_table("outbox_messages")
