"""The accounts invariant, stated as a state machine: whatever sequence of payments,
adjustments, charges, reversals, refunds and credit-limit changes the use cases and
the accounts port go through, on every adapter set, the balance equals the sum of
the movements, each movement starts where the previous one ended, and the balance
is what a plain model of the account says."""

from __future__ import annotations

from decimal import Decimal
from itertools import count

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from techstore.application.customers.commands import CustomerChanges, NewAdjustment, NewCustomer, NewPayment
from techstore.application.customers.ports import Period
from techstore.application.shared.pages import MAX_LIMIT, PageRequest
from techstore.container import Container
from techstore.domain.customers.accounts import Movement
from techstore.domain.identity.users import Role, User
from techstore.domain.shared.errors import Conflict

ZERO = Decimal("0.00")
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500.00"), places=2)
signed = amounts.flatmap(lambda a: st.sampled_from([a, -a]))
_phones = count(100000)


def account_machine(container: Container, admin: User) -> type[RuleBasedStateMachine]:
    customers = container.customers
    assert admin.id is not None

    class Account(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            customer = customers.register_customer()(admin, NewCustomer("Model Customer", phone=f"{next(_phones)}"))
            assert customer.id is not None
            self.customer_id = customer.id
            self.balance = ZERO  # the model
            self.limit: Decimal | None = None
            self.charges: list[Movement] = []

        def _port(self, call: str, *args: object) -> Movement | Conflict:
            try:
                with container.adapters.uow() as uow:
                    movement: Movement = getattr(uow.accounts, call)(*args, description="Model", user_id=admin.id,
                                                                     now=container.clock().now())
                    uow.commit()
                    return movement
            except Conflict as refused:
                return refused

        @rule(amount=amounts, method=st.sampled_from(["cash", "card", "transfer"]))
        def pay(self, amount: Decimal, method: str) -> None:
            customers.take_payment()(admin, self.customer_id, NewPayment(amount, method))  # type: ignore[arg-type]
            self.balance -= amount

        @rule(amount=signed)
        def adjust(self, amount: Decimal) -> None:
            customers.adjust_balance()(admin, self.customer_id, NewAdjustment(amount, "Model"))
            self.balance += amount

        @rule(amount=amounts)
        def charge(self, amount: Decimal) -> None:
            outcome = self._port("charge", self.customer_id, amount)
            if self.limit is not None and self.balance + amount > self.limit:
                assert isinstance(outcome, Conflict)
            else:
                assert isinstance(outcome, Movement)
                self.charges.append(outcome)
                self.balance += amount

        @rule(data=st.data())
        def reverse(self, data: st.DataObject) -> None:
            if not self.charges:
                return
            charge = data.draw(st.sampled_from(self.charges))
            outcome = self._port("reverse", charge.id)
            if isinstance(outcome, Movement):
                self.balance -= charge.amount
            self.charges.remove(charge)  # reversed now, or already before: never twice

        @rule(amount=amounts)
        def refund(self, amount: Decimal) -> None:
            assert isinstance(self._port("refund", self.customer_id, amount), Movement)
            self.balance -= amount

        @rule(limit=st.none() | st.decimals(min_value=0, max_value=1000, places=2))
        def set_limit(self, limit: Decimal | None) -> None:
            customers.update_customer()(admin, self.customer_id, CustomerChanges(credit_limit=limit),
                                        ["credit_limit"])
            self.limit = limit

        @invariant()
        def the_chain_holds(self) -> None:
            statement = customers.get_statement()(admin, self.customer_id, Period(), PageRequest(limit=MAX_LIMIT))
            previous = ZERO
            for movement in statement.movements.items:
                assert movement.balance_before == previous
                assert movement.balance_after == movement.balance_before + movement.amount
                previous = movement.balance_after
            assert statement.customer.balance == previous == self.balance
            assert statement.closing_balance == self.balance

    return Account


def test_the_balance_is_always_the_sum_of_a_whole_chain(container: Container, adapter_set: str) -> None:
    admin = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    examples = 25 if adapter_set == "memory" else 8
    run_state_machine_as_test(
        account_machine(container, admin),
        settings=settings(max_examples=examples, stateful_step_count=20, deadline=None,
                          suppress_health_check=list(HealthCheck)),
    )
    assert list(container.customers.check_accounts()()) == []


pytestmark = pytest.mark.timeout(180)
