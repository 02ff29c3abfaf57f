"""Returns against completed sales: make one (atomically, at most once per idempotency key), read them."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs

from techstore.application.sales.approvals import Approver, refuse_every_approver
from techstore.application.sales.commands import NewReturn, ReturnQuery
from techstore.application.sales.ports import ApproverCheck, ReturnFilter, SalesUnitOfWorkFactory
from techstore.application.sales.sales import UNKNOWN_ADDRESS, sale_not_found
from techstore.application.shared.idempotency import Finish, Idempotent, KeyedRequest, Outcome
from techstore.application.shared.pages import Page, PageRequest
from techstore.application.shared.periods import days
from techstore.domain.cash.journal import Document, EntryKind, Tender
from techstore.domain.catalog.stock import Line, MovementKind, Reference
from techstore.domain.catalog.units import normalise_serial
from techstore.domain.identity.users import User
from techstore.domain.sales.approvals import ApprovalLimits, refund_reasons
from techstore.domain.sales.returns import (
    Return,
    ReturnItem,
    Wanted,
    left_to_return,
    refund_problems,
    refund_total,
    return_number,
    returned_items,
    returned_quantities,
    returned_serials,
)
from techstore.domain.sales.rules import MAX_LINES, MAX_PAYMENTS
from techstore.domain.sales.sales import ZERO, Payment, Sale
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import FieldProblems, NotFound
from techstore.domain.shared.payments import PaymentMethod

RETURN_COUNTER = "return"


def return_not_found(return_id: int) -> NotFound:
    return NotFound(f"Return {return_id} does not exist.")


def _wanted(command: NewReturn, problems: FieldProblems) -> list[Wanted]:
    """One line per product (lines of one product add up, with their serials; restocked if any of them says
    so)."""
    merged: dict[int, Wanted] = {}
    for line in command.items:
        earlier = merged.get(line.product_id)
        serials = tuple(normalise_serial(s) for s in line.serials or ())
        merged[line.product_id] = Wanted(line.product_id, line.quantity, line.restock, serials) \
            if earlier is None else Wanted(line.product_id, earlier.quantity + line.quantity,
                                           earlier.restock or line.restock, earlier.serials + serials)
    if not merged:
        problems.check("items", "must name at least one product")
    if len(command.items) > MAX_LINES:
        problems.check("items", f"must name at most {MAX_LINES} lines")
    return list(merged.values())


def _refunds(command: NewReturn, problems: FieldProblems) -> list[Payment]:
    if len(command.refunds) > MAX_PAYMENTS:
        problems.check("refunds", f"must be at most {MAX_PAYMENTS}")
    return [Payment(line.method, line.amount) for line in command.refunds]


class MakeReturn:
    """Staff take back items of a completed sale; a refund above the limit needs a manager's approval
    (``domain.sales.approvals``), checked before anything is written. One transaction under the sale's row lock
    (concurrent returns of one sale queue, so together they never return more than was sold): restocked items go back
    through the catalog's port (``return`` movements), the ``account`` part becomes a ``refund`` on the
    customer's account, the sale's ``refunded_total`` grows, the gap-free number is given last."""

    def __init__(self, uow: SalesUnitOfWorkFactory, clock: Clock, limits: ApprovalLimits | None = None,
                 approvers: ApproverCheck = refuse_every_approver) -> None:
        self._uow = uow
        self._clock = clock
        self._idempotent = Idempotent(uow, clock)
        self._limits = limits or ApprovalLimits()  # TECHSTORE_REFUND_LIMIT
        self._approvers = approvers

    def __call__(self, actor: User, sale_id: int, command: NewReturn, address: str = UNKNOWN_ADDRESS) -> Return:
        ret, _ = self._make(actor, sale_id, command, address)
        return ret

    def once(self, actor: User, sale_id: int, command: NewReturn, request: KeyedRequest,
             address: str = UNKNOWN_ADDRESS) -> Outcome[Return]:
        """The same, at most once per ``request``'s key: a retry gets the first return's id (a return
        never changes once made)."""
        return self._idempotent.run(request, lambda finish: self._make(actor, sale_id, command, address, finish))

    def _make(self, actor: User, sale_id: int, command: NewReturn, address: str, finish: Finish | None = None
              ) -> tuple[Return, int]:
        assert actor.id is not None
        approver = Approver.of(self._approvers, actor, command.approval, address)  # before the transaction
        problems = FieldProblems()
        wanted = _wanted(command, problems)
        refunds = _refunds(command, problems)
        reason = command.reason.strip()
        if not reason:
            problems.check("reason", "is required")
        with self._uow() as uow:
            sale = uow.sales.get_for_update(sale_id)
            if sale is None:
                raise sale_not_found(sale_id)
            problems.raise_if_any()
            earlier = uow.returns.of_sale(sale_id)
            items = returned_items(sale, wanted, returned_quantities(earlier), returned_serials(earlier))
            total = refund_total(items)
            refund_problems(total, refunds, sale.customer_id).raise_if_any()
            approved_by = approver.approves(actor, refund_reasons(total, self._limits))
            now = self._clock.now()
            ret = uow.returns.add(Return(None, None, sale_id, items, total, refunds, reason, actor.id, now,
                                         approved_by=approved_by))
            assert ret.id is not None
            back = [Line(item.product_id, item.quantity, item.serials) for item in items if item.restocked]
            if back:
                uow.stock.put_back(back, MovementKind.RETURN, Reference(return_id=ret.id), actor.id, now)
            damaged = [Line(item.product_id, item.quantity, item.serials) for item in items
                       if not item.restocked and item.serials]
            if damaged:  # units that came back damaged: marked so, never in stock again
                uow.stock.write_off(damaged, Reference(return_id=ret.id), now)
            ret.number = return_number(uow.numbers.next(RETURN_COUNTER))
            on_account = sum((r.amount for r in refunds if r.method is PaymentMethod.ACCOUNT), ZERO)
            if on_account > ZERO:
                assert sale.customer_id is not None
                refund = uow.accounts.refund(sale.customer_id, on_account, description=f"Return {ret.number}",
                                             user_id=actor.id, now=now, sale_id=sale_id, field="refunds")
                ret.refund_id = refund.id
            uow.returns.finish(ret)
            uow.tenders.record(EntryKind.REFUND, [Tender(r.method, r.amount) for r in refunds],
                               Document(sale_id=sale_id, return_id=ret.id, customer_id=sale.customer_id,
                                        movement_id=ret.refund_id), user_id=actor.id, now=now)
            uow.sales.refunded(sale_id, sale.refunded_total + total)
            if finish is not None:
                finish(uow, ret.id)
            uow.commit()
        return ret, ret.id


@attrs.frozen
class ReturnQuote:
    """What the return page shows: the sale, what is left to return of each product, and the items and
    refund total of the quantities typed so far (priced on the server)."""

    sale: Sale
    left: dict[int, int]
    items: list[ReturnItem]
    total: Decimal
    back: dict[int, set[str]] = attrs.Factory(dict)  # serials already returned, per product


class QuoteReturn:
    """The refund a return of ``wanted`` would make now; ``Conflict`` if it asks more than is left."""

    def __init__(self, uow: SalesUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, sale_id: int, wanted: Sequence[Wanted]) -> ReturnQuote:
        with self._uow(read_only=True) as uow:
            sale = uow.sales.get(sale_id)
            if sale is None:
                raise sale_not_found(sale_id)
            earlier = uow.returns.of_sale(sale_id)
            already = returned_quantities(earlier)
            back = returned_serials(earlier)
        items = returned_items(sale, wanted, already, back) if wanted else []
        return ReturnQuote(sale, left_to_return(sale, already), items,
                           sum((item.refund_amount for item in items), ZERO), back)


class GetReturn:
    def __init__(self, uow: SalesUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, return_id: int) -> Return:
        with self._uow(read_only=True) as uow:
            ret = uow.returns.get(return_id)
        if ret is None:
            raise return_not_found(return_id)
        return ret


class ReturnsOfSale:
    def __init__(self, uow: SalesUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, sale_id: int) -> list[Return]:
        with self._uow(read_only=True) as uow:
            if uow.sales.get(sale_id) is None:
                raise sale_not_found(sale_id)
            return uow.returns.of_sale(sale_id)


class ListReturns:
    """Newest first, by period."""

    def __init__(self, uow: SalesUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, query: ReturnQuery, page: PageRequest) -> Page[Return]:
        start, end = days(query.first, query.last)
        with self._uow(read_only=True) as uow:
            return uow.returns.list(ReturnFilter(start, end), page)
