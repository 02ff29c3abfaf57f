"""The ``customer_history`` query on every adapter set: the SQL adapter's one ``UNION ALL`` and the in-memory
lists give the same page of a customer's sales, returns, repairs and payments, newest first."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from techstore.application.catalog.commands import NewProduct
from techstore.application.customers.commands import NewAdjustment, NewCustomer, NewPayment
from techstore.application.customers.ports import HistoryItem, HistoryKind
from techstore.application.repairs.commands import NewRepair
from techstore.application.sales.commands import NewReturn, NewSale, PaymentLine, ReturnLine, SaleLine
from techstore.application.shared.pages import PageRequest
from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.infrastructure.clock import ManualClock

D = Decimal
EVERYTHING = PageRequest()


def _listed(container: Container, customer_id: int, page: PageRequest = EVERYTHING) -> tuple[list[tuple], int]:
    with container.adapters.uow(read_only=True) as uow:
        found = uow.customer_history.of(customer_id, page)
    assert all(isinstance(item, HistoryItem) for item in found.items)
    return [(item.kind, item.number, item.total, item.created_at) for item in found.items], found.total


def test_a_customers_history_newest_first_paged(container: Container, clock: ManualClock) -> None:
    boss = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    head = container.catalog.create_product()(boss, NewProduct("HEAD", "Headset", D("40.00"), stock=10))
    customers = container.customers
    ana = customers.register_customer()(boss, NewCustomer("Ana", email="ana@example.com", credit_limit=D("500")))
    rui = customers.register_customer()(boss, NewCustomer("Rui", email="rui@example.com", credit_limit=D("500")))
    sell = container.sales.place_sale()
    start = clock.now()

    sale = sell(boss, NewSale([SaleLine(head.id, 2)], [PaymentLine("account", D("80.00"))], customer_id=ana.id))
    sell(boss, NewSale([SaleLine(head.id, 1)], [PaymentLine("account", D("40.00"))], customer_id=rui.id))
    sell(boss, NewSale([SaleLine(head.id, 1)], [PaymentLine("card", D("40.00"))]))  # nobody's
    clock.advance(timedelta(hours=1))
    unpriced = container.repairs.take_repair_in()(boss, NewRepair(ana.id, "Phone", "Does not start"))
    clock.advance(timedelta(hours=1))
    container.repairs.take_repair_in()(boss, NewRepair(ana.id, "Tablet", "Cracked", price=D("50.00")))
    clock.advance(timedelta(hours=1))
    # The same instant: the return (id 1) and the payment (movement 4) come by the higher id first.
    container.sales.make_return()(boss, sale.id, NewReturn([ReturnLine(head.id, 1)],
                                                           [PaymentLine("account", D("40.00"))], "Too big"))
    customers.take_payment()(boss, ana.id, NewPayment(D("20.00"), "cash"))
    customers.adjust_balance()(boss, ana.id, NewAdjustment(D("-1.00"), "Rounding"))  # not history
    t = [start + timedelta(hours=h) for h in range(4)]

    assert _listed(container, ana.id) == ([
        (HistoryKind.PAYMENT, None, D("20.00"), t[3]),
        (HistoryKind.RETURN, "RT-000001", D("40.00"), t[3]),
        (HistoryKind.REPAIR, "R-000002", D("50.00"), t[2]),
        (HistoryKind.REPAIR, "R-000001", D("0.00"), t[1]),  # no lines yet: its lines total nothing
        (HistoryKind.SALE, "S-000001", D("80.00"), t[0]),
    ], 5)
    assert (unpriced.lines, unpriced.price) == ([], D("0.00"))
    assert _listed(container, ana.id, PageRequest(limit=2, offset=2)) == ([
        (HistoryKind.REPAIR, "R-000002", D("50.00"), t[2]),
        (HistoryKind.REPAIR, "R-000001", D("0.00"), t[1]),  # no lines yet: its lines total nothing
    ], 5)
    assert _listed(container, ana.id, PageRequest(limit=2, offset=10)) == ([], 5)
    assert _listed(container, rui.id) == ([(HistoryKind.SALE, "S-000002", D("40.00"), t[0])], 1)
    assert _listed(container, 999_999) == ([], 0)
    with container.adapters.uow(read_only=True) as uow:
        ids = [item.id for item in uow.customer_history.of(ana.id, PageRequest()).items]
    assert ids == [4, 1, 2, 1, sale.id]  # the payment's movement, the return, the repairs, the sale
