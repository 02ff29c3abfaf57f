"""identity: four roles, users' optional email and TOTP; the approver on sales and returns

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07

Roles are strings already (``admin``, ``staff``): ``manager`` and ``technician`` need no change to the
column, and every user keeps their role. Users gain an optional ``email`` (unique case-insensitively
through ``email_key``, for single sign-on) and an optional TOTP secret. Sales and returns gain
``approved_by``: the manager who approved a staff member's discount, refund or price on the spot.

Plain ADD COLUMNs on both databases: batch mode would copy ``users``, ``sales`` and ``returns`` on SQLite,
which other rows point at (as 0020 added ``products.supplier_id``). The email's uniqueness is a unique index.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from techstore.infrastructure.sqlalchemy.migrations.helpers import sqlite_foreign_keys

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_APPROVED = ("sales", "returns")


def upgrade() -> None:
    op.add_column("users", sa.Column("email", sa.String(length=254), nullable=True))
    op.add_column("users", sa.Column("email_key", sa.String(length=254), nullable=True))
    op.create_index("uq_users_email_key", "users", ["email_key"], unique=True)
    op.add_column("users", sa.Column("totp_secret", sa.String(length=64), nullable=True))
    op.add_column("users", sa.Column("totp_enabled", sa.Boolean(), nullable=False, server_default=sa.false()))
    for table in _APPROVED:
        constraint = op.f(f"fk_{table}_approved_by_users")
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE {table} ADD COLUMN approved_by INTEGER CONSTRAINT {constraint} "
                       "REFERENCES users (id)")
        else:
            op.add_column(table, sa.Column("approved_by", sa.Integer(), nullable=True))
            op.create_foreign_key(constraint, table, "users", ["approved_by"], ["id"])


def downgrade() -> None:
    sqlite_foreign_keys("OFF")
    for table in _APPROVED:
        with op.batch_alter_table(table) as batch:
            if op.get_bind().dialect.name != "sqlite":
                batch.drop_constraint(op.f(f"fk_{table}_approved_by_users"), type_="foreignkey")
            batch.drop_column("approved_by")
    op.drop_index("uq_users_email_key", table_name="users")
    for column in ("totp_enabled", "totp_secret", "email_key", "email"):
        op.drop_column("users", column)  # SQLite 3.35+ drops a plain column in place
    sqlite_foreign_keys("ON")
