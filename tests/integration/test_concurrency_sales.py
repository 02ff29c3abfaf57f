"""Many sellers at once on few products, over HTTP on PostgreSQL: 16 threads, 400 attempts on a
product with stock 100, mixed with sales of two products named in opposite orders and sales on
account up to a credit limit. Exactly the stock is sold, never below zero; numbers are gap-free and
unique; the stock and account ledgers check clean; no 5xx, no deadlock."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from functools import partial
from typing import Any

import httpx
import pytest

from techstore.application.catalog.commands import NewProduct
from techstore.application.customers.commands import NewCustomer
from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.entrypoints.app import create_app
from tests.support import serving

pytestmark = [pytest.mark.timeout(120), pytest.mark.adapters("postgres")]
PASSWORD = "seller-password-1"
THREADS = 16


def _sale(lines: list[tuple[int, int]], price: Decimal, method: str = "cash",
          customer_id: int | None = None) -> dict[str, Any]:
    total = sum((price * quantity for _, quantity in lines), Decimal("0.00"))
    body: dict[str, Any] = {"items": [{"product_id": p, "quantity": q} for p, q in lines],
                            "payments": [{"method": method, "amount": str(total)}]}
    if customer_id is not None:
        body["customer_id"] = customer_id
    return body


def test_sixteen_sellers_never_oversell_and_numbers_stay_gap_free(container: Container) -> None:
    boss = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    for n in range(THREADS):
        container.identity.provision_user()(f"seller{n}", PASSWORD, role=Role.STAFF)
    create = partial(container.catalog.create_product(), boss)
    one = Decimal("1.00")
    hot = create(NewProduct(sku="HOT", name="Hot", price=one, stock=100))
    a = create(NewProduct(sku="A", name="A", price=one, stock=40))
    b = create(NewProduct(sku="B", name="B", price=one, stock=40))
    ana = container.customers.register_customer()(boss, NewCustomer("Ana", email="ana@example.com",
                                                                    credit_limit=Decimal("20.00")))
    attempts = [
        *[_sale([(hot.id, 1)], one) for _ in range(300)],
        *[_sale([(hot.id, 1)], one, "account", ana.id) for _ in range(40)],
        *[_sale([(a.id, 1), (b.id, 1)], one) for _ in range(30)],
        *[_sale([(b.id, 1), (a.id, 1)], one) for _ in range(30)],
    ]
    attempts = [attempts[i] for i in sorted(range(len(attempts)), key=lambda i: (i * 7919) % len(attempts))]

    with serving(create_app(container)) as url:
        tokens = []
        with httpx.Client(base_url=url) as http:
            for n in range(THREADS):
                answer = http.post("/api/v1/auth/token", json={"username": f"seller{n}", "password": PASSWORD})
                tokens.append(answer.json()["access_token"])
        counter = itertools.count()

        def seller(n: int) -> list[tuple[int, str]]:
            seen = []
            with httpx.Client(base_url=url, timeout=30) as http:
                headers = {"Authorization": f"Bearer {tokens[n]}"}
                while (i := next(counter)) < len(attempts):
                    answer = http.post("/api/v1/sales", json=attempts[i], headers=headers)
                    seen.append((answer.status_code, answer.text))
            return seen

        with ThreadPoolExecutor(THREADS) as pool:
            outcomes = [o for part in pool.map(seller, range(THREADS)) for o in part]

    statuses = [status for status, _ in outcomes]
    assert len(statuses) == len(attempts)
    assert set(statuses) <= {201, 409}, [o for o in outcomes if o[0] not in (201, 409)][:3]
    with container.adapters.uow(read_only=True) as uow:
        stock = {p.id: uow.products.get(p.id).stock for p in (hot, a, b)}
        numbers = list(uow.sales.numbers())
        balance = uow.customers.get(ana.id).balance
    assert stock == {hot.id: 0, a.id: 0, b.id: 0}  # every unit sold, none twice
    assert statuses.count(201) == 100 + 40 == len(numbers)
    assert numbers == [f"S-{n:06d}" for n in range(1, len(numbers) + 1)]
    assert Decimal("0.00") < balance <= Decimal("20.00")
    assert container.catalog.find_stock_drift()() == []
    assert container.customers.check_accounts()() == []
