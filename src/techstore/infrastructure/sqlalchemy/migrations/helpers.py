"""What several migrations do the same way. Migrations import only these two; whatever a migration does once
stays in it, so a revision still reads as the schema change it was."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def foreign_key(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    """``table.column`` → ``target.id``, named as the metadata's naming convention names it."""
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def sqlite_foreign_keys(state: str) -> None:
    """SQLite alters a table only by copying it, dropping the table first: while other tables' rows point at it
    (products, sales, repairs), foreign keys must be off. SQLite switches them only between transactions;
    turning them back on checks every key. Nothing on other databases."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    bind.exec_driver_sql("COMMIT")
    bind.exec_driver_sql(f"PRAGMA foreign_keys = {state}")
    bind.exec_driver_sql("BEGIN IMMEDIATE")
    if state == "ON" and bind.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
        raise RuntimeError("a foreign key no longer holds after altering the tables")
