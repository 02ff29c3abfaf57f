"""The catalog's port for other contexts (``uow.stock``), on every adapter set: take stock for
several lines at once, refuse naming every short product, put stock back, read sellable snapshots;
all inside the caller's unit of work, so the caller's rollback undoes it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from techstore.application.catalog.commands import NewProduct
from techstore.container import Container
from techstore.domain.catalog.stock import Line, MovementKind, Reference, ShortOfStock
from techstore.domain.identity.users import Role, User
from techstore.domain.shared.errors import NotFound, ValidationFailed
from tests.contract.conftest import T0


@pytest.fixture
def clerk(container: Container) -> User:
    return container.identity.provision_user()("clerk", "clerk-password-1", role=Role.ADMIN)


def product(container: Container, clerk: User, sku: str, stock: int, *, active: bool = True) -> int:
    created = container.catalog.create_product()(
        clerk, NewProduct(sku=sku, name=f"Product {sku}", price=Decimal("9.90"), stock=stock, is_active=active))
    assert created.id is not None
    return created.id


def stock_of(container: Container, product_id: int) -> int:
    with container.adapters.uow(read_only=True) as uow:
        return uow.products.get(product_id).stock


def ledger(container: Container, product_id: int) -> list[tuple[str, int, int, int]]:
    with container.adapters.uow(read_only=True) as uow:
        page = uow.stock_movements.for_product(product_id, _all())
    return [(m.kind.value, m.quantity, m.stock_before, m.stock_after) for m in reversed(page.items)]


def _all():  # type: ignore[no-untyped-def]
    from techstore.application.shared.pages import PageRequest

    return PageRequest(limit=200)


def test_take_takes_every_line_and_writes_one_movement_each(container: Container, clerk: User) -> None:
    a, b = product(container, clerk, "A-1", 5), product(container, clerk, "B-1", 3)
    with container.adapters.uow() as uow:
        moved = uow.stock.take([Line(b, 1), Line(a, 2), Line(b, 1)], MovementKind.SALE, Reference(sale_id=7),
                               clerk.id, T0)
        uow.commit()
    assert [(m.product_id, m.quantity, m.reference.sale_id) for m in moved] == [(a, -2, 7), (b, -2, 7)]
    assert (stock_of(container, a), stock_of(container, b)) == (3, 1)
    assert ledger(container, b) == [("initial", 3, 0, 3), ("sale", -2, 3, 1)]


def test_a_shortage_names_every_short_product_and_the_callers_rollback_takes_nothing(
    container: Container, clerk: User
) -> None:
    a, b, c = (product(container, clerk, "A-1", 5), product(container, clerk, "B-1", 1),
               product(container, clerk, "C-1", 0))
    with pytest.raises(ShortOfStock) as refused, container.adapters.uow() as uow:
        uow.stock.take([Line(a, 2), Line(b, 2), Line(c, 1)], MovementKind.SALE, Reference(sale_id=1), clerk.id, T0)
        uow.commit()
    assert [(s.sku, s.requested, s.available) for s in refused.value.shortages] == [("B-1", 2, 1), ("C-1", 1, 0)]
    assert "B-1" in refused.value.detail and "C-1" in refused.value.detail
    assert [stock_of(container, p) for p in (a, b, c)] == [5, 1, 0]
    assert ledger(container, a) == [("initial", 5, 0, 5)]


def test_put_back_returns_stock_with_its_reference(container: Container, clerk: User) -> None:
    a = product(container, clerk, "A-1", 1)
    with container.adapters.uow() as uow:
        uow.stock.put_back([Line(a, 3)], MovementKind.RETURN, Reference(return_id=4), clerk.id, T0)
        uow.commit()
    assert stock_of(container, a) == 4
    assert ledger(container, a)[-1] == ("return", 3, 1, 4)


def test_sellable_reads_snapshots_of_several_products(container: Container, clerk: User) -> None:
    a, b = product(container, clerk, "A-1", 1), product(container, clerk, "B-1", 0, active=False)
    with container.adapters.uow(read_only=True) as uow:
        found = uow.stock.sellable([a, b, 999])
    assert set(found) == {a, b}
    assert (found[a].sku, found[a].price, found[a].is_sellable) == ("A-1", Decimal("9.90"), True)
    assert found[b].is_sellable is False


def test_a_deleted_product_is_not_sellable(container: Container, clerk: User) -> None:
    a = product(container, clerk, "A-1", 1)
    container.catalog.delete_product()(clerk, a)
    with container.adapters.uow(read_only=True) as uow:
        assert uow.stock.sellable([a])[a].is_sellable is False


def test_unknown_products_and_bad_quantities_are_refused(container: Container, clerk: User) -> None:
    with pytest.raises(NotFound), container.adapters.uow() as uow:
        uow.stock.take([Line(999, 1)], MovementKind.SALE, Reference(sale_id=1), clerk.id, T0)
    with pytest.raises(ValidationFailed), container.adapters.uow() as uow:
        uow.stock.take([Line(1, 0)], MovementKind.SALE, Reference(sale_id=1), clerk.id, T0)
    with pytest.raises(ValueError), container.adapters.uow() as uow:
        uow.stock.take([Line(1, 1)], MovementKind.PURCHASE, Reference(), clerk.id, T0)


def test_by_code_finds_a_product_by_barcode_or_sku_in_any_case(container: Container, clerk: User) -> None:
    created = container.catalog.create_product()(
        clerk, NewProduct(sku="CASE-9", barcode="5901234123457", name="Case", price=Decimal("4.50"), stock=2))
    gone = product(container, clerk, "GONE-1", 1)
    container.catalog.delete_product()(clerk, gone)
    with container.adapters.uow(read_only=True) as uow:
        by_barcode, by_sku = uow.stock.by_code("5901234123457"), uow.stock.by_code(" case-9 ")
        missing, deleted, blank = uow.stock.by_code("NOPE"), uow.stock.by_code("GONE-1"), uow.stock.by_code(" ")
    assert by_barcode is not None and by_barcode.id == created.id and by_barcode.price == Decimal("4.50")
    assert by_sku == by_barcode
    assert (missing, deleted, blank) == (None, None, None)
