"""catalog: products.barcode holds the store's own Code 128 text codes (VARCHAR(14) → VARCHAR(40))

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-08

A barcode was 8 to 14 digits; it may now also be the store's own text code of up to 40 characters (PRODUCT.md,
"Catalog and inventory"; domain/catalog/rules.py). Every barcode stored is still valid and stays as it is: the
column only widens. PostgreSQL widens a VARCHAR in place (no rewrite, the unique index kept). SQLite does not
enforce the length, but its declared type is widened too, in batch mode (the table is copied), so the schema is
the metadata's on both; products are pointed at by other tables' rows, so their foreign keys are off meanwhile.

The downgrade narrows it back and refuses while a barcode longer than 14 characters is stored: it cannot be
kept, and dropping it silently would lose what a label or a scanner knows the product by.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from techstore.infrastructure.sqlalchemy.migrations.helpers import sqlite_foreign_keys

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _barcode_length(old: int, new: int) -> None:
    sqlite_foreign_keys("OFF")
    with op.batch_alter_table("products") as table:
        table.alter_column("barcode", existing_type=sa.String(old), type_=sa.String(new), existing_nullable=True)
    sqlite_foreign_keys("ON")


def upgrade() -> None:
    _barcode_length(14, 40)


def downgrade() -> None:
    longer = op.get_bind().execute(sa.text("SELECT COUNT(*) FROM products WHERE LENGTH(barcode) > 14")).scalar()
    if longer:
        raise RuntimeError(f"{longer} product(s) have a barcode longer than 14 characters, which 0022's column "
                           "cannot hold: change or clear them first")
    _barcode_length(40, 14)
