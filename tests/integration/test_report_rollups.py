"""The reports' daily rollups on SQLite and PostgreSQL: five years of sales give the same report whether every
day is read live or the closed days are rolled up; a void of a rolled-up day marks it stale (read live until
rolled up again), a return counts today; the money check proves the rollups; the statement count of a report
over years stays fixed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from techstore.application.catalog.commands import NewProduct
from techstore.application.sales.commands import NewReturn, NewSale, PaymentLine, ReturnLine, SaleLine, VoidReason
from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.domain.reports.figures import SalesReport
from techstore.domain.sales.sales import Sale
from techstore.infrastructure.clock import ManualClock
from techstore.infrastructure.sqlalchemy.tables.reports import report_day_products, report_days
from tests.support import counting_statements

pytestmark = pytest.mark.adapters("sqlite", "postgres")
D = Decimal
START = datetime(2021, 6, 1, 15, 0, tzinfo=UTC)


def _history(container: Container, clock: ManualClock) -> tuple[object, list[Sale]]:
    """A sale every 73 days for five years, at 15:00 UTC, by cash or card, two products."""
    clock.advance(START - clock.now())
    boss = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    create = container.catalog.create_product()
    case = create(boss, NewProduct("CASE", "Case", D("12.50"), cost=D("5.00"), stock=100))
    cable = create(boss, NewProduct("CABLE", "Cable", D("9.99"), stock=100))
    sales = []
    for n in range(25):
        method = "cash" if n % 2 else "card"
        sales.append(container.sales.place_sale()(boss, NewSale(
            [SaleLine(case.id, 1 + n % 3), SaleLine(cable.id, 1)],
            [PaymentLine(method, D("12.50") * (1 + n % 3) + D("9.99"))])))  # type: ignore[arg-type]
        clock.advance(timedelta(days=73))
    return boss, sales


def _report(container: Container, boss: object) -> SalesReport:
    return container.reports.sales_report()(boss, date(2021, 1, 1), date(2026, 12, 31))  # type: ignore[arg-type]


def _rows(container: Container, statement: object) -> int:
    with container.adapters.engine().connect() as connection:
        return int(connection.execute(statement).scalar_one())  # type: ignore[call-overload]


def test_five_years_rolled_up_equal_the_documents_through_a_void_and_a_return(container: Container,
                                                                                clock: ManualClock) -> None:
    boss, sales = _history(container, clock)
    live = _report(container, boss)
    assert live.sales_count == 25 and len(live.by_day) > 1800

    closed = container.clock().now().date() - START.date()  # every day from the first sale to yesterday
    assert container.reports.roll_up()() == closed.days
    assert _rows(container, select(func.count()).select_from(report_days)) == closed.days
    assert _rows(container, select(func.count()).select_from(report_day_products)) == 2 * 25
    assert _report(container, boss) == live
    assert container.reports.roll_up()() == 0  # nothing new to roll up

    # A void of a sale of two years ago: its day is stale, read live, and the report drops the sale.
    old = sales[10]
    container.sales.void_sale()(boss, old.id, VoidReason("Rung up twice"))
    stale = select(func.count()).select_from(report_days).where(report_days.c.stale.is_(True))
    assert _rows(container, stale) == 1
    # A return of another old sale, today: it counts today (live), its sale's day stays rolled up.
    back = sales[12]
    container.sales.make_return()(boss, back.id, NewReturn([ReturnLine(back.items[0].product_id, 1)],
                                                           [PaymentLine("card", D("12.50"))], "Too small"))
    after = _report(container, boss)
    assert (after.sales_count, after.sales_amount) == (24, live.sales_amount - old.total)
    assert (after.returns.count, after.refunded, after.net) == (1, D("12.50"),
                                                                 live.net - old.total - D("12.50"))
    assert after.margin.revenue == live.margin.revenue - D("12.50") * old.items[0].quantity - D("12.50")
    assert container.reports.check_money()().holds

    # Rolled up again (the stale day only), and rebuilt from nothing: the same report to the cent.
    assert container.reports.roll_up()() == 1 and _rows(container, stale) == 0
    assert _report(container, boss) == after
    clock.advance(timedelta(days=1))  # the return's day closes
    assert container.reports.roll_up()() == 1
    assert container.reports.roll_up()(rebuild=True) == closed.days + 1
    assert _report(container, boss) == after
    assert container.reports.check_money()().holds

    # Five years, rolled up: the rolled days (1), then days, methods, products and rates (one statement each).
    with counting_statements(container) as statements:
        _report(container, boss)
    assert len(statements) == 5, statements


def test_a_rollup_changed_behind_the_application_s_back_is_reported(container: Container,
                                                                     clock: ManualClock) -> None:
    boss, sales = _history(container, clock)
    container.reports.roll_up()()
    day = sales[3].created_at.date()
    with container.adapters.engine().begin() as connection:
        connection.execute(report_days.update().where(report_days.c.day == day).values(sales_amount=D("1.00")))
        connection.execute(report_day_products.delete().where(report_day_products.c.day == day,
                                                              report_day_products.c.product_id == 2))
    checked = container.reports.check_money()()
    assert not checked.holds
    rollup_problems = [p for p in checked.problems if p.startswith("report rollup")]
    product = ("units 1, revenue 9.99, cost 0.00, unknown 9.99, known_lines 0, unknown_lines 1, sold_units 1, "
               "sold_revenue 9.99")
    days_line = (
        f"report rollup, days of {day}: rolled up as sales_count 1, sales_amount 1.00, returns_count 0, refunded "
        f"0.00, return_units 0, restocked_units 0, repairs_count 0, repairs_amount 0.00, repairs_parts 0.00, "
        f"money_net {sales[3].total}, the documents add up to sales_count 1, sales_amount {sales[3].total}, "
        f"returns_count 0, refunded 0.00, return_units 0, restocked_units 0, repairs_count 0, repairs_amount "
        f"0.00, repairs_parts 0.00, money_net {sales[3].total}")
    product_line = f"report rollup, products of {day} 2: rolled up as nothing, the documents add up to {product}"
    # The month's and the year's rows (summed from the days when rolled up) no longer match the days' rows.
    month_end = date(day.year + day.month // 12, day.month % 12 + 1, 1) - timedelta(days=1)
    spans = [f"report rollup, products of {date(day.year, day.month, 1)}..{month_end} 2: rolled up as ",
             f"report rollup, products of {date(day.year, 1, 1)}..{date(day.year, 12, 31)} 2: rolled up as "]
    assert len(rollup_problems) == 4 and days_line in rollup_problems and product_line in rollup_problems
    assert all(any(p.startswith(span) and "its days' rows add up to" in p for p in rollup_problems)
               for span in spans), rollup_problems
