"""Many customers at once for a trusted caller (demo data): one transaction, the same rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from techstore.application.customers.ports import CustomersUnitOfWorkFactory
from techstore.domain.cash.journal import Document, EntryKind, Tender
from techstore.domain.customers.customers import Customer
from techstore.domain.identity.users import User
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.payments import PaymentMethod

# (amount, reason): a signed adjustment; (amount, a method other than the account): a payment.
Opening = Sequence[tuple[Decimal, PaymentMethod | str]]


class ProvisionCustomers:
    """Register customers, each with movements that open their account, in one unit of work
    (a few hundred take well under a second). Every customer and movement obeys the usual
    rules; the movements go through the accounts port, so every chain is whole, and payments through the
    tenders service, so the journal holds them (cash among them needs the caller's drawer open)."""

    def __init__(self, uow: CustomersUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, customers: Iterable[tuple[Mapping[str, Any], Opening]]) -> int:
        assert actor.id is not None
        now = self._clock.now()
        count = 0
        with self._uow() as uow:
            for details, opening in customers:
                customer = uow.customers.add(Customer.create(details, now=now))
                assert customer.id is not None
                for amount, how in opening:
                    if isinstance(how, PaymentMethod):  # money taken: journalled as any payment is
                        paid = uow.accounts.pay(customer.id, amount, how, description=f"Payment ({how.value})",
                                                user_id=actor.id, now=now)
                        uow.tenders.record(EntryKind.ACCOUNT_PAYMENT, [Tender(how, amount)],
                                           Document(customer_id=customer.id, movement_id=paid.id), user_id=actor.id,
                                           now=now)
                    else:
                        uow.accounts.adjust(customer.id, amount, reason=how, user_id=actor.id, now=now)
                count += 1
            uow.commit()
        return count
