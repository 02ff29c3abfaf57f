"""Reports over HTTP: the API's answers and refusals, the dashboard (chart and its table), the reports page
(bad input re-shown), the CSV downloads, and the statement counts of the dashboard and both report endpoints
(pinned: they do not grow with the data)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewCategory, NewProduct, ProductQuery
from techstore.application.customers.commands import NewCustomer
from techstore.application.repairs.commands import Delivery, NewRepair, PartUsed, RepairChanges, Transition
from techstore.application.sales.commands import NewSale, PaymentLine, SaleLine, SaleQuery
from techstore.application.sales.point_of_sale import Cart, CartLine
from techstore.application.shared.pages import PageRequest
from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.entrypoints.cli.demo import seed_demo
from tests.integration.test_cli import _techstore
from tests.integration.test_web_session import csrf_from
from tests.support import counting_statements

PASSWORD = "reports-password-1"


def _shop(container: Container, sales: int) -> tuple[Any, list[int]]:
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    container.identity.provision_user()("sam", PASSWORD, role=Role.STAFF)
    catalog = container.catalog
    category = catalog.create_category()(boss, NewCategory("Cables"))
    products = [catalog.create_product()(boss, NewProduct(f"SKU-{n}", f"Product {n}", Decimal("5.00"),
                                                          category_id=category.id, cost=Decimal("2.00"), stock=500,
                                                          min_stock=600 if n == 0 else 0))
                for n in range(3)]
    ids = [p.id for p in products if p.id is not None]
    _sell(container, boss, ids, sales)
    return boss, ids


def _sell(container: Container, seller: Any, product_ids: list[int], count: int) -> None:
    for n in range(count):
        line = SaleLine(product_ids[n % len(product_ids)], 1)
        container.sales.place_sale()(seller, NewSale([line], [PaymentLine("card", Decimal("5.00"))]))


def _repair(container: Container, boss: Any, ids: list[int]) -> None:
    """A repair delivered today: 45.00 of labour and a 5.00 part, paid by card 30.00 and cash 20.00 (no drawer)."""
    customer = container.customers.register_customer()(boss, NewCustomer("Ana", email="ana@example.com"))
    repairs = container.repairs
    repair = repairs.take_repair_in()(boss, NewRepair(customer.id, "Phone", "Cracked", price=Decimal("45.00")))
    repairs.use_part()(boss, repair.id, PartUsed(ids[1], 1))
    repairs.change_repair()(boss, repair.id, RepairChanges(diagnosis="Screen"), ["diagnosis"])
    for step in ("diagnosing", "ready"):
        repairs.move_repair()(boss, repair.id, Transition(step))  # type: ignore[arg-type]
    repairs.deliver_repair()(boss, repair.id, Delivery([PaymentLine("card", Decimal("30.00")),
                                                        PaymentLine("cash", Decimal("20.00"))]))


def _token(client: TestClient) -> dict[str, str]:
    answer = client.post("/api/v1/auth/token", json={"username": "sam", "password": PASSWORD})
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _sign_in(client: TestClient) -> None:
    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": "sam", "password": PASSWORD, "csrf_token": token})


@pytest.mark.adapters("memory", "sqlite")
def test_the_api_answers_and_refuses(container: Container, client: TestClient) -> None:
    boss, ids = _shop(container, 3)
    _repair(container, boss, ids)
    headers = _token(client)
    day = container.clock().now().date().isoformat()
    answer = client.get(f"/api/v1/reports/sales?from={day}&to={day}", headers=headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["totals"] == {"sales_count": 3, "sales_amount": "15.00", "refunded": "0.00", "repairs_count": 1,
                              "repairs_amount": "50.00", "net": "65.00", "money_net": "65.00"}
    assert body["repairs"] == {"count": 1, "total": "50.00", "parts": "5.00", "labour": "45.00"}
    assert [(m["method"], m["payments_count"], m["taken"], m["outside_drawer"]) for m in body["by_payment_method"]
            if m["payments_count"]] == [("cash", 1, "20.00", "20.00"), ("card", 4, "45.00", "45.00")]
    assert body["by_day"] == [{"day": day, "sales_count": 3, "sales_amount": "15.00", "returns_count": 0,
                               "refunded": "0.00", "repairs_count": 1, "repairs_amount": "50.00", "net": "65.00",
                               "money_net": "65.00"}]
    # Gross margin by category and by product: 3 × 5.00 at a cost of 2.00.
    assert body["by_category"] == [{"category_id": 1, "name": "Cables", "units": 3, "revenue": "15.00",
                                    "cost": "6.00", "margin": "9.00", "margin_percent": "60.00",
                                    "revenue_without_cost": "0.00"}]
    assert [(p["sku"], p["units"], p["revenue"], p["cost"], p["margin"], p["margin_percent"])
            for p in body["by_product"]] == [(f"SKU-{n}", 1, "5.00", "2.00", "3.00", "60.00") for n in range(3)]
    assert body["margin"]["margin"] == "9.00" and body["margin"]["lines_without_cost"] == 0
    for query, field in (("", "from"), (f"from={day}", "to"), ("from=2026-02-01&to=2026-01-01", "to"),
                         ("from=2026-13-01&to=2026-01-01", "from"), ("from=1970-01-01&to=2070-01-01", "to"),
                         ("from=1900-01-01&to=1900-01-02", "from")):
        refused = client.get(f"/api/v1/reports/sales?{query}", headers=headers)
        assert refused.status_code == 422, (query, refused.text)
        assert field in [e["field"] for e in refused.json()["errors"]], (query, refused.json())
    years = client.get("/api/v1/reports/sales?from=2021-01-01&to=2026-12-31", headers=headers)
    assert years.status_code == 200 and len(years.json()["by_day"]) == 2191  # no limit on the range's length
    assert client.get(f"/api/v1/reports/sales?from={day}&to={day}").status_code == 401
    receivables = client.get("/api/v1/reports/receivables", headers=headers)
    assert receivables.json() == {"items": [], "total": 0, "limit": 50, "offset": 0}


@pytest.mark.adapters("sqlite")
def test_the_dashboard_and_the_reports_page(container: Container, client: TestClient) -> None:
    boss, ids = _shop(container, 3)
    _sign_in(client)
    assert 'data-testid="cash-outside-drawer"' not in client.get("/").text  # only cards so far
    _repair(container, boss, ids)
    home = client.get("/")
    assert home.status_code == 200
    assert '<svg' in home.text and 'role="img"' in home.text and 'data-testid="daily-net-table"' in home.text
    assert 'data-testid="today-net">65.00<' in home.text and "SKU-0" in home.text  # low on stock
    assert "plus 50.00 for 1 repair delivered" in home.text
    assert 'data-testid="cash-outside-drawer">Cash outside a drawer: 20.00 ' in home.text
    assert "/repairs?status=received" in home.text and "/products?low_stock=true" in home.text
    page = client.get("/reports")
    assert page.status_code == 200 and "Top products by revenue" in page.text and "15.00" in page.text
    assert 'data-testid="report-repairs-line">1 repair delivered for 50.00: parts 5.00, labour 45.00.' in page.text
    bad = client.get("/reports?from=2026-02-01&to=2026-01-01")
    assert bad.status_code == 422 and 'id="to-error"' in bad.text and 'value="2026-01-01"' in bad.text
    day = container.clock().now().date().isoformat()
    csv = client.get(f"/reports/sales.csv?section=by_category&from={day}&to={day}")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines() == ["category_id,category,units,revenue,cost,margin,margin_percent,"
                                     "revenue_without_cost", "1,Cables,3,15.00,6.00,9.00,60.00,0.00"]
    by_product = client.get(f"/reports/sales.csv?section=by_product&from={day}&to={day}").text.splitlines()
    assert by_product[0] == "product_id,sku,name,units,revenue,cost,margin,margin_percent,revenue_without_cost"
    assert by_product[1] == f"{ids[0]},SKU-0,Product 0,1,5.00,2.00,3.00,60.00,0.00"
    assert 'data-testid="report-by-product"' in page.text and "Margin by product" in page.text
    assert "<td class=\"num\">60.00 %</td>" in page.text
    repairs = client.get(f"/reports/sales.csv?section=repairs&from={day}&to={day}")
    assert repairs.text.splitlines() == ["repairs,total,parts,labour", "1,50.00,5.00,45.00"]
    assert client.get("/reports/sales.csv?section=nope&from=2026-01-01&to=2026-01-02").status_code == 422


@pytest.mark.adapters("sqlite", "postgres")
def test_statement_counts_do_not_grow_with_the_data(container: Container, client: TestClient) -> None:
    boss, ids = _shop(container, 2)
    headers = _token(client)
    _sign_in(client)
    day = container.clock().now().date().isoformat()
    counts: list[dict[str, int]] = []
    for more in (0, 9):
        _sell(container, boss, ids, more)
        found: dict[str, int] = {}
        for name, path, kwargs in (("dashboard", "/", {}),
                                   ("sales", f"/api/v1/reports/sales?from={day}&to={day}", {"headers": headers}),
                                   ("receivables", "/api/v1/reports/receivables", {"headers": headers})):
            with counting_statements(container) as statements:
                assert client.get(path, **kwargs).status_code == 200
            found[name] = len(statements)
        counts.append(found)
    assert counts[0] == counts[1]
    # The signed-in user (1), then the figures. Dashboard 7: the days rolled up (1), the month's days (1), today's
    # methods (1), repairs, low stock, debtors, drawers. Sales report 5: the days rolled up, then one statement
    # each for days, methods, products (categories, top sellers and margin too) and rates. Receivables 1.
    assert counts[0] == {"dashboard": 8, "sales": 6, "receivables": 2}, counts




@pytest.mark.adapters("sqlite", "postgres")
def test_a_bulk_demo_history_keeps_every_invariant(container: Container) -> None:
    seed_demo(container, sales=400)
    assert container.catalog.find_stock_drift()() == []
    assert container.customers.check_accounts()() == []
    admin = container.identity.provision_user()("owner", PASSWORD, role=Role.ADMIN)
    today = container.clock().now().date()
    report = container.reports.sales_report()(admin, today - timedelta(days=365), today)
    numbered = container.sales.list_sales()(admin, SaleQuery(), PageRequest(limit=1)).total
    assert 400 <= numbered < 420  # the history's 400, and the demo's few serialized units sold one by one
    voided = numbered - report.sales_count
    assert 0 <= voided < 40 and report.returns.count > 0 and report.margin.lines_with_cost > 0
    product = next(p for p in container.catalog.search_products()(admin, ProductQuery(), PageRequest()).items
                   if p.serial_kind is None)
    total = container.sales.quote_sale()(admin, Cart([CartLine(product.id, 1)])).total  # with its tax
    sale = container.sales.place_sale()(admin, NewSale([SaleLine(product.id, 1)], [PaymentLine("card", total)]))
    assert sale.number == f"S-{numbered + 1:06d}"  # the counter moved on with the history


def test_the_sales_count_of_a_bulk_seed_is_checked(tmp_path: Any) -> None:
    refused = _techstore(tmp_path, "demo", "seed", "--sales", "0")
    assert refused.returncode == 2 and "from 1 to 1000000" in refused.stderr
