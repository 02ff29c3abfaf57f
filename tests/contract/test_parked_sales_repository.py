"""The parked sales repository (``uow.parked_sales``) behaves alike on every adapter set: a parked sale comes
back whole (lines in order, discounts as given, times to the microsecond), the list pages newest first with
its total, removing answers whether it was there, and nothing outlives a rollback."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from techstore.application.shared.pages import PageRequest
from techstore.container import Container
from techstore.domain.identity.users import User
from techstore.domain.sales.discounts import Discount
from techstore.domain.sales.parked import ParkedLine, ParkedSale
from tests.contract.conftest import T0

AMOUNT = Discount.off(Decimal("9999999999.99"))
PERCENT = Discount.percent_of(Decimal("12.5"))


def a_cart(user: User, product_ids: list[int], *, customer_id: int | None = None,
           at: timedelta = timedelta(0)) -> ParkedSale:
    assert user.id is not None
    lines = [ParkedLine(product_ids[1], "B-1", "Product B-1", 2, PERCENT),
             ParkedLine(product_ids[0], "A-1", "Product A-1", 1),
             ParkedLine(product_ids[1], "B-1", "Product B-1", 1, Discount.off(Decimal("0.10")))]
    return ParkedSale(None, customer_id, "Ana Silva" if customer_id else None, user.id, lines, AMOUNT,
                      "back at noon", T0 + at)


def park(container: Container, cart: ParkedSale, *, commit: bool = True) -> ParkedSale:
    with container.adapters.uow() as uow:
        uow.parked_sales.add(cart)
        if commit:
            uow.commit()
    return cart


def test_a_parked_sale_comes_back_whole(container: Container, staff: User, product_ids: list[int],
                                        customer_id: int) -> None:
    cart = park(container, a_cart(staff, product_ids, customer_id=customer_id))
    plain = park(container, ParkedSale(None, None, None, staff.id or 0, [ParkedLine(product_ids[2], "C-1", "C", 1)],
                                       None, None, T0))
    assert cart.id is not None and plain.id is not None
    with container.adapters.uow(read_only=True) as uow:
        found, bare, missing = uow.parked_sales.get(cart.id), uow.parked_sales.get(plain.id), uow.parked_sales.get(0)
    assert found == cart and bare == plain and missing is None
    assert found is not None and found.created_at == T0 and found.discount == AMOUNT
    assert [line.discount for line in found.lines] == [PERCENT, None, Discount.off(
                                                                                     Decimal("0.10"))]


def test_the_list_pages_newest_first_with_its_total(container: Container, staff: User,
                                                    product_ids: list[int]) -> None:
    made = [park(container, a_cart(staff, product_ids, at=timedelta(minutes=m))).id for m in (5, 0, 10)]
    with container.adapters.uow(read_only=True) as uow:
        first, second, beyond = (uow.parked_sales.list(PageRequest(limit=2, offset=offset)) for offset in (0, 2, 9))
    assert [p.id for p in first.items] == [made[2], made[0]] and first.total == 3
    assert [p.id for p in second.items] == [made[1]] and second.total == 3
    assert (list(beyond.items), beyond.total) == ([], 3)
    assert all(len(p.lines) == 3 for p in first.items)


def test_removing_answers_whether_it_was_there(container: Container, staff: User, product_ids: list[int]) -> None:
    kept, removed = (park(container, a_cart(staff, product_ids)).id for _ in range(2))
    assert kept is not None and removed is not None
    with container.adapters.uow() as uow:
        assert uow.parked_sales.remove(removed) is True
        assert uow.parked_sales.remove(removed) is False
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        assert uow.parked_sales.get(removed) is None
        assert [p.id for p in uow.parked_sales.list(PageRequest()).items] == [kept]


def test_nothing_outlives_a_rollback(container: Container, staff: User, product_ids: list[int]) -> None:
    kept = park(container, a_cart(staff, product_ids))
    park(container, a_cart(staff, product_ids), commit=False)
    with container.adapters.uow() as uow:
        assert kept.id is not None and uow.parked_sales.remove(kept.id)
    with container.adapters.uow(read_only=True) as uow:
        assert [p.id for p in uow.parked_sales.list(PageRequest()).items] == [kept.id]
