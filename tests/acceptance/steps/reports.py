"""Reports and the dashboard, through their use cases, in the store's time zone the scenario sets."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from pytest_bdd import given, then, when

from techstore.application.repairs.commands import PartUsed
from techstore.application.reports.money_check import CheckMoney
from techstore.application.reports.reports import SalesReportFor, ShowDashboard
from techstore.application.reports.rollups import RollUpReports
from techstore.domain.reports.figures import Dashboard, SalesReport
from tests.acceptance.steps.catalog import _product_id
from tests.acceptance.steps.grammar import phrase
from tests.acceptance.steps.repairs import Workshop
from tests.acceptance.steps.story import Story


@attrs.define
class Desk:
    zone: ZoneInfo = ZoneInfo("UTC")


@pytest.fixture
def desk() -> Desk:
    return Desk()


def _report(story: Story) -> SalesReport:
    report = story.accepted()
    assert isinstance(report, SalesReport)
    return report


def _dashboard(story: Story) -> Dashboard:
    dashboard = story.accepted()
    assert isinstance(dashboard, Dashboard)
    return dashboard


def _listed(text: str) -> list[str]:
    return [part.strip() for part in text.split(",")]


def _rows(datatable: list[list[str]]) -> list[dict[str, str]]:
    header, *rows = datatable
    return [dict(zip(header, row, strict=True)) for row in rows]


@given(phrase('the store\'s time zone is "{zone:Q}"'))
def _(desk: Desk, zone: str) -> None:
    desk.zone = ZoneInfo(zone)


@given(phrase("it is {moment} local time"))
def _(story: Story, desk: Desk, moment: str) -> None:
    target = datetime.fromisoformat(moment).replace(tzinfo=desk.zone).astimezone(UTC)
    story.clock.advance(target - story.clock.now())


@when(phrase('"{actor:Q}" asks for the sales report from {first} to {last}'))
def _(story: Story, desk: Desk, actor: str, first: str, last: str) -> None:
    report = SalesReportFor(story.container.adapters.uow, desk.zone)
    story.attempt(report, story.actor(actor), date.fromisoformat(first), date.fromisoformat(last))


@when(phrase('"{actor:Q}" opens the dashboard'))
def _(story: Story, desk: Desk, actor: str) -> None:
    story.attempt(ShowDashboard(story.container.adapters.uow, story.clock, desk.zone), story.actor(actor))


@then("the report's days are:")
def _(story: Story, datatable: list[list[str]]) -> None:
    busy = [d for d in _report(story).by_day if d.sales_count or d.returns_count]
    assert [(str(d.day), d.sales_count, d.sales_amount, d.returns_count, d.refunded, d.net) for d in busy] == [
        (row["day"], int(row["sales"]), Decimal(row["amount"]), int(row["returns"]), Decimal(row["refunded"]),
         Decimal(row["net"])) for row in _rows(datatable)]


@then("the report's payment methods are:")
def _(story: Story, datatable: list[list[str]]) -> None:
    found = {m.method: (m.taken, m.refunded, m.net) for m in _report(story).by_method if m.taken or m.refunded}
    assert found == {row["method"]: (Decimal(row["taken"]), Decimal(row["refunded"]), Decimal(row["net"]))
                     for row in _rows(datatable)}


@then("the report's categories are:")
def _(story: Story, datatable: list[list[str]]) -> None:
    assert [(c.name, c.units, c.revenue) for c in _report(story).by_category] == [
        (row["category"], int(row["units"]), Decimal(row["revenue"])) for row in _rows(datatable)]


def _margins(figure: Any) -> tuple[int, Decimal, Decimal, Decimal, Decimal | None, Decimal]:
    return (figure.units, figure.revenue, figure.cost, figure.margin, figure.margin_percent,
            figure.revenue_without_cost)


def _expected_margins(row: dict[str, str]) -> tuple[int, Decimal, Decimal, Decimal, Decimal | None, Decimal]:
    percent = row["margin %"].strip()
    return (int(row["units"]), Decimal(row["revenue"]), Decimal(row["cost"]), Decimal(row["margin"]),
            Decimal(percent) if percent else None, Decimal(row["without cost"]))


@then("the report's margins by category are:")
def _(story: Story, datatable: list[list[str]]) -> None:
    assert [(c.name, *_margins(c)) for c in _report(story).by_category] == [
        (row["category"], *_expected_margins(row)) for row in _rows(datatable)]


@then("the report's margins by product are:")
def _(story: Story, datatable: list[list[str]]) -> None:
    assert [(p.sku, *_margins(p)) for p in _report(story).by_product] == [
        (row["sku"], *_expected_margins(row)) for row in _rows(datatable)]


@then(phrase("the report's top products by revenue are {skus}"))
def _(story: Story, skus: str) -> None:
    assert [p.sku for p in _report(story).top_by_revenue] == _listed(skus)


@then(phrase("the report's top products by units are {skus}"))
def _(story: Story, skus: str) -> None:
    assert [p.sku for p in _report(story).top_by_units] == _listed(skus)


@then(phrase("the report's margin is {margin} on {revenue} over {known:d} lines, {unknown:d} line without a cost"))
def _(story: Story, margin: str, revenue: str, known: int, unknown: int) -> None:
    found = _report(story).margin
    assert (found.margin, found.revenue, found.lines_with_cost, found.lines_without_cost) == (
        Decimal(margin), Decimal(revenue), known, unknown)


@then(phrase("the report's returns are {count:d} return of {units:d} unit refunding {amount}"))
def _(story: Story, count: int, units: int, amount: str) -> None:
    found = _report(story).returns
    assert (found.count, found.units, found.refunded) == (count, units, Decimal(amount))


@then(phrase("today's net sales are {count:d} sale of {amount} less {refunded} refunded, {net}"))
def _(story: Story, count: int, amount: str, refunded: str, net: str) -> None:
    today = _dashboard(story).today
    assert (today.sales_count, today.sales_amount, today.refunded, today.net) == (
        count, Decimal(amount), Decimal(refunded), Decimal(net))


@then(phrase("today's payment methods net cash {cash} and card {card}"))
def _(story: Story, cash: str, card: str) -> None:
    nets: dict[str, Any] = {m.method: m.net for m in _dashboard(story).today_by_method}
    assert (nets["cash"], nets["card"], nets["transfer"], nets["account"]) == (
        Decimal(cash), Decimal(card), Decimal(0), Decimal(0))


@then(phrase("the dashboard's 30 days end today with {today} and show {yesterday} the day before"))
def _(story: Story, today: str, yesterday: str) -> None:
    days = _dashboard(story).last_days
    assert len(days) == 30
    assert (days[-1].net, days[-2].net) == (Decimal(today), Decimal(yesterday))
    assert all(d.net == 0 for d in days[:-2])


# Repairs in the revenue, money from the journal (features/reports/money.feature)

@given(phrase('"{actor:Q}" has used {quantity:d} of "{sku:Q}" on the repair'))
def _(story: Story, workshop: Workshop, actor: str, quantity: int, sku: str) -> None:
    story.attempt(story.container.repairs.use_part(), story.actor(actor), workshop.last.id,
                  PartUsed(_product_id(story, sku), quantity))
    story.accepted()


@then(phrase("the report's repairs are {count:d} repair for {total}: parts {parts}, labour {labour}"))
def _(story: Story, count: int, total: str, parts: str, labour: str) -> None:
    found = _report(story).repairs
    assert (found.count, found.total, found.parts, found.labour) == (
        count, Decimal(total), Decimal(parts), Decimal(labour))


@then(phrase("the report's net revenue is {net}"))
def _(story: Story, net: str) -> None:
    assert _report(story).net == Decimal(net)


@then(phrase("today's revenue is sales {sales}, refunded {refunded}, repairs {repairs}, net {net}"))
def _(story: Story, sales: str, refunded: str, repairs: str, net: str) -> None:
    today = _dashboard(story).today
    assert (today.sales_amount, today.refunded, today.repairs_amount, today.net) == (
        Decimal(sales), Decimal(refunded), Decimal(repairs), Decimal(net))


@then(phrase("the dashboard shows cash outside a drawer {amount}"))
def _(story: Story, amount: str) -> None:
    assert _dashboard(story).cash_outside_drawer == Decimal(amount)


@then("the dashboard shows no cash outside a drawer")
def _(story: Story) -> None:
    assert _dashboard(story).cash_outside_drawer == 0


@then(phrase('the X report of "{actor:Q}", the dashboard and the sales report of today agree to the cent'))
def _(story: Story, desk: Desk, actor: str) -> None:
    user = story.actor(actor)
    drawer = story.container.cash.current_session()(user)
    assert drawer is not None, f"{actor} has no open drawer"
    dashboard = ShowDashboard(story.container.adapters.uow, story.clock, desk.zone)(user)
    today = dashboard.today.day
    report = SalesReportFor(story.container.adapters.uow, desk.zone)(user, today, today)
    x_report = {method: total.amount for method, total in drawer.totals_by_method.items()}
    assert any(x_report.values()), x_report  # the drawer took money today: the comparison means something
    assert {m.method: m.net for m in dashboard.today_by_method} == x_report
    assert {m.method: m.net for m in report.by_method} == x_report
    assert list(report.by_day) == [dashboard.today]
    assert (report.repairs.count, report.repairs.total) == (dashboard.today.repairs_count,
                                                            dashboard.today.repairs_amount)


# Reports over years: the daily rollups (features/reports/rollups.feature)

@given("the closed days are rolled up")
def _(story: Story, desk: Desk) -> None:
    RollUpReports(story.container.adapters.uow, story.clock, desk.zone)()


@then("the money check holds")
def _(story: Story, desk: Desk) -> None:
    checked = CheckMoney(story.container.adapters.uow, story.clock, desk.zone)()
    assert checked.holds, checked.problems
