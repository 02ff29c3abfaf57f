"""One seller's drawer on PostgreSQL while 8 threads take cash into it and the drawer is closed in the middle:
each sale locks the drawer's row while it records its cash (and moves the row's running cash total), the close
waits for every sale already recording, and a sale that comes after the close is refused (the store requires
an open drawer) and leaves nothing. So the closed drawer's expected cash is exactly its float plus the cash
journalled into it, its running total equals that cash, and no entry joins it after its close."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import attrs
import pytest
from dependency_injector import providers

from techstore.application.cash.commands import CloseDrawer, JournalQuery, OpenDrawer
from techstore.application.catalog.commands import NewProduct
from techstore.application.sales.commands import NewSale, PaymentLine, SaleLine
from techstore.application.shared.pages import MAX_LIMIT, PageRequest
from techstore.container import Container
from techstore.container.root import members
from techstore.domain.identity.users import Role
from techstore.domain.shared.errors import Conflict
from techstore.domain.shared.payments import PaymentMethod

pytestmark = [pytest.mark.timeout(120), pytest.mark.adapters("postgres")]
SALES = 120


def test_a_close_waits_for_the_sales_recording_into_the_drawer_and_refuses_the_ones_after(
        container: Container) -> None:
    settings = attrs.evolve(container.settings(), require_cash_session=True)
    container.adapters.members.last_overriding.override(providers.Object(members("sql", settings)))
    boss = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    seller = container.identity.provision_user()("sam", "sam-password-1", role=Role.STAFF)
    product = container.catalog.create_product()(boss, NewProduct(sku="P", name="P", price=Decimal("1.00"),
                                                                   stock=1_000))
    session = container.cash.open_session()(seller, OpenDrawer(Decimal("10.00")))
    sale = NewSale([SaleLine(product.id, 1)], [PaymentLine(PaymentMethod.CASH, Decimal("1.00"))])
    closing = threading.Event()
    outcomes: list[str] = []

    def sell(n: int) -> None:
        if n == SALES // 2:
            closing.set()
            container.cash.close_session()(seller, session.id, CloseDrawer(Decimal("0.00")))
            return
        try:
            container.sales.place_sale()(seller, sale)
            outcomes.append("sold")
        except Conflict:
            outcomes.append("refused")

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(sell, range(SALES)))

    closed = container.cash.get_session()(boss, session.id)
    entries = container.cash.list_journal()(boss, JournalQuery(cash_session_id=session.id),
                                            PageRequest(limit=MAX_LIMIT)).items
    sold = outcomes.count("sold")
    assert not closed.is_open and outcomes.count("refused") == SALES - 1 - sold
    assert len(entries) == sold and all(e.created_at <= closed.closed_at for e in entries)
    assert closed.expected_cash == Decimal("10.00") + sum((e.amount for e in entries), Decimal("0.00"))
    assert closed.cash_total == sum((e.amount for e in entries), Decimal("0.00"))
    assert container.catalog.get_product()(boss, product.id).stock == 1_000 - sold
