"""A purchase order as the supplier reads it: the A4 sheet its printable page shows and its PDF (WeasyPrint,
the invoices' stylesheet), also attached to the email to the supplier (``mail_attachments``)."""

from __future__ import annotations

from typing import Any

from techstore.application.purchasing.orders import OrderView
from techstore.entrypoints.web.receipts import invoice_pdf

SHEET = "purchasing/_sheet.html"


def sheet_context(view: OrderView, settings: Any) -> dict[str, Any]:
    return {"view": view, "order": view.order, "store_name": settings.store_name,
            "store_address": getattr(settings, "store_address", "")}


def purchase_order_pdf(request: Any, view: OrderView) -> bytes:
    settings = request.app.state.settings
    return invoice_pdf(request, sheet_context(view, settings), SHEET, f"Purchase order {view.order.number}")
