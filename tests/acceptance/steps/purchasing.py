"""Suppliers, purchase orders, receiving at a weighted cost and reorder suggestions, through the purchasing
use cases (features/purchasing)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pytest_bdd import given, then, when

from techstore.application.purchasing.commands import (
    NewOrderLine,
    NewPurchaseOrder,
    NewReceipt,
    NewSupplier,
    OrderQuery,
    PurchaseOrderChanges,
    ReceivedLineIn,
    SupplierChanges,
)
from techstore.application.shared.pages import MAX_LIMIT, PageRequest
from techstore.domain.catalog.stock import MovementKind
from techstore.domain.notifications.messages import Channel, Message, MessageStatus
from techstore.domain.purchasing.orders import PurchaseOrder
from tests.acceptance.steps.catalog import _keeper, _ledger, _new_product, _product, _product_id
from tests.acceptance.steps.grammar import phrase
from tests.acceptance.steps.story import Story
from tests.acceptance.steps.units import _serials


@pytest.fixture
def supplier_ids() -> dict[str, int]:
    """The scenario's suppliers by name, deleted ones too (the newest of a name wins)."""
    return {}


def _purchasing(story: Story) -> Any:
    return story.container.purchasing


def _supplier_id(supplier_ids: dict[str, int], name: str) -> int:
    return supplier_ids.get(name, 999_999)  # a supplier that does not exist


def _orders(story: Story) -> list[PurchaseOrder]:
    with story.container.adapters.uow(read_only=True) as uow:
        page = uow.purchase_orders.list(OrderQuery(), PageRequest(limit=MAX_LIMIT))
    return sorted(page.items, key=lambda order: order.number)


def _order(story: Story, number: str) -> PurchaseOrder:
    found = [order for order in _orders(story) if order.number == number]
    assert found, f"no purchase order {number!r} among {[o.number for o in _orders(story)]}"
    return found[0]


def _order_id(story: Story, number: str) -> int:
    order_id = _order(story, number).id
    assert order_id is not None
    return order_id


def _add_supplier(story: Story, supplier_ids: dict[str, int], actor: Any, name: str, email: str | None) -> Any:
    supplier = story.attempt(_purchasing(story).create_supplier(), actor, NewSupplier(name, email=email))
    if getattr(supplier, "id", None) is not None:
        supplier_ids[name] = supplier.id
    return supplier


def _draft(story: Story, supplier_ids: dict[str, int], quantity: int, sku: str, cost: str, supplier: str) -> Any:
    return _purchasing(story).create_purchase_order()(_keeper(story), NewPurchaseOrder(
        _supplier_id(supplier_ids, supplier), [NewOrderLine(_product_id(story, sku), quantity, Decimal(cost))]))


def _receive(story: Story, actor: str, number: str, sku: str, quantity: int, serials: list[str]) -> Any:
    order = _order(story, number)
    line_id = next(line.id for line in order.lines if line.sku == sku)
    return story.attempt(_purchasing(story).receive_goods(), story.actor(actor), order.id,
                         NewReceipt([ReceivedLineIn(line_id, quantity, serials)]))


# ---------------------------------------------------------------- the stage

@given(phrase('a supplier "{name:Q}"'))
def _(story: Story, supplier_ids: dict[str, int], name: str) -> None:
    _add_supplier(story, supplier_ids, _keeper(story), name, None)
    story.accepted()


@given(phrase('a supplier "{name:Q}" with the email "{email:Q}"'))
def _(story: Story, supplier_ids: dict[str, int], name: str, email: str) -> None:
    _add_supplier(story, supplier_ids, _keeper(story), name, email)
    story.accepted()


@given(phrase('"{actor:Q}" has deleted the supplier "{name:Q}"'))
def _(story: Story, supplier_ids: dict[str, int], actor: str, name: str) -> None:
    _purchasing(story).delete_supplier()(story.actor(actor), _supplier_id(supplier_ids, name))


@given(phrase('a product "{sku:Q}" with {stock:d} in stock at cost {cost}'))
def _(story: Story, sku: str, stock: int, cost: str) -> None:
    _new_product(story, sku=sku, stock=stock, cost=Decimal(cost))


@given(phrase('a product "{sku:Q}" with {stock:d} in stock and no cost'))
def _(story: Story, sku: str, stock: int) -> None:
    _new_product(story, sku=sku, stock=stock)


@given(phrase('a product "{sku:Q}" supplied by "{supplier:Q}" with {stock:d} in stock at cost {cost}, '
              'a minimum of {minimum:d} and a reorder quantity of {reorder:d}'))
def _(story: Story, supplier_ids: dict[str, int], sku: str, supplier: str, stock: int, cost: str, minimum: int,
      reorder: int) -> None:
    _new_product(story, sku=sku, stock=stock, cost=Decimal(cost), min_stock=minimum, reorder_quantity=reorder,
                 supplier_id=_supplier_id(supplier_ids, supplier))


@given(phrase('a product "{sku:Q}" with {stock:d} in stock at cost {cost}, a minimum of {minimum:d} and a reorder '
              'quantity of {reorder:d}'))
def _(story: Story, sku: str, stock: int, cost: str, minimum: int, reorder: int) -> None:
    _new_product(story, sku=sku, stock=stock, cost=Decimal(cost), min_stock=minimum, reorder_quantity=reorder)


@given(phrase('a draft order from "{supplier:Q}" for {quantity:d} of "{sku:Q}" at {cost}'))
def _(story: Story, supplier_ids: dict[str, int], supplier: str, quantity: int, sku: str, cost: str) -> None:
    _draft(story, supplier_ids, quantity, sku, cost, supplier)


@given(phrase('a placed order from "{supplier:Q}" for {quantity:d} of "{sku:Q}" at {cost}'))
def _(story: Story, supplier_ids: dict[str, int], supplier: str, quantity: int, sku: str, cost: str) -> None:
    order = _draft(story, supplier_ids, quantity, sku, cost, supplier)
    _purchasing(story).move_purchase_order()(_keeper(story), order.id, "order")


@given(phrase('an order from "{supplier:Q}" for {quantity:d} of "{sku:Q}" at {cost}, brought to {status}'))
def _(story: Story, supplier_ids: dict[str, int], supplier: str, quantity: int, sku: str, cost: str,
      status: str) -> None:
    p, keeper = _purchasing(story), _keeper(story)
    order = _draft(story, supplier_ids, quantity, sku, cost, supplier)
    line_id = order.lines[0].id
    if status == "cancelled":
        p.move_purchase_order()(keeper, order.id, "cancel")
    if status in ("ordered", "partially_received", "received"):
        p.move_purchase_order()(keeper, order.id, "order")
    if status == "partially_received":
        p.receive_goods()(keeper, order.id, NewReceipt([ReceivedLineIn(line_id, 1)]))
    if status == "received":
        p.receive_goods()(keeper, order.id, NewReceipt([ReceivedLineIn(line_id, quantity)]))
    assert _order(story, order.number).status.value == status


@given(phrase('"{actor:Q}" has received {quantity:d} of "{sku:Q}" on "{number:Q}"'))
def _(story: Story, actor: str, quantity: int, sku: str, number: str) -> None:
    _receive(story, actor, number, sku, quantity, [])
    story.accepted()


# ---------------------------------------------------------------- suppliers

@when(phrase('"{actor:Q}" adds the supplier "{name:Q}" with the email "{email:Q}"'))
def _(story: Story, supplier_ids: dict[str, int], actor: str, name: str, email: str) -> None:
    _add_supplier(story, supplier_ids, story.actor(actor), name, email)


@when(phrase('"{actor:Q}" renames the supplier "{name:Q}" to "{new:Q}"'))
def _(story: Story, supplier_ids: dict[str, int], actor: str, name: str, new: str) -> None:
    supplier_id = _supplier_id(supplier_ids, name)
    if story.attempt(_purchasing(story).update_supplier(), story.actor(actor), supplier_id,
                     SupplierChanges(name=new)) is not None:
        supplier_ids[new] = supplier_id


@when(phrase('"{actor:Q}" deletes the supplier "{name:Q}"'))
def _(story: Story, supplier_ids: dict[str, int], actor: str, name: str) -> None:
    story.attempt(_purchasing(story).delete_supplier(), story.actor(actor), _supplier_id(supplier_ids, name))


@then(phrase('the suppliers are "{names:Q}"'))
def _(story: Story, names: str) -> None:
    listed = [s.name for s in _purchasing(story).all_suppliers()(_keeper(story))]
    assert listed == ([] if names == "none" else [n.strip() for n in names.split(",")]), listed


@then(phrase('the supplier "{name:Q}" has the email "{email:Q}"'))
def _(story: Story, supplier_ids: dict[str, int], name: str, email: str) -> None:
    supplier = _purchasing(story).get_supplier()(_keeper(story), _supplier_id(supplier_ids, name))
    assert supplier.email == email


@then(phrase('the order "{number:Q}" still names the supplier "{name:Q}"'))
def _(story: Story, supplier_ids: dict[str, int], number: str, name: str) -> None:
    order = _order(story, number)
    assert order.supplier_id == _supplier_id(supplier_ids, name)
    with story.container.adapters.uow(read_only=True) as uow:
        supplier = uow.suppliers.get(order.supplier_id)
    assert supplier is not None and supplier.name == name and supplier.is_deleted


# ---------------------------------------------------------------- orders

@when(phrase('"{actor:Q}" makes a draft order from "{supplier:Q}" for {quantity:d} of "{sku:Q}" at {cost}'))
def _(story: Story, supplier_ids: dict[str, int], actor: str, supplier: str, quantity: int, sku: str,
      cost: str) -> None:
    story.attempt(_purchasing(story).create_purchase_order(), story.actor(actor), NewPurchaseOrder(
        _supplier_id(supplier_ids, supplier), [NewOrderLine(_product_id(story, sku), quantity, Decimal(cost))]))


@when(phrase('"{actor:Q}" changes the order "{number:Q}" to {quantity:d} of "{sku:Q}" at {cost}'))
def _(story: Story, actor: str, number: str, quantity: int, sku: str, cost: str) -> None:
    story.attempt(_purchasing(story).update_purchase_order(), story.actor(actor), _order_id(story, number),
                  PurchaseOrderChanges(lines=[NewOrderLine(_product_id(story, sku), quantity, Decimal(cost))]))


@when(phrase('"{actor:Q}" places the order "{number:Q}"'))
def _(story: Story, actor: str, number: str) -> None:
    story.attempt(_purchasing(story).move_purchase_order(), story.actor(actor), _order_id(story, number), "order")


@when(phrase('"{actor:Q}" cancels the order "{number:Q}"'))
def _(story: Story, actor: str, number: str) -> None:
    story.attempt(_purchasing(story).move_purchase_order(), story.actor(actor), _order_id(story, number), "cancel")


@then(phrase('the order "{number:Q}" is {status:w}'))
def _(story: Story, number: str, status: str) -> None:
    assert _order(story, number).status.value == status


@then(phrase('the order "{number:Q}" is {status:w} with a total of {total}'))
def _(story: Story, number: str, status: str, total: str) -> None:
    order = _order(story, number)
    assert (order.status.value, order.total) == (status, Decimal(total))


@then(phrase('the purchase orders are numbered "{numbers:Q}"'))
def _(story: Story, numbers: str) -> None:
    got = [order.number for order in _orders(story)]
    assert got == ([] if numbers == "none" else [n.strip() for n in numbers.split(",")]), got


# ---------------------------------------------------------------- receiving

@when(phrase('"{actor:Q}" receives {quantity:d} of "{sku:Q}" on "{number:Q}"'))
def _(story: Story, actor: str, quantity: int, sku: str, number: str) -> None:
    _receive(story, actor, number, sku, quantity, [])


@when(phrase('"{actor:Q}" receives {quantity:d} of "{sku:Q}" on "{number:Q}" with the serials {serials}'))
def _(story: Story, actor: str, quantity: int, sku: str, number: str, serials: str) -> None:
    _receive(story, actor, number, sku, quantity, _serials(serials))


@then(phrase('{received:d} of {quantity:d} of "{sku:Q}" are received on "{number:Q}"'))
def _(story: Story, received: int, quantity: int, sku: str, number: str) -> None:
    line = next(line for line in _order(story, number).lines if line.sku == sku)
    assert (line.quantity_received, line.quantity) == (received, quantity)


@then(phrase('"{sku:Q}" has {stock:d} in stock'))
def _(story: Story, sku: str, stock: int) -> None:
    assert _product(story, sku).stock == stock


@then(phrase('"{sku:Q}" has {stock:d} in stock at cost {cost}'))
def _(story: Story, sku: str, stock: int, cost: str) -> None:
    product = _product(story, sku)
    assert (product.stock, product.cost) == (stock, Decimal(cost))


@then(phrase('the stock movements of "{sku:Q}" end with purchases of {quantities} on "{number:Q}"'))
def _(story: Story, sku: str, quantities: str, number: str) -> None:
    wanted = [int(q) for q in quantities.split(",")]
    movements = _ledger(story, sku)[-len(wanted):]
    order_id = _order_id(story, number)
    assert [(m.kind, m.quantity, m.reference.purchase_order_id) for m in movements] == [
        (MovementKind.PURCHASE, q, order_id) for q in wanted]
    assert movements[-1].stock_after == _product(story, sku).stock


# ---------------------------------------------------------------- suggestions

@when(phrase('"{actor:Q}" makes draft orders from the suggestions'))
def _(story: Story, actor: str) -> None:
    story.attempt(_purchasing(story).order_suggestions(), story.actor(actor))


@then("the reorder suggestions are:")
def _(story: Story, datatable: list[list[str]]) -> None:
    """Columns: supplier, sku, quantity, and "on order" when the table has it."""
    groups = _purchasing(story).reorder_suggestions()(_keeper(story))
    columns = {"supplier": lambda g, s: g.supplier_name or "none", "sku": lambda g, s: s.sku,
               "quantity": lambda g, s: str(s.quantity), "on order": lambda g, s: str(s.on_order)}
    got = [[columns[name](g, s) for name in datatable[0]] for g in groups for s in g.suggestions]
    assert got == datatable[1:], got


@then("it makes no draft orders")
def _(story: Story) -> None:
    assert story.accepted() == []


@then("the draft orders are:")
def _(story: Story, supplier_ids: dict[str, int], datatable: list[list[str]]) -> None:
    names = {supplier_id: name for name, supplier_id in supplier_ids.items()}
    got = [[o.number, names[o.supplier_id], line.sku, str(line.quantity), str(line.unit_cost)]
           for o in _orders(story) if o.status.value == "draft" for line in o.lines]
    assert got == datatable[1:], got


# ---------------------------------------------------------------- emailing an order


def _outbox(story: Story) -> list[Message]:
    with story.container.adapters.uow(read_only=True) as uow:
        return list(uow.outbox.list(None, PageRequest(limit=MAX_LIMIT)).items)


@when(phrase('"{actor:Q}" emails the order "{number:Q}" to its supplier'))
def _(story: Story, actor: str, number: str) -> None:
    story.attempt(_purchasing(story).email_purchase_order(), story.actor(actor), _order_id(story, number))


@then("the outbox is empty")
def _(story: Story) -> None:
    assert _outbox(story) == []


@then(phrase('the outbox holds one unsent email to "{to:Q}", "{subject:Q}", attaching "{filename:Q}"'))
def _(story: Story, to: str, subject: str, filename: str) -> None:
    (message,) = _outbox(story)
    assert (message.channel, message.status, message.to, message.subject) == (
        Channel.EMAIL, MessageStatus.UNSENT, to, subject)
    assert [(a.kind, a.filename) for a in message.attachments] == [("purchase_order", filename)]
