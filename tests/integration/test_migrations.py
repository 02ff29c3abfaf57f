"""Migrations go up, down and up again, and leave the schema the metadata describes."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import column, create_engine, inspect, table, text
from sqlalchemy.exc import IntegrityError

from techstore.infrastructure.sqlalchemy.metadata import metadata
from techstore.infrastructure.sqlalchemy.migrations.migrate import downgrade, upgrade
from techstore.infrastructure.sqlalchemy.tables import identity  # noqa: F401
from techstore.infrastructure.sqlalchemy.types import Money, UTCDateTime


def _pending_diff(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_upgrade_downgrade_upgrade_matches_metadata(database: str, tmp_path, request) -> None:
    if database == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrations.db'}"
    else:
        url = request.getfixturevalue("postgres_server_url")  # already at head
    upgrade(url)
    assert _tables(url) == set(metadata.tables)
    downgrade(url, "base")
    assert _tables(url) == set()
    upgrade(url)
    assert _tables(url) == set(metadata.tables)
    assert _pending_diff(url) == []


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_keys_completed_before_0008_keep_what_they_made(database: str, tmp_path, request) -> None:
    """A key completed with an answer (the API's JSON, a page's 303 and id) keeps the id of its sale, so a
    retry after the upgrade is still answered, not sold again."""
    if database == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrations.db'}"
    else:
        url = request.getfixturevalue("postgres_server_url")
        downgrade(url, "base")
    upgrade(url, "0007")
    engine = create_engine(url)
    rows = [("1 POST /api/v1/sales", "api", 201, '{"id": 41, "number": "S-000041"}'),
            ("1 POST /sales/new", "page", 303, "42")]
    try:
        with engine.begin() as connection:
            for scope, key, status, body in rows:
                connection.execute(text(
                    "INSERT INTO idempotency_keys (scope, key, fingerprint, state, status, body, created_at, "
                    "claimed_at) VALUES (:scope, :key, 'f', 'done', :status, :body, :now, :now)"),
                    {"scope": scope, "key": key, "status": status, "body": body, "now": "2026-12-06 12:00:00"})
        upgrade(url)
        with engine.connect() as connection:
            made = dict(connection.execute(text("SELECT key, made FROM idempotency_keys WHERE state = 'made'")).all())
    finally:
        engine.dispose()
    assert made == {"api": 41, "page": 42}


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_0015_gives_existing_products_the_one_default_rate(database: str, tmp_path, request) -> None:
    """A store upgrading gets exactly one rate, the default "Sales tax" at 0.000% (no price changes until the
    owner sets it), and every product it had names that rate; categories keep none (the default)."""
    if database == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrations.db'}"
    else:
        url = request.getfixturevalue("postgres_server_url")
        downgrade(url, "base")
    upgrade(url, "0014")
    engine = create_engine(url)
    now = datetime(2026, 12, 6, 12, tzinfo=UTC)
    try:
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO categories (name, name_key, description, created_at, updated_at) "
                "VALUES ('Phones', 'phones', '', :now, :now)"), {"now": now})
            for sku, deleted in (("A-1", None), ("B-2", None), ("GONE", now)):
                connection.execute(text(
                    "INSERT INTO products (sku, name, description, category_id, price, stock, min_stock, is_active, "
                    "created_at, updated_at, deleted_at, search_text) VALUES (:sku, :name, '', 1, 100, 1, 0, true, "
                    ":now, :now, :deleted, :search)"), {"sku": sku, "name": sku, "search": sku.lower(), "now": now,
                                                        "deleted": deleted})
        upgrade(url)
        with engine.connect() as connection:
            rates = connection.execute(text(
                "SELECT id, name, name_key, percent, is_default, is_active FROM tax_rates")).all()
            products = connection.execute(text("SELECT sku, tax_rate_id FROM products ORDER BY sku")).all()
            categories = connection.execute(text("SELECT name, tax_rate_id FROM categories")).all()
        with pytest.raises(IntegrityError), engine.begin() as connection:  # never a second default
            connection.execute(text(
                "INSERT INTO tax_rates (name, name_key, percent, is_default, is_active, created_at, updated_at) "
                "VALUES ('Other', 'other', 0, true, true, :now, :now)"), {"now": now})
    finally:
        engine.dispose()
    ((rate_id, name, key, percent, is_default, is_active),) = rates
    assert (name, key, Decimal(percent), bool(is_default), bool(is_active)) == ("Sales tax", "sales tax", 0, True, True)
    assert products == [("A-1", rate_id), ("B-2", rate_id), ("GONE", rate_id)]
    assert categories == [("Phones", None)]


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_0016_shows_documents_made_before_taxes_untaxed_their_totals_kept(database: str, tmp_path,
                                                                          request) -> None:
    """A sale made before taxes keeps its totals; each line is "untaxed (before taxes were set up)" at 0 %, tax
    0.00, its net what it cost after its share of the sale's discount; a returned line's tax is 0.00."""
    from techstore.domain.shared.taxes import RateSummary
    from techstore.infrastructure.sqlalchemy.repositories.sales import SqlSaleRepository
    from techstore.infrastructure.sqlalchemy.tables.catalog import products
    from techstore.infrastructure.sqlalchemy.tables.sales import sale_items, sales

    if database == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrations.db'}"
    else:
        url = request.getfixturevalue("postgres_server_url")
        downgrade(url, "base")
    upgrade(url, "0015")
    engine = create_engine(url)
    now = datetime(2026, 12, 6, 12, tzinfo=UTC)
    try:
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO users (username, username_key, full_name, role, password_hash, is_active, created_at, "
                "updated_at) VALUES ('sam', 'sam', 'Sam', 'staff', 'x', true, :now, :now)"), {"now": now})
            for sku in ("A-1", "B-2"):
                connection.execute(products.insert().values(
                    sku=sku, name=sku, description="", price=Decimal("10.00"), stock=1, min_stock=0, is_active=True,
                    created_at=now, updated_at=now, search_text=sku.lower()))
            connection.execute(sales.insert().values(
                number="S-000001", status="completed", user_id=1, subtotal=Decimal("100.00"),
                discount=Decimal("10.00"), total=Decimal("90.00"), created_at=now, updated_at=now))
            for product_id, total, share in ((1, "60.00", "6.00"), (2, "40.00", "4.00")):
                connection.execute(sale_items.insert().values(
                    sale_id=1, product_id=product_id, sku="X", name="X", quantity=1, unit_price=Decimal(total),
                    line_total=Decimal(total), discount_share=Decimal(share)))
        upgrade(url)
        with engine.connect() as connection:
            lines = connection.execute(sale_items.select().with_only_columns(
                sale_items.c.tax_rate_name, sale_items.c.tax_percent, sale_items.c.net, sale_items.c.tax)
                .order_by(sale_items.c.id)).all()
            sale = connection.execute(sales.select().with_only_columns(
                sales.c.subtotal, sales.c.discount, sales.c.total, sales.c.tax_total, sales.c.taxes)).one()
            read = SqlSaleRepository(connection).get(1)  # its summary, read off its lines
    finally:
        engine.dispose()
    untaxed = "untaxed (before taxes were set up)"
    assert [tuple(line) for line in lines] == [(untaxed, Decimal("0.000"), Decimal("54.00"), Decimal("0.00")),
                                               (untaxed, Decimal("0.000"), Decimal("36.00"), Decimal("0.00"))]
    assert tuple(sale) == (Decimal("100.00"), Decimal("10.00"), Decimal("90.00"), Decimal("0.00"), None)
    assert read is not None and read.taxes == [RateSummary(untaxed, Decimal("0"), Decimal("90.00"), Decimal("0.00"))]


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_0017_turns_a_repair_s_parts_into_part_lines_and_the_rest_of_its_price_into_a_labour_line(
        database: str, tmp_path: Any, request: pytest.FixtureRequest) -> None:
    """A repair made before lines keeps its total: its parts become part lines, what its price held beyond them
    one labour line "Repair", all untaxed (as documents made before taxes); a repair without a price has no
    lines; one awaiting approval gets its price as the quote; its payments are delivery's."""
    from techstore.infrastructure.sqlalchemy.repositories.repairs import SqlRepairRepository

    if database == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrations.db'}"
    else:
        url = request.getfixturevalue("postgres_server_url")
        downgrade(url, "base")
    upgrade(url, "0016")
    engine = create_engine(url)
    now = datetime(2026, 12, 6, 12, tzinfo=UTC)
    try:
        with engine.begin() as connection:
            def insert(table_name: str, /, **values: object) -> None:
                """A row of the schema at 0016, typed as its columns are (money, UTC times)."""
                kinds: dict[type, Any] = {Decimal: Money(), datetime: UTCDateTime()}
                columns = [column(key, kinds.get(type(value))) for key, value in values.items()]
                connection.execute(table(table_name, *columns).insert().values(**values))

            insert("users", username="sam", username_key="sam", full_name="Sam", role="staff", password_hash="x",
                   is_active=True, created_at=now, updated_at=now)
            insert("customers", name="Ana", balance=Decimal("0.00"), search_key="ana", created_at=now,
                   updated_at=now)
            for sku, unit in (("SCREEN", "80.00"), ("SCREW", "0.25")):
                insert("products", sku=sku, name=sku, description="", price=Decimal(unit), stock=5, min_stock=0,
                       is_active=True, created_at=now, updated_at=now, search_text=sku.lower(), tax_rate_id=1)
            olds: list[tuple[str, str, str | None, datetime | None]] = [("R-000001", "delivered", "229.99", now),
                                                     ("R-000002", "awaiting_approval", "45.00", None),
                                                     ("R-000003", "received", None, None),
                                                     ("R-000004", "in_repair", "81.00", None)]
            for number, status, price, delivered_at in olds:
                insert("repairs", number=number, tracking_code=f"code-{number}", status=status, customer_id=1,
                       customer_name="Ana", equipment="Phone", reported_problem="Broken",
                       price=Decimal(price) if price else None, search_text=number.lower(), created_by=1,
                       received_at=now, updated_at=now, delivered_at=delivered_at)
            for repair_id, product_id, sku, quantity, unit, total in ((1, 1, "SCREEN", 1, "80.00", "80.00"),
                                                                      (4, 1, "SCREEN", 1, "80.00", "80.00"),
                                                                      (4, 2, "SCREW", 4, "0.25", "1.00")):
                insert("repair_parts", repair_id=repair_id, product_id=product_id, sku=sku, name=sku,
                       quantity=quantity, unit_price=Decimal(unit), line_total=Decimal(total), added_by=1,
                       added_at=now)
            for method, amount in (("card", "200.00"), ("cash", "29.99")):
                insert("repair_payments", repair_id=1, method=method, amount=Decimal(amount))
        upgrade(url)
        downgrade(url, "0016")  # and back, with rows pointing at the repairs (SQLite copies its tables)
        upgrade(url)
        with engine.connect() as connection:
            read = [SqlRepairRepository(connection).get(repair_id) for repair_id in (1, 2, 3, 4)]
    finally:
        engine.dispose()
    untaxed = "untaxed (before taxes were set up)"
    delivered, awaiting, unpriced, working = read
    assert delivered is not None and awaiting is not None and unpriced is not None and working is not None

    def lines(r: object) -> list[tuple[object, ...]]:
        return [(x.kind.value, x.description, x.product_id, x.quantity, x.unit_price, x.tax_rate.name,
                 x.tax_rate.percent, x.net, x.tax, x.line_total) for x in r.lines]  # type: ignore[attr-defined]

    assert lines(delivered) == [
        ("part", "SCREEN", 1, 1, Decimal("80.00"), untaxed, Decimal("0.000"), Decimal("80.00"), Decimal("0.00"),
         Decimal("80.00")),
        ("labour", "Repair", None, 1, Decimal("149.99"), untaxed, Decimal("0.000"), Decimal("149.99"),
         Decimal("0.00"), Decimal("149.99"))]
    assert (delivered.price, delivered.tax_total, delivered.quote_total) == (Decimal("229.99"), Decimal("0.00"), None)
    assert [(p.method.value, p.amount, p.kind.value) for p in delivered.payments] == [
        ("card", Decimal("200.00"), "delivery"), ("cash", Decimal("29.99"), "delivery")]
    assert delivered.deposits == []
    assert lines(awaiting) == [("labour", "Repair", None, 1, Decimal("45.00"), untaxed, Decimal("0.000"),
                                Decimal("45.00"), Decimal("0.00"), Decimal("45.00"))]
    assert (awaiting.price, awaiting.quote_total) == (Decimal("45.00"), Decimal("45.00"))
    assert (unpriced.lines, unpriced.price, unpriced.quote_total) == ([], Decimal("0.00"), None)
    # Parts that made the whole price: no labour line.
    assert [line[:4] for line in lines(working)] == [("part", "SCREEN", 1, 1), ("part", "SCREW", 2, 4)]
    assert (working.price, working.quote_total) == (Decimal("81.00"), Decimal("81.00"))
    assert [(r.condition.is_blank, r.warranty, r.wrong_answers) for r in (delivered, awaiting, unpriced, working)
            ] == [(True, False, 0)] * 4


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_0018_adds_accepts_email_to_customers_that_rows_point_at(database: str, tmp_path: Any,
                                                                request: pytest.FixtureRequest) -> None:
    """A store's database holds customers that repairs and account movements point at: adding their
    ``accepts_email`` must not copy the table (SQLite refused to drop it), and everyone accepts emails so far."""
    if database == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrations.db'}"
    else:
        url = request.getfixturevalue("postgres_server_url")
        downgrade(url, "base")
    upgrade(url, "0017")
    engine = create_engine(url)
    now = datetime(2026, 12, 7, 9, tzinfo=UTC)
    try:
        with engine.begin() as connection:
            stamp = UTCDateTime()
            connection.execute(table("users", column("username"), column("username_key"), column("full_name"),
                                     column("role"), column("password_hash"), column("is_active"),
                                     column("created_at", stamp), column("updated_at", stamp)).insert().values(
                username="sam", username_key="sam", full_name="Sam", role="staff", password_hash="x",
                is_active=True, created_at=now, updated_at=now))
            connection.execute(table("customers", column("name"), column("balance", Money()), column("search_key"),
                                     column("created_at", stamp), column("updated_at", stamp)).insert().values(
                name="Ana", balance=Decimal("0.00"), search_key="ana", created_at=now, updated_at=now))
            connection.execute(table("repairs", column("number"), column("tracking_code"), column("status"),
                                     column("customer_id"), column("customer_name"), column("equipment"),
                                     column("reported_problem"), column("search_text"), column("created_by"),
                                     column("received_at", stamp), column("updated_at", stamp)).insert().values(
                number="R-000001", tracking_code="code-1", status="received", customer_id=1, customer_name="Ana",
                equipment="Phone", reported_problem="Broken", search_text="r-000001", created_by=1,
                received_at=now, updated_at=now))
        upgrade(url)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT name, accepts_email FROM customers")).all() == [("Ana", True)]
        downgrade(url, "0017")
        upgrade(url)
    finally:
        engine.dispose()
