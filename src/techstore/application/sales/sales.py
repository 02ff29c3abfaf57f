"""Sales at the counter: place one (atomically, at most once per idempotency key), void one,
read them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from techstore.application.sales.commands import NewSale, SaleLine, SaleQuery, VoidReason
from techstore.application.sales.ports import SaleFilter, SalesUnitOfWork, SalesUnitOfWorkFactory
from techstore.application.shared import security_events as events
from techstore.application.shared.idempotency import Answer, Finish, Idempotent, KeyedRequest, Outcome
from techstore.application.shared.pages import Page, PageRequest
from techstore.application.shared.security_events import NoSecurityEvents, SecurityEvents
from techstore.domain.cash.sessions import EntryKind
from techstore.domain.catalog.stock import Line, MovementKind, Reference
from techstore.domain.identity.users import User, require_admin
from techstore.domain.sales.rules import MAX_LINES, MAX_PAYMENTS, MAX_QUANTITY
from techstore.domain.sales.sales import (
    ZERO,
    Payment,
    PaymentMethod,
    PricedProduct,
    Sale,
    SaleStatus,
    payment_problems,
    priced,
    sale_number,
    totals,
)
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import Conflict, FieldProblems, NotFound, ValidationFailed

SALE_COUNTER = "sale"
METHODS = [m.value for m in PaymentMethod]


def sale_not_found(sale_id: int) -> NotFound:
    return NotFound(f"Sale {sale_id} does not exist.")


def days(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """The UTC days ``first`` to ``last``, both included, as [start, end); either may be open."""
    start = None if first is None else datetime.combine(first, time(), tzinfo=UTC)
    end = None if last is None or last == date.max else datetime.combine(last, time(), tzinfo=UTC) + timedelta(1)
    return start, end


def _payments(command: NewSale, problems: FieldProblems) -> list[Payment]:
    payments = []
    for index, line in enumerate(command.payments):
        if line.method not in METHODS:
            problems.check(f"payments[{index}].method", "must be one of: " + ", ".join(METHODS))
        else:
            payments.append(Payment(PaymentMethod(line.method), line.amount))
    return payments


def _merged(lines: Sequence[SaleLine], problems: FieldProblems) -> dict[int, int]:
    """Quantity per product, in the order products first appear (lines of one product add up)."""
    quantities: dict[int, int] = {}
    for index, line in enumerate(lines):
        if not 0 < line.quantity <= MAX_QUANTITY:
            problems.check(f"items[{index}].quantity", f"must be from 1 to {MAX_QUANTITY}")
            continue
        quantities[line.product_id] = quantities.get(line.product_id, 0) + line.quantity
        if quantities[line.product_id] > MAX_QUANTITY:
            problems.check(f"items[{index}].quantity", f"adds up to more than {MAX_QUANTITY} of one product")
    return quantities


class PlaceSale:
    """Staff sell at the counter. One transaction: the products checked (existing, active, not
    deleted), stock taken for every line through the catalog's port (``ShortOfStock`` names every
    short product), the ``account`` part charged through the accounts port (credit limit), the
    gap-free number given last. Any refusal leaves nothing behind."""

    def __init__(self, uow: SalesUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock
        self._idempotent = Idempotent(uow, clock)

    def __call__(self, actor: User, command: NewSale) -> Sale:
        sale, _ = self._place(actor, command)
        return sale

    def once(self, actor: User, command: NewSale, request: KeyedRequest) -> Outcome[Sale]:
        """The same, at most once per ``request``'s key: a retry gets the first sale's id (and the
        answer given for it, once ``remember``ed)."""
        return self._idempotent.run(request, lambda finish: self._place(actor, command, finish))

    def remember(self, request: KeyedRequest, answer: Answer) -> None:
        """Keep the answer given for ``request``'s sale, replayed byte for byte to its retries."""
        self._idempotent.remember(request, answer)

    def _place(self, actor: User, command: NewSale, finish: Finish | None = None) -> tuple[Sale, int]:
        assert actor.id is not None
        problems = FieldProblems()
        if not command.items:
            problems.check("items", "must name at least one product")
        if len(command.items) > MAX_LINES:
            problems.check("items", f"must name at most {MAX_LINES} lines")
        if len(command.payments) > MAX_PAYMENTS:
            problems.check("payments", f"must be at most {MAX_PAYMENTS}")
        quantities = _merged(command.items, problems)
        payments = _payments(command, problems)
        notes = command.notes.strip() if command.notes and command.notes.strip() else None
        with self._uow() as uow:
            self._check_customer(uow, command.customer_id, problems)
            products, refused = self._sellable(uow, command.items, problems)
            problems.raise_if_any()
            if refused:
                raise Conflict("These products cannot be sold (inactive or deleted): " + ", ".join(refused) + ".",
                               field="items")
            figures = totals([priced(products[pid], quantity) for pid, quantity in quantities.items()],
                             command.discount or ZERO)
            payment_problems(figures.total, payments, command.customer_id).raise_if_any()
            now = self._clock.now()
            sale = uow.sales.add(Sale(None, None, SaleStatus.COMPLETED, command.customer_id, actor.id, figures.items,
                                      figures.subtotal, figures.discount, figures.total, payments, notes, now))
            assert sale.id is not None
            lines = [Line(item.product_id, item.quantity) for item in sale.items]
            uow.stock.take(lines, MovementKind.SALE, Reference(sale_id=sale.id), actor.id, now)
            # The number comes late: its counter row stays locked until commit, so sales queue on it briefly.
            sale.number = sale_number(uow.counters.next(SALE_COUNTER))
            if sale.on_account > ZERO:
                assert sale.customer_id is not None
                charge = uow.accounts.charge(sale.customer_id, sale.on_account, description=f"Sale {sale.number}",
                                             user_id=actor.id, now=now, sale_id=sale.id)
                sale.charge_id = charge.id
            uow.sales.finish(sale)
            for payment in sale.payments:
                uow.cash_drawer.record(actor.id, payment.method.value, payment.amount, EntryKind.SALE, sale.number,
                                       now)
            if finish is not None:
                finish(uow, sale.id)
            uow.commit()
        return sale, sale.id

    @staticmethod
    def _check_customer(uow: SalesUnitOfWork, customer_id: int | None, problems: FieldProblems) -> None:
        if customer_id is None:
            return
        customer = uow.accounts.account_holder(customer_id)
        if customer is None:
            problems.check("customer_id", f"no customer has the id {customer_id}")
        elif customer.is_deleted:
            problems.check("customer_id", f"customer {customer_id} was deleted")

    @staticmethod
    def _sellable(uow: SalesUnitOfWork, lines: Sequence[SaleLine],
                  problems: FieldProblems) -> tuple[dict[int, PricedProduct], list[str]]:
        """The products of the lines; unknown ones are bad input (422), inactive or deleted ones
        cannot be sold (409, naming each)."""
        found = uow.stock.sellable([line.product_id for line in lines])
        refused: list[str] = []
        for index, line in enumerate(lines):
            snapshot = found.get(line.product_id)
            if snapshot is None:
                problems.check(f"items[{index}].product_id", f"no product has the id {line.product_id}")
            elif not snapshot.is_sellable and snapshot.sku not in refused:
                refused.append(snapshot.sku)
        return {pid: PricedProduct(s.id, s.sku, s.name, s.price, s.cost) for pid, s in found.items()}, refused


class VoidSale:
    """An admin voids a sale, giving a reason: its stock comes back (``sale_void`` movements), its account
    charge is reversed, and it is marked voided, in one transaction. Twice is refused (409).
    A void is a security event."""

    def __init__(self, uow: SalesUnitOfWorkFactory, clock: Clock, events: SecurityEvents | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._events = events or NoSecurityEvents()

    def __call__(self, actor: User, sale_id: int, command: VoidReason) -> Sale:
        require_admin(actor)
        assert actor.id is not None
        reason = command.reason.strip()
        if not reason:
            raise ValidationFailed.single("reason", "is required")
        with self._uow() as uow:
            sale = uow.sales.get_for_update(sale_id)
            if sale is None:
                raise sale_not_found(sale_id)
            if sale.is_voided:
                raise Conflict(f"Sale {sale.number} is already voided.")
            if uow.returns.of_sale(sale_id):  # checked under the sale's lock, which returns take too
                raise Conflict(f"Sale {sale.number} has returns: it cannot be voided.")
            now = self._clock.now()
            lines = [Line(item.product_id, item.quantity) for item in sale.items]
            uow.stock.put_back(lines, MovementKind.SALE_VOID, Reference(sale_id=sale_id), actor.id, now)
            if sale.charge_id is not None:
                uow.accounts.reverse(sale.charge_id, description=f"Sale {sale.number} voided", user_id=actor.id,
                                     now=now)
            sale.void(reason, actor.id, now)
            uow.sales.void(sale)
            uow.commit()
        self._events.record(events.SALE_VOIDED, actor_id=actor.id, target=f"sale:{sale_id}", number=sale.number)
        return sale


class GetSale:
    def __init__(self, uow: SalesUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, sale_id: int) -> Sale:
        with self._uow(read_only=True) as uow:
            sale = uow.sales.get(sale_id)
        if sale is None:
            raise sale_not_found(sale_id)
        return sale


class ListSales:
    """Newest first, filtered by period, customer, status or number."""

    def __init__(self, uow: SalesUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, query: SaleQuery, page: PageRequest) -> Page[Sale]:
        start, end = days(query.first, query.last)
        status = SaleStatus(query.status) if query.status else None
        number = query.number.strip().upper() if query.number and query.number.strip() else None
        wanted = SaleFilter(start, end, query.customer_id, status, number)
        with self._uow(read_only=True) as uow:
            return uow.sales.list(wanted, page)
