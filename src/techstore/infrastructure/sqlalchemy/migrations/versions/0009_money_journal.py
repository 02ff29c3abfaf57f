"""the money journal: one signed entry per amount taken or paid, built from every document recorded before,
replacing the cash sessions' entries

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

Until now only the amounts taken while a drawer was open were kept (``cash_entries``), and a void left them
alone. The journal holds every amount of every document: the entries are rebuilt from the documents (sales'
payments, returns' refunds, repairs' payments, payments on accounts) and the drawers' pay-ins and pay-outs, each
attributed to the session that recorded it (matched by the document's number), with a reversal for each entry
of a voided sale. The rows are inserted in the order they happened.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from techstore.infrastructure.sqlalchemy.types import Money, UTCDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ("kind, method, amount, sale_id, return_id, repair_id, customer_id, movement_id, cash_session_id, "
            "user_id, created_at, note")


def _session(kind: str, reference: str, method: str = "x.method") -> str:
    """The session that recorded a document's amount by ``method``: cash entries name their document's number."""
    return (f"(SELECT MIN(ce.session_id) FROM cash_entries ce WHERE ce.kind = '{kind}' "
            f"AND ce.reference = {reference} AND ce.method = {method})")


_FROM_DOCUMENTS = f"""
SELECT 'sale' AS kind, x.method, x.amount, s.id AS sale_id, CAST(NULL AS INTEGER) AS return_id,
       CAST(NULL AS INTEGER) AS repair_id,
       s.customer_id, CASE WHEN x.method = 'account' THEN s.charge_id END AS movement_id,
       {_session('sale', 's.number')} AS cash_session_id, s.user_id, s.created_at, CAST(NULL AS VARCHAR(200)) AS note
  FROM sale_payments x JOIN sales s ON s.id = x.sale_id
UNION ALL
SELECT 'refund', x.method, -x.amount, r.sale_id, r.id, NULL, s.customer_id,
       CASE WHEN x.method = 'account' THEN r.refund_id END,
       {_session('refund', 'r.number')}, r.created_by, r.created_at, NULL
  FROM return_refunds x JOIN returns r ON r.id = x.return_id JOIN sales s ON s.id = r.sale_id
UNION ALL
SELECT 'repair_payment', x.method, x.amount, NULL, NULL, p.id, p.customer_id,
       CASE WHEN x.method = 'account' THEN p.charge_id END,
       {_session('repair', 'p.number')},
       COALESCE((SELECT MAX(h.created_by) FROM repair_history h WHERE h.repair_id = p.id
                 AND h.to_status = 'delivered'), p.created_by),
       COALESCE(p.delivered_at, p.updated_at), NULL
  FROM repair_payments x JOIN repairs p ON p.id = x.repair_id
UNION ALL
SELECT 'account_payment', m.method, -m.amount, NULL, NULL, NULL, m.customer_id, m.id,
       (SELECT MIN(ce.session_id) FROM cash_entries ce WHERE ce.kind = 'payment' AND ce.method = m.method
           AND ce.reference = 'Customer ' || CAST(m.customer_id AS VARCHAR(20)) AND ce.amount = -m.amount
           AND ce.created_at = m.created_at),
       m.created_by, m.created_at, NULL
  FROM account_movements m WHERE m.type = 'payment'
UNION ALL
SELECT e.kind, 'cash', CASE WHEN e.kind = 'pay_out' THEN -e.amount ELSE e.amount END, NULL, NULL, NULL, NULL,
       NULL, e.session_id, c.user_id, e.created_at, e.reference
  FROM cash_entries e JOIN cash_sessions c ON c.id = e.session_id WHERE e.kind IN ('pay_in', 'pay_out')
"""


def upgrade() -> None:
    op.create_table(
        "journal_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("amount", Money(), nullable=False),
        sa.Column("sale_id", sa.Integer(), nullable=True),
        sa.Column("return_id", sa.Integer(), nullable=True),
        sa.Column("repair_id", sa.Integer(), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("movement_id", sa.Integer(), nullable=True),
        sa.Column("cash_session_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["sale_id"], ["sales.id"], name=op.f("fk_journal_entries_sale_id_sales")),
        sa.ForeignKeyConstraint(["return_id"], ["returns.id"], name=op.f("fk_journal_entries_return_id_returns")),
        sa.ForeignKeyConstraint(["repair_id"], ["repairs.id"], name=op.f("fk_journal_entries_repair_id_repairs")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_journal_entries_customer_id_customers")),
        sa.ForeignKeyConstraint(["movement_id"], ["account_movements.id"],
                                name=op.f("fk_journal_entries_movement_id_account_movements")),
        sa.ForeignKeyConstraint(["cash_session_id"], ["cash_sessions.id"],
                                name=op.f("fk_journal_entries_cash_session_id_cash_sessions")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_journal_entries_user_id_users")),
        sa.ForeignKeyConstraint(["reverses_id"], ["journal_entries.id"],
                                name=op.f("fk_journal_entries_reverses_id_journal_entries")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_entries")),
        sa.UniqueConstraint("reverses_id", name=op.f("uq_journal_entries_reverses_id")),
    )
    for column in ("created_at", "cash_session_id", "sale_id", "return_id", "repair_id", "movement_id"):
        op.create_index(f"ix_journal_entries_{column}", "journal_entries", [column])
    op.execute(f"INSERT INTO journal_entries ({_COLUMNS}) SELECT * FROM ({_FROM_DOCUMENTS}) d "
               f"ORDER BY d.created_at, d.kind")
    # A void left the drawer alone before; its sale's entries are undone now, when and by whom it was voided.
    op.execute(f"INSERT INTO journal_entries ({_COLUMNS}, reverses_id) "
               f"SELECT 'reversal', j.method, -j.amount, j.sale_id, NULL, NULL, j.customer_id, j.movement_id, NULL, "
               f"s.voided_by, s.voided_at, NULL, j.id FROM journal_entries j JOIN sales s ON s.id = j.sale_id "
               f"WHERE j.kind = 'sale' AND s.status = 'voided' ORDER BY s.voided_at, j.id")
    op.drop_index("ix_cash_entries_session_id", table_name="cash_entries")
    op.drop_table("cash_entries")


# A repair's deposit was money in for a repair, and the refund of deposits (0017) money out, as before 0009.
_OLD_KINDS = {"sale": "sale", "refund": "refund", "repair_payment": "repair", "account_payment": "payment",
              "pay_in": "pay_in", "pay_out": "pay_out", "repair_deposit": "repair", "repair_refund": "refund"}


def downgrade() -> None:
    op.create_table(
        "cash_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("amount", Money(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["cash_sessions.id"],
                                name=op.f("fk_cash_entries_session_id_cash_sessions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_entries")),
    )
    op.create_index("ix_cash_entries_session_id", "cash_entries", ["session_id"])
    # What a drawer held before: its entries, positive, named by their document (reversals had no place).
    kinds = " ".join(f"WHEN '{new}' THEN '{old}'" for new, old in _OLD_KINDS.items())
    op.execute(
        "INSERT INTO cash_entries (session_id, kind, method, amount, reference, created_at) "
        f"SELECT j.cash_session_id, CASE j.kind {kinds} END, j.method, ABS(j.amount), "
        "COALESCE(j.note, r.number, s.number, p.number, 'Customer ' || CAST(j.customer_id AS VARCHAR(20)), ''), "
        "j.created_at FROM journal_entries j LEFT JOIN sales s ON s.id = j.sale_id "
        "LEFT JOIN returns r ON r.id = j.return_id LEFT JOIN repairs p ON p.id = j.repair_id "
        "WHERE j.cash_session_id IS NOT NULL AND j.kind <> 'reversal' ORDER BY j.id")
    for column in ("created_at", "cash_session_id", "sale_id", "return_id", "repair_id", "movement_id"):
        op.drop_index(f"ix_journal_entries_{column}", table_name="journal_entries")
    op.drop_table("journal_entries")
