"""The returns and cash drawer pages without JavaScript: return items from a sale's page (priced on the
server, refusals next to their fields), the return receipt and its PDF; open the drawer, pay out, close
short and read the Z report; the POS shows the drawer; the sessions list."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewProduct
from techstore.application.sales.commands import NewSale, PaymentLine, SaleLine
from techstore.container import Container
from techstore.domain.identity.users import Role
from tests.integration.test_web_session import csrf_from

pytestmark = pytest.mark.adapters("sqlite")
PASSWORD = "pages-password-1"


@pytest.fixture
def sold(container: Container) -> dict[str, Any]:
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN, full_name="Bo Boss")
    container.identity.provision_user()("sam", PASSWORD, role=Role.STAFF, full_name="Sam Seller")
    case = container.catalog.create_product()(boss, NewProduct(sku="CASE", name="Phone case",
                                                               price=Decimal("12.50"), stock=10))
    sale = container.sales.place_sale()(boss, NewSale([SaleLine(case.id, 2)],
                                                      [PaymentLine("cash", Decimal("25.00"))]))
    return {"case": case, "sale": sale}


def _sign_in(client: TestClient, username: str) -> None:
    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})


def test_return_items_from_the_sale_page(client: TestClient, sold: dict[str, Any]) -> None:
    _sign_in(client, "sam")
    sale, case = sold["sale"], sold["case"]
    page = client.get(f"/sales/{sale.id}").text
    assert f'href="/sales/{sale.id}/returns/new"' in page
    form = client.get(f"/sales/{sale.id}/returns/new").text
    token = csrf_from(form)
    base = {"csrf_token": token, "key": "k1", f"qty_{case.id}": "1", f"restock_{case.id}": "on", "reason": "Wrong"}
    quoted = client.post(f"/sales/{sale.id}/returns/new", data={**base, "action": "quote"})
    assert quoted.status_code == 200 and "12.50" in quoted.text
    # The refund is filled in the way the sale was paid (cash); a refund already typed is left as it is.
    assert re.search(r'name="refund_cash"[^>]*value="12.50"', quoted.text), quoted.text
    typed = client.post(f"/sales/{sale.id}/returns/new", data={**base, "refund_card": "12.50", "action": "quote"})
    assert re.search(r'name="refund_card"[^>]*value="12.50"', typed.text)
    assert not re.search(r'name="refund_cash"[^>]*value="12.50"', typed.text)
    too_many = client.post(f"/sales/{sale.id}/returns/new", data={**base, f"qty_{case.id}": "3", "action": "quote"})
    assert too_many.status_code == 409 and "CASE (2 left to return)" in too_many.text
    unpaid = client.post(f"/sales/{sale.id}/returns/new", data={**base, "action": "return"})
    assert unpaid.status_code == 422 and "refund total, 12.50" in unpaid.text
    made = client.post(f"/sales/{sale.id}/returns/new", data={**base, "refund_cash": "12.50", "action": "return"},
                       follow_redirects=False)
    assert made.status_code == 303, made.text
    receipt = client.get(made.headers["location"])
    assert "RT-000001" in receipt.text and "Wrong" in receipt.text
    return_id = re.search(r"/returns/(\d+)/receipt", made.headers["location"]).group(1)  # type: ignore[union-attr]
    pdf = client.get(f"/returns/{return_id}/receipt.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    again = client.post(f"/sales/{sale.id}/returns/new", data={**base, "refund_cash": "12.50", "action": "return"},
                        follow_redirects=False)
    assert again.status_code == 303  # the same form posted twice returns once
    detail = client.get(f"/sales/{sale.id}").text
    assert "RT-000001" in detail and "RT-000002" not in detail and "Refunded" in detail


def test_a_day_at_the_drawer_page(client: TestClient, sold: dict[str, Any]) -> None:
    _sign_in(client, "sam")
    page = client.get("/cash").text
    assert "Open the drawer" in page and 'href="/cash"' in page
    assert "Cash drawer closed" in client.get("/sales/new").text
    bad = client.post("/cash/open", data={"csrf_token": csrf_from(page), "opening_float": "ten"})
    assert bad.status_code == 422 and 'id="opening_float-error"' in bad.text
    opened = client.post("/cash/open", data={"csrf_token": csrf_from(page), "opening_float": "50.00"},
                         follow_redirects=False)
    assert opened.status_code == 303
    page = client.get("/cash").text
    assert "Running figures" in page and "50.00" in page
    assert "Cash drawer open" in client.get("/sales/new").text
    token = csrf_from(page)
    no_reason = client.post("/cash/movements", data={"csrf_token": token, "type": "pay_out", "amount": "5.00",
                                                     "reason": ""})
    assert no_reason.status_code == 422 and 'id="reason-error"' in no_reason.text
    out = client.post("/cash/movements", data={"csrf_token": token, "type": "pay_out", "amount": "5.00",
                                               "reason": "Window cleaner"}, follow_redirects=False)
    assert out.status_code == 303
    # The count alone does not close: it is answered with expected, counted and the difference to confirm.
    counted = client.post("/cash/close", data={"csrf_token": token, "counted_cash": "44.00", "note": "Coins"},
                          follow_redirects=False)
    assert counted.status_code == 200 and "Confirm the close" in counted.text
    assert re.search(r"data-confirm-expected>45\.00<", counted.text)
    assert re.search(r"data-confirm-counted>44\.00<", counted.text)
    assert re.search(r"data-confirm-difference>short 1\.00<", counted.text)
    assert "Running figures" in client.get("/cash").text  # still open
    confirm = {"csrf_token": token, "counted_cash": "44.00", "note": "Coins", "confirm": "yes"}
    # A confirmation of figures that are no longer the drawer's is asked again, not applied.
    stale = client.post("/cash/close", data={**confirm, "expected": "46.00"}, follow_redirects=False)
    assert stale.status_code == 200 and "The expected cash changed" in stale.text
    closed = client.post("/cash/close", data={**confirm, "expected": "45.00"}, follow_redirects=False)
    assert closed.status_code == 303
    report = client.get(closed.headers["location"]).text
    assert "short 1.00" in report and "Window cleaner" in report
    assert client.get(closed.headers["location"] + "/report.pdf").content.startswith(b"%PDF")
    _sign_in(client, "boss")
    listed = client.get("/cash/sessions").text
    assert "short 1.00" in listed
