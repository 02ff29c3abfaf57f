"""The accounts port other contexts use (``uow.accounts``), on every adapter set:
charges respect the credit limit, a refusal records nothing, reversals and
refunds credit the account, and the chain always holds."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from techstore.application.customers.commands import NewCustomer
from techstore.container import Container
from techstore.domain.customers.accounts import Movement, MovementType
from techstore.domain.customers.customers import Customer
from techstore.domain.identity.users import Role, User
from techstore.domain.shared.errors import Conflict, NotFound, ValidationFailed
from tests.contract.conftest import T0


@pytest.fixture
def clerk(container: Container) -> User:
    return container.identity.provision_user()("clerk", "clerk-password-1", role=Role.STAFF)


def _manager(container: Container) -> User:
    """Deleting a customer is a manager's call (the counter registers and edits them)."""
    return container.identity.provision_user()("chief", "chief-password-1", role=Role.MANAGER)


@pytest.fixture
def register(container: Container, clerk: User) -> Callable[..., Customer]:
    # Credit limits are the owner's to set: an admin registers the customers these charges are held to.
    owner = container.identity.provision_user()("owner", "owner-password-1", role=Role.ADMIN)

    def make(name: str = "Ana Silva", credit_limit: str | None = None, phone: str = "+351 912 345 678") -> Customer:
        limit = None if credit_limit is None else Decimal(credit_limit)
        return container.customers.register_customer()(owner, NewCustomer(name, phone=phone, credit_limit=limit))

    return make


def charge(container: Container, clerk: User, customer_id: int, amount: str, sale_id: int | None = None) -> Movement:
    with container.adapters.uow() as uow:
        movement: Movement = uow.accounts.charge(customer_id, Decimal(amount), description="Sale", user_id=clerk.id,
                                                 now=T0, sale_id=sale_id)
        uow.commit()
    return movement


def balance_and_movements(container: Container, customer_id: int) -> tuple[Decimal, list[Movement]]:
    with container.adapters.uow() as uow:
        customer = uow.customers.get(customer_id)
        assert customer is not None
        _, _, page = uow.account_movements.statement(customer_id, _all(), _page())
    return customer.balance, list(page.items)


def _all():  # type: ignore[no-untyped-def]
    from techstore.application.customers.ports import Period

    return Period()


def _page():  # type: ignore[no-untyped-def]
    from techstore.application.shared.pages import MAX_LIMIT, PageRequest

    return PageRequest(limit=MAX_LIMIT)


def assert_chain_holds(container: Container, customer_id: int) -> None:
    balance, movements = balance_and_movements(container, customer_id)
    previous = Decimal("0.00")
    for movement in movements:
        assert movement.balance_before == previous
        assert movement.balance_after == movement.balance_before + movement.amount
        previous = movement.balance_after
    assert balance == previous == sum((mv.amount for mv in movements), Decimal("0.00"))
    with container.adapters.uow() as uow:
        assert uow.account_movements.broken_accounts() == []


def test_a_charge_raises_the_balance_and_records_the_movement(container: Container, clerk: User,
                                                               register: Callable[..., Customer]) -> None:
    customer = register()
    movement = charge(container, clerk, customer.id, "120.50", sale_id=7)
    assert (movement.type, movement.amount, movement.balance_before, movement.balance_after) == (
        MovementType.CHARGE, Decimal("120.50"), Decimal("0.00"), Decimal("120.50"))
    assert (movement.sale_id, movement.created_by, movement.created_at) == (7, clerk.id, T0)
    balance, movements = balance_and_movements(container, customer.id)
    assert balance == Decimal("120.50") and movements == [movement]
    assert_chain_holds(container, customer.id)


def test_a_charge_up_to_the_credit_limit_is_accepted_and_beyond_it_refused_recording_nothing(
        container: Container, clerk: User, register: Callable[..., Customer]) -> None:
    customer = register(credit_limit="100.00")
    charge(container, clerk, customer.id, "60.00")
    charge(container, clerk, customer.id, "40.00")
    with pytest.raises(Conflict, match="credit limit"):
        charge(container, clerk, customer.id, "0.01")
    balance, movements = balance_and_movements(container, customer.id)
    assert balance == Decimal("100.00") and len(movements) == 2
    assert_chain_holds(container, customer.id)


def test_a_refused_charge_rolls_back_the_callers_other_writes(container: Container, clerk: User,
                                                               register: Callable[..., Customer]) -> None:
    first, second = register("First", "10.00", phone="111111"), register("Second", "10.00", phone="222222")
    with pytest.raises(Conflict), container.adapters.uow() as uow:
        uow.accounts.charge(first.id, Decimal("5.00"), description="Sale", user_id=clerk.id, now=T0)
        uow.accounts.charge(second.id, Decimal("50.00"), description="Sale", user_id=clerk.id, now=T0)
        uow.commit()
    assert balance_and_movements(container, first.id) == (Decimal("0.00"), [])


def test_reversing_a_charge_restores_the_balance_once(container: Container, clerk: User,
                                                      register: Callable[..., Customer]) -> None:
    customer = register()
    sale_charge = charge(container, clerk, customer.id, "80.00", sale_id=3)
    with container.adapters.uow() as uow:
        reversal = uow.accounts.reverse(sale_charge.id, description="Sale voided", user_id=clerk.id, now=T0)
        uow.commit()
    assert (reversal.type, reversal.amount, reversal.balance_after, reversal.sale_id) == (
        MovementType.REVERSAL, Decimal("-80.00"), Decimal("0.00"), 3)
    with pytest.raises(Conflict, match="already reversed"), container.adapters.uow() as uow:
        uow.accounts.reverse(sale_charge.id, description="Again", user_id=clerk.id, now=T0)
    with pytest.raises(Conflict, match="not a charge"), container.adapters.uow() as uow:
        uow.accounts.reverse(reversal.id, description="A reversal", user_id=clerk.id, now=T0)
    assert_chain_holds(container, customer.id)


def test_a_refund_credits_the_account_even_beyond_zero(container: Container, clerk: User,
                                                       register: Callable[..., Customer]) -> None:
    customer = register()
    charge(container, clerk, customer.id, "10.00")
    with container.adapters.uow() as uow:
        refund = uow.accounts.refund(customer.id, Decimal("25.00"), description="Return RT-000001",
                                     user_id=clerk.id, now=T0, sale_id=9)
        uow.commit()
    assert (refund.type, refund.amount, refund.balance_after) == (MovementType.REFUND, Decimal("-25.00"),
                                                                 Decimal("-15.00"))
    assert_chain_holds(container, customer.id)


def test_unknown_and_deleted_customers_cannot_be_charged(container: Container, clerk: User,
                                                         register: Callable[..., Customer]) -> None:
    with pytest.raises(NotFound):
        charge(container, clerk, 999, "1.00")
    customer = register()
    container.customers.delete_customer()(_manager(container), customer.id)
    with pytest.raises(Conflict, match="deleted"):
        charge(container, clerk, customer.id, "1.00")
    with pytest.raises(Conflict, match="deleted"), container.adapters.uow() as uow:
        uow.accounts.refund(customer.id, Decimal("1.00"), description="Return", user_id=clerk.id, now=T0)


@pytest.mark.parametrize("amount", ["0.00", "-5.00"])
def test_a_charge_must_be_more_than_zero(container: Container, clerk: User, register: Callable[..., Customer],
                                         amount: str) -> None:
    customer = register()
    with pytest.raises(Exception, match="more than 0"):
        charge(container, clerk, customer.id, amount)
    assert balance_and_movements(container, customer.id) == (Decimal("0.00"), [])


def test_a_balance_never_leaves_what_the_books_hold(container: Container, clerk: User,
                                                    register: Callable[..., Customer]) -> None:
    customer = register()
    charge(container, clerk, customer.id, "9999999999.99")
    with pytest.raises(ValidationFailed, match="amount") as refused:
        charge(container, clerk, customer.id, "0.01")
    assert [e.field for e in refused.value.errors] == ["amount"]
    assert "largest amount" in refused.value.errors[0].message
    with pytest.raises(ValidationFailed) as refused, container.adapters.uow() as uow:  # the caller's field
        uow.accounts.charge(customer.id, Decimal("0.01"), description="Sale", user_id=clerk.id, now=T0,
                            field="payments")
    assert [e.field for e in refused.value.errors] == ["payments"]
    assert balance_and_movements(container, customer.id)[0] == Decimal("9999999999.99")
    assert_chain_holds(container, customer.id)


def test_a_reversal_past_the_range_is_a_conflict_not_bad_input(container: Container, clerk: User,
                                                               register: Callable[..., Customer]) -> None:
    customer = register()
    sale_charge = charge(container, clerk, customer.id, "10.00", sale_id=1)
    with container.adapters.uow() as uow:  # a credit so large that undoing the charge would pass the range
        for amount in ("9999999999.99", "0.01"):
            uow.accounts.refund(customer.id, Decimal(amount), description="Return", user_id=clerk.id, now=T0)
        uow.commit()
    with pytest.raises(Conflict, match="largest amount"), container.adapters.uow() as uow:
        uow.accounts.reverse(sale_charge.id, description="Sale voided", user_id=clerk.id, now=T0)
    assert balance_and_movements(container, customer.id)[0] == Decimal("-9999999990.00")
    assert_chain_holds(container, customer.id)


def test_a_deleted_customers_charge_is_not_reversed_until_they_are_restored(
        container: Container, clerk: User, register: Callable[..., Customer]) -> None:
    customer = register()
    sale_charge = charge(container, clerk, customer.id, "10.00", sale_id=1)
    with container.adapters.uow() as uow:
        uow.accounts.refund(customer.id, Decimal("10.00"), description="Settled", user_id=clerk.id, now=T0)
        uow.commit()
    container.customers.delete_customer()(_manager(container), customer.id)
    with pytest.raises(Conflict, match="was deleted.*restores"), container.adapters.uow() as uow:
        uow.accounts.reverse(sale_charge.id, description="Sale voided", user_id=clerk.id, now=T0)
    balance, movements = balance_and_movements(container, customer.id)
    assert (balance, len(movements)) == (Decimal("0.00"), 2)
    admin = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    container.customers.restore_customer()(admin, customer.id)
    with container.adapters.uow() as uow:
        reversal = uow.accounts.reverse(sale_charge.id, description="Sale voided", user_id=clerk.id, now=T0)
        uow.commit()
    assert reversal.balance_after == Decimal("-10.00")
    assert_chain_holds(container, customer.id)


def test_account_holder_names_the_customer_deleted_or_not(container: Container, clerk: User,
                                                          register: Callable[..., Customer]) -> None:
    ana = register()
    with container.adapters.uow(read_only=True) as uow:
        found, unknown = uow.accounts.account_holder(ana.id), uow.accounts.account_holder(999_999)
    assert found is not None and found.name == "Ana Silva" and not found.is_deleted
    assert unknown is None
