"""The accounts invariant under real concurrency: many payments, charges and adjustments
fired at one customer at once (threads released together by a Barrier), each through
the container on its own connection, as concurrent requests are. PostgreSQL runs them
in parallel under the customer's row lock; SQLite serialises its writers."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

import pytest

from techstore.application.customers.commands import NewAdjustment, NewCustomer, NewPayment
from techstore.application.customers.ports import Period
from techstore.application.shared.pages import MAX_LIMIT, PageRequest
from techstore.container import Container
from techstore.domain.customers.accounts import Movement
from techstore.domain.customers.customers import Customer
from techstore.domain.identity.users import Role
from techstore.domain.shared.errors import Conflict
from tests.integration.test_concurrency_identity import run_together, unexpected

pytestmark = [pytest.mark.timeout(120), pytest.mark.adapters("sqlite", "postgres")]
PASSWORD = "correct horse battery"


def _charge(container: Container, customer_id: int, amount: str, user_id: int) -> Movement:
    """A sale on account: the accounts port on the sale's own unit of work."""
    with container.adapters.uow() as uow:
        movement: Movement = uow.accounts.charge(customer_id, Decimal(amount), description="Sale", user_id=user_id,
                                                 now=container.clock().now())
        uow.commit()
    return movement


def _chain(container: Container, customer_id: int) -> tuple[Decimal, list[Movement]]:
    with container.adapters.uow() as uow:
        customer = uow.customers.get(customer_id)
        assert customer is not None
        _, _, page = uow.account_movements.statement(customer_id, Period(), PageRequest(limit=MAX_LIMIT))
    return customer.balance, list(page.items)


def test_concurrent_movements_on_one_account_keep_the_chain_whole(container: Container) -> None:
    admin = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    customers = container.customers
    limit = Decimal("500.00")
    customer = customers.register_customer()(admin, NewCustomer("Ana Silva", phone="912345678", credit_limit=limit))
    assert customer.id is not None and admin.id is not None
    calls: list[Any] = []
    for n in range(8):
        calls.append(partial(_charge, container, customer.id, "95.00", admin.id))
        calls.append(partial(customers.take_payment(), admin, customer.id, NewPayment(Decimal("20.00"), "cash")))
        calls.append(partial(customers.adjust_balance(), admin, customer.id,
                             NewAdjustment(Decimal("7.50") if n % 2 else Decimal("-2.25"), "Correction")))

    for _round in range(2):
        outcomes = run_together(calls)
        # Only the credit limit may refuse (a charge that would pass 500.00); nothing else fails.
        assert unexpected(outcomes, Movement, Conflict) == []
        assert all("credit limit" in o.detail for o in outcomes if isinstance(o, Conflict))

        balance, movements = _chain(container, customer.id)
        written = [o for o in outcomes if isinstance(o, Movement)]
        assert len(movements) >= len(written)
        previous = Decimal("0.00")
        for movement in movements:
            assert movement.balance_before == previous, "a movement did not start where the previous one ended"
            assert movement.balance_after == movement.balance_before + movement.amount
            if movement.type.value == "charge":
                assert movement.balance_after <= limit
            previous = movement.balance_after
        assert balance == previous == sum((m.amount for m in movements), Decimal("0.00"))
        assert list(customers.check_accounts()()) == []


def test_a_charge_racing_a_delete_never_leaves_a_deleted_customer_owing(container: Container) -> None:
    admin = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    customers = container.customers
    assert admin.id is not None
    for n in range(6):
        customer = customers.register_customer()(admin, NewCustomer(f"Customer {n}", phone=f"91234560{n}"))
        assert customer.id is not None
        outcomes = run_together([partial(_charge, container, customer.id, "10.00", admin.id),
                                 partial(customers.delete_customer(), admin, customer.id)])
        assert unexpected(outcomes, Movement, Conflict, type(None)) == []
        with container.adapters.uow() as uow:
            stored = uow.customers.get(customer.id)
        assert stored is not None
        # Either the delete won (no charge) or the charge won (the delete was refused): never both.
        assert (stored.is_deleted, stored.balance) in {(True, Decimal("0.00")), (False, Decimal("10.00"))}


def test_concurrent_registrations_with_one_email_let_exactly_one_in(container: Container) -> None:
    admin = container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    register = container.customers.register_customer()
    for round_ in range(3):
        spellings = [f"Same{round_}@Example.com", f"same{round_}@example.com", f"SAME{round_}@EXAMPLE.COM"] * 2
        outcomes = run_together([partial(register, admin, NewCustomer(f"Twin {n}", email=email))
                                 for n, email in enumerate(spellings)])
        assert unexpected(outcomes, Customer, Conflict) == []
        assert sum(isinstance(o, Customer) for o in outcomes) == 1, outcomes
        assert all(o.field == "email" for o in outcomes if isinstance(o, Conflict))
