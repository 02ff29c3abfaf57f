"""Suppliers and purchase orders: the suppliers' list and forms (delete after a confirmation), the orders' list
with a status filter, an order's page (lines, the receive form, order/cancel/email), its printable sheet and
PDF, a receipt's page (with "Print labels for this receipt"), the reorder suggestions and their one action."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from starlette.responses import RedirectResponse, Response

from techstore.application.purchasing.commands import (
    NewOrderLine,
    NewPurchaseOrder,
    NewReceipt,
    NewSupplier,
    ReceivedLineIn,
    SupplierChanges,
)
from techstore.application.purchasing.suppliers import CLEARABLE
from techstore.application.shared.pages import MAX_LIMIT, PageRequest
from techstore.domain.purchasing.orders import LABELS, OrderStatus, draftable
from techstore.domain.shared.errors import Conflict, ValidationFailed
from techstore.entrypoints.api.purchasing.routes import order_query
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.problems import status_of
from techstore.entrypoints.http.seam import Call
from techstore.entrypoints.web.guard import Page
from techstore.entrypoints.web.pages.forms import FORM_ERROR, form_errors, list_page, read_form
from techstore.entrypoints.web.purchase_orders import purchase_order_pdf, sheet_context
from techstore.entrypoints.web.receipts import pdf_answer, wants_pdf
from techstore.entrypoints.web.templates import path_for, render

BUYER = Access.MANAGER  # managers and admins create, order and cancel; staff receive
FLASHES = {"created": "Saved.", "updated": "The changes were saved.", "deleted": "The supplier was deleted.",
           "ordered": "The order was placed.", "cancelled": "The order was cancelled.",
           "emailed": "The order was queued to the supplier's email.", "made": "Draft orders were made.",
           "nothing": "No draft orders were made: what is suggested is on an open order already, or has no "
                      "preferred supplier."}


def _see_other(call: Call, name: str, done: str | None = None, **params: object) -> Response:
    return RedirectResponse(path_for(call.request, name, **params) + (f"?done={done}" if done else ""),
                            status_code=303)


def _flash(call: Call) -> str | None:
    return FLASHES.get(call.query.get("done", ""))


# ---------------------------------------------------------------- suppliers

def supplier_list(call: Call) -> Response:
    page = call.services.purchasing.list_suppliers()(call.user, list_page(call.request))
    return render(call.request, "purchasing/suppliers.html",
                  {"suppliers": page.items, "page": page, "nav_active": "suppliers", "flash": _flash(call)})


def _supplier_form(call: Call, supplier: object, values: Mapping[str, object], errors: dict[str, str] | None = None,
                   status_code: int = 200) -> Response:
    errors = dict(errors or {})
    return render(call.request, "purchasing/supplier_form.html",
                  {"supplier": supplier, "values": values, "errors": errors, "nav_active": "suppliers",
                   "form_error": errors.pop(FORM_ERROR, None)}, status_code=status_code)


def new_supplier_form(call: Call) -> Response:
    return _supplier_form(call, None, {})


def create_supplier(call: Call) -> Response:
    try:
        call.services.purchasing.create_supplier()(call.user, read_form(call, NewSupplier))
    except (ValidationFailed, Conflict) as error:
        return _supplier_form(call, None, call.fields(), form_errors(error), status_of(error))
    return _see_other(call, "supplier_list", done="created")


def edit_supplier_form(call: Call) -> Response:
    supplier = call.services.purchasing.get_supplier()(call.user, call.path("supplier_id"))
    values = {"name": supplier.name, "contact_name": supplier.contact_name or "", "email": supplier.email or "",
              "phone": supplier.phone or "", "notes": supplier.notes}
    return _supplier_form(call, supplier, values)


def update_supplier(call: Call) -> Response:
    purchasing, supplier_id = call.services.purchasing, call.path("supplier_id")
    supplier = purchasing.get_supplier()(call.user, supplier_id)
    try:
        changes = read_form(call, SupplierChanges)
        purchasing.update_supplier()(call.user, supplier_id, changes, CLEARABLE)
    except (ValidationFailed, Conflict) as error:
        return _supplier_form(call, supplier, call.fields(), form_errors(error), status_of(error))
    return _see_other(call, "supplier_list", done="updated")


def confirm_delete_supplier(call: Call) -> Response:
    supplier = call.services.purchasing.get_supplier()(call.user, call.path("supplier_id"))
    return render(call.request, "purchasing/supplier_delete.html", {"supplier": supplier, "nav_active": "suppliers"})


def delete_supplier(call: Call) -> Response:
    supplier_id = call.path("supplier_id")
    if call.form.get("confirm") != "yes":
        return _see_other(call, "confirm_delete_supplier", supplier_id=supplier_id)
    call.services.purchasing.delete_supplier()(call.user, supplier_id)
    return _see_other(call, "supplier_list", done="deleted")


# ---------------------------------------------------------------- purchase orders

def purchase_order_list(call: Call) -> Response:
    purchasing = call.services.purchasing
    query = order_query(call.request, lenient=True)
    page = purchasing.list_purchase_orders()(call.user, query, list_page(call.request))
    names = {x.id: x.name for x in purchasing.all_suppliers()(call.user)}
    return render(call.request, "purchasing/orders.html",
                  {"orders": page.items, "page": page, "query": query, "statuses": LABELS, "names": names,
                   "nav_active": "purchasing", "flash": _flash(call)})


def _new_order_form(call: Call, values: Mapping[str, object], errors: dict[str, str] | None = None,
                    status_code: int = 200) -> Response:
    errors = dict(errors or {})
    suppliers = call.services.purchasing.all_suppliers()(call.user)
    return render(call.request, "purchasing/order_new.html",
                  {"values": values, "errors": errors, "form_error": errors.pop(FORM_ERROR, None),
                   "supplier_options": [("", "Choose…")] + [(x.id, x.name) for x in suppliers],
                   "nav_active": "purchasing"}, status_code=status_code)


def new_order_form(call: Call) -> Response:
    return _new_order_form(call, {})


def _parse_lines(call: Call, text: str) -> list[NewOrderLine]:
    """One line per product: ``SKU quantity unit-cost``."""
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        parts = raw.split()
        if not parts:
            continue
        if len(parts) != 3:
            raise ValidationFailed.single("lines", f"line {number}: write the SKU, the quantity and the unit cost")
        found = _product_id(call, parts[0])
        if found is None:
            raise ValidationFailed.single("lines", f"line {number}: no product {parts[0]!r}")
        try:
            quantity, cost = int(parts[1]), Decimal(parts[2].replace(",", "."))
        except (ValueError, InvalidOperation):
            raise ValidationFailed.single("lines", f"line {number}: a whole quantity and a cost such as 5.00") from None
        lines.append(NewOrderLine(found, quantity, cost))
    return lines


def _beside_lines(errors: Mapping[str, str]) -> dict[str, str]:
    """A line's problem (``lines[2].quantity``) shown beside the Lines box, naming the line and the field."""
    shown: dict[str, str] = {}
    for field, message in errors.items():
        found = re.fullmatch(r"lines\[(\d+)\]\.?(\w*)", field)
        if found:
            what = found.group(2).replace("_", " ")
            shown.setdefault("lines", f"line {int(found.group(1)) + 1}: {what} {message}".replace("  ", " "))
        else:
            shown.setdefault(field, message)
    return shown


def _product_id(call: Call, sku: str) -> int | None:
    from techstore.application.catalog.commands import ProductQuery

    page = call.services.catalog.search_products()(call.user, ProductQuery(q=sku), PageRequest(limit=MAX_LIMIT))
    return next((p.id for p in page.items if p.sku == sku.upper()), None)


def create_order(call: Call) -> Response:
    fields = call.fields()
    try:
        supplier = fields.get("supplier_id", "")
        if not supplier.isdigit():
            raise ValidationFailed.single("supplier_id", "choose a supplier")
        command = NewPurchaseOrder(int(supplier), _parse_lines(call, fields.get("lines", "")),
                                   notes=fields.get("notes", ""))
        order = call.services.purchasing.create_purchase_order()(call.user, command)
    except (ValidationFailed, Conflict) as error:
        return _new_order_form(call, fields, _beside_lines(form_errors(error)), status_of(error))
    return _see_other(call, "purchase_order_page", done="created", order_id=order.id)


def purchase_order_page(call: Call, errors: dict[str, str] | None = None, status_code: int = 200) -> Response:
    view = call.services.purchasing.get_purchase_order().view(call.user, call.path("order_id"))
    errors = dict(errors or {})
    return render(call.request, "purchasing/order.html",
                  {"view": view, "order": view.order, "errors": errors, "form_error": errors.pop(FORM_ERROR, None),
                   "nav_active": "purchasing", "flash": _flash(call), "is_buyer": call.user.is_manager},
                  status_code=status_code)


def purchase_order_sheet(call: Call) -> Response:
    view = call.services.purchasing.get_purchase_order().view(call.user, call.path("order_id"))
    if wants_pdf(call):
        return pdf_answer(purchase_order_pdf(call.request, view), f"{view.order.number}.pdf")
    context = sheet_context(view, call.request.app.state.settings) | {"nav_active": "purchasing"}
    return render(call.request, "purchasing/sheet.html", context)


def _action(call: Call, action: str, done: str) -> Response:
    order_id = call.path("order_id")
    try:
        if action == "email":
            call.services.purchasing.email_purchase_order()(call.user, order_id)
        else:
            call.services.purchasing.move_purchase_order()(call.user, order_id, action)
    except Conflict as error:
        return purchase_order_page(call, form_errors(error), status_of(error))
    return _see_other(call, "purchase_order_page", done=done, order_id=order_id)


def order_order(call: Call) -> Response:
    return _action(call, "order", "ordered")


def cancel_order(call: Call) -> Response:
    return _action(call, "cancel", "cancelled")


def email_order(call: Call) -> Response:
    return _action(call, "email", "emailed")


def receive_order(call: Call) -> Response:
    """The receive form: ``quantity_<line id>`` and ``serials_<line id>`` (one per line) for each line."""
    order_id = call.path("order_id")
    fields = call.fields()
    lines = []
    try:
        for key, value in fields.items():
            if key.startswith("quantity_") and value.strip():
                line_id = key.removeprefix("quantity_")
                if not line_id.isdigit() or not value.strip().isdigit():
                    raise ValidationFailed.single(key, "must be a whole number")
                if int(value) == 0:
                    continue
                # One per line, or separated by commas or spaces, as a scanner or a person types them.
                serials = [s for s in re.split(r"[\s,;]+", fields.get(f"serials_{line_id}", "")) if s]
                lines.append(ReceivedLineIn(int(line_id), int(value), serials))
        if not lines:
            raise ValidationFailed.single("lines", "enter how many came in on at least one line")
        receipt = call.services.purchasing.receive_goods()(call.user, order_id, NewReceipt(lines))
    except (ValidationFailed, Conflict) as error:
        return purchase_order_page(call, form_errors(error), status_of(error))
    return _see_other(call, "purchase_receipt_page", order_id=order_id, receipt_id=receipt.id)


def purchase_receipt_page(call: Call) -> Response:
    order, receipt = call.services.purchasing.get_receipt()(call.user, call.path("order_id"), call.path("receipt_id"))
    labels = path_for(call.request, "labels_page") if _has_route(call, "labels_page") else "/labels"
    query = urlencode([pair for line in receipt.lines
                       for pair in (("product_id", line.product_id), ("quantity", line.quantity))])
    return render(call.request, "purchasing/receipt.html",
                  {"order": order, "receipt": receipt, "labels_url": f"{labels}?{query}", "nav_active": "purchasing"})


def _has_route(call: Call, name: str) -> bool:
    try:
        path_for(call.request, name)
    except Exception:  # noqa: BLE001 - the labels page comes with another change
        return False
    return True


def suggestions_page(call: Call) -> Response:
    groups = call.services.purchasing.reorder_suggestions()(call.user)
    return render(call.request, "purchasing/suggestions.html",
                  {"groups": groups, "nav_active": "purchasing", "flash": _flash(call),
                   "is_buyer": call.user.is_manager, "draftable": bool(draftable(groups))})


def make_suggested_orders(call: Call) -> Response:
    if not call.services.purchasing.order_suggestions()(call.user):
        return _see_other(call, "suggestions_page", done="nothing")  # all on order already, or no supplier
    return RedirectResponse(path_for(call.request, "purchase_order_list") + f"?status={OrderStatus.DRAFT.value}"
                            "&done=made", status_code=303)


routes = [
    Page("/suppliers", supplier_list, access=Access.COUNTER),
    Page("/suppliers/new", new_supplier_form, access=BUYER),
    Page("/suppliers/new", create_supplier, methods=["POST"], access=BUYER, name="create_supplier_submit"),
    Page("/suppliers/{supplier_id:int}", edit_supplier_form, access=BUYER),
    Page("/suppliers/{supplier_id:int}", update_supplier, methods=["POST"], access=BUYER,
         name="update_supplier_submit"),
    Page("/suppliers/{supplier_id:int}/delete", confirm_delete_supplier, access=BUYER),
    Page("/suppliers/{supplier_id:int}/delete", delete_supplier, methods=["POST"], access=BUYER,
         name="delete_supplier_submit"),
    Page("/purchase-orders", purchase_order_list, access=Access.COUNTER),
    Page("/purchase-orders/new", new_order_form, access=BUYER),
    Page("/purchase-orders/new", create_order, methods=["POST"], access=BUYER, name="create_order_submit"),
    Page("/purchase-orders/suggestions", suggestions_page, access=Access.COUNTER),
    Page("/purchase-orders/suggestions/orders", make_suggested_orders, methods=["POST"], access=BUYER),
    Page("/purchase-orders/{order_id:int}", purchase_order_page, access=Access.COUNTER),
    Page("/purchase-orders/{order_id:int}/sheet", purchase_order_sheet, access=Access.COUNTER),
    Page("/purchase-orders/{order_id:int}/order", order_order, methods=["POST"], access=BUYER),
    Page("/purchase-orders/{order_id:int}/cancel", cancel_order, methods=["POST"], access=BUYER),
    Page("/purchase-orders/{order_id:int}/email", email_order, methods=["POST"], access=BUYER),
    Page("/purchase-orders/{order_id:int}/receipts", receive_order, methods=["POST"], access=Access.COUNTER),
    Page("/purchase-orders/{order_id:int}/receipts/{receipt_id:int}", purchase_receipt_page, access=Access.COUNTER),
]
