"""The documents messages attach, rendered when the message is sent: ``{kind: render(document_id) -> bytes}``.

``repair_invoice``: a delivered repair's invoice, the A4 PDF its page prints (``render_repair_invoice_pdf``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from types import SimpleNamespace
from typing import Any

from techstore.entrypoints.web import invoices
from techstore.entrypoints.web.mail import AttachmentRenderer
from techstore.entrypoints.web.receipts import invoice_pdf
from techstore.settings import Settings


def _no_request(settings: Settings) -> Any:
    """What the printed templates read of a request (the app's settings: the store's name, its tax id), when a
    worker renders them outside any request."""
    return SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(settings=settings)))


def render_repair_invoice_pdf(uow: Callable[..., Any], settings: Settings, repair_id: int) -> bytes:
    """The repair's invoice as an A4 PDF (the repair must be delivered)."""
    with uow(read_only=True) as tx:
        repair = tx.repairs.get(repair_id)
        if repair is None:
            raise LookupError(f"repair {repair_id} does not exist")
        customer = tx.customers.get(repair.customer_id) if repair.customer_id is not None else None
    invoice = invoices.of_repair(repair, customer)
    context = {"invoice": invoice, "store_name": settings.store_name, "store_address": settings.store_address,
               "voided": False}
    return invoice_pdf(_no_request(settings), context, "invoices/_a4.html", f"Invoice {repair.number}")


def render_purchase_order_pdf(uow: Callable[..., Any], settings: Settings, order_id: int) -> bytes:
    """The purchase order, as its supplier reads it (the A4 sheet of its printable page)."""
    from techstore.application.purchasing.orders import OrderView
    from techstore.entrypoints.web.purchase_orders import SHEET, sheet_context

    with uow(read_only=True) as tx:
        order = tx.purchase_orders.get(order_id)
        if order is None:
            raise LookupError(f"purchase order {order_id} does not exist")
        supplier = tx.suppliers.get(order.supplier_id)
        receipts = tx.purchase_orders.receipts(order_id)
    view = OrderView(order, supplier.name if supplier else "?", supplier.email if supplier else None, receipts)
    return invoice_pdf(_no_request(settings), sheet_context(view, settings), SHEET, f"Purchase order {order.number}")


def attachment_renderers(uow: Callable[..., Any], settings: Settings) -> dict[str, AttachmentRenderer]:
    """Every kind of attachment a message may name, bound to the app's unit of work and settings."""
    return {"repair_invoice": partial(render_repair_invoice_pdf, uow, settings),
            "purchase_order": partial(render_purchase_order_pdf, uow, settings)}
