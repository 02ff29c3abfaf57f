"""Money a repair takes before delivery (deposits, each with its receipt), what delivery takes (the total less
the deposits; nothing under warranty) and what a cancellation gives back (exactly the deposits). Every payment
and refund goes through the journal (``uow.tenders``), cash against the user's open drawer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from techstore.application.repairs.commands import Cancellation, Delivery, DepositIn
from techstore.application.repairs.locked import live
from techstore.application.repairs.moves import record_move
from techstore.application.repairs.ports import RepairsUnitOfWork, RepairsUnitOfWorkFactory
from techstore.application.repairs.terms import RepairTerms
from techstore.application.sales.commands import PaymentLine
from techstore.domain.cash.journal import Document, EntryKind, Tender
from techstore.domain.identity.users import User
from techstore.domain.repairs.repairs import ZERO, Deposit, MoneyKind, Repair, RepairPayment, RepairStatus
from techstore.domain.sales.sales import Payment, payment_problems, tendered_change
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import Conflict, FieldProblems, PermissionDenied
from techstore.domain.shared.payments import PaymentMethod


def _in_hand(lines: Sequence[PaymentLine], field: str, what: str) -> FieldProblems:
    """Deposits and their refunds are money in hand: never the customer's account."""
    problems = FieldProblems()
    for index, line in enumerate(lines):
        if line.method is PaymentMethod.ACCOUNT:
            problems.check(f"{field}[{index}].method", f"{what} is cash, card or transfer, not the account")
    return problems


def refuse_cash_from_technicians(actor: User, methods: Sequence[PaymentMethod]) -> None:
    """A technician delivers and cancels repairs but handles no cash (PRODUCT.md, Roles): card, transfer and
    the customer's account are fine; cash belongs in a drawer, and only the counter runs one."""
    if not actor.works_the_counter and PaymentMethod.CASH in methods:
        raise PermissionDenied("A technician takes and pays out no cash: ask someone at the counter.")


def take_deposit(uow: RepairsUnitOfWork, repair: Repair, lines: Sequence[PaymentLine], by: int,
                 now: datetime) -> Deposit:
    assert repair.id is not None
    problems = _in_hand(lines, "payments", "a deposit")
    if not lines:
        problems.check("payments", "must name at least one payment")
    problems.raise_if_any()
    if repair.warranty:
        raise Conflict(f"Repair {repair.number} is under warranty: there is nothing to pay.", field="payments")
    deposit = Deposit(None, tuple(RepairPayment(x.method, x.amount, MoneyKind.DEPOSIT) for x in lines), by, now)
    repair.add_deposit(deposit)
    stored = uow.repairs.add_deposit(repair.id, deposit)
    repair.deposits[-1] = stored
    uow.tenders.record(EntryKind.REPAIR_DEPOSIT, [Tender(x.method, x.amount) for x in lines],
                       Document(repair_id=repair.id, customer_id=repair.customer_id), user_id=by, now=now)
    return stored


class TakeDeposit:
    """``POST /repairs/{id}/deposits``: money taken before delivery; answers the deposit (its receipt)."""

    def __init__(self, uow: RepairsUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, repair_id: int, command: DepositIn) -> tuple[Repair, Deposit]:
        assert actor.id is not None
        refuse_cash_from_technicians(actor, [line.method for line in command.payments])
        with self._uow() as uow:
            repair = live(uow, repair_id)
            now = self._clock.now()
            deposit = take_deposit(uow, repair, command.payments, actor.id, now)
            repair.updated_at = now
            uow.repairs.update(repair)
            uow.commit()
        return repair, deposit


class DeliverRepair:
    """``ready`` -> ``delivered`` with payment for ``to_pay``, exactly like a sale (sales' payment rules;
    ``account`` charged under the credit limit), the warranty started, the history and the "delivered" message
    (the invoice attached) written, in one transaction under the repair's row lock."""

    def __init__(self, uow: RepairsUnitOfWorkFactory, clock: Clock, terms: RepairTerms) -> None:
        self._uow = uow
        self._clock = clock
        self._terms = terms

    def __call__(self, actor: User, repair_id: int, command: Delivery) -> Repair:
        assert actor.id is not None
        refuse_cash_from_technicians(actor, [line.method for line in command.payments])
        payments = [Payment(line.method, line.amount) for line in command.payments]
        with self._uow() as uow:
            repair = live(uow, repair_id)
            repair.require_deliverable()
            payment_problems(repair.to_pay, payments, repair.customer_id).raise_if_any()
            tendered_change(payments, command.tendered)
            now = self._clock.now()
            on_account = sum((p.amount for p in payments if p.method is PaymentMethod.ACCOUNT), ZERO)
            if on_account > ZERO:
                charge = uow.accounts.charge(repair.customer_id, on_account, description=f"Repair {repair.number}",
                                             user_id=actor.id, now=now, repair_id=repair_id, field="payments")
                repair.charge_id = charge.id
            if payments:
                uow.tenders.record(EntryKind.REPAIR_PAYMENT, [Tender(p.method, p.amount) for p in payments],
                                   Document(repair_id=repair_id, customer_id=repair.customer_id,
                                            movement_id=repair.charge_id), user_id=actor.id, now=now)
            delivered = [RepairPayment(p.method, p.amount, MoneyKind.DELIVERY) for p in payments]
            repair.payments.extend(delivered)
            uow.repairs.add_payments(repair_id, delivered)
            repair.delivered_at = now
            repair.warranty_until = now.date() + self._terms.warranty
            record_move(uow, repair, RepairStatus.DELIVERED, by=actor.id, note=None, now=now, terms=self._terms,
                        through_delivery=True)
            uow.commit()
        return repair


class CancelRepair:
    """``POST /repairs/{id}/cancel``: cancelled with a note; its deposits refunded (refunds adding up to exactly
    the deposits, 422 otherwise), journalled as refunds."""

    def __init__(self, uow: RepairsUnitOfWorkFactory, clock: Clock, terms: RepairTerms) -> None:
        self._uow = uow
        self._clock = clock
        self._terms = terms

    def __call__(self, actor: User, repair_id: int, command: Cancellation) -> Repair:
        assert actor.id is not None
        refuse_cash_from_technicians(actor, [line.method for line in command.refunds])
        with self._uow() as uow:
            repair = live(uow, repair_id)
            repair.require_editable()
            problems = _in_hand(command.refunds, "refunds", "a refund of deposits")
            refunded = sum((x.amount for x in command.refunds), ZERO)
            if refunded != repair.deposit_total:
                problems.check("refunds", f"must add up to the deposits, {repair.deposit_total} (they add up to "
                                          f"{refunded})")
            problems.raise_if_any()
            now = self._clock.now()
            if command.refunds:
                uow.tenders.record(EntryKind.REPAIR_REFUND, [Tender(x.method, x.amount) for x in command.refunds],
                                   Document(repair_id=repair_id, customer_id=repair.customer_id), user_id=actor.id,
                                   now=now)
            refunds = [RepairPayment(x.method, x.amount, MoneyKind.REFUND) for x in command.refunds]
            repair.payments.extend(refunds)
            uow.repairs.add_payments(repair_id, refunds)
            record_move(uow, repair, RepairStatus.CANCELLED, by=actor.id, note=command.note, now=now,
                        terms=self._terms, through_cancel=True)
            uow.commit()
        return repair

