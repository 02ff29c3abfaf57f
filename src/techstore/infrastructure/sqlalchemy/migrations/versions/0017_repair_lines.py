"""repairs: labour and part lines taxed per line, the quote, deposits and refunds, warranty, condition

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07

``repair_parts`` becomes ``repair_lines`` (labour and part lines, each with the rate it was taxed at, its net
and tax; a part keeps its unit cost). A repair made before keeps its total: its parts become part lines, and
what its price held beyond them becomes one labour line "Repair"; both untaxed, as documents made before taxes
were set up. Payments gain their kind (deposit, delivery, refund) and deposits their own receipt rows. The
history's ``created_by`` may be empty: the customer answered on the tracking page.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from techstore.infrastructure.sqlalchemy.migrations.helpers import foreign_key, sqlite_foreign_keys
from techstore.infrastructure.sqlalchemy.types import Money, Percent, UTCDateTime

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNTAXED_NAME = "untaxed (before taxes were set up)"


def upgrade() -> None:
    op.create_table(
        "repair_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("repair_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("description", sa.String(200), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("sku", sa.String(40), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", Money(), nullable=False),
        sa.Column("unit_cost", Money(), nullable=True),
        sa.Column("tax_rate_name", sa.String(60), nullable=False),
        sa.Column("tax_percent", Percent(), nullable=False),
        sa.Column("net", Money(), nullable=False),
        sa.Column("tax", Money(), nullable=False),
        sa.Column("line_total", Money(), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        foreign_key("repair_lines", "repair_id", "repairs"),
        foreign_key("repair_lines", "product_id", "products"),
        foreign_key("repair_lines", "added_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repair_lines")),
    )
    op.create_index("ix_repair_lines_repair_id", "repair_lines", ["repair_id"])
    op.execute(f"""
INSERT INTO repair_lines (repair_id, kind, description, product_id, sku, quantity, unit_price, tax_rate_name,
                          tax_percent, net, tax, line_total, added_by, added_at)
SELECT repair_id, 'part', name, product_id, sku, quantity, unit_price, '{UNTAXED_NAME}', 0, line_total, 0,
       line_total, added_by, added_at
  FROM repair_parts ORDER BY id""")
    # What a price held beyond its parts was the older single labour figure.
    op.execute(f"""
INSERT INTO repair_lines (repair_id, kind, description, quantity, unit_price, tax_rate_name, tax_percent, net, tax,
                          line_total, added_by, added_at)
SELECT r.id, 'labour', 'Repair', 1, r.price - COALESCE(p.total, 0), '{UNTAXED_NAME}', 0,
       r.price - COALESCE(p.total, 0), 0, r.price - COALESCE(p.total, 0), r.created_by, r.received_at
  FROM repairs r LEFT JOIN (SELECT repair_id, SUM(line_total) AS total FROM repair_parts GROUP BY repair_id) p
    ON p.repair_id = r.id
 WHERE r.price IS NOT NULL AND r.price > COALESCE(p.total, 0)""")
    op.drop_index("ix_repair_parts_repair_id", table_name="repair_parts")
    op.drop_table("repair_parts")

    op.create_table(
        "repair_deposits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("repair_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        foreign_key("repair_deposits", "repair_id", "repairs"),
        foreign_key("repair_deposits", "created_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repair_deposits")),
    )
    op.create_index("ix_repair_deposits_repair_id", "repair_deposits", ["repair_id"])
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:  # batch mode copies ``repairs``, which other tables' rows point at
        sqlite_foreign_keys("OFF")
    with op.batch_alter_table("repair_payments") as table:
        table.add_column(sa.Column("kind", sa.String(10), nullable=False, server_default="delivery"))
        table.add_column(sa.Column("deposit_id", sa.Integer(), nullable=True))
        table.create_foreign_key(op.f("fk_repair_payments_deposit_id_repair_deposits"), "repair_deposits",
                                 ["deposit_id"], ["id"])
    with op.batch_alter_table("repair_history") as table:
        table.alter_column("created_by", existing_type=sa.Integer(), nullable=True)
    with op.batch_alter_table("repairs") as table:
        table.add_column(sa.Column("condition", sa.Text(), nullable=True))
        table.add_column(sa.Column("quote_total", Money(), nullable=True))
        table.add_column(sa.Column("warranty", sa.Boolean(), nullable=False, server_default=sa.false()))
        table.add_column(sa.Column("related_repair_id", sa.Integer(), nullable=True))
        table.add_column(sa.Column("under_warranty_until", sa.Date(), nullable=True))
        table.add_column(sa.Column("warranty_until", sa.Date(), nullable=True))
        table.add_column(sa.Column("wrong_answers", sa.Integer(), nullable=False, server_default="0"))
        table.add_column(sa.Column("answers_locked_until", UTCDateTime(), nullable=True))
        table.create_foreign_key(op.f("fk_repairs_related_repair_id_repairs"), "repairs", ["related_repair_id"],
                                 ["id"])
        table.create_index("ix_repairs_serial_number", ["serial_number"])
    if sqlite:
        sqlite_foreign_keys("ON")
    # Awaiting approval before: the price then was the quote.
    op.execute("UPDATE repairs SET quote_total = price WHERE status IN ('awaiting_approval', 'in_repair', "
               "'waiting_for_parts')")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        sqlite_foreign_keys("OFF")
    with op.batch_alter_table("repairs") as table:
        table.drop_index("ix_repairs_serial_number")
        table.drop_constraint(op.f("fk_repairs_related_repair_id_repairs"), type_="foreignkey")
        for column in ("answers_locked_until", "wrong_answers", "warranty_until", "under_warranty_until",
                       "related_repair_id", "warranty", "quote_total", "condition"):
            table.drop_column(column)
    op.execute("DELETE FROM repair_history WHERE created_by IS NULL")
    with op.batch_alter_table("repair_history") as table:
        table.alter_column("created_by", existing_type=sa.Integer(), nullable=False)
    op.execute("DELETE FROM repair_payments WHERE kind <> 'delivery'")
    with op.batch_alter_table("repair_payments") as table:
        table.drop_constraint(op.f("fk_repair_payments_deposit_id_repair_deposits"), type_="foreignkey")
        table.drop_column("deposit_id")
        table.drop_column("kind")
    if sqlite:
        sqlite_foreign_keys("ON")
    op.drop_index("ix_repair_deposits_repair_id", table_name="repair_deposits")
    op.drop_table("repair_deposits")
    op.create_table(
        "repair_parts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("repair_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", Money(), nullable=False),
        sa.Column("line_total", Money(), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        foreign_key("repair_parts", "repair_id", "repairs"),
        foreign_key("repair_parts", "product_id", "products"),
        foreign_key("repair_parts", "added_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repair_parts")),
    )
    op.create_index("ix_repair_parts_repair_id", "repair_parts", ["repair_id"])
    op.execute("""
INSERT INTO repair_parts (repair_id, product_id, sku, name, quantity, unit_price, line_total, added_by, added_at)
SELECT repair_id, product_id, sku, description, quantity, unit_price, line_total, added_by, added_at
  FROM repair_lines WHERE kind = 'part' ORDER BY id""")
    op.drop_index("ix_repair_lines_repair_id", table_name="repair_lines")
    op.drop_table("repair_lines")


