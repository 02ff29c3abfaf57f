"""Issue 23 in Chromium: a customer's name typed in the sales list's search finds their sale; the customer's page
lists their history (a sale, a return, a repair, a payment), newest first, on a 390 px phone without the page
scrolling sideways, and at 1366 px with every column of the table in view."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, LiveServer
from tests.e2e.counter_shop import api, customer, desktop, product
from tests.e2e.test_phone_width import WIDEST
from tests.e2e.test_sign_in import sign_in
from tests.e2e.test_wide_screen import CUT_OFF

__all__ = ["desktop"]  # the fixture, brought in from counter_shop


def _sale(live_server: LiveServer, buyer: dict[str, Any], item: dict[str, Any], quantity: int = 1) -> dict[str, Any]:
    total = f"{float(item['price']) * quantity:.2f}"
    return api(live_server, "POST", "/api/v1/sales", {
        "customer_id": buyer["id"], "items": [{"product_id": item["id"], "quantity": quantity}],
        "payments": [{"method": "card", "amount": total}]})


def test_a_customers_name_typed_in_the_sales_search_finds_their_sale(page: Page, live_server: LiveServer) -> None:
    buyer = customer(live_server)
    sale = _sale(live_server, buyer, product(live_server, "12.50"))
    _sale(live_server, customer(live_server), product(live_server, "9.99"))  # someone else's
    sign_in(page, *live_server.staff)
    page.goto("/sales")
    search = page.get_by_label("Number or customer")
    search.fill(buyer["name"].split(" ", 1)[1].upper())  # "SILVA 1a2b3c": part of the name, another case
    search.press("Enter")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("link", name=sale["number"])).to_be_visible()
    expect(page.get_by_label("Number or customer")).to_have_value(buyer["name"].split(" ", 1)[1].upper())
    assert page.console_errors == []  # type: ignore[attr-defined]


def _history_of_four(live_server: LiveServer) -> tuple[dict[str, Any], list[str]]:
    """A customer with a sale, its return, a repair and a payment, in that order; their numbers newest first."""
    buyer = customer(live_server)
    item = product(live_server, "12.50")
    sale = _sale(live_server, buyer, item, 2)
    returned = api(live_server, "POST", f"/api/v1/sales/{sale['id']}/returns", {
        "items": [{"product_id": item["id"], "quantity": 1}], "refunds": [{"method": "card", "amount": "12.50"}],
        "reason": "Too big"})
    repair = api(live_server, "POST", "/api/v1/repairs", {
        "customer_id": buyer["id"], "equipment": "Phone with a very long model name, 512 GB, dual SIM",
        "reported_problem": "Cracked screen", "price": "149.90"})
    api(live_server, "POST", f"/api/v1/customers/{buyer['id']}/payments", {"amount": "20.00", "method": "cash"})
    return buyer, ["Receipt", repair["number"], returned["number"], sale["number"]]


def _history_rows(page: Page) -> Any:
    return page.get_by_role("region", name="History").locator("tbody tr")


def test_the_customers_page_shows_their_history_on_a_phone(phone_page: Page, live_server: LiveServer) -> None:
    buyer, numbers = _history_of_four(live_server)
    sign_in(phone_page, *live_server.staff)
    phone_page.goto(f"/customers/{buyer['id']}")
    rows = _history_rows(phone_page)
    expect(rows).to_have_count(4)
    for row, (kind, number) in enumerate(zip(("Payment", "Repair", "Return", "Sale"), numbers, strict=True)):
        expect(rows.nth(row)).to_contain_text(kind)
        expect(rows.nth(row).get_by_role("link", name=number)).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the customer's page is {width}px wide: {phone_page.evaluate(WIDEST)}"
    rows.nth(3).get_by_role("link", name=numbers[3]).click()  # the sale's page
    expect(phone_page.get_by_role("heading", name=numbers[3])).to_be_visible()


def test_at_1366_px_the_history_hides_no_column(desktop: Page, live_server: LiveServer) -> None:
    buyer, _ = _history_of_four(live_server)
    sign_in(desktop, *live_server.staff)
    desktop.goto(f"/customers/{buyer['id']}")
    expect(_history_rows(desktop)).to_have_count(4)
    assert desktop.evaluate(CUT_OFF) == []
