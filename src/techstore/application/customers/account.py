"""A customer's account: payments, admin adjustments, the statement, and the invariant check."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from techstore.application.customers.commands import NewAdjustment, NewPayment
from techstore.application.customers.customers import live_customer
from techstore.application.customers.ports import BrokenAccount, CustomersUnitOfWorkFactory, Period, Statement
from techstore.application.shared import security_events as events
from techstore.application.shared.pages import PageRequest
from techstore.application.shared.security_events import NoSecurityEvents, SecurityEvents
from techstore.domain.cash.journal import Document, EntryKind, Tender
from techstore.domain.customers.accounts import Movement
from techstore.domain.identity.users import User, require_admin
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import FieldProblems, NotFound, ValidationFailed

PAYMENT = "Payment"


def period_of(first: date | None, last: date | None) -> Period:
    """The days ``first`` to ``last``, both included (UTC days), as a period; either may be open.
    A period that ends before it starts holds no movement."""
    if first is not None and last is not None and last < first:
        last = first - timedelta(days=1)
    start = None if first is None else datetime.combine(first, time(), tzinfo=UTC)
    end = None if last is None or last == date.max else datetime.combine(last, time(), tzinfo=UTC) + timedelta(days=1)
    return Period(start, end)


class TakePayment:
    """Staff take a payment on account: more than 0, by cash, card or transfer; it may leave a credit."""

    def __init__(self, uow: CustomersUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, customer_id: int, command: NewPayment) -> Movement:
        assert actor.id is not None
        problems = FieldProblems()
        problems.check("amount", None if command.amount > 0 else "must be more than 0")
        problems.raise_if_any()
        method = command.method
        description = command.description.strip() if command.description and command.description.strip() \
            else f"{PAYMENT} ({method.value})"
        now = self._clock.now()
        with self._uow() as uow:
            movement = uow.accounts.pay(customer_id, command.amount, method, description=description,
                                        user_id=actor.id, now=now)
            uow.tenders.record(EntryKind.ACCOUNT_PAYMENT, [Tender(method, command.amount)],
                               Document(customer_id=customer_id, movement_id=movement.id), user_id=actor.id, now=now)
            uow.commit()
        return movement


class AdjustBalance:
    """An admin raises or lowers a balance, giving a reason. A security event."""

    def __init__(self, uow: CustomersUnitOfWorkFactory, clock: Clock, events: SecurityEvents | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._events = events or NoSecurityEvents()

    def __call__(self, actor: User, customer_id: int, command: NewAdjustment) -> Movement:
        require_admin(actor)
        assert actor.id is not None
        reason = command.reason.strip()
        if not reason:
            raise ValidationFailed.single("reason", "is required")
        with self._uow() as uow:
            movement = uow.accounts.adjust(customer_id, command.amount, reason=reason, user_id=actor.id,
                                           now=self._clock.now())
            uow.commit()
        self._events.record(events.BALANCE_ADJUSTED, actor_id=actor.id, target=f"customer:{customer_id}",
                            amount=str(command.amount), movement_id=movement.id)
        return movement


class GetStatement:
    """Movements of a period, oldest first, each with the balance it left, and the balance at either end."""

    def __init__(self, uow: CustomersUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, customer_id: int, period: Period, page: PageRequest) -> Statement:
        with self._uow(read_only=True) as uow:
            customer = live_customer(uow, customer_id)
            opening, closing, movements = uow.account_movements.statement(customer_id, period, page)
        return Statement(customer, period, opening, closing, movements)


class GetMovement:
    def __init__(self, uow: CustomersUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, customer_id: int, movement_id: int) -> Movement:
        with self._uow(read_only=True) as uow:
            live_customer(uow, customer_id)
            movement = uow.account_movements.get(movement_id)
        if movement is None or movement.customer_id != customer_id:
            raise NotFound(f"Movement {movement_id} of customer {customer_id} does not exist.")
        return movement


class CheckAccounts:
    """For the operator (``techstore check accounts``): every account that breaks the invariant."""

    def __init__(self, uow: CustomersUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self) -> Sequence[BrokenAccount]:
        with self._uow(read_only=True) as uow:
            return uow.account_movements.broken_accounts()
