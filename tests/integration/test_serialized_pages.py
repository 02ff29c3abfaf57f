"""Serialized units on the pages, without JavaScript: the point of sale scans an IMEI (its product joins with that
unit), a serialized product's barcode opens a serial field on its line (the next scan fills it), a unit already
sold is refused beside its line; the receipt lists the serials; the return page ticks the units coming back."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewProduct
from techstore.application.customers.commands import NewCustomer
from techstore.application.identity.commands import Credentials
from techstore.container import Container
from techstore.domain.identity.users import Role
from tests.integration.test_sales_pages import PASSWORD, _post, _sign_in

pytestmark = pytest.mark.adapters("sqlite")
IMEIS = ("350000111111114", "350000111111122")


@pytest.fixture
def shop(container: Container) -> dict[str, Any]:
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN, full_name="Bo Boss")
    container.identity.provision_user()("sam", PASSWORD, role=Role.STAFF, full_name="Sam Seller")
    create = partial(container.catalog.create_product(), boss)
    phone: dict[str, Any] = {"sku": "PHONE", "name": "Phone X", "price": Decimal("500.00"), "stock": 2,
                             "barcode": "4006381333931", "serial_kind": "imei", "warranty_months": 12,
                             "serials": list(IMEIS)}
    case = create(NewProduct(sku="CASE", name="Phone case", price=Decimal("12.50"), stock=10))
    return {"phone": create(NewProduct(**phone)), "case": case}


def test_scanning_units_at_the_counter_and_selling_them(client: TestClient, shop: dict[str, Any]) -> None:
    _sign_in(client, "sam")
    page = client.get("/sales/new")
    page = _post(client, page.text, "add", code=IMEIS[0])  # the IMEI scanned: the phone with that unit
    assert page.status_code == 200 and "Phone X" in page.text and f'data-serial>{IMEIS[0]}<' in page.text
    assert re.search(r'name="line_serials" value="350000111111114"', page.text)
    assert re.search(r'name="line_quantity" value="1"', page.text)
    again = _post(client, page.text, "add", code=IMEIS[0])
    assert "is already on this sale" in again.text
    page = _post(client, page.text, "add", code="4006381333931")  # the barcode: the serial field takes the focus
    assert re.search(r'id="serial-0"[^>]*autofocus', page.text), "the next scan fills the line's serial"
    page = _post(client, page.text, "add", serial_0=IMEIS[1].lower())  # scanned into that field, Enter
    assert f'data-serial>{IMEIS[1]}<' in page.text and re.search(r'name="line_quantity" value="2"', page.text)
    assert "1000.00" in page.text
    wrong = _post(client, page.text, "add", serial_0="350000222222214")
    assert "No unit has the serial" in wrong.text and 'id="items[0].serials-error"' in wrong.text

    sold = _post(client, page.text, "sell", pay_card="1000.00")
    assert sold.status_code == 303, sold.text
    receipt = client.get(sold.headers["location"])
    assert f"IMEI {IMEIS[0]}" in receipt.text and f"IMEI {IMEIS[1]}" in receipt.text
    assert "application/pdf" in client.get(sold.headers["location"].split("?")[0] + ".pdf").headers["content-type"]

    # The unit is sold now: scanning it again is refused beside the code field, naming the sale.
    page = client.get("/sales/new")
    refused = _post(client, page.text, "add", code=IMEIS[0])
    assert "was sold on sale S-000001" in refused.text and 'id="code-error"' in refused.text


def test_a_unit_sold_meanwhile_is_refused_beside_its_line(client: TestClient, container: Container,
                                                           shop: dict[str, Any]) -> None:
    _sign_in(client, "sam")
    page = client.get("/sales/new")
    page = _post(client, page.text, "add", code=IMEIS[0])
    other = _post(client, client.get("/sales/new").text, "add", code=IMEIS[0])
    assert _post(client, other.text, "sell", pay_card="500.00").status_code == 303
    refused = _post(client, page.text, "sell", pay_card="500.00")
    assert refused.status_code == 409 and 'id="items[0].serials-error"' in refused.text
    assert IMEIS[0] in refused.text


def test_a_serialized_line_without_its_serial_is_not_sold(client: TestClient, shop: dict[str, Any]) -> None:
    _sign_in(client, "sam")
    page = _post(client, client.get("/sales/new").text, "add", code="PHONE")
    refused = _post(client, page.text, "sell", pay_card="500.00")
    assert refused.status_code == 422 and "Scan or type the serial of each unit sold" in refused.text


def test_a_resumed_parked_sale_asks_for_its_units_again(client: TestClient, shop: dict[str, Any]) -> None:
    """A parked sale keeps no serials: its serialized line comes back waiting for its units, the notice says how
    many to scan, it is not sold without them, and the units scanned again sell it."""
    _sign_in(client, "sam")
    page = _post(client, client.get("/sales/new").text, "add", code=IMEIS[0])
    page = _post(client, page.text, "add", code=IMEIS[1])
    page = _post(client, page.text, "add", code="CASE")
    assert _post(client, page.text, "park").status_code == 303
    page = client.get("/sales/new")
    parked_id = re.search(r'value="resume:(\d+)"', page.text).group(1)  # type: ignore[union-attr]

    resumed = _post(client, page.text, f"resume:{parked_id}")
    assert resumed.status_code == 200
    assert "Phone X was parked with 2 units: scan the IMEI of each unit again" in resumed.text
    assert re.search(r'name="line_serials" value=""', resumed.text) and 'id="serial-0"' in resumed.text
    assert re.search(r'name="line_quantity" value="0"', resumed.text), "no unit is on the line until scanned"
    refused = _post(client, resumed.text, "sell", pay_card="1012.50")
    assert refused.status_code == 422 and "Scan or type the serial of each unit sold" in refused.text

    page = _post(client, resumed.text, "add", code=IMEIS[0])  # scanned into the code field: onto its line
    page = _post(client, page.text, "add", serial_0=IMEIS[1])
    assert re.search(r'name="line_quantity" value="2"', page.text) and "1012.50" in page.text
    sold = _post(client, page.text, "sell", pay_card="1012.50")
    assert sold.status_code == 303, sold.text
    receipt = client.get(sold.headers["location"])
    assert f"IMEI {IMEIS[0]}" in receipt.text and f"IMEI {IMEIS[1]}" in receipt.text


def test_the_return_page_ticks_the_units_coming_back(client: TestClient, shop: dict[str, Any]) -> None:
    _sign_in(client, "boss")  # a phone's refund is past the staff's limit (a manager approves it)
    page = _post(client, client.get("/sales/new").text, "add", code=IMEIS[0])
    page = _post(client, page.text, "add", code=IMEIS[1])
    sold = _post(client, page.text, "sell", pay_card="1000.00")
    sale_id = int(re.search(r"/sales/(\d+)/receipt", sold.headers["location"]).group(1))  # type: ignore[union-attr]
    form = client.get(f"/sales/{sale_id}/returns/new")
    assert form.status_code == 200 and f'name="serial_{shop["phone"].id}" value="{IMEIS[1]}"' in form.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    made = client.post(f"/sales/{sale_id}/returns/new", data={
        "csrf_token": token, f"serial_{shop['phone'].id}": IMEIS[1], f"restock_{shop['phone'].id}": "on",
        "refund_card": "500.00", "reason": "Changed mind", "action": "return"}, follow_redirects=False)
    assert made.status_code == 303, made.text
    receipt = client.get(made.headers["location"])
    assert f"IMEI {IMEIS[1]}" in receipt.text and IMEIS[0] not in receipt.text
    again = client.get(f"/sales/{sale_id}/returns/new")
    assert re.search(rf'value="{IMEIS[1]}" disabled', again.text), "a unit back already cannot be ticked again"


def test_repair_intake_finds_a_sold_unit_by_its_imei(client: TestClient, container: Container,
                                                      shop: dict[str, Any]) -> None:
    pair = container.identity.log_in()(Credentials("boss", PASSWORD), "10.0.0.2")
    boss = container.identity.authenticate()(pair.access_token)
    ana = container.customers.register_customer()(boss, NewCustomer("Ana Silva", phone="+351 912 345 678"))
    _sign_in(client, "sam")
    page = client.get("/sales/new")
    page = _post(client, page.text, "find_customer", customer_q="ana")
    page = _post(client, page.text, f"customer:{ana.id}")
    page = _post(client, page.text, "add", code=IMEIS[0])
    assert _post(client, page.text, "sell", pay_card="500.00").status_code == 303

    found = client.get("/repairs/new", params={"unit_q": IMEIS[0]})
    assert found.status_code == 200 and "Under warranty until" in found.text
    assert "S-000001" in found.text and "Ana Silva" in found.text
    assert re.search(rf'name="serial_number"[^>]*value="{IMEIS[0]}"', found.text)
    assert re.search(r'name="equipment"[^>]*value="Phone X"', found.text)
    assert re.search(rf'name="customer_id" value="{ana.id}"', found.text)
    missing = client.get("/repairs/new", params={"unit_q": "NOPE-1"})
    assert missing.status_code == 200 and "No unit sold here has the serial" in missing.text
    odd = client.get("/repairs/new", params={"unit_q": "<script>"})
    assert odd.status_code == 200 and "<script>" not in odd.text
