"""Serialized units under real concurrency on PostgreSQL (and SQLite): sixteen takes of one unit through the
catalog's port, and sixteen receipts of one serial, released together. Exactly one of each succeeds; the others
are refused naming the serial; the stock equals its units in stock and the sum of its movements."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from stdnum import luhn

from techstore.application.catalog.commands import NewProduct, StockChange
from techstore.container import Container
from techstore.domain.catalog.stock import Line, MovementKind, Reference
from techstore.domain.catalog.units import UnitsUnavailable
from techstore.domain.identity.users import Role, User
from tests.integration.test_concurrency_identity import run_together

pytestmark = [pytest.mark.timeout(120), pytest.mark.adapters("sqlite", "postgres")]
CONCURRENT = 16


def imei(n: int) -> str:
    body = f"35209900{n:06d}"
    return body + luhn.calc_check_digit(body)


def _take(container: Container, user: User, product_id: int, serial: str) -> Any:
    with container.adapters.uow() as uow:
        taken = uow.stock.take([Line(product_id, 1, (serial,))], MovementKind.SALE, Reference(), user.id,
                               container.clock().now())
        uow.commit()
    return taken


def _stock(container: Container, product_id: int) -> int:
    with container.adapters.uow(read_only=True) as uow:
        return uow.products.get(product_id).stock


def test_sixteen_takes_of_one_unit_sell_it_once(container: Container) -> None:
    admin = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    phone = container.catalog.create_product()(admin, NewProduct(
        sku="PHONE", name="Phone", price=Decimal("199.00"), stock=3, serial_kind="imei", warranty_months=12,
        serials=[imei(1), imei(2), imei(3)]))
    outcomes = run_together([partial(_take, container, admin, phone.id, imei(2)) for _ in range(CONCURRENT)])
    sold = [o for o in outcomes if not isinstance(o, Exception)]
    refused = [o for o in outcomes if isinstance(o, UnitsUnavailable)]
    assert (len(sold), len(refused)) == (1, CONCURRENT - 1), outcomes
    assert all(r.serials == (imei(2),) for r in refused)
    assert _stock(container, phone.id) == 2
    assert container.catalog.find_unit()(admin, imei(2)).unit.status.value == "sold"
    assert container.catalog.find_stock_drift()() == []


def test_sixteen_receipts_of_one_serial_put_it_in_stock_once(container: Container) -> None:
    admin = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    phone = container.catalog.create_product()(admin, NewProduct(
        sku="PHONE", name="Phone", price=Decimal("199.00"), serial_kind="imei"))
    record = container.catalog.record_stock_movement()
    outcomes = run_together([partial(record, admin, phone.id, StockChange("purchase", 1, serials=[imei(5)]))
                             for _ in range(CONCURRENT)])
    received = [o for o in outcomes if not isinstance(o, Exception)]
    refused = [o for o in outcomes if isinstance(o, UnitsUnavailable)]
    assert (len(received), len(refused)) == (1, CONCURRENT - 1), outcomes
    assert _stock(container, phone.id) == 1
    assert container.catalog.find_stock_drift()() == []
