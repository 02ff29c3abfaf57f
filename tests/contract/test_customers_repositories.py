"""The customers' repositories (``uow.customers``, ``uow.account_movements``) behave alike on every adapter
set: unique email and phone among live customers, updates that never move the balance, a search in byte
order that pages, and movements read back by id, by the charge they reverse and by period."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from techstore.application.customers.ports import Period
from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import PageRequest
from techstore.container import Container
from techstore.domain.customers.accounts import Movement, MovementType, PaymentMethod
from techstore.domain.customers.customers import Customer, search_term
from techstore.domain.identity.users import User
from tests.contract.conftest import T0, a_customer, id_of_stored

D = Decimal
EVERYTHING = PageRequest()


def add(container: Container, *customers: Customer) -> list[Customer]:
    with container.adapters.uow() as uow:
        stored = [uow.customers.add(c) for c in customers]
        uow.commit()
    return stored


def test_a_stored_customer_comes_back_by_either_read(container: Container) -> None:
    customer = a_customer(email="Ana@Example.COM", credit_limit="250.00")
    customer.address, customer.notes = "Rua Augusta 1, Lisboa", "Prefers e-mail"
    add(container, customer)
    with container.adapters.uow() as uow:
        plain, locked = uow.customers.get(id_of_stored(customer.id)), uow.customers.get_for_update(customer.id)
        assert (uow.customers.get(999_999), uow.customers.get_for_update(999_999)) == (None, None)
    assert plain == locked == customer


@pytest.mark.parametrize("key", ["email", "phone"])
def test_email_and_phone_are_unique_among_live_customers(container: Container, key: str) -> None:
    first, = add(container, a_customer("First", email="ana@example.com", phone="+351 912 345 678"))
    twin = a_customer("Twin", email="ANA@example.com" if key == "email" else None,
                      phone="+351912345678" if key == "phone" else "+351 999 999 999")
    with pytest.raises(DuplicateKey) as refused, container.adapters.uow() as uow:
        uow.customers.add(twin)
    assert refused.value.key == key
    with container.adapters.uow(read_only=True) as uow:
        assert uow.customers.holder_of(email_key=twin.email_key, phone_key=twin.phone_key, besides=None) == key
        assert uow.customers.holder_of(email_key=twin.email_key, phone_key=twin.phone_key, besides=first.id) is None
    with container.adapters.uow() as uow:  # the first one deleted: its keys are free
        first.deleted_at = first.updated_at = T0 + timedelta(days=1)
        uow.customers.update(first)
        uow.customers.add(twin)
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        assert uow.customers.holder_of(email_key=twin.email_key, phone_key=twin.phone_key, besides=None) == key


@pytest.mark.parametrize("key", ["email", "phone"])
def test_restoring_a_deleted_customer_is_refused_while_another_live_one_holds_their_key(
        container: Container, key: str) -> None:
    gone, = add(container, a_customer("Gone", email="ana@example.com", phone="+351 912 345 678"))
    gone.delete(open_repairs=0, now=T0 + timedelta(days=1))
    with container.adapters.uow() as uow:
        uow.customers.update(gone)
        uow.commit()
    holder, = add(container, a_customer("Holder", email="ANA@example.com" if key == "email" else None,
                                        phone="+351912345678" if key == "phone" else "+351 999 999 999"))
    gone.restore(now=T0 + timedelta(days=2))
    with pytest.raises(DuplicateKey) as refused, container.adapters.uow() as uow:
        uow.customers.update(gone)
    assert refused.value.key == key
    assert uow_get(container, id_of_stored(gone.id)).is_deleted
    holder.delete(open_repairs=0, now=T0 + timedelta(days=3))
    with container.adapters.uow() as uow:  # the holder deleted in turn: the keys are free again
        uow.customers.update(holder)
        uow.customers.update(gone)
        uow.commit()
    restored = uow_get(container, id_of_stored(gone.id))
    assert not restored.is_deleted and restored.updated_at == T0 + timedelta(days=2)


def test_an_update_persists_after_commit_never_moves_the_balance_and_vanishes_after_rollback(
        container: Container) -> None:
    customer, other = add(container, a_customer(), a_customer("Bruno", phone="+351 934 000 111"))
    customer_id = id_of_stored(customer.id)
    with container.adapters.uow() as uow:
        uow.customers.set_balance(customer_id, D("42.50"), T0 + timedelta(hours=1))
        uow.commit()
    changed = uow_get(container, customer_id)
    changed.change({"name": "Ana Maria", "phone": "+351 911 111 111", "credit_limit": D("10.00")},
                   now=T0 + timedelta(hours=2))
    changed.balance = D("999.00")  # ignored: only set_balance moves it
    with container.adapters.uow() as uow:
        uow.customers.update(changed)
        uow.customers.set_balance(customer_id, D("1.00"), T0 + timedelta(hours=3))
    assert uow_get(container, customer_id).balance == D("42.50")  # rolled back
    with container.adapters.uow() as uow:
        uow.customers.update(changed)
        uow.commit()
    stored = uow_get(container, customer_id)
    assert (stored.name, stored.phone, stored.credit_limit, stored.balance, stored.updated_at) == (
        "Ana Maria", "+351 911 111 111", D("10.00"), D("42.50"), T0 + timedelta(hours=2))
    with pytest.raises(DuplicateKey) as refused, container.adapters.uow() as uow:
        stored.phone = other.phone
        uow.customers.update(stored)
    assert refused.value.key == "phone"


def uow_get(container: Container, customer_id: int) -> Customer:
    with container.adapters.uow(read_only=True) as uow:
        found: Customer | None = uow.customers.get(customer_id)
    assert found is not None
    return found


def test_search_finds_live_customers_in_byte_order_and_pages(container: Container) -> None:
    add(container, a_customer("bruno", phone="+351 900 000 001"), a_customer("Ana_1", phone="+351 900 000 002"),
        a_customer("Ana-2", email="ana2@example.com", phone=None), a_customer("Zé", phone="+351 900 000 004"),
        a_customer("Anabela", phone="+351 900 000 005"))
    gone, = add(container, a_customer("Ana Gone", phone="+351 900 000 006"))
    with container.adapters.uow() as uow:
        gone.deleted_at = T0
        uow.customers.update(gone)
        uow.commit()

    def found(term: str, page: PageRequest = EVERYTHING) -> tuple[list[str], int]:
        with container.adapters.uow(read_only=True) as uow:
            result = uow.customers.search(search_term(term), page)
        return [c.name for c in result.items], result.total

    assert found("ana") == (["Ana-2", "Ana_1", "Anabela"], 3)
    assert found("ANA", PageRequest(limit=1, offset=1)) == (["Ana_1"], 3)
    assert found("ana", PageRequest(limit=2, offset=5)) == ([], 3)
    assert found("a_") == (["Ana_1"], 1)  # _ and % are taken literally
    assert found("%") == ([], 0)
    assert found("900 000 004") == (["Zé"], 1)
    assert found("") == (["Ana-2", "Ana_1", "Anabela", "bruno", "Zé"], 5)


def a_movement(customer_id: int, user: User, kind: MovementType, amount: str, before: str, *,
               at: timedelta = timedelta(0), reverses_id: int | None = None) -> Movement:
    return Movement(None, customer_id, kind, D(amount), D(before), D(before) + D(amount), f"{kind} {amount}",
                    id_of_stored(user.id), T0 + at, method=PaymentMethod.CASH if kind is MovementType.PAYMENT else None,
                    reverses_id=reverses_id)


def test_movements_read_back_by_id_by_reversal_and_by_period(container: Container, staff: User,
                                                             customer_id: int) -> None:
    with container.adapters.uow() as uow:
        charge = uow.account_movements.add(a_movement(customer_id, staff, MovementType.CHARGE, "30.00", "0.00"))
        paid = uow.account_movements.add(a_movement(customer_id, staff, MovementType.PAYMENT, "-10.00", "30.00",
                                                    at=timedelta(days=1)))
        undo = uow.account_movements.add(a_movement(customer_id, staff, MovementType.REVERSAL, "-30.00", "20.00",
                                                    at=timedelta(days=2), reverses_id=charge.id))
        uow.customers.set_balance(customer_id, D("-10.00"), T0 + timedelta(days=2))
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        movements = uow.account_movements
        assert movements.get(id_of_stored(paid.id)) == paid and movements.get(999_999) is None
        assert movements.reversal_of(id_of_stored(charge.id)) == undo
        assert movements.reversal_of(id_of_stored(paid.id)) is None
        everything = movements.statement(customer_id, Period(), PageRequest())
        middle = movements.statement(customer_id, Period(T0 + timedelta(hours=1), T0 + timedelta(days=1, hours=1)),
                                     PageRequest())
        paged = movements.statement(customer_id, Period(), PageRequest(limit=1, offset=2))
        beyond = movements.statement(customer_id, Period(), PageRequest(limit=1, offset=9))
        assert movements.broken_accounts() == []
    assert everything[:2] == (D("0.00"), D("-10.00")) and list(everything[2].items) == [charge, paid, undo]
    assert middle[:2] == (D("30.00"), D("20.00")) and list(middle[2].items) == [paid] and middle[2].total == 1
    assert list(paged[2].items) == [undo] and paged[2].total == 3
    assert list(beyond[2].items) == [] and beyond[2].total == 3


def test_a_balance_that_is_not_its_movements_is_reported(container: Container, staff: User,
                                                         customer_id: int) -> None:
    with container.adapters.uow() as uow:
        uow.account_movements.add(a_movement(customer_id, staff, MovementType.CHARGE, "30.00", "0.00"))
        uow.account_movements.add(a_movement(customer_id, staff, MovementType.CHARGE, "5.00", "31.00"))
        uow.customers.set_balance(customer_id, D("40.00"), T0)
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        broken = uow.account_movements.broken_accounts()
    assert [(b.customer_id, b.name) for b in broken] == [(customer_id, "Ana Silva")] * 2
    assert any("not the sum" in b.problem for b in broken) and any("starts at 31.00" in b.problem for b in broken)
