"""Purchase orders: managers and admins create, edit (while draft), order and cancel them; staff receive goods.

Receiving is one transaction: the order's row locked (receipts of one order queue), each line never more than
is outstanding (409), then through the catalog's port one ``purchase`` movement per line referencing the order,
the stock and the weighted average cost moved in one statement on each product row (in product id order, as
sales lock them), the quantities received and the status, and the receipt.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs

from techstore.application.catalog.ports import CostedLine
from techstore.application.purchasing.commands import (
    NewOrderLine,
    NewPurchaseOrder,
    NewReceipt,
    OrderQuery,
    PurchaseOrderChanges,
)
from techstore.application.purchasing.ports import PurchasingUnitOfWork, PurchasingUnitOfWorkFactory
from techstore.application.purchasing.suppliers import live_supplier, require_buyer
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.catalog.stock import Reference
from techstore.domain.identity.users import User
from techstore.domain.notifications.messages import Attachment, Channel, Message
from techstore.domain.purchasing.orders import (
    COUNTER,
    OrderLine,
    OrderStatus,
    PurchaseOrder,
    Receipt,
    ReceivedLine,
    Suggestion,
    SuggestionGroup,
    WantedLine,
    draftable,
    duplicate_line_ids,
    grouped,
    line_problems,
    order_number,
)
from techstore.domain.purchasing.suppliers import notes_problem
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import Conflict, FieldProblems, NotFound

MAIL_TEMPLATE = "purchase_order"
ATTACHMENT = "purchase_order"  # the attachment kind the web layer renders as the order's PDF


def order_not_found(order_id: int) -> NotFound:
    return NotFound(f"Purchase order {order_id} does not exist.")


def _supplier_for_order(uow: PurchasingUnitOfWork, supplier_id: int) -> None:
    supplier = uow.suppliers.get_for_share(supplier_id)
    if supplier is None or supplier.is_deleted:
        raise Conflict(f"There is no supplier {supplier_id}.", field="supplier_id")


def _lines(uow: PurchasingUnitOfWork, wanted: Sequence[NewOrderLine]) -> list[OrderLine]:
    asked = [WantedLine(line.product_id, line.quantity, line.unit_cost) for line in wanted]
    line_problems(asked).raise_if_any()
    found = uow.stock.sellable([line.product_id for line in asked])
    problems = FieldProblems()
    for index, line in enumerate(asked):
        product = found.get(line.product_id)
        if product is None or product.is_deleted:
            problems.check(f"lines[{index}].product_id", f"there is no product {line.product_id}")
    if problems.errors:
        first = problems.errors[0]
        raise Conflict(f"{first.field}: {first.message}.", field=first.field)
    return [OrderLine(None, line.product_id, found[line.product_id].sku, found[line.product_id].name,
                      line.quantity, line.unit_cost) for line in asked]


def _check_notes(notes: str | None) -> None:
    problems = FieldProblems()
    problems.check("notes", notes_problem(notes))
    problems.raise_if_any()


class ListPurchaseOrders:
    def __init__(self, uow: PurchasingUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, query: OrderQuery, page: PageRequest) -> Page[PurchaseOrder]:
        with self._uow(read_only=True) as uow:
            return uow.purchase_orders.list(query, page)


@attrs.frozen
class OrderView:
    order: PurchaseOrder
    supplier_name: str
    supplier_email: str | None
    receipts: Sequence[Receipt]


class GetPurchaseOrder:
    def __init__(self, uow: PurchasingUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, order_id: int) -> PurchaseOrder:
        with self._uow(read_only=True) as uow:
            order = uow.purchase_orders.get(order_id)
        if order is None:
            raise order_not_found(order_id)
        return order

    def view(self, actor: User, order_id: int) -> OrderView:
        """The order with its supplier's name and its receipts (the order's page, its PDF)."""
        with self._uow(read_only=True) as uow:
            order = uow.purchase_orders.get(order_id)
            if order is None:
                raise order_not_found(order_id)
            supplier = uow.suppliers.get(order.supplier_id)
            receipts = uow.purchase_orders.receipts(order_id)
        return OrderView(order, supplier.name if supplier else "?", supplier.email if supplier else None, receipts)


class CreatePurchaseOrder:
    """Managers and admins: a ``draft`` numbered ``PO-000001`` (gap-free: the counter in this transaction)."""

    def __init__(self, uow: PurchasingUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, command: NewPurchaseOrder) -> PurchaseOrder:
        require_buyer(actor)
        assert actor.id is not None
        _check_notes(command.notes)
        now = self._clock.now()
        with self._uow() as uow:
            order = new_order(uow, command.supplier_id, command.lines, actor.id, now, command.expected_date,
                              command.notes)
            uow.commit()
        return order


def new_order(uow: PurchasingUnitOfWork, supplier_id: int, wanted: Sequence[NewOrderLine], user_id: int,
              now: datetime, expected_date: object = None, notes: str = "", number: int | None = None
              ) -> PurchaseOrder:
    """``number``: one this transaction has taken from the counter already (else the next is taken here)."""
    _supplier_for_order(uow, supplier_id)
    lines = _lines(uow, wanted)
    if number is None:
        number = uow.numbers.next(COUNTER)  # as late as it can: the counter's row is locked
    order = PurchaseOrder(None, order_number(number), supplier_id, OrderStatus.DRAFT, lines, expected_date,  # type: ignore[arg-type]
                          (notes or "").strip(), user_id, now, now)
    return uow.purchase_orders.add(order)


class UpdatePurchaseOrder:
    """Managers and admins, while ``draft`` (409 otherwise): supplier, lines (all replaced), expected date, notes."""

    def __init__(self, uow: PurchasingUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, order_id: int, changes: PurchaseOrderChanges,
                 given: frozenset[str] | None = None) -> PurchaseOrder:
        require_buyer(actor)
        _check_notes(changes.notes)
        given = given if given is not None else frozenset()
        with self._uow() as uow:
            order = uow.purchase_orders.get_for_update(order_id)
            if order is None:
                raise order_not_found(order_id)
            order.check_editable()
            if changes.supplier_id is not None:
                _supplier_for_order(uow, changes.supplier_id)
                order.supplier_id = changes.supplier_id
            if changes.lines is not None:
                order.lines = _lines(uow, changes.lines)
            if changes.expected_date is not None or "expected_date" in given:
                order.expected_date = changes.expected_date
            if changes.notes is not None:
                order.notes = changes.notes.strip()
            order.updated_at = self._clock.now()
            uow.purchase_orders.update(order, lines_replaced=changes.lines is not None)
            uow.commit()
        return order


class MovePurchaseOrder:
    """Managers and admins: ``order`` (draft → ordered) or ``cancel`` (from draft or ordered); 409 otherwise."""

    def __init__(self, uow: PurchasingUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, order_id: int, action: str) -> PurchaseOrder:
        require_buyer(actor)
        now = self._clock.now()
        with self._uow() as uow:
            order = uow.purchase_orders.get_for_update(order_id)
            if order is None:
                raise order_not_found(order_id)
            if action == "order":
                order.order(now)
            elif action == "cancel":
                order.cancel(now)
            else:
                raise ValueError(action)
            uow.purchase_orders.update(order)
            uow.commit()
        return order


class ReceiveGoods:
    """Any signed-in staff: what came in, per line (see the module's docstring). 201 with the receipt."""

    def __init__(self, uow: PurchasingUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, order_id: int, command: NewReceipt) -> Receipt:
        assert actor.id is not None
        duplicate_line_ids([(line.line_id, line.quantity) for line in command.lines])
        now = self._clock.now()
        with self._uow() as uow:
            order = uow.purchase_orders.get_for_update(order_id)
            if order is None:
                raise order_not_found(order_id)
            wanted = {line.line_id: line.quantity for line in command.lines}
            serials = {line.line_id: tuple(line.serials) for line in command.lines}
            received = order.receive(wanted, now)
            assert order.id is not None
            costed = [CostedLine(line.product_id, wanted[line.id], line.unit_cost, serials[line.id])
                      for line in received if line.id is not None]
            uow.stock.receive(costed, Reference(purchase_order_id=order.id), actor.id, now)
            uow.purchase_orders.update(order)
            receipt = Receipt(None, order.id, [
                ReceivedLine(line.id, line.product_id, line.sku, line.name, wanted[line.id], line.unit_cost,
                             serials[line.id])
                for line in received if line.id is not None
            ], actor.id, now)
            receipt = uow.purchase_orders.add_receipt(receipt)
            uow.commit()
        return receipt


class GetReceipt:
    def __init__(self, uow: PurchasingUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, order_id: int, receipt_id: int) -> tuple[PurchaseOrder, Receipt]:
        with self._uow(read_only=True) as uow:
            order = uow.purchase_orders.get(order_id)
            receipt = uow.purchase_orders.receipt(receipt_id)
        if order is None or receipt is None or receipt.purchase_order_id != order_id:
            raise NotFound(f"Purchase order {order_id} has no receipt {receipt_id}.")
        return order, receipt


class ReorderSuggestions:
    """Active products at or below their minimum stock, ``min_stock + reorder_quantity − stock`` each, grouped
    by preferred supplier (products without one in a group of their own, last), each with what it has on open
    orders (``on_order``)."""

    def __init__(self, uow: PurchasingUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User) -> list[SuggestionGroup]:
        with self._uow(read_only=True) as uow:
            return grouped(uow.purchase_orders.suggestions())


class OrderSuggestions:
    """Managers and admins: one draft order per supplier from the suggestions (each at its last cost, else
    0.00 to fill in); products without a preferred supplier are left for a person to order, and so are products
    with something on an open order already (``Suggestion.to_draft``): pressing it twice makes the drafts once.
    Nothing to draft makes nothing (an empty list, as it always has).

    Two buyers pressing it at once: the purchase-order counter's row is locked before the suggestions are read
    (the number taken then is the first draft's), so the second waits for the first to commit and then reads its
    drafts as on order (PostgreSQL reads each statement afresh; SQLite and the memory store run writers one at a
    time). Nothing left to draft rolls back: the number is given back."""

    def __init__(self, uow: PurchasingUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User) -> list[PurchaseOrder]:
        require_buyer(actor)
        assert actor.id is not None
        now = self._clock.now()
        made: list[PurchaseOrder] = []
        with self._uow() as uow:
            if not draftable(grouped(uow.purchase_orders.suggestions())):
                return made  # nothing to draft: no lock taken, nothing written
            number: int | None = uow.numbers.next(COUNTER)  # locked until this transaction ends
            for group in draftable(grouped(uow.purchase_orders.suggestions())):  # read again, under the lock
                assert group.supplier_id is not None
                lines = [_suggested_line(s) for s in group.suggestions]
                made.append(new_order(uow, group.supplier_id, lines, actor.id, now, number=number))
                number = None
            if made:
                uow.commit()
        return made


def _suggested_line(suggestion: Suggestion) -> NewOrderLine:
    from decimal import Decimal

    cost = suggestion.last_cost if suggestion.last_cost is not None else Decimal("0.00")
    return NewOrderLine(suggestion.product_id, suggestion.quantity, cost)


class EmailPurchaseOrder:
    """Managers and admins: the order, its PDF attached, to the supplier's email through the outbox (409 without
    an email, or for a cancelled order)."""

    def __init__(self, uow: PurchasingUnitOfWorkFactory, clock: Clock, store_name: str = "TechStore") -> None:
        self._uow = uow
        self._clock = clock
        self._store_name = store_name

    def __call__(self, actor: User, order_id: int) -> Message:
        require_buyer(actor)
        now = self._clock.now()
        with self._uow() as uow:
            order = uow.purchase_orders.get(order_id)
            if order is None:
                raise order_not_found(order_id)
            if order.status is OrderStatus.CANCELLED:
                raise Conflict(f"Purchase order {order.number} is cancelled: it is not sent.", field="status")
            supplier = live_supplier(uow, order.supplier_id)
            if not supplier.email:
                raise Conflict(f"{supplier.name} has no email address: add one to the supplier first.",
                               field="email")
            assert order.id is not None
            facts = {"number": order.number, "supplier_name": supplier.name, "contact_name": supplier.contact_name,
                     "store_name": self._store_name, "total": str(order.total),
                     "expected_date": order.expected_date.isoformat() if order.expected_date else None,
                     "lines": [{"sku": line.sku, "name": line.name, "quantity": line.quantity,
                                "unit_cost": str(line.unit_cost)} for line in order.lines]}
            message = uow.outbox.add(Message(
                None, Channel.EMAIL, supplier.email, f"Purchase order {order.number}", MAIL_TEMPLATE, facts, now,
                attachments=(Attachment(ATTACHMENT, order.id, f"Purchase order {order.number}.pdf"),)))
            uow.commit()
        return message
