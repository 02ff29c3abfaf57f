"""The catalogue's pages without JavaScript: deleting a product takes a confirmation step, and the import
page names a row of the wrong width and speaks in plurals; the product form and the API take the store's own
text codes as barcodes."""

from __future__ import annotations

import re
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


def test_the_product_form_takes_the_store_s_own_text_code(client: TestClient, shop: dict[str, Any]) -> None:
    """The barcode field holds up to 40 characters (no longer numeric only); a text code is kept upper-case, and
    a bad one is refused beside the field; the API answers the same, naming ``barcode``."""
    _sign_in(client, "boss")
    form = client.get("/products/new").text
    field = re.search(r'<input[^>]*name="barcode"[^>]*>', form)
    assert field and 'maxlength="40"' in field.group() and "numeric" not in field.group()
    token = csrf_from(form)
    made = client.post("/products/new", data={"csrf_token": token, "sku": "TAG", "name": "Shelf tag",
                                              "price": "3.00", "barcode": " ts-000123 a/b.7 "}, follow_redirects=False)
    assert made.status_code == 303, made.text
    assert "TS-000123 A/B.7" in client.get(made.headers["location"]).text
    bad = client.post("/products/new", data={"csrf_token": token, "sku": "TAG-2", "name": "Shelf tag",
                                             "price": "3.00", "barcode": "TS#1"})
    assert bad.status_code == 422 and 'id="barcode-error"' in bad.text
    case = shop["case"]
    edit = client.get(f"/products/{case.id}/edit").text
    changed = client.post(f"/products/{case.id}/edit", data={"csrf_token": csrf_from(edit), "sku": "CASE",
                                                             "name": "Phone case", "price": "12.50",
                                                             "barcode": "ts-000123 a/b.7"}, follow_redirects=False)
    assert changed.status_code == 409 and 'id="barcode-error"' in changed.text  # another product's, in any case


def test_the_api_takes_text_codes_and_names_barcode_when_refusing(client: TestClient, shop: dict[str, Any]) -> None:
    token = client.post("/api/v1/auth/token", json={"username": "boss", "password": PASSWORD}).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    made = client.post("/api/v1/products", json={"sku": "TAG", "name": "Shelf tag", "price": "3.00",
                                                 "barcode": "ts-000123"}, headers=headers)
    assert made.status_code == 201 and made.json()["barcode"] == "TS-000123", made.text
    for bad in ("TS#1", "A" * 41, " TS-1", "1234567", "4006381333932"):
        refused = client.post("/api/v1/products", json={"sku": "TAG-2", "name": "Tag", "price": "1.00",
                                                        "barcode": bad}, headers=headers)
        assert refused.status_code == 422, (bad, refused.text)
        assert [e["field"] for e in refused.json()["errors"]] == ["barcode"], (bad, refused.text)
    changed = client.patch(f"/api/v1/products/{shop['case'].id}", json={"barcode": "shelf 4/b"}, headers=headers)
    assert changed.status_code == 200 and changed.json()["barcode"] == "SHELF 4/B", changed.text
