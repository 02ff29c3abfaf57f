"""Serialized units over HTTP (API.md): a sale item's ``serials`` (422 on ``items[i].serials`` for a wrong count
or a bad IMEI, 409 naming a unit not in stock), a return item's ``serials``, a repair's ``sold_unit`` and the
sale's warranty at intake, and a part line's ``serials``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewProduct
from techstore.application.customers.commands import NewCustomer
from techstore.container import Container
from techstore.domain.identity.users import Role
from tests.integration.test_sales_api import PASSWORD, _token

pytestmark = pytest.mark.adapters("sqlite", "postgres")
IMEIS = ["350000111111114", "350000111111122", "350000111111130"]


@pytest.fixture
def shop(container: Container) -> dict[str, Any]:
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    container.identity.provision_user()("sam", PASSWORD, role=Role.STAFF)
    phone: dict[str, Any] = {"sku": "PHONE", "name": "Phone X", "price": Decimal("500.00"), "stock": 3,
                             "serial_kind": "imei", "warranty_months": 12, "serials": IMEIS}
    screen: dict[str, Any] = {"sku": "SCREEN", "name": "Screen", "price": Decimal("80.00"), "stock": 1,
                              "serial_kind": "serial", "serials": ["SCR-1"]}
    ana = container.customers.register_customer()(boss, NewCustomer("Ana Silva", email="ana@example.com"))
    return {"phone": container.catalog.create_product()(boss, NewProduct(**phone)),
            "screen": container.catalog.create_product()(boss, NewProduct(**screen)), "ana": ana}


def _sale(phone: Any, serials: list[str], quantity: int | None = None, **extra: Any) -> dict[str, Any]:
    count = len(serials) if quantity is None else quantity
    return {"items": [{"product_id": phone.id, "quantity": count, "serials": serials}],
            "payments": [{"method": "card", "amount": str(Decimal("500.00") * count)}], **extra}


def test_a_sale_names_its_units_and_answers_them(client: TestClient, shop: dict[str, Any]) -> None:
    sam = _token(client, "sam")
    answer = client.post("/api/v1/sales", json=_sale(shop["phone"], [IMEIS[0], IMEIS[1].lower()],
                                                     customer_id=shop["ana"].id), headers=sam)
    assert answer.status_code == 201, answer.text
    assert answer.json()["items"][0]["serials"] == IMEIS[:2]
    assert client.get(f"/api/v1/sales/{answer.json()['id']}", headers=sam).json()["items"][0]["serials"] == IMEIS[:2]

    again = client.post("/api/v1/sales", json=_sale(shop["phone"], [IMEIS[1]]), headers=sam)
    assert again.status_code == 409 and IMEIS[1] in again.json()["detail"]
    for serials, quantity in (([IMEIS[2]], 2), (["350000111111115"], 1), (["12345"], 1), ([], 1)):
        refused = client.post("/api/v1/sales", json=_sale(shop["phone"], serials, quantity), headers=sam)
        assert refused.status_code == 422, refused.text
        assert "items[0].serials" in [e["field"] for e in refused.json()["errors"]], refused.text


def test_a_return_names_the_units_coming_back(client: TestClient, shop: dict[str, Any]) -> None:
    sam = _token(client, "sam")
    sale = client.post("/api/v1/sales", json=_sale(shop["phone"], IMEIS[:2]), headers=sam).json()

    def back(serials: list[str], restock: bool = True) -> Any:
        body = {"items": [{"product_id": shop["phone"].id, "quantity": 1, "restock": restock, "serials": serials}],
                "refunds": [{"method": "card", "amount": "500.00"}], "reason": "Changed mind",
                "approval": {"username": "boss", "password": PASSWORD}}  # a refund past the staff's limit
        return client.post(f"/api/v1/sales/{sale['id']}/returns", json=body, headers=sam)

    assert back([IMEIS[2]]).status_code == 409  # in stock, never sold on this sale
    assert back([]).status_code == 422
    made = back([IMEIS[1]], restock=False)
    assert made.status_code == 201, made.text
    assert made.json()["items"][0]["serials"] == [IMEIS[1]] and made.json()["items"][0]["restocked"] is False
    assert back([IMEIS[1]]).status_code == 409  # already back
    assert client.get(f"/api/v1/units/{IMEIS[1]}", headers=sam).json()["status"] == "damaged"


def test_a_repair_of_a_sold_unit_is_under_the_sales_warranty(client: TestClient, shop: dict[str, Any]) -> None:
    sam = _token(client, "sam")
    assert client.post("/api/v1/sales", json=_sale(shop["phone"], [IMEIS[0]], customer_id=shop["ana"].id),
                       headers=sam).status_code == 201
    body = {"customer_id": shop["ana"].id, "equipment": "Phone X", "reported_problem": "No sound",
            "serial_number": IMEIS[0].lower(), "warranty": True}
    repair = client.post("/api/v1/repairs", json=body, headers=sam)
    assert repair.status_code == 201, repair.text
    taken = repair.json()
    unit = client.get(f"/api/v1/units/{IMEIS[0]}", headers=sam).json()
    assert (taken["sold_unit"], taken["serial_number"], taken["warranty"]) == (IMEIS[0], IMEIS[0], True)
    assert taken["under_warranty_until"] == unit["warranty_until"] is not None
    assert taken["id"] in unit["repair_ids"]

    other = client.post("/api/v1/repairs", json={**body, "serial_number": IMEIS[2]}, headers=sam)
    assert other.status_code == 409  # in stock, not sold: no warranty covers it

    part = {"kind": "part", "product_id": shop["screen"].id, "quantity": 1, "serials": ["scr-1"]}
    line = client.post(f"/api/v1/repairs/{taken['id']}/lines", json=part, headers=sam)
    assert line.status_code == 201, line.text
    assert line.json()["serials"] == ["SCR-1"]
    gone = client.post(f"/api/v1/repairs/{taken['id']}/lines", json=part, headers=sam)
    assert gone.status_code == 409  # used already: none left
    missing = client.post(f"/api/v1/repairs/{taken['id']}/lines", json={**part, "serials": []}, headers=sam)
    assert missing.status_code == 422 and [e["field"] for e in missing.json()["errors"]] == ["serials"]
