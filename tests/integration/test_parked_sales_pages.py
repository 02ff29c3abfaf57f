"""Parked sales at the till as plain form posts (and the HTMX answers): Park clears the till or shows why not;
Resume loads an empty till only, once; Drop asks first; a parked discount comes back into the discount field."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.sales.parked import NewParkedSale, ParkedItem
from techstore.application.shared.pages import PageRequest
from techstore.container import Container
from techstore.domain.sales.discounts import Discount
from tests.integration.test_sales_pages import _encoded, _fields, _post, _sign_in, shop

pytestmark = pytest.mark.adapters("sqlite")
__all__ = ["shop"]  # fixture


def _parked_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'value="resume:(\d+)"', html)]


def _till_with_the_case(client: TestClient, shop: dict[str, Any]) -> str:
    _sign_in(client, "sam")
    added = _post(client, client.get("/sales/new").text, "add", code="CASE")
    assert added.status_code == 200 and 'name="line_product_id"' in added.text
    return str(added.text)


def test_park_clears_the_till_and_lists_the_cart(client: TestClient, container: Container,
                                                 shop: dict[str, Any]) -> None:
    page = _till_with_the_case(client, shop)
    parked = _post(client, page, "park", discount="2.00", notes="Back at noon")
    assert parked.status_code == 303 and parked.headers["location"] == "/sales/new?done=parked"
    till = client.get(parked.headers["location"]).text
    assert "Sale parked" in till and 'name="line_product_id"' not in till
    assert "Parked sales (1)" in till and "Phone case" in till and "Sam Seller" in till
    (held,) = container.sales.list_parked_sales()(_user(container, "sam"), PageRequest()).items
    assert [(line.sku, line.quantity) for line in held.parked.lines] == [("CASE", 1)]
    assert held.parked.discount == Discount.off(Decimal("2.00"))
    assert held.parked.notes == "Back at noon"


def test_an_empty_till_is_not_parked(client: TestClient, shop: dict[str, Any]) -> None:
    _sign_in(client, "sam")
    refused = _post(client, client.get("/sales/new").text, "park")
    assert refused.status_code == 422 and 'id="items-error"' in refused.text
    assert "Parked sales" not in refused.text


def test_parking_with_htmx_sends_the_browser_to_the_cleared_till(client: TestClient, shop: dict[str, Any]) -> None:
    page = _till_with_the_case(client, shop)
    data = [*_fields(page), ("action", "park")]
    answer = client.post("/sales/new", content="&".join(f"{k}={v}" for k, v in _encoded(data)),
                         headers={"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true"})
    assert answer.status_code == 200 and answer.headers["hx-redirect"] == "/sales/new?done=parked"


def test_resume_loads_an_empty_till_once(client: TestClient, container: Container, shop: dict[str, Any]) -> None:
    park = container.sales.park_sale()
    boss = _user(container, "boss")
    parked = park(boss, NewParkedSale([ParkedItem(shop["case"].id, 2), ParkedItem(shop["cable"].id, 1),
                                       ParkedItem(shop["case"].id, 1, discount=Discount.percent_of(
                                                                                             Decimal("10")))],
                                      shop["ana"].id, Discount.off(Decimal("5.00")), "Gift"))
    # A till that holds a sale resumes nothing: what it holds and the parked sale both stay.
    busy = _till_with_the_case(client, shop)
    refused = _post(client, busy, f"resume:{parked.id}")
    assert "The till holds a sale" in refused.text and _parked_ids(refused.text) == [parked.id]
    assert refused.text.count('name="line_product_id"') == 1

    empty = client.get("/sales/new").text
    resumed = _post(client, empty, f"resume:{parked.id}")
    text = resumed.text
    assert resumed.status_code == 200 and _parked_ids(text) == []
    # The lines come back as rung up, each with its own discount.
    assert re.findall(r'name="line_product_id" value="(\d+)"', text) == [
        str(shop["case"].id), str(shop["cable"].id), str(shop["case"].id)]
    assert re.findall(r'name="line_quantity"[^>]*value="(\d+)"', text) == ["2", "1", "1"]
    assert re.findall(r'name="line_discount"[^>]*value="([^"]*)"', text) == ["", "", "10%"]
    assert f'name="customer_id" value="{shop["ana"].id}"' in text and "Ana Silva" in text
    assert re.search(r'id="discount"[^>]*value="5.00"', text) and 'value="Gift"' in text
    assert "Resumed the sale Bo Boss parked at" in text
    again = _post(client, empty, f"resume:{parked.id}")
    assert "no longer parked" in again.text and 'name="line_product_id"' not in again.text


def test_drop_asks_first_and_keeps_the_till(client: TestClient, container: Container, shop: dict[str, Any]) -> None:
    parked = container.sales.park_sale()(_user(container, "boss"), NewParkedSale([ParkedItem(shop["cable"].id, 1)]))
    page = _till_with_the_case(client, shop)
    asked = _post(client, page, f"drop:{parked.id}")
    assert "Drop this parked sale?" in asked.text and f'value="drop_confirmed:{parked.id}"' in asked.text
    kept = _post(client, asked.text, "update")
    assert "Drop this parked sale?" not in kept.text and _parked_ids(kept.text) == [parked.id]
    dropped = _post(client, asked.text, f"drop_confirmed:{parked.id}")
    assert "The parked sale was dropped." in dropped.text and _parked_ids(dropped.text) == []
    assert dropped.text.count('name="line_product_id"') == 1  # the till's own sale is still there
    assert container.sales.list_parked_sales()(_user(container, "sam"), PageRequest()).total == 0


def _user(container: Container, username: str) -> Any:
    with container.adapters.uow(read_only=True) as uow:
        return uow.users.get_by_username(username)


def _key(html: str) -> str:
    found = re.search(r'name="key" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_a_double_click_on_park_parks_the_cart_once(client: TestClient, container: Container,
                                                    shop: dict[str, Any]) -> None:
    """The form's key: the second post of the same till is answered as the first, and parks nothing more.
    A resumed cart gets a fresh key, so parking it again is a new parking, not a retry."""
    page = _till_with_the_case(client, shop)
    first = _post(client, page, "park", notes="Back at noon")
    second = _post(client, page, "park", notes="Back at noon")
    assert (first.status_code, second.status_code) == (303, 303)
    assert second.headers["location"] == "/sales/new?done=parked"
    (held,) = container.sales.list_parked_sales()(_user(container, "sam"), PageRequest()).items
    resumed = _post(client, page, f"resume:{held.parked.id}", line_product_id="", line_quantity="")
    assert "Resumed the sale" in resumed.text and _key(resumed.text) != _key(page)
    parked_again = _post(client, resumed.text, "park")
    assert parked_again.status_code == 303
    (again,) = container.sales.list_parked_sales()(_user(container, "sam"), PageRequest()).items  # parked anew
    assert again.parked.notes == "Back at noon"
