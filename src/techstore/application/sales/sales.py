"""Sales at the counter: place one (atomically, at most once per idempotency key), void one,
read them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

import attrs

from techstore.application.catalog.ports import ProductSnapshot
from techstore.application.sales.approvals import Approver, refuse_every_approver
from techstore.application.sales.commands import SEARCH, NewSale, SaleLine, SaleQuery, VoidReason
from techstore.application.sales.ports import ApproverCheck, SaleFilter, SalesUnitOfWork, SalesUnitOfWorkFactory
from techstore.application.shared import security_events as events
from techstore.application.shared.idempotency import Finish, Idempotent, KeyedRequest, Outcome
from techstore.application.shared.pages import Page, PageRequest
from techstore.application.shared.periods import days
from techstore.application.shared.security_events import NoSecurityEvents, SecurityEvents
from techstore.domain.cash.journal import Document, EntryKind, Tender
from techstore.domain.catalog.stock import Line, MovementKind, Reference
from techstore.domain.catalog.units import UnitsUnavailable, normalise_serial, serials_problems
from techstore.domain.customers.customers import search_term
from techstore.domain.identity.users import User, require_manager
from techstore.domain.sales.approvals import ApprovalLimits, sale_reasons
from techstore.domain.sales.sales import (
    ZERO,
    Buyer,
    Payment,
    PricedProduct,
    Sale,
    SaleStatus,
    sale_number,
    tendered_change,
)
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import Conflict, FieldProblems, NotFound, ValidationFailed

SALE_COUNTER = "sale"
UNKNOWN_ADDRESS = "unknown"  # a caller in the same process (a script, a test) names no address


def sale_not_found(sale_id: int) -> NotFound:
    return NotFound(f"Sale {sale_id} does not exist.")


class PlaceSale:
    """Staff sell at the counter. What a staff member may not do alone (``domain.sales.approvals``) needs a
    manager's approval, checked before anything is written (403 naming what needs it). One transaction: the
    products checked (existing, active, not deleted), stock taken for every line through the catalog's port
    (``ShortOfStock`` names every short product), the ``account`` part charged through the accounts port (credit
    limit), the gap-free number given last. Any refusal leaves nothing behind."""

    def __init__(self, uow: SalesUnitOfWorkFactory, clock: Clock, prices_include_tax: bool = False,
                 limits: ApprovalLimits | None = None, approvers: ApproverCheck = refuse_every_approver) -> None:
        self._uow = uow
        self._clock = clock
        self._idempotent = Idempotent(uow, clock)
        self._prices_include_tax = prices_include_tax  # TECHSTORE_PRICES_INCLUDE_TAX
        self._limits = limits or ApprovalLimits()  # TECHSTORE_DISCOUNT_LIMIT_PERCENT
        self._approvers = approvers

    def __call__(self, actor: User, command: NewSale, address: str = UNKNOWN_ADDRESS) -> Sale:
        """``address``: the caller's, where an approver's wrong password is counted from."""
        sale, _ = self._place(actor, command, address)
        return sale

    def once(self, actor: User, command: NewSale, request: KeyedRequest,
             address: str = UNKNOWN_ADDRESS) -> Outcome[Sale]:
        """The same, at most once per ``request``'s key: a retry gets the first sale's id."""
        return self._idempotent.run(request, lambda finish: self._place(actor, command, address, finish))

    def _place(self, actor: User, command: NewSale, address: str,
               finish: Finish | None = None) -> tuple[Sale, int]:
        assert actor.id is not None
        payments = [Payment(line.method, line.amount) for line in command.payments]
        # The approver's password is checked (and a wrong one counted) before the sale's transaction opens.
        approver = Approver.of(self._approvers, actor, command.approval, address)
        with self._uow() as uow:
            now = self._clock.now()
            found = uow.stock.sellable([line.product_id for line in command.items])
            lines = serialized_lines(command.items, found)
            sale = Sale.place(lines=lines, products=_priced(found), payments=payments,
                              discount=command.discount, customer_id=command.customer_id,
                              customer=self._customer(uow, command.customer_id), notes=command.notes,
                              user_id=actor.id, now=now, prices_include_tax=self._prices_include_tax)
            sale.tendered, sale.change = command.tendered, tendered_change(sale.payments, command.tendered)
            sale.approved_by = approver.approves(actor, sale_reasons(sale, _priced(found), self._limits))
            try:
                self._record(uow, sale, actor.id, now)
            except UnitsUnavailable as refused:  # beside the line that named them
                raise UnitsUnavailable(refused.detail, refused.serials,
                                       field=serials_field(lines, refused.serials)) from refused
            assert sale.id is not None
            if finish is not None:
                finish(uow, sale.id)
            uow.commit()
        return sale, sale.id

    @staticmethod
    def _record(uow: SalesUnitOfWork, sale: Sale, user_id: int, now: datetime) -> None:
        """The sale, its stock taken, its number, its account charge, its money in the drawer. Any
        refusal here (short of stock, over the credit limit, no open drawer) rolls it all back."""
        uow.sales.add(sale)
        assert sale.id is not None
        lines = [Line(item.product_id, item.quantity, item.serials) for item in sale.items]
        uow.stock.take(lines, MovementKind.SALE, Reference(sale_id=sale.id), user_id, now)
        # The number comes late: its counter row stays locked until commit, so sales queue on it briefly.
        sale.number = sale_number(uow.numbers.next(SALE_COUNTER))
        if sale.on_account > ZERO:
            assert sale.customer_id is not None
            charge = uow.accounts.charge(sale.customer_id, sale.on_account, description=f"Sale {sale.number}",
                                         user_id=user_id, now=now, sale_id=sale.id, field="payments")
            sale.charge_id = charge.id
        uow.sales.finish(sale)
        uow.tenders.record(EntryKind.SALE, [Tender(p.method, p.amount) for p in sale.payments],
                           Document(sale_id=sale.id, customer_id=sale.customer_id, movement_id=sale.charge_id),
                           user_id=user_id, now=now)

    @staticmethod
    def _customer(uow: SalesUnitOfWork, customer_id: int | None) -> Buyer | None:
        holder = None if customer_id is None else uow.accounts.account_holder(customer_id)
        return None if holder is None or customer_id is None else Buyer(customer_id, holder.is_deleted)



def _priced(found: Mapping[int, ProductSnapshot]) -> dict[int, PricedProduct]:
    return {pid: PricedProduct(s.id, s.sku, s.name, s.price, s.cost, s.is_sellable, s.tax_rate)
            for pid, s in found.items()}


def serialized_lines(lines: Sequence[SaleLine], found: Mapping[int, ProductSnapshot]) -> list[SaleLine]:
    """The lines with their serials normalised (trimmed, upper-case), or the refusal (422, on
    ``items[i].serials``): a serialized product's line names exactly ``quantity`` serials of its kind, none
    named twice (on that line or another line of the product); a product that is not serialized names none."""
    problems = FieldProblems()
    named: dict[int, set[str]] = {}
    normalised = []
    for index, line in enumerate(lines):
        serials = tuple(normalise_serial(s) for s in line.serials or ())
        normalised.append(attrs.evolve(line, serials=list(serials)))
        product = found.get(line.product_id)
        if product is None:
            continue  # the sale refuses it on ``items[i].product_id``
        field = f"items[{index}].serials"
        if product.serial_kind is None:
            if serials:
                problems.check(field, f"{product.sku} is not serialized: name no serials")
            continue
        for problem in serials_problems(product.serial_kind, serials, line.quantity):
            problems.check(field, problem)
        earlier = named.setdefault(line.product_id, set())
        twice = sorted(set(serials) & earlier)
        if twice:
            problems.check(field, "names a serial another line names: " + ", ".join(twice))
        earlier.update(serials)
    problems.raise_if_any()
    return normalised


def serials_field(lines: Sequence[SaleLine], serials: Sequence[str]) -> str:
    """The field of the first line naming one of ``serials`` (``items`` when none does)."""
    refused = set(serials)
    return next((f"items[{index}].serials" for index, line in enumerate(lines)
                 if refused & set(line.serials or ())), "items")


class VoidSale:
    """An admin voids a sale, giving a reason: its stock comes back (``sale_void`` movements), its account
    charge is reversed, and it is marked voided, in one transaction. Twice is refused (409).
    A void is a security event."""

    def __init__(self, uow: SalesUnitOfWorkFactory, clock: Clock, events: SecurityEvents | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._events = events or NoSecurityEvents()

    def __call__(self, actor: User, sale_id: int, command: VoidReason) -> Sale:
        require_manager(actor)
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
            lines = [Line(item.product_id, item.quantity, item.serials) for item in sale.items]
            uow.stock.put_back(lines, MovementKind.SALE_VOID, Reference(sale_id=sale_id), actor.id, now)
            if sale.charge_id is not None:
                uow.accounts.reverse(sale.charge_id, description=f"Sale {sale.number} voided", user_id=actor.id,
                                     now=now)
            uow.tenders.reverse(Document(sale_id=sale_id), user_id=actor.id, now=now)
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
    """Newest first, filtered by period, customer, status, number, or a search (``q``) of part of the number or
    of the customer's name, any letter case (a deleted customer's sales too: they stay theirs)."""

    def __init__(self, uow: SalesUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, query: SaleQuery, page: PageRequest) -> Page[Sale]:
        start, end = days(query.first, query.last)
        status = SaleStatus(query.status) if query.status else None
        number = query.number.strip().upper() if query.number and query.number.strip() else None
        if query.q is not None and (problem := SEARCH.problem(query.q)):
            raise ValidationFailed.single("q", problem)
        text = search_term(query.q) if query.q and query.q.strip() else None
        wanted = SaleFilter(start, end, query.customer_id, status, number, text)
        with self._uow(read_only=True) as uow:
            return uow.sales.list(wanted, page)
