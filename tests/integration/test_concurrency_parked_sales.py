"""Cashiers resuming or dropping one parked sale at once, on PostgreSQL: exactly one of them gets it (the cart,
or the drop); every other is told it is no longer parked (404), and nothing fails otherwise."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

import pytest

from techstore.application.catalog.commands import NewProduct
from techstore.application.sales.parked import NewParkedSale, ParkedItem
from techstore.application.shared.pages import PageRequest
from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.domain.sales.parked import ParkedSale
from techstore.domain.shared.errors import NotFound
from tests.integration.test_concurrency_identity import run_together

pytestmark = [pytest.mark.timeout(120), pytest.mark.adapters("postgres")]
CLERKS = 8


def test_a_parked_sale_is_resumed_or_dropped_once(container: Container) -> None:
    boss = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    case = container.catalog.create_product()(boss, NewProduct(sku="CASE", name="Case", price=Decimal("10.00"),
                                                               stock=10))
    sales = container.sales
    resume, drop = sales.resume_parked_sale(), sales.drop_parked_sale()
    for _ in range(3):
        parked_id = sales.park_sale()(boss, NewParkedSale([ParkedItem(case.id, 2), ParkedItem(case.id, 1)])).id
        outcomes = run_together([partial(resume, boss, parked_id) for _ in range(CLERKS // 2)]
                                + [partial(drop, boss, parked_id) for _ in range(CLERKS // 2)])
        succeeded = [o for o in outcomes if not isinstance(o, NotFound)]
        assert len(succeeded) == 1, outcomes
        assert succeeded[0] is None or (isinstance(succeeded[0], ParkedSale)
                                        and [line.quantity for line in succeeded[0].lines] == [2, 1])
    with container.adapters.uow(read_only=True) as uow:
        assert uow.parked_sales.list(PageRequest()).total == 0
