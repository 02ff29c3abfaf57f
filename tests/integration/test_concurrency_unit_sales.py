"""One phone, sixteen sellers at once, over HTTP on PostgreSQL: sixteen concurrent ``POST /api/v1/sales`` of the
same unit (its IMEI) sell it exactly once (one 201, fifteen 409 naming the IMEI); the unit is sold on that sale,
the stock is down by one and the ledgers check clean."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import httpx
import pytest

from techstore.application.catalog.commands import NewProduct
from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.entrypoints.app import create_app
from tests.support import serving

pytestmark = [pytest.mark.timeout(120), pytest.mark.adapters("postgres")]
PASSWORD = "seller-password-1"
THREADS = 16
IMEI = "350000111111114"
OTHER = "350000111111122"


def test_sixteen_sales_of_one_unit_sell_it_once(container: Container) -> None:
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    for n in range(THREADS):
        container.identity.provision_user()(f"seller{n}", PASSWORD, role=Role.STAFF)
    fields: dict[str, Any] = {"sku": "PHONE", "name": "Phone X", "price": Decimal("500.00"), "stock": 2,
                              "serial_kind": "imei", "warranty_months": 12, "serials": [IMEI, OTHER]}
    phone = container.catalog.create_product()(boss, NewProduct(**fields))
    body = {"items": [{"product_id": phone.id, "quantity": 1, "serials": [IMEI]}],
            "payments": [{"method": "card", "amount": "500.00"}]}

    with serving(create_app(container)) as url:
        with httpx.Client(base_url=url) as http:
            tokens = [http.post("/api/v1/auth/token", json={"username": f"seller{n}", "password": PASSWORD})
                      .json()["access_token"] for n in range(THREADS)]
        start = threading.Barrier(THREADS)

        def seller(n: int) -> tuple[int, str]:
            with httpx.Client(base_url=url, timeout=30) as http:
                start.wait()
                answer = http.post("/api/v1/sales", json=body, headers={"Authorization": f"Bearer {tokens[n]}"})
                return answer.status_code, answer.text

        with ThreadPoolExecutor(THREADS) as pool:
            outcomes = list(pool.map(seller, range(THREADS)))
        with httpx.Client(base_url=url) as http:
            headers = {"Authorization": f"Bearer {tokens[0]}"}
            unit = http.get(f"/api/v1/units/{IMEI}", headers=headers).json()
            product = http.get(f"/api/v1/products/{phone.id}", headers=headers).json()

    statuses = sorted(status for status, _ in outcomes)
    assert statuses == [201] + [409] * (THREADS - 1), outcomes
    assert all(IMEI in text for status, text in outcomes if status == 409), outcomes
    sold = next(text for status, text in outcomes if status == 201)
    assert f'"serials":["{IMEI}"]' in sold.replace(" ", "")
    assert unit["status"] == "sold" and unit["sale_number"] == "S-000001", unit
    assert product["stock"] == 1
    assert container.catalog.find_stock_drift()() == []
