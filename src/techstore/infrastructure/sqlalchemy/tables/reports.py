"""The reports' daily rollups (migration 0022): closed local days summed once, so a report over years reads a
row per day (and per product, method and rate) instead of every line. A cache of the documents, never a
source: ``techstore check money`` proves it equal to them, and any day may be dropped and rolled up again.

A day is *rolled* when its ``report_days`` row is not stale and was summed in the store's zone now; every other
day of a report is read live from the documents. A void of a sale marks its day stale (the only change a
document makes to a past day: returns, repairs delivered and journal entries count on the day they are made).
"""

from typing import Any

from sqlalchemy import Boolean, Column, Date, Index, Integer, String, Table

from techstore.infrastructure.sqlalchemy.metadata import metadata
from techstore.infrastructure.sqlalchemy.types import Money, Percent, UTCDateTime

report_days = Table(
    "report_days",
    metadata,
    Column("day", Date, primary_key=True),
    Column("zone", String(64), nullable=False),
    # The day's UTC bounds [starts_at, ends_at): a void finds the day of its sale without a time-zone database.
    Column("starts_at", UTCDateTime, nullable=False),
    Column("ends_at", UTCDateTime, nullable=False),
    Column("stale", Boolean, nullable=False),
    Column("rolled_at", UTCDateTime, nullable=False),
    Column("sales_count", Integer, nullable=False),
    Column("sales_amount", Money, nullable=False),
    Column("returns_count", Integer, nullable=False),
    Column("refunded", Money, nullable=False),
    Column("return_units", Integer, nullable=False),
    Column("restocked_units", Integer, nullable=False),
    Column("repairs_count", Integer, nullable=False),
    Column("repairs_amount", Money, nullable=False),
    Column("repairs_parts", Money, nullable=False),
    Column("money_net", Money, nullable=False),
    Index("ix_report_days_starts_at", "starts_at"),
)

# Per day and product, returns netted (as the report's ``_netted_lines``), and what was sold (returns aside).
report_day_products = Table(
    "report_day_products",
    metadata,
    Column("day", Date, primary_key=True),
    Column("product_id", Integer, primary_key=True),
    Column("units", Integer, nullable=False),
    Column("revenue", Money, nullable=False),
    Column("cost", Money, nullable=False),
    Column("unknown", Money, nullable=False),  # revenue of the lines without a known cost
    Column("known_lines", Integer, nullable=False),
    Column("unknown_lines", Integer, nullable=False),
    Column("sold_units", Integer, nullable=False),
    Column("sold_revenue", Money, nullable=False),
)

# The same per whole calendar month or year (``first``..``last``) and product, summed from the day rows once all
# the days of the month or year are rolled up: a report over years reads these, and day rows only at its edges.
report_span_products = Table(
    "report_span_products",
    metadata,
    Column("first", Date, primary_key=True),
    Column("last", Date, primary_key=True),
    Column("product_id", Integer, primary_key=True),
    *[Column(column.name, column.type, nullable=False) for column in list(report_day_products.c)[2:]],
)

# Per day, method and kind: the journal's entries (pay-ins and pay-outs aside).
report_day_methods = Table(
    "report_day_methods",
    metadata,
    Column("day", Date, primary_key=True),
    Column("method", String(16), primary_key=True),
    Column("kind", String(24), primary_key=True),
    Column("entries", Integer, nullable=False),
    Column("amount", Money, nullable=False),
    Column("outside_drawer", Money, nullable=False),
)

# Per day and rate: sales less returns plus repairs delivered, net and tax.
report_day_taxes = Table(
    "report_day_taxes",
    metadata,
    Column("day", Date, primary_key=True),
    Column("rate_name", String(60), primary_key=True),
    Column("percent", Percent, primary_key=True),
    Column("net", Money, nullable=False),
    Column("tax", Money, nullable=False),
)

ROLLUPS = (report_day_products, report_day_methods, report_day_taxes)
PRODUCT_SUMS = tuple(column.name for column in list(report_day_products.c)[2:])

# A day's bookkeeping, not figures: the rest of each table's columns are what ``report_daily.py`` selects.
BOOKKEEPING = frozenset({"zone", "starts_at", "ends_at", "stale", "rolled_at"})


def figure_columns(table: Table) -> list[Any]:
    """The day, the keys and the sums of a rollup table, in the order its live statement selects them."""
    return [column for column in table.c if column.name not in BOOKKEEPING]
