"""``techstore check money`` on a live database (SQLite and PostgreSQL): one line when the money holds; every
discrepancy listed, and exit 1, once rows are changed behind the application's back; an old database (0008,
before the journal) migrated to the journal holds; the demo data holds."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, update

from techstore.application.cash.commands import CloseDrawer, OpenDrawer
from techstore.application.catalog.commands import NewProduct
from techstore.application.customers.commands import NewCustomer, NewPayment
from techstore.application.repairs.commands import Delivery, NewRepair, RepairChanges, Transition
from techstore.application.sales.commands import NewReturn, NewSale, PaymentLine, ReturnLine, SaleLine, VoidReason
from techstore.container import build_container
from techstore.domain.identity.users import Role
from techstore.infrastructure.clock import ManualClock
from techstore.infrastructure.sqlalchemy.migrations.migrate import downgrade, upgrade
from techstore.infrastructure.sqlalchemy.tables.cash import cash_sessions, journal_entries
from techstore.infrastructure.sqlalchemy.tables.customers import account_movements, customers
from techstore.infrastructure.sqlalchemy.tables.identity import users
from techstore.infrastructure.sqlalchemy.tables.reports import report_day_methods
from techstore.infrastructure.sqlalchemy.tables.sales import return_refunds, returns, sale_payments, sales
from techstore.infrastructure.sqlalchemy.types import Money, UTCDateTime
from tests.support import TEST_SECRET, empty_postgres, fast_hashing, settings_for_tests

pytestmark = pytest.mark.timeout(180)
D = Decimal
DAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _database(database: str, tmp_path: Path, request: pytest.FixtureRequest, *, migrate: bool = True) -> str:
    if database == "sqlite":
        url = f"sqlite:///{tmp_path / 'check.db'}"
    else:
        url = request.getfixturevalue("postgres_server_url")
        empty_postgres(url)
        downgrade(url, "base")
    if migrate:
        upgrade(url)
    return url


def _pay(*parts: tuple[str, str]) -> list[PaymentLine]:
    return [PaymentLine(method, D(amount)) for method, amount in parts]  # type: ignore[arg-type]


def _books(url: str, tmp_path: Path) -> None:
    """A day's business through the use cases, on 2026-03-02 (UTC): Sam's drawer takes a sale, a return, a
    payment on account and a repair delivered by card and cash, and closes exact; a sale is voided the next
    day by the boss, with no drawer."""
    container = build_container(settings_for_tests(tmp_path, url), "sql")
    fast_hashing(container)
    clock = ManualClock(DAY)
    container.clock.override(clock)
    boss = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    sam = container.identity.provision_user()("sam", "sam-password-1", full_name="Sam Seller", role=Role.STAFF)
    case = container.catalog.create_product()(boss, NewProduct("CASE", "Case", D("12.50"), stock=10))
    ana = container.customers.register_customer()(boss, NewCustomer("Ana Silva", email="ana@example.com"))
    container.cash.open_session()(sam, OpenDrawer(D("100.00")))
    place = container.sales.place_sale()
    kept = place(sam, NewSale([SaleLine(case.id, 2)], _pay(("cash", "15.00"), ("card", "10.00"))))
    voided = place(sam, NewSale([SaleLine(case.id, 1)], _pay(("cash", "12.50"))))
    container.sales.make_return()(sam, kept.id, NewReturn([ReturnLine(case.id, 1)], _pay(("cash", "12.50")),
                                                          "Too big"))
    container.customers.take_payment()(sam, ana.id, NewPayment(D("30.00"), "cash"))
    repairs = container.repairs
    repair = repairs.take_repair_in()(sam, NewRepair(ana.id, "Phone", "Cracked", price=D("229.99")))
    repairs.change_repair()(sam, repair.id, RepairChanges(diagnosis="Screen"), ["diagnosis"])
    for step in ("diagnosing", "ready"):
        repairs.move_repair()(sam, repair.id, Transition(step))  # type: ignore[arg-type]
    repairs.deliver_repair()(sam, repair.id, Delivery(_pay(("card", "200.00"), ("cash", "29.99"))))
    session = container.cash.current_session()(sam)
    assert session.expected_cash == D("174.99")  # 100.00 + 15.00 + 12.50 − 12.50 + 30.00 + 29.99
    container.cash.close_session()(sam, session.id, CloseDrawer(session.expected_cash))
    clock.advance(timedelta(days=1))
    container.sales.void_sale()(boss, voided.id, VoidReason("Rung up twice"))
    container.shutdown_resources()


def _check(url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TECHSTORE_VAR_DIR": str(tmp_path / "var"), "TECHSTORE_DATABASE_URL": url,
           "TECHSTORE_SECRET_KEY": TEST_SECRET}
    return subprocess.run([sys.executable, "-m", "techstore", "check", "money", *args], capture_output=True,
                          text=True, env=env, timeout=120, check=False)


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_check_money_passes_whole_books_and_lists_each_tampered_row(database: str, tmp_path: Path,
                                                                    request: pytest.FixtureRequest) -> None:
    url = _database(database, tmp_path, request)
    _books(url, tmp_path)

    whole = _check(url, tmp_path)
    assert whole.returncode == 0, whole.stdout + whole.stderr
    assert whole.stdout.startswith("Money holds from 2026-03-02 to ") and len(whole.stdout.splitlines()) == 1

    engine = create_engine(url)
    with engine.begin() as connection:
        # Someone edits the books by hand: the card half of the repair's payment, and the drawer's count.
        repair_card = (journal_entries.c.kind == "repair_payment") & (journal_entries.c.method == "card")
        connection.execute(update(journal_entries).where(repair_card).values(amount=D("190.00")))
        connection.execute(update(cash_sessions).values(expected_cash=D("180.00")))
    engine.dispose()

    broken = _check(url, tmp_path)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    *problems, last = broken.stdout.splitlines()
    assert problems == [
        "repair R-000001 (id 1), card: its repair_deposit, repair_payment and repair_refund entries add up to "
        "190.00, its deposits, payments and refunds say 200.00",
        "cash session 1 (Sam Seller): expected cash stored at the close 180.00, but its float 100.00 plus its cash "
        "entries 74.99 make 174.99",
    ], broken.stdout
    assert last.startswith("2 money discrepancies from 2026-03-02 to ") and last.endswith(" (UTC)."), last  # today
    # The day after holds (only the void): the period narrows what is checked.
    assert _check(url, tmp_path, "--from", "2026-03-03", "--to", "2026-03-03").returncode == 0
    refused = _check(url, tmp_path, "--from", "2026-03-03", "--to", "2026-03-02")
    assert refused.returncode == 1 and "to must not be before from" in refused.stderr, refused.stderr
    assert _check(url, tmp_path, "--from", "March").returncode == 2


def _techstore(url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TECHSTORE_VAR_DIR": str(tmp_path / "var"), "TECHSTORE_DATABASE_URL": url,
           "TECHSTORE_SECRET_KEY": TEST_SECRET}
    return subprocess.run([sys.executable, "-m", "techstore", *args], capture_output=True, text=True, env=env,
                          timeout=120, check=False)


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_check_money_proves_the_report_rollups_and_lists_a_tampered_one(database: str, tmp_path: Path,
                                                                        request: pytest.FixtureRequest) -> None:
    url = _database(database, tmp_path, request)
    _books(url, tmp_path)
    rolled = _techstore(url, tmp_path, "reports", "roll-up")
    assert rolled.returncode == 0 and rolled.stdout.startswith("Rolled up "), rolled.stdout + rolled.stderr
    assert _check(url, tmp_path).returncode == 0

    engine = create_engine(url)
    with engine.begin() as connection:  # someone edits a rollup by hand: the card taken on the books' day
        card = (report_day_methods.c.method == "card") & (report_day_methods.c.kind == "sale")
        connection.execute(update(report_day_methods).where(card).values(amount=D("99.00")))
    engine.dispose()
    broken = _check(url, tmp_path)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert broken.stdout.splitlines()[:-1] == [
        "report, money by method, card: the report says 299.00 net, the journal's entries add up to 210.00",
        "report rollup, methods of 2026-03-02 card sale: rolled up as entries 1, amount 99.00, outside_drawer 0.00, "
        "the documents add up to entries 1, amount 10.00, outside_drawer 0.00",
    ], broken.stdout
    # Rolled up anew from the documents, the books hold again.
    assert _techstore(url, tmp_path, "reports", "roll-up", "--rebuild").returncode == 0
    assert _check(url, tmp_path).returncode == 0


# The drawers' table before the journal (0008), as migration 0009 reads it.
_OLD_CASH_ENTRIES = Table("cash_entries", MetaData(), Column("id", Integer, primary_key=True),
                          Column("session_id", Integer), Column("kind", String(16)), Column("method", String(16)),
                          Column("amount", Money), Column("reference", String(200)), Column("created_at", UTCDateTime))


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_an_old_database_migrated_to_the_journal_holds(database: str, tmp_path: Path,
                                                       request: pytest.FixtureRequest) -> None:
    """Rows as the code before the journal wrote them (0008: the drawer's ``cash_entries``, positive, named by
    their document, every method while the drawer was open, a void leaving them alone), then the upgrade: the
    journal built from them makes documents, drawers and reports agree."""
    url = _database(database, tmp_path, request, migrate=False)
    upgrade(url, "0008")
    at, later = DAY, DAY + timedelta(hours=1)
    rows = [
        (users, [{"id": 1, "username": "sam", "username_key": "sam", "full_name": "Sam Seller", "role": "staff",
                  "password_hash": "x", "is_active": True, "created_at": at, "updated_at": at}]),
        (customers, [{"id": 1, "name": "Ana", "balance": D("-30.00"), "search_key": "ana", "created_at": at,
                      "updated_at": at}]),
        # Float 100.00 + cash sale 20.00 − cash refund 12.50 + payment 30.00 + pay-in 10.00 − pay-out 5.00.
        (cash_sessions, [{"id": 1, "user_id": 1, "status": "closed", "opening_float": D("100.00"), "opened_at": at,
                          "closed_at": later, "expected_cash": D("142.50"), "counted_cash": D("142.50")}]),
        (sales, [{"id": 1, "number": "S-000001", "status": "completed", "user_id": 1, "subtotal": D("25.00"),
                  "discount": D("0.00"), "total": D("25.00"), "created_at": at, "updated_at": at,
                  "refunded_total": D("12.50"), "void_reason": None, "voided_by": None, "voided_at": None},
                 {"id": 2, "number": "S-000002", "status": "voided", "user_id": 1, "subtotal": D("9.99"),
                  "discount": D("0.00"), "total": D("9.99"), "created_at": at, "updated_at": later,
                  "refunded_total": D("0.00"), "void_reason": "Twice", "voided_by": 1, "voided_at": later}]),
        (sale_payments, [{"sale_id": 1, "method": "cash", "amount": D("20.00")},
                         {"sale_id": 1, "method": "card", "amount": D("5.00")},
                         {"sale_id": 2, "method": "card", "amount": D("9.99")}]),
        (returns, [{"id": 1, "number": "RT-000001", "sale_id": 1, "total": D("12.50"), "reason": "Wrong colour",
                    "created_by": 1, "created_at": at}]),
        (return_refunds, [{"return_id": 1, "method": "cash", "amount": D("12.50")}]),
        (account_movements, [{"id": 1, "customer_id": 1, "type": "payment", "amount": D("-30.00"),
                              "balance_before": D("0.00"), "balance_after": D("-30.00"), "description": "Payment",
                              "method": "cash", "created_by": 1, "created_at": at}]),
        (_OLD_CASH_ENTRIES, [{"session_id": 1, "kind": kind, "method": method, "amount": D(amount),
                              "reference": reference, "created_at": at}
                             for kind, method, amount, reference in (
                                 ("sale", "cash", "20.00", "S-000001"), ("sale", "card", "5.00", "S-000001"),
                                 ("sale", "card", "9.99", "S-000002"), ("refund", "cash", "12.50", "RT-000001"),
                                 ("payment", "cash", "30.00", "Customer 1"), ("pay_in", "cash", "10.00", "Change"),
                                 ("pay_out", "cash", "5.00", "Window cleaner"))]),
    ]
    engine = create_engine(url)
    with engine.begin() as connection:
        for table, values in rows:
            connection.execute(insert(table), values)
    engine.dispose()
    upgrade(url)
    migrated = _check(url, tmp_path)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    assert migrated.stdout.startswith("Money holds from 2026-03-02 to "), migrated.stdout


@pytest.mark.parametrize("bulk", [None, 2000])
def test_the_demo_data_holds(tmp_path: Path, bulk: int | None) -> None:
    """The demo as ``make run`` seeds it (a drawer per seller and day, the store's default rule: cash only from an
    open drawer), and the bulk history (its sales, voids and returns journalled outside any drawer)."""
    from techstore.entrypoints.cli.demo import seed_demo

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    upgrade(url)
    settings = attrs.evolve(settings_for_tests(tmp_path, url), require_cash_session=True)
    container = build_container(settings, "sql")
    fast_hashing(container)
    seed_demo(container, sales=bulk)
    seed = _check(url, tmp_path)
    container.shutdown_resources()
    assert seed.returncode == 0, seed.stdout[-2000:]
