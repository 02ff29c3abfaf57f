"""The purchasing pages without JavaScript: a supplier's form with refusals beside the field, a new order typed as
lines, placed, received on its page (a refusal re-shows the page with the message; a receipt leads to its page
and its labels link); staff receive but do not place orders; the reorder suggestions with what is on order,
made into drafts once."""

from __future__ import annotations

import html as html_text
import re
from decimal import Decimal
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewProduct
from techstore.application.purchasing.commands import NewSupplier, OrderQuery
from techstore.application.shared.pages import PageRequest
from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.entrypoints.web.mail_attachments import attachment_renderers
from tests.integration.test_web_session import csrf_from

pytestmark = pytest.mark.adapters("sqlite")
PASSWORD = "buy-pages-password-1"


@pytest.fixture
def boss(container: Container) -> Any:
    container.identity.provision_user()("clerk", PASSWORD, role=Role.STAFF)
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN, full_name="Bo Boss")
    container.catalog.create_product()(boss, NewProduct("CAB-1", "Cable", Decimal("9.00"), cost=Decimal("5.00"),
                                                        stock=10))
    return boss


def _sign_in(client: TestClient, username: str) -> None:
    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})


def _post(client: TestClient, path: str, data: dict[str, str], page: str) -> Any:
    return client.post(path, data={"csrf_token": csrf_from(client.get(page).text), **data}, follow_redirects=False)


def _field_error(html: str, field: str) -> str:
    found = re.search(rf'<p id="{re.escape(field)}-error" class="field-error">([^<]*)</p>', html)
    assert found, f"no message beside {field}"
    return html_text.unescape(found.group(1))


def test_suppliers_orders_and_receiving_through_the_pages(client: TestClient, boss: Any,
                                                          container: Container) -> None:
    _sign_in(client, "boss")
    made = _post(client, "/suppliers/new", {"name": "Acme", "email": "orders@acme.test", "notes": "Mondays"},
                 "/suppliers/new")
    assert made.status_code == 303
    assert "Acme" in client.get("/suppliers").text
    taken = _post(client, "/suppliers/new", {"name": "ACME"}, "/suppliers/new")
    assert taken.status_code == 409 and "already exists" in _field_error(taken.text, "name")
    blank = _post(client, "/suppliers/new", {"name": "  "}, "/suppliers/new")
    assert blank.status_code == 422 and _field_error(blank.text, "name")

    bad = _post(client, "/purchase-orders/new", {"supplier_id": "1", "lines": "CAB-1 0 8.00"}, "/purchase-orders/new")
    assert bad.status_code == 422 and "line 1: quantity" in _field_error(bad.text, "lines").lower()
    assert "CAB-1 0 8.00" in bad.text  # what was typed stays
    unknown = _post(client, "/purchase-orders/new", {"supplier_id": "1", "lines": "NOPE 1 8.00"},
                    "/purchase-orders/new")
    assert unknown.status_code == 422 and "no product" in _field_error(unknown.text, "lines")
    order = _post(client, "/purchase-orders/new", {"supplier_id": "1", "lines": "CAB-1 8 8.00"},
                  "/purchase-orders/new")
    assert order.status_code == 303
    page = order.headers["location"].split("?")[0]
    assert "PO-000001" in client.get(page).text
    assert _post(client, f"{page}/order", {}, page).status_code == 303
    sheet = client.get(f"{page}/sheet")
    assert sheet.status_code == 200 and "PO-000001" in sheet.text and "Acme" in sheet.text
    pdf = client.get(f"{page}/sheet?format=pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    emailed = _post(client, f"{page}/email", {}, page)
    assert emailed.status_code == 303
    with container.adapters.uow(read_only=True) as uow:
        queued = uow.outbox.list(None, PageRequest(limit=10)).items
    assert [m.to for m in queued] == ["orders@acme.test"]
    # The worker renders the attachment the message names, outside any request.
    render = attachment_renderers(container.adapters.uow, client.app.state.settings)["purchase_order"]  # type: ignore[attr-defined]
    assert render(1).startswith(b"%PDF")

    _sign_in(client, "clerk")
    assert client.get("/suppliers/new").status_code == 403
    assert _post(client, f"{page}/cancel", {}, page).status_code == 403
    line_id = re.search(r'name="quantity_(\d+)"', client.get(page).text).group(1)  # type: ignore[union-attr]
    over = _post(client, f"{page}/receipts", {f"quantity_{line_id}": "9"}, page)
    assert over.status_code == 409 and "8 outstanding" in html_text.unescape(over.text)
    odd = _post(client, f"{page}/receipts", {f"quantity_{line_id}": "two"}, page)
    assert odd.status_code == 422
    received = _post(client, f"{page}/receipts", {f"quantity_{line_id}": "5"}, page)
    assert received.status_code == 303 and "/receipts/" in received.headers["location"]
    receipt = client.get(received.headers["location"]).text
    product_id = container.catalog.get_product()(boss, 1).id
    assert f'href="/labels?product_id={product_id}&amp;quantity=5"' in receipt
    assert "Print labels for this receipt" in receipt
    assert container.catalog.get_product()(boss, product_id).cost == Decimal("6.00")


def _suggested_rows(html: str) -> list[list[str]]:
    """The suggestions' rows, each cell's text (product, stock, min, suggested, on order, last cost)."""
    body = html.split("<tbody>", 1)[1] if "<tbody>" in html else ""
    return [[html_text.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_the_suggestions_show_what_is_on_order_and_are_drafted_once(client: TestClient, boss: Any,
                                                                    container: Container) -> None:
    supplier = container.purchasing.create_supplier()(boss, NewSupplier("Acme"))
    container.catalog.create_product()(boss, NewProduct("LOW-1", "Charger", Decimal("9.00"), cost=Decimal("4.00"),
                                                        stock=1, min_stock=3, supplier_id=supplier.id,
                                                        reorder_quantity=2))
    _sign_in(client, "boss")
    page = client.get("/purchase-orders/suggestions").text
    assert '<th scope="col" class="num">On order</th>' in page
    assert _suggested_rows(page) == [["LOW-1 · Charger", "1", "3", "4", "0", "4.00"]]
    made = _post(client, "/purchase-orders/suggestions/orders", {}, "/purchase-orders/suggestions")
    assert made.status_code == 303 and "status=draft" in made.headers["location"]
    page = client.get("/purchase-orders/suggestions").text
    assert _suggested_rows(page) == [["LOW-1 · Charger", "1", "3", "4", "4", "4.00"]]  # the quantity stays the formula
    assert "Make draft orders" not in page  # nothing left to draft
    again = client.post("/purchase-orders/suggestions/orders", data={"csrf_token": csrf_from(page)},
                        follow_redirects=True)
    assert again.status_code == 200 and "No draft orders were made" in again.text
    orders = container.purchasing.list_purchase_orders()(boss, OrderQuery(), PageRequest())
    assert [o.number for o in orders.items] == ["PO-000001"]
