"""The workshop's order book: take a repair in, change it, move it through ``TRANSITIONS``, use parts,
deliver it with payment; read one, the list, the history."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence

from techstore.application.repairs.commands import Delivery, NewRepair, PartUsed, RepairChanges, RepairQuery, Transition
from techstore.application.repairs.ports import RepairFilter, RepairsUnitOfWork, RepairsUnitOfWorkFactory
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.cash.journal import Document, EntryKind, Tender
from techstore.domain.catalog.stock import Line, MovementKind, Reference
from techstore.domain.identity.users import User
from techstore.domain.repairs.repairs import (
    ZERO,
    HistoryEntry,
    Repair,
    RepairPart,
    RepairPayment,
    RepairStatus,
    repair_number,
)
from techstore.domain.sales.sales import Payment, payment_problems
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import Conflict, FieldProblems, NotFound, ValidationFailed
from techstore.domain.shared.money import round_cents
from techstore.domain.shared.payments import PaymentMethod

REPAIR_COUNTER = "repair"
EDITABLE = ("equipment", "serial_number", "accessories", "diagnosis", "price", "promised_date", "notes")
TRACKING_CODE_BYTES = 16  # 128 bits from the operating system's CSPRNG, URL-safe base64 (22 characters)


def new_tracking_code() -> str:
    return secrets.token_urlsafe(TRACKING_CODE_BYTES)


def repair_not_found(repair_id: int) -> NotFound:
    return NotFound(f"Repair {repair_id} does not exist.")


def _text(value: str | None) -> str | None:
    return value.strip() if value is not None and value.strip() else None


def _live(uow: RepairsUnitOfWork, repair_id: int) -> Repair:
    repair = uow.repairs.get_for_update(repair_id)
    if repair is None:
        raise repair_not_found(repair_id)
    return repair


class TakeRepairIn:
    """Staff take a repair in: status ``received``, a gap-free number, a fresh tracking code, the intake
    in its history."""

    def __init__(self, uow: RepairsUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, command: NewRepair) -> Repair:
        assert actor.id is not None
        with self._uow() as uow:
            customer = uow.accounts.account_holder(command.customer_id)
            problems = FieldProblems()
            if customer is None:
                problems.check("customer_id", f"no customer has the id {command.customer_id}")
            elif customer.is_deleted:
                problems.check("customer_id", f"customer {command.customer_id} was deleted")
            problems.raise_if_any()
            assert customer is not None
            now = self._clock.now()
            repair = Repair(None, repair_number(uow.numbers.next(REPAIR_COUNTER)), new_tracking_code(),
                            RepairStatus.RECEIVED, command.customer_id, command.equipment.strip(),
                            _text(command.serial_number), command.reported_problem.strip(),
                            _text(command.accessories), None, command.price, command.promised_date, now,
                            actor.id, _text(command.notes), updated_at=now, customer_name=customer.name)
            uow.repairs.add(repair)
            assert repair.id is not None
            uow.repairs.add_history(repair.id, HistoryEntry(None, RepairStatus.RECEIVED, None, actor.id, now))
            uow.commit()
        return repair


class ChangeRepair:
    """Only the fields in ``given`` change; refused (409) once delivered or cancelled."""

    def __init__(self, uow: RepairsUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, repair_id: int, changes: RepairChanges, given: Iterable[str] = EDITABLE) -> Repair:
        fields = [name for name in given if name in EDITABLE]
        with self._uow() as uow:
            repair = _live(uow, repair_id)
            repair.require_editable()
            for name in fields:
                value = getattr(changes, name)
                if name == "equipment":
                    if value is not None:  # never cleared
                        repair.equipment = value.strip()
                elif isinstance(value, str):
                    setattr(repair, name, _text(value))
                else:
                    setattr(repair, name, value)
            repair.updated_at = self._clock.now()
            uow.repairs.update(repair)
            uow.commit()
        return repair


class MoveRepair:
    """A status change allowed by ``TRANSITIONS`` (not delivery), under the repair's row lock: of two
    concurrent moves of one repair, the second sees the first's status."""

    def __init__(self, uow: RepairsUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, repair_id: int, command: Transition) -> Repair:
        assert actor.id is not None
        with self._uow() as uow:
            repair = _live(uow, repair_id)
            left = repair.move(RepairStatus(command.to))
            now = self._clock.now()
            repair.updated_at = now
            uow.repairs.update(repair)
            uow.repairs.add_history(repair.id or repair_id,
                                    HistoryEntry(left, repair.status, _text(command.note), actor.id, now))
            uow.commit()
        return repair


class UsePart:
    """A product consumed by the repair: stock taken through the catalog's port (``repair_part``; 409 when
    short), its price added to the repair's."""

    def __init__(self, uow: RepairsUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, repair_id: int, command: PartUsed) -> Repair:
        assert actor.id is not None
        with self._uow() as uow:
            repair = _live(uow, repair_id)
            repair.require_editable()
            product = uow.stock.sellable([command.product_id]).get(command.product_id)
            if product is None:
                raise ValidationFailed.single("product_id", f"no product has the id {command.product_id}")
            if not product.is_sellable:
                raise Conflict(f"{product.sku} cannot be used (inactive or deleted).", field="product_id")
            now = self._clock.now()
            part = RepairPart(product.id, product.sku, product.name, command.quantity, product.price,
                              round_cents(product.price * command.quantity), actor.id, now)
            repair.add_part(part)  # refused past the money range before any stock is taken
            uow.stock.take([Line(product.id, command.quantity)], MovementKind.REPAIR_PART,
                           Reference(repair_id=repair_id), actor.id, now)
            repair.updated_at = now
            uow.repairs.add_part(repair_id, part)
            uow.repairs.update(repair)
            uow.commit()
        return repair


class DeliverRepair:
    """``ready`` -> ``delivered`` with payment, exactly like a sale (sales' payment rules: the sum is the
    price; ``account`` charged through the accounts port under the credit limit), the delivery date set and
    the history written, in one transaction under the repair's row lock. Every payment is journalled, cash
    against the user's open drawer, as a sale's are (``uow.tenders``: cash is refused without one, by setting)."""

    def __init__(self, uow: RepairsUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, repair_id: int, command: Delivery) -> Repair:
        assert actor.id is not None
        payments = [Payment(line.method, line.amount) for line in command.payments]
        with self._uow() as uow:
            repair = _live(uow, repair_id)
            if repair.status is not RepairStatus.READY:
                repair.move(RepairStatus.DELIVERED, through_delivery=True)  # raises, listing the allowed moves
            price = repair.price if repair.price is not None else ZERO
            payment_problems(price, payments, repair.customer_id).raise_if_any()
            now = self._clock.now()
            left = repair.move(RepairStatus.DELIVERED, through_delivery=True)
            on_account = sum((p.amount for p in payments if p.method is PaymentMethod.ACCOUNT), ZERO)
            if on_account > ZERO:
                charge = uow.accounts.charge(repair.customer_id, on_account, description=f"Repair {repair.number}",
                                             user_id=actor.id, now=now, repair_id=repair_id, field="payments")
                repair.charge_id = charge.id
            assert repair.number is not None  # given at intake
            uow.tenders.record(EntryKind.REPAIR_PAYMENT, [Tender(p.method, p.amount) for p in payments],
                               Document(repair_id=repair_id, customer_id=repair.customer_id,
                                        movement_id=repair.charge_id), user_id=actor.id, now=now)
            repair.payments = [RepairPayment(p.method, p.amount) for p in payments]
            repair.delivered_at = now
            repair.updated_at = now
            uow.repairs.update(repair)
            uow.repairs.add_payments(repair)
            uow.repairs.add_history(repair_id, HistoryEntry(left, repair.status, None, actor.id, now))
            uow.commit()
        return repair


class GetRepair:
    def __init__(self, uow: RepairsUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, repair_id: int) -> Repair:
        with self._uow(read_only=True) as uow:
            repair = uow.repairs.get(repair_id)
        if repair is None:
            raise repair_not_found(repair_id)
        return repair


class RepairHistory:
    def __init__(self, uow: RepairsUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, repair_id: int) -> Sequence[HistoryEntry]:
        with self._uow(read_only=True) as uow:
            if uow.repairs.get(repair_id) is None:
                raise repair_not_found(repair_id)
            return uow.repairs.history(repair_id)


class ListRepairs:
    """Newest first, by status, customer, or text (number, customer's name, serial number / IMEI)."""

    def __init__(self, uow: RepairsUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, query: RepairQuery, page: PageRequest) -> Page[Repair]:
        text = query.q.strip().casefold() if query.q and query.q.strip() else None
        wanted = RepairFilter(RepairStatus(query.status) if query.status else None, query.customer_id, text,
                              query.open_only)
        with self._uow(read_only=True) as uow:
            return uow.repairs.list(wanted, page)
