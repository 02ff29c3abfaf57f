"""Stock under real concurrency, on SQLite and PostgreSQL: purchases, admin adjustments and sales
taking stock through the catalog's port, fired at one product by threads released together. The
stock never goes below zero, never oversells, and always equals the sum of its movements, each
movement's ``stock_before`` being the previous one's ``stock_after``."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

import pytest

from techstore.application.catalog.commands import NewProduct, StockChange
from techstore.application.shared.pages import MAX_LIMIT, PageRequest
from techstore.container import Container
from techstore.domain.catalog.stock import Line, MovementKind, Reference, ShortOfStock
from techstore.domain.identity.users import Role, User
from techstore.domain.shared.errors import Conflict
from tests.integration.test_concurrency_identity import run_together

pytestmark = [pytest.mark.timeout(120), pytest.mark.adapters("sqlite", "postgres")]


def _sell(container: Container, user: User, sale_id: int, lines: list[Line]) -> Any:
    with container.adapters.uow() as uow:
        taken = uow.stock.take(lines, MovementKind.SALE, Reference(sale_id=sale_id), user.id,
                               container.clock().now())
        uow.commit()
    return taken


def _ledger(container: Container, product_id: int) -> list[Any]:
    with container.adapters.uow(read_only=True) as uow:
        return list(reversed(uow.stock_movements.for_product(product_id, PageRequest(limit=MAX_LIMIT)).items))


def _stock(container: Container, product_id: int) -> int:
    with container.adapters.uow(read_only=True) as uow:
        return uow.products.get(product_id).stock


@pytest.mark.parametrize("rounds", [3])
def test_concurrent_purchases_adjustments_and_sales_keep_the_ledger_whole(container: Container, rounds: int) -> None:
    admin = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    catalog = container.catalog
    a = catalog.create_product()(admin, NewProduct(sku="A-1", name="A", price=Decimal("1.00"), stock=6))
    b = catalog.create_product()(admin, NewProduct(sku="B-1", name="B", price=Decimal("1.00"), stock=3))
    record = catalog.record_stock_movement()
    sale_ids = iter(range(1, 10_000))
    for _ in range(rounds):
        calls = [
            *[partial(record, admin, a.id, StockChange("purchase", 1)) for _ in range(3)],
            *[partial(record, admin, a.id, StockChange("adjustment", -2, "stocktake")) for _ in range(3)],
            # Sales of both products, named in both orders: locks are taken in id order, so no deadlock.
            *[partial(_sell, container, admin, next(sale_ids), [Line(a.id, 2), Line(b.id, 1)]) for _ in range(3)],
            *[partial(_sell, container, admin, next(sale_ids), [Line(b.id, 1), Line(a.id, 1)]) for _ in range(3)],
        ]
        outcomes = run_together(calls)
        errors = [o for o in outcomes if isinstance(o, Exception)]
        assert all(isinstance(e, Conflict | ShortOfStock) for e in errors), errors

    for product in (a, b):
        ledger = _ledger(container, product.id)
        stock = _stock(container, product.id)
        assert stock >= 0
        assert stock == sum(m.quantity for m in ledger)
        assert all(m.stock_after == m.stock_before + m.quantity >= 0 for m in ledger)
        pairs = zip(ledger, ledger[1:], strict=False)
        assert all(later.stock_before == earlier.stock_after for earlier, later in pairs)
    assert catalog.find_stock_drift()() == []


def test_many_sellers_of_the_last_units_never_oversell(container: Container) -> None:
    admin = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    product = container.catalog.create_product()(admin, NewProduct(sku="LAST", name="L", price=Decimal("1.00"),
                                                                   stock=5))
    outcomes = run_together([partial(_sell, container, admin, n, [Line(product.id, 1)]) for n in range(12)])
    sold = [o for o in outcomes if not isinstance(o, Exception)]
    refused = [o for o in outcomes if isinstance(o, ShortOfStock)]
    assert (len(sold), len(refused)) == (5, 7), outcomes
    assert _stock(container, product.id) == 0
    assert container.catalog.find_stock_drift()() == []
