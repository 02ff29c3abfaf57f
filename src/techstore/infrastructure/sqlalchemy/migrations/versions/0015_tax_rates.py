"""taxes: the store's tax rates; the rate a category or a product names

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07

What it does, in one transaction:

1. creates ``tax_rates`` (name, its folded ``name_key`` unique, ``percent`` NUMERIC(6,3) — integer
   thousandths on SQLite —, ``is_default``, ``is_active``, times) with a partial unique index on
   ``is_default WHERE is_default``: never two defaults;
2. inserts ONE rate, the default: "Sales tax" at 0.000%, active, so a store upgrading keeps exactly one
   default and no price changes until the owner sets the percent;
3. adds ``categories.tax_rate_id`` and ``products.tax_rate_id`` (nullable, foreign keys to ``tax_rates``;
   NULL: the category's rate, else the default);
4. gives every existing product (deleted ones too) the default rate: ``products.tax_rate_id`` = its id.
   Categories keep NULL (the default).

The downgrade drops the two columns and the table. (Revises 0013: if another branch lands a 0014 first, this
one is re-chained onto it.)
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

from techstore.infrastructure.sqlalchemy.types import Percent, UTCDateTime

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The rate a store starts with (domain.taxes.rates.STARTING_RATE_*; written out here, as migrations are frozen).
STARTING_NAME = "Sales tax"
STARTING_PERCENT = Decimal("0.000")


def upgrade() -> None:
    tax_rates = op.create_table(
        "tax_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("name_key", sa.String(length=60), nullable=False),
        sa.Column("percent", Percent(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tax_rates")),
        sa.UniqueConstraint("name_key", name=op.f("uq_tax_rates_name_key")),
    )
    op.create_index("uq_tax_rates_one_default", "tax_rates", ["is_default"], unique=True,
                    postgresql_where=sa.text("is_default"), sqlite_where=sa.text("is_default"))
    now = datetime.now(UTC)
    op.bulk_insert(tax_rates, [{"name": STARTING_NAME, "name_key": STARTING_NAME.casefold(),
                                "percent": STARTING_PERCENT, "is_default": True, "is_active": True,
                                "created_at": now, "updated_at": now}])
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name in ("categories", "products"):
        constraint = op.f(f"fk_{name}_tax_rate_id_tax_rates")
        if sqlite:
            # A plain ADD COLUMN (SQLite allows a REFERENCES column that is NULL by default): recreating the
            # table, as batch mode would, fails on SQLite while rows of other tables point at it.
            op.execute(f"ALTER TABLE {name} ADD COLUMN tax_rate_id INTEGER "
                       f"CONSTRAINT {constraint} REFERENCES tax_rates (id)")
        else:
            op.add_column(name, sa.Column("tax_rate_id", sa.Integer(), nullable=True))
            op.create_foreign_key(constraint, name, "tax_rates", ["tax_rate_id"], ["id"])
    op.create_index(op.f("ix_products_tax_rate_id"), "products", ["tax_rate_id"])
    op.execute("UPDATE products SET tax_rate_id = (SELECT id FROM tax_rates WHERE is_default)")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _sqlite_foreign_keys("OFF")
    op.drop_index(op.f("ix_products_tax_rate_id"), table_name="products")
    for name in ("products", "categories"):
        # The column's foreign key goes with it (PostgreSQL drops it; SQLite's copy of the table leaves it out).
        with op.batch_alter_table(name) as table:
            table.drop_column("tax_rate_id")
    op.drop_index("uq_tax_rates_one_default", table_name="tax_rates")
    op.drop_table("tax_rates")
    if sqlite:
        _sqlite_foreign_keys("ON")


def _sqlite_foreign_keys(state: str) -> None:
    """SQLite drops a column with a foreign key only by copying its table, and the copy drops the table first:
    while rows of other tables point at it (products at categories), foreign keys must be off, as SQLite's own
    procedure for this says. SQLite switches them only between transactions: end the migration's, switch, and
    begin it again. Turning them back on checks every key."""
    bind = op.get_bind()
    bind.exec_driver_sql("COMMIT")
    bind.exec_driver_sql(f"PRAGMA foreign_keys = {state}")
    bind.exec_driver_sql("BEGIN IMMEDIATE")
    if state == "ON" and bind.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
        raise RuntimeError("a foreign key no longer holds after dropping tax_rate_id")
