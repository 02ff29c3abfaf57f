"""The catalogue's pages without JavaScript: deleting a product takes a confirmation step, and the import
page names a row of the wrong width and speaks in plurals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewProduct
from techstore.container import Container
from techstore.domain.identity.users import Role
from tests.integration.test_web_session import csrf_from

pytestmark = pytest.mark.adapters("sqlite")
PASSWORD = "catalog-pages-password-1"


@pytest.fixture
def shop(container: Container) -> dict[str, Any]:
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN, full_name="Bo Boss")
    case = container.catalog.create_product()(boss, NewProduct(sku="CASE", name="Phone case", barcode="4006381333931",
                                                               price=Decimal("12.50"), stock=3))
    return {"case": case}


def _sign_in(client: TestClient, username: str) -> None:
    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})


def test_deleting_a_product_asks_first(client: TestClient, shop: dict[str, Any]) -> None:
    _sign_in(client, "boss")
    case = shop["case"]
    detail = client.get(f"/products/{case.id}").text
    # The product page's Delete is a link to the confirmation, not a form that deletes.
    assert f'href="/products/{case.id}/delete"' in detail
    assert f'action="/products/{case.id}/delete"' not in detail
    asked = client.get(f"/products/{case.id}/delete")
    assert asked.status_code == 200 and "Delete Phone case?" in asked.text and "3 in stock" in asked.text
    token = csrf_from(asked.text)
    # A post without the confirmation deletes nothing: it is shown the confirmation.
    unconfirmed = client.post(f"/products/{case.id}/delete", data={"csrf_token": token}, follow_redirects=False)
    assert unconfirmed.status_code == 303 and unconfirmed.headers["location"] == f"/products/{case.id}/delete"
    assert client.get(f"/products/{case.id}").status_code == 200
    confirmed = client.post(f"/products/{case.id}/delete", data={"csrf_token": token, "confirm": "yes"},
                            follow_redirects=False)
    assert confirmed.status_code == 303 and confirmed.headers["location"] == "/products?done=deleted"
    assert client.get(f"/products/{case.id}").status_code == 404


def _import(client: TestClient, text: str) -> Any:
    token = csrf_from(client.get("/products/import").text)
    return client.post("/products/import", data={"csrf_token": token},
                       files={"file": ("catalogue.csv", text.encode(), "text/csv")})


def test_the_import_page_names_a_row_of_the_wrong_width(client: TestClient, shop: dict[str, Any]) -> None:
    _sign_in(client, "boss")
    refused = _import(client, "sku,name,price,cost,stock\nNEW-1,Cable,59,99,2.00,4\nNEW-2,Fine,1.00,0.50,1\n")
    assert refused.status_code == 422
    assert "Line 2</td>" in refused.text and "Has 6 cells but the header has 5" in refused.text
    assert "1 bad row; nothing was imported." in refused.text
    assert "NEW-2" not in client.get("/products?q=NEW").text
    both = _import(client, "sku,name,price,barcode\nNEW-1,Cable,5.00,4006381333932\nNEW-2,Fine,1.00,,x\n")
    assert "2 bad rows; nothing was imported." in both.text and "Line 2, barcode" in both.text
    imported = _import(client, "sku,name,price,stock\nNEW-1,Cable,5.00,2\n")
    assert imported.status_code == 200 and "1 stock movement written" in imported.text
