"""Serialized units on every adapter set (PRODUCT.md, "Serialized units and warranty"): units in with their
serials (initial stock, purchase, adjustment), out through the stock port (take, put back, write off), each
change one guarded statement naming the serials it could not change; the lookup by serial; the invariant that a
serialized product's stock is its units in stock."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from stdnum import luhn

from techstore.application.catalog.commands import NewProduct, ProductChanges, StockChange
from techstore.application.shared.pages import PageRequest
from techstore.container import Container
from techstore.domain.catalog.stock import Line, MovementKind, Reference
from techstore.domain.catalog.units import UnitStatus, UnitsUnavailable
from techstore.domain.identity.users import Role, User
from techstore.domain.shared.errors import Conflict, NotFound, ValidationFailed
from tests.contract.conftest import T0


def imei(n: int) -> str:
    body = f"35209900{n:06d}"
    return body + luhn.calc_check_digit(body)


@pytest.fixture
def clerk(container: Container) -> User:
    return container.identity.provision_user()("clerk", "clerk-password-1", role=Role.ADMIN)


def phone(container: Container, clerk: User, serials: list[str], sku: str = "PHONE-1", months: int = 12) -> int:
    created = container.catalog.create_product()(clerk, NewProduct(
        sku=sku, name="Phone", price=Decimal("199.00"), stock=len(serials), serial_kind="imei",
        warranty_months=months, serials=serials))
    assert created.id is not None
    return created.id


def units(container: Container, clerk: User, product_id: int,
          status: UnitStatus | None = None) -> list[tuple[str, str]]:
    page = container.catalog.list_units()(clerk, product_id, status, PageRequest(limit=100))
    return [(u.serial, u.status.value) for u in page.items]


def stock_of(container: Container, product_id: int) -> int:
    with container.adapters.uow(read_only=True) as uow:
        return uow.products.get(product_id).stock


def test_a_serialized_product_keeps_its_flags_and_its_units(container: Container, clerk: User) -> None:
    p = phone(container, clerk, [imei(2), imei(1)], months=24)
    product = container.catalog.get_product()(clerk, p)
    assert (product.serial_kind.value, product.warranty_months, product.stock) == ("imei", 24, 2)
    assert units(container, clerk, p) == [(imei(1), "in_stock"), (imei(2), "in_stock")]
    with container.adapters.uow(read_only=True) as uow:
        snapshot = uow.stock.sellable([p])[p]
    assert (snapshot.serial_kind.value, snapshot.warranty_months) == ("imei", 24)
    assert container.catalog.find_stock_drift()() == []


@pytest.mark.parametrize(("serials", "quantity", "message"), [
    ([imei(3)], 2, "exactly 2"),
    ([imei(3), "352099000000040"], 2, "check digit"),
    ([imei(3), imei(3)], 2, "twice"),
    (["35209900000003"], 1, "15 digits"),
])
def test_units_in_with_a_wrong_count_or_a_bad_imei_are_refused(container: Container, clerk: User,
                                                                 serials: list[str], quantity: int,
                                                                 message: str) -> None:
    p = phone(container, clerk, [imei(1)])
    with pytest.raises(ValidationFailed) as refused:
        container.catalog.record_stock_movement()(clerk, p, StockChange("purchase", quantity, serials=serials))
    assert refused.value.errors[0].field == "serials" and message in refused.value.errors[0].message
    assert stock_of(container, p) == 1 and len(units(container, clerk, p)) == 1


def test_a_serial_already_in_stock_is_refused_and_nothing_moves(container: Container, clerk: User) -> None:
    p = phone(container, clerk, [imei(1)])
    with pytest.raises(UnitsUnavailable) as refused:
        container.catalog.record_stock_movement()(clerk, p, StockChange("purchase", 2, serials=[imei(2), imei(1)]))
    assert refused.value.serials == (imei(1),) and imei(1) in refused.value.detail
    assert stock_of(container, p) == 1 and units(container, clerk, p) == [(imei(1), "in_stock")]


def test_serials_are_matched_trimmed_and_in_capitals(container: Container, clerk: User) -> None:
    created = container.catalog.create_product()(clerk, NewProduct(
        sku="LAP-1", name="Laptop", price=Decimal("900.00"), stock=1, serial_kind="serial", serials=["pf4ab12"]))
    assert units(container, clerk, created.id) == [("PF4AB12", "in_stock")]
    with pytest.raises(UnitsUnavailable):
        container.catalog.record_stock_movement()(clerk, created.id, StockChange("purchase", 1, serials=["PF4ab12"]))


def test_a_product_that_is_not_serialized_takes_no_serials(container: Container, clerk: User) -> None:
    created = container.catalog.create_product()(clerk, NewProduct(sku="CABLE", name="Cable", price=Decimal("5.00"),
                                                                   stock=2))
    with pytest.raises(ValidationFailed) as refused:
        container.catalog.record_stock_movement()(clerk, created.id, StockChange("purchase", 1, serials=["X1"]))
    assert refused.value.errors[0].field == "serials"
    with pytest.raises(ValidationFailed), container.adapters.uow() as uow:
        uow.stock.take([Line(created.id, 1, ("X1",))], MovementKind.SALE, Reference(), clerk.id, T0)
    with container.adapters.uow() as uow:  # without serials, as before
        uow.stock.take([Line(created.id, 1)], MovementKind.SALE, Reference(), clerk.id, T0)
        uow.commit()
    assert stock_of(container, created.id) == 1


def test_take_sells_the_units_named_with_their_warranty(container: Container, clerk: User) -> None:
    p = phone(container, clerk, [imei(1), imei(2), imei(3)], months=12)
    with container.adapters.uow() as uow:
        uow.stock.take([Line(p, 2, (imei(3), imei(1).lower()))], MovementKind.SALE, Reference(), clerk.id, T0)
        uow.commit()
    assert stock_of(container, p) == 1
    assert units(container, clerk, p, UnitStatus.SOLD) == [(imei(1), "sold"), (imei(3), "sold")]
    assert units(container, clerk, p, UnitStatus.IN_STOCK) == [(imei(2), "in_stock")]
    record = container.catalog.find_unit()(clerk, imei(3))
    assert (record.unit.status, record.unit.sold_at, record.unit.warranty_until) == (
        UnitStatus.SOLD, T0, date(2027, 1, 5))
    assert record.product.id == p and record.sale_number is None and record.repair_ids == ()
    assert container.catalog.find_stock_drift()() == []


def test_take_refuses_units_not_in_stock_naming_them_and_takes_nothing(container: Container, clerk: User) -> None:
    p = phone(container, clerk, [imei(1), imei(2), imei(3), imei(4)])
    with container.adapters.uow() as uow:
        uow.stock.take([Line(p, 1, (imei(1),))], MovementKind.SALE, Reference(), clerk.id, T0)
        uow.commit()
    with pytest.raises(UnitsUnavailable) as refused, container.adapters.uow() as uow:
        uow.stock.take([Line(p, 3, (imei(2), imei(1), imei(9)))], MovementKind.SALE, Reference(), clerk.id, T0)
        uow.commit()
    assert refused.value.serials == (imei(1), imei(9))
    assert isinstance(refused.value, Conflict)
    assert stock_of(container, p) == 3
    assert [s for s, _ in units(container, clerk, p, UnitStatus.IN_STOCK)] == [imei(2), imei(3), imei(4)]


def test_take_wants_exactly_one_serial_per_unit(container: Container, clerk: User) -> None:
    p = phone(container, clerk, [imei(1), imei(2)])
    with pytest.raises(ValidationFailed) as refused, container.adapters.uow() as uow:
        uow.stock.take([Line(p, 2, (imei(1),))], MovementKind.SALE, Reference(), clerk.id, T0)
    assert refused.value.errors[0].field == "serials"
    assert stock_of(container, p) == 2


def test_a_repair_part_leaves_sold_without_warranty(container: Container, clerk: User) -> None:
    p = phone(container, clerk, [imei(1)], months=24)
    with container.adapters.uow() as uow:
        uow.stock.take([Line(p, 1, (imei(1),))], MovementKind.REPAIR_PART, Reference(), clerk.id, T0)
        uow.commit()
    unit = container.catalog.find_unit()(clerk, imei(1)).unit
    assert (unit.status, unit.sale_id, unit.warranty_until) == (UnitStatus.SOLD, None, None)


def test_put_back_restocks_sold_units_and_write_off_marks_them_damaged(container: Container, clerk: User) -> None:
    p = phone(container, clerk, [imei(1), imei(2)])
    with container.adapters.uow() as uow:
        uow.stock.take([Line(p, 2, (imei(1), imei(2)))], MovementKind.SALE, Reference(), clerk.id, T0)
        uow.commit()
    with container.adapters.uow() as uow:
        uow.stock.put_back([Line(p, 1, (imei(1),))], MovementKind.RETURN, Reference(), clerk.id, T0)
        uow.stock.write_off([Line(p, 1, (imei(2),))], Reference(), T0)
        uow.commit()
    assert units(container, clerk, p) == [(imei(1), "in_stock"), (imei(2), "damaged")]
    assert stock_of(container, p) == 1
    with pytest.raises(UnitsUnavailable) as refused, container.adapters.uow() as uow:  # not sold: cannot come back
        uow.stock.put_back([Line(p, 1, (imei(1),))], MovementKind.SALE_VOID, Reference(), clerk.id, T0)
    assert refused.value.serials == (imei(1),)
    assert container.catalog.find_stock_drift()() == []


def test_an_adjustment_down_writes_the_units_off(container: Container, clerk: User) -> None:
    p = phone(container, clerk, [imei(1), imei(2)])
    container.catalog.record_stock_movement()(clerk, p, StockChange("adjustment", -1, "Dropped", [imei(2)]))
    assert units(container, clerk, p) == [(imei(1), "in_stock"), (imei(2), "damaged")]
    with pytest.raises(UnitsUnavailable):
        container.catalog.record_stock_movement()(clerk, p, StockChange("adjustment", -1, "Again", [imei(2)]))
    assert stock_of(container, p) == 1
    # A damaged unit received again (back from the maker) is in stock again.
    container.catalog.record_stock_movement()(clerk, p, StockChange("purchase", 1, serials=[imei(2)]))
    assert units(container, clerk, p, UnitStatus.IN_STOCK) == [(imei(1), "in_stock"), (imei(2), "in_stock")]
    assert container.catalog.find_stock_drift()() == []


def test_the_serial_kind_changes_only_without_stock(container: Container, clerk: User) -> None:
    p = phone(container, clerk, [imei(1)])
    with pytest.raises(Conflict) as refused:
        container.catalog.update_product()(clerk, p, ProductChanges(serial_kind="serial"))
    assert refused.value.field == "serial_kind"
    container.catalog.update_product()(clerk, p, ProductChanges(warranty_months=6))
    container.catalog.record_stock_movement()(clerk, p, StockChange("adjustment", -1, "Lost", [imei(1)]))
    changed = container.catalog.update_product()(clerk, p, ProductChanges(), given={"serial_kind"})
    assert (changed.serial_kind, changed.warranty_months) == (None, 6)


@pytest.mark.parametrize("months", [-1, 121])
def test_warranty_months_are_from_0_to_120(container: Container, clerk: User, months: int) -> None:
    with pytest.raises(ValidationFailed) as refused:
        container.catalog.create_product()(clerk, NewProduct(sku="W", name="W", price=Decimal("1.00"),
                                                             warranty_months=months))
    assert [e.field for e in refused.value.errors] == ["warranty_months"]


def test_the_lookup_finds_the_unit_in_stock_first_and_answers_none_for_unknown(container: Container,
                                                                                clerk: User) -> None:
    a = phone(container, clerk, [imei(1)], sku="PHONE-A")
    b = phone(container, clerk, [imei(1)], sku="PHONE-B")  # the same IMEI on another product (a mistake, or not)
    with container.adapters.uow() as uow:
        uow.stock.take([Line(a, 1, (imei(1),))], MovementKind.SALE, Reference(), clerk.id, T0)
        uow.commit()
    assert container.catalog.find_unit()(clerk, imei(1)).product.id == b
    with pytest.raises(NotFound):
        container.catalog.find_unit()(clerk, imei(7))
    with container.adapters.uow(read_only=True) as uow:
        assert uow.unit_lookup.find(imei(8)) is None


def test_drift_names_a_serialized_product_whose_units_differ_from_its_stock(container: Container,
                                                                            clerk: User) -> None:
    p = phone(container, clerk, [imei(1)])
    with container.adapters.uow() as uow:  # a unit slipped in without its movement: what the check is for
        assert uow.units.receive(p, [imei(2)], T0) == []
        uow.commit()
    drift = container.catalog.find_stock_drift()()
    assert [(d.product_id, d.stock, d.ledger, d.units_in_stock) for d in drift] == [(p, 1, 1, 2)]


def test_the_lookup_names_the_sale_its_customer_and_the_repairs_of_the_serial(container: Container,
                                                                              clerk: User) -> None:
    from techstore.application.customers.commands import NewCustomer
    from techstore.application.repairs.commands import NewRepair
    from techstore.application.sales.commands import NewSale, PaymentLine, SaleLine
    from techstore.domain.shared.payments import PaymentMethod

    customer = container.customers.register_customer()(clerk, NewCustomer("Ada Lovelace", phone="+1 555 0101"))
    case = container.catalog.create_product()(clerk, NewProduct(sku="CASE", name="Case", price=Decimal("10.00"),
                                                                stock=5))
    sale = container.sales.place_sale()(clerk, NewSale(
        [SaleLine(case.id, 1)], [PaymentLine(PaymentMethod.CARD, container.sales.quote_sale()(
            clerk, _cart(case.id)).total)], customer.id))
    p = phone(container, clerk, [imei(1)], months=24)
    with container.adapters.uow() as uow:  # the unit left with that sale (as the sales context sells it)
        assert uow.units.sell(p, [imei(1)], sale.id, T0, date(2028, 1, 5)) == []
        uow.commit()
    repair = container.repairs.take_repair_in()(clerk, NewRepair(customer.id, "Phone", "Cracked screen",
                                                         serial_number=imei(1).lower()))
    record = container.catalog.find_unit()(clerk, imei(1))
    assert (record.unit.sale_id, record.sale_number, record.customer_id, record.customer_name) == (
        sale.id, sale.number, customer.id, "Ada Lovelace")
    assert record.repair_ids == (repair.id,)
    assert record.unit.warranty_until == date(2028, 1, 5)


def _cart(product_id: int):  # type: ignore[no-untyped-def]
    from techstore.application.sales.point_of_sale import Cart, CartLine

    return Cart([CartLine(product_id, 1, None)], None)
