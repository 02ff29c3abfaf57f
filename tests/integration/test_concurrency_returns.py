"""Concurrent returns of one sale on PostgreSQL: released together, they never bring back more than
was sold; numbers stay gap-free; the stock ledger checks clean."""

from __future__ import annotations

from decimal import Decimal

import pytest

from techstore.application.catalog.commands import NewProduct
from techstore.application.sales.commands import NewReturn, NewSale, PaymentLine, ReturnLine, SaleLine
from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.domain.sales.returns import Return
from techstore.domain.shared.errors import Conflict
from tests.integration.test_concurrency_identity import run_together

pytestmark = [pytest.mark.timeout(120), pytest.mark.adapters("postgres")]
CLERKS = 8


def test_concurrent_returns_never_return_more_than_was_sold(container: Container) -> None:
    boss = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    case = container.catalog.create_product()(boss, NewProduct(sku="CASE", name="Case", price=Decimal("10.00"),
                                                               stock=10))
    sale = container.sales.place_sale()(boss, NewSale([SaleLine(case.id, 5)],
                                                      [PaymentLine("cash", Decimal("50.00"))]))
    make = container.sales.make_return()
    command = NewReturn([ReturnLine(case.id, 2)], [PaymentLine("cash", Decimal("20.00"))], "Back")
    outcomes = run_together([lambda: make(boss, sale.id, command) for _ in range(CLERKS)])
    made = [o for o in outcomes if isinstance(o, Return)]
    assert len(made) == 2, outcomes
    assert all(isinstance(o, Conflict) for o in outcomes if not isinstance(o, Return)), outcomes
    with container.adapters.uow(read_only=True) as uow:
        assert uow.products.get(case.id).stock == 9
        assert list(uow.returns.numbers()) == ["RT-000001", "RT-000002"]
        assert uow.sales.get(sale.id).refunded_total == Decimal("40.00")
    assert container.catalog.find_stock_drift()() == []
