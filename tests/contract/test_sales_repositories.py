"""The sales and returns repositories (``uow.sales``, ``uow.returns``) behave alike on every adapter set:
a sale or return stored in two steps (a row, then its number and lines) comes back whole, locking reads
return it, numbers stay in order, lists filter and page newest first, and nothing outlives a rollback."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from techstore.application.catalog.commands import NewProduct
from techstore.application.sales.ports import ReturnFilter, SaleFilter
from techstore.application.shared.pages import PageRequest
from techstore.container import Container
from techstore.domain.identity.users import User
from techstore.domain.sales.returns import Return, ReturnItem, return_number
from techstore.domain.sales.sales import Payment, PaymentMethod, Sale, SaleItem, SaleStatus, sale_number
from tests.contract.conftest import T0, a_customer

D = Decimal
EVERYTHING = PageRequest()


def a_sale(user: User, product_ids: list[int], *, customer_id: int | None = None, lines: int = 2,
           at: timedelta = timedelta(0), method: PaymentMethod = PaymentMethod.CASH) -> Sale:
    assert user.id is not None
    items = [SaleItem(product_ids[k], f"SKU-{k}", f"Product {k}", k + 1, D("9.90"), D("9.90") * (k + 1),
                      D("0.10") * k, D("4.25") if k else None)
             for k in range(lines)]
    subtotal = sum((item.line_total for item in items), D("0.00"))
    discount = D("0.10") * sum(range(lines))
    total = subtotal - discount
    return Sale(None, None, SaleStatus.COMPLETED, customer_id, user.id, items, subtotal, discount, total,
                [Payment(method, total - D("1.00")), Payment(PaymentMethod.CARD, D("1.00"))], "gift wrap",
                T0 + at)


def place(container: Container, sale: Sale, number: int, *, commit: bool = True) -> Sale:
    """Store a sale the way the use case does: its row, then its number and lines, in one unit of work."""
    with container.adapters.uow() as uow:
        uow.sales.add(sale)
        assert sale.id is not None
        sale.number = sale_number(number)
        uow.sales.finish(sale)
        if commit:
            uow.commit()
    return sale


def test_a_stored_sale_comes_back_whole_by_either_read(container: Container, staff: User,
                                                       product_ids: list[int], customer_id: int) -> None:
    sale = place(container, a_sale(staff, product_ids, customer_id=customer_id, lines=3), 1)
    with container.adapters.uow() as uow:
        plain, locked = uow.sales.get(sale.id), uow.sales.get_for_update(sale.id)
        missing, missing_locked = uow.sales.get(999_999), uow.sales.get_for_update(999_999)
    assert plain == locked == sale
    assert plain is not None and plain.number == "S-000001" and plain.created_at == T0
    assert [i.unit_cost for i in plain.items] == [None, D("4.25"), D("4.25")]
    assert (missing, missing_locked) == (None, None)


def test_a_sale_in_a_unit_of_work_that_does_not_commit_leaves_nothing(container: Container, staff: User,
                                                                      product_ids: list[int]) -> None:
    kept = place(container, a_sale(staff, product_ids), 1)
    dropped = place(container, a_sale(staff, product_ids), 2, commit=False)
    with container.adapters.uow(read_only=True) as uow:
        assert uow.sales.get(dropped.id) is None
        assert uow.sales.numbers() == [kept.number]
        assert uow.sales.list(SaleFilter(), PageRequest()).total == 1


def test_numbers_come_back_in_order(container: Container, staff: User, product_ids: list[int]) -> None:
    for number in (3, 1, 2):
        place(container, a_sale(staff, product_ids), number)
    with container.adapters.uow(read_only=True) as uow:
        assert uow.sales.numbers() == ["S-000001", "S-000002", "S-000003"]


def test_a_void_and_a_refund_persist_after_commit_and_vanish_after_rollback(
        container: Container, staff: User, product_ids: list[int]) -> None:
    sale = place(container, a_sale(staff, product_ids), 1)
    with container.adapters.uow() as uow:
        voided = uow.sales.get_for_update(sale.id)
        assert voided is not None and staff.id is not None
        voided.status, voided.void_reason = SaleStatus.VOIDED, "wrong till"
        voided.voided_by, voided.voided_at = staff.id, T0 + timedelta(hours=1)
        uow.sales.void(voided)
        uow.sales.refunded(sale.id, D("12.34"))
        # not committed
    with container.adapters.uow(read_only=True) as uow:
        assert uow.sales.get(sale.id) == sale
    with container.adapters.uow() as uow:
        uow.sales.void(voided)
        uow.sales.refunded(sale.id, D("12.34"))
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        stored = uow.sales.get(sale.id)
    assert stored is not None
    assert (stored.status, stored.void_reason, stored.voided_by, stored.voided_at, stored.refunded_total) == (
        SaleStatus.VOIDED, "wrong till", staff.id, T0 + timedelta(hours=1), D("12.34"))
    assert stored.items == sale.items and stored.payments == sale.payments


def test_the_list_filters_and_pages_newest_first_with_lines(container: Container, staff: User,
                                                            product_ids: list[int], customer_id: int) -> None:
    sales = [place(container, a_sale(staff, product_ids, customer_id=customer_id if n % 2 else None,
                                     lines=1 + n % 3, at=timedelta(days=n)), n + 1)
             for n in range(5)]
    with container.adapters.uow() as uow:
        voided = uow.sales.get(sales[2].id)
        assert voided is not None
        voided.status, voided.voided_at = SaleStatus.VOIDED, T0
        uow.sales.void(voided)
        uow.commit()

    def listed(query: SaleFilter, page: PageRequest = EVERYTHING) -> tuple[list[str | None], int]:
        with container.adapters.uow(read_only=True) as uow:
            found = uow.sales.list(query, page)
        return [s.number for s in found.items], found.total

    assert listed(SaleFilter()) == (["S-000005", "S-000004", "S-000003", "S-000002", "S-000001"], 5)
    assert listed(SaleFilter(), PageRequest(limit=2, offset=1)) == (["S-000004", "S-000003"], 5)
    assert listed(SaleFilter(), PageRequest(limit=2, offset=10)) == ([], 5)
    assert listed(SaleFilter(start=T0 + timedelta(days=1), end=T0 + timedelta(days=3))) == (
        ["S-000003", "S-000002"], 2)
    assert listed(SaleFilter(customer_id=customer_id)) == (["S-000004", "S-000002"], 2)
    assert listed(SaleFilter(status=SaleStatus.VOIDED)) == (["S-000003"], 1)
    assert listed(SaleFilter(number="S-000004")) == (["S-000004"], 1)
    assert listed(SaleFilter(number="S-999999")) == ([], 0)
    with container.adapters.uow(read_only=True) as uow:
        page = uow.sales.list(SaleFilter(), PageRequest(limit=5))
    by_number = {s.number: s for s in sales}
    for found in page.items:
        expected = by_number[found.number]
        assert (found.items, found.payments, found.total, found.customer_id) == (
            expected.items, expected.payments, expected.total, expected.customer_id)


def test_the_list_searches_part_of_the_number_or_of_the_customers_name(
        container: Container, staff: User, product_ids: list[int], customer_id: int) -> None:
    """``text`` comes folded (as a customer's ``search_key``): numbers match upper-cased, names by any part, the
    LIKE wildcards typed literally; a customer's email or phone is not their name, and a deleted customer's
    sales are still theirs."""
    with container.adapters.uow() as uow:
        other = uow.customers.add(a_customer("Émile 50%_Off", phone=None, email="silva@example.com"))
        uow.commit()
    for n in range(1, 13):
        buyer = {1: customer_id, 2: other.id}.get(n)
        place(container, a_sale(staff, product_ids, customer_id=buyer, lines=1, at=timedelta(minutes=n)), n)
    with container.adapters.uow() as uow:
        other.deleted_at = T0 + timedelta(days=1)
        uow.customers.update(other)
        uow.commit()

    def listed(query: SaleFilter, page: PageRequest = EVERYTHING) -> tuple[list[str | None], int]:
        with container.adapters.uow(read_only=True) as uow:
            found = uow.sales.list(query, page)
        return [s.number for s in found.items], found.total

    assert listed(SaleFilter(text="silva")) == (["S-000001"], 1)  # Ana Silva's; not the other's email
    assert listed(SaleFilter(text="ana s")) == (["S-000001"], 1)
    assert listed(SaleFilter(text="émile")) == (["S-000002"], 1)  # deleted since, still theirs
    assert listed(SaleFilter(text="%")) == (["S-000002"], 1)  # a literal %, not "anything"
    assert listed(SaleFilter(text="0%_o")) == (["S-000002"], 1)
    assert listed(SaleFilter(text="_")) == (["S-000002"], 1)
    assert listed(SaleFilter(text="s-00001")) == (["S-000012", "S-000011", "S-000010"], 3)
    assert listed(SaleFilter(text="s-00001"), PageRequest(limit=2, offset=2)) == (["S-000010"], 3)
    assert listed(SaleFilter(text="12")) == (["S-000012"], 1)  # not Ana's phone (+351 912 ...)
    assert listed(SaleFilter(text="000002")) == (["S-000002"], 1)
    assert listed(SaleFilter(text="s-", customer_id=customer_id)) == (["S-000001"], 1)
    assert listed(SaleFilter(text="nobody")) == ([], 0)


def a_return(sale: Sale, *, at: timedelta = timedelta(0), refund: str = "9.90") -> Return:
    assert sale.id is not None
    item = sale.items[0]
    return Return(None, None, sale.id, [ReturnItem(item.product_id, item.sku, item.name, 1, D(refund), True),
                                        ReturnItem(sale.items[-1].product_id, "SKU-X", "Other", 1, D("0.00"), False)],
                  D(refund), [Payment(PaymentMethod.CASH, D(refund))], "does not fit", sale.user_id, T0 + at)


def take_back(container: Container, ret: Return, number: int, *, commit: bool = True) -> Return:
    with container.adapters.uow() as uow:
        uow.returns.add(ret)
        assert ret.id is not None
        ret.number = return_number(number)
        uow.returns.finish(ret)
        if commit:
            uow.commit()
    return ret


def test_a_stored_return_comes_back_whole_and_with_its_sale(container: Container, staff: User,
                                                            product_ids: list[int]) -> None:
    sale, other = place(container, a_sale(staff, product_ids), 1), place(container, a_sale(staff, product_ids), 2)
    first = take_back(container, a_return(sale), 1)
    second = take_back(container, a_return(sale, at=timedelta(hours=1), refund="5.00"), 2)
    take_back(container, a_return(other), 3)
    dropped = take_back(container, a_return(sale), 4, commit=False)
    with container.adapters.uow(read_only=True) as uow:
        assert uow.returns.get(first.id) == first
        assert uow.returns.get(dropped.id) is None
        assert uow.returns.get(999_999) is None
        assert uow.returns.of_sale(sale.id) == [first, second]
        assert uow.returns.of_sale(999_999) == []
        assert uow.returns.numbers() == ["RT-000001", "RT-000002", "RT-000003"]


def test_the_returns_list_filters_by_period_and_pages_newest_first(container: Container, staff: User,
                                                                   product_ids: list[int]) -> None:
    sale = place(container, a_sale(staff, product_ids), 1)
    stored = [take_back(container, a_return(sale, at=timedelta(days=n)), n + 1) for n in range(4)]
    with container.adapters.uow(read_only=True) as uow:
        everything = uow.returns.list(ReturnFilter(), PageRequest())
        page = uow.returns.list(ReturnFilter(), PageRequest(limit=2, offset=1))
        beyond = uow.returns.list(ReturnFilter(), PageRequest(limit=2, offset=9))
        period = uow.returns.list(ReturnFilter(start=T0 + timedelta(days=1), end=T0 + timedelta(days=3)),
                                  PageRequest())
    assert list(everything.items) == stored[::-1] and everything.total == 4
    assert ([r.number for r in page.items], page.total) == (["RT-000003", "RT-000002"], 4)
    assert (list(beyond.items), beyond.total) == ([], 4)
    assert ([r.number for r in period.items], period.total) == (["RT-000003", "RT-000002"], 2)


@pytest.mark.parametrize("lines", [1, 20])
def test_a_sale_of_any_size_round_trips(container: Container, staff: User, lines: int) -> None:
    ids = []
    for k in range(lines):
        made = container.catalog.create_product()(staff, NewProduct(sku=f"P-{k}", name=f"P {k}", price=D("1.00"),
                                                                    stock=5))
        assert made.id is not None
        ids.append(made.id)
    sale = place(container, a_sale(staff, ids, lines=lines), 1)
    with container.adapters.uow(read_only=True) as uow:
        assert uow.sales.get(sale.id) == sale
