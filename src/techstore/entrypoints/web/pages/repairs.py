"""Repairs: the list (filtered by status, searched), the board grouped by status, the intake form (with a
customer lookup and inline registration), a repair's page (details, transition buttons from the status
machine's table, parts, history, the deliver-with-payment form), the printable intake ticket, and the
public tracking page ``/track/{code}``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import segno
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from techstore.application.customers.commands import NewCustomer
from techstore.application.repairs.commands import Delivery, NewRepair, PartUsed, RepairChanges, RepairQuery, Transition
from techstore.application.shared.constraints import Money, Sign
from techstore.application.shared.pages import MAX_LIMIT, PageRequest
from techstore.domain.repairs.repairs import THROUGH_DELIVERY, Repair, RepairStatus
from techstore.domain.shared.errors import Conflict, FieldError, NotFound, ValidationFailed
from techstore.entrypoints.api.repairs.query import repair_query
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.client import client_address
from techstore.entrypoints.http.json_body import structure
from techstore.entrypoints.http.params import ID_MAX, parse_int
from techstore.entrypoints.http.problems import status_of
from techstore.entrypoints.http.seam import Call
from techstore.entrypoints.web import invoices
from techstore.entrypoints.web.guard import Page
from techstore.entrypoints.web.links import public_url_for
from techstore.entrypoints.web.pages.forms import (
    FORM_ERROR,
    form_errors,
    list_page,
    read_amount,
    read_form,
    structure_form,
)
from techstore.entrypoints.web.receipts import invoice_pdf, pdf_answer, receipt_pdf, wants_pdf
from techstore.entrypoints.web.templates import path_for, render, store_locale

FLASHES = {"created": "The repair was taken in.", "updated": "The changes were saved.",
           "moved": "The status was changed.", "part": "The part was added.", "delivered": "The repair was delivered."}
METHODS = [("cash", "Cash"), ("card", "Card"), ("transfer", "Transfer"), ("account", "On account")]
EDIT_FIELDS = ("equipment", "serial_number", "accessories", "diagnosis", "price", "promised_date", "notes")
INTAKE_FIELDS = ("customer_id", "equipment", "serial_number", "reported_problem", "accessories", "price",
                 "promised_date", "notes")
NEW_CUSTOMER_FIELDS = ("new_name", "new_phone", "new_email")
STATUSES = list(RepairStatus)
INVOICE_SHEET = "invoices/_receipt.html"
CUSTOMER_MATCHES = 10
PAID = Money(Sign.POSITIVE)  # a delivery's payment, as PaymentLine declares it


def _see_other(request: Request, repair_id: int, done: str) -> Response:
    return RedirectResponse(path_for(request, "repair_page", repair_id=repair_id) + f"?done={done}", status_code=303)


# The list and the board

def repair_list(call: Call) -> Response:
    request = call.request
    query = repair_query(request, lenient=True)
    board = call.query.get("view") == "board"
    page_asked = PageRequest(limit=MAX_LIMIT) if board else list_page(request)
    if board:  # the board shows what is in the workshop (up to MAX_LIMIT repairs): every open status, a column each
        query = RepairQuery(None, query.customer_id, query.q, open_only=True)
    page = call.services.repairs.list_repairs()(call.user, query, page_asked)
    columns = {status: [r for r in page.items if r.status is status] for status in STATUSES
               if status not in (RepairStatus.DELIVERED, RepairStatus.CANCELLED)}
    context = {"repairs": page.items, "page": page, "query": query, "statuses": STATUSES, "board": board,
               "columns": columns, "nav_active": "repairs",
               "flash": FLASHES.get(call.query.get("done", ""))}
    return render(request, "repairs/list.html", context)


# Intake

def _intake(call: Call, values: Mapping[str, Any], errors: dict[str, str] | None = None,
            status_code: int = 200) -> Response:
    errors = dict(errors or {})
    lookup = str(values.get("customer_q") or "").strip()
    matches: list[Any] = []
    if lookup:
        try:
            found = call.services.customers.search_customers()(call.user, lookup, PageRequest(limit=CUSTOMER_MATCHES))
            matches = list(found.items)
        except ValidationFailed as refused:
            errors.setdefault("customer_q", form_errors(refused).get("q", refused.detail))
    context = {"values": values, "errors": errors, "form_error": errors.pop(FORM_ERROR, None),
               "matches": matches, "chosen": None if matches else _chosen(call, values), "nav_active": "repairs"}
    return render(call.request, "repairs/new.html", context, status_code=status_code)


def _chosen(call: Call, values: Mapping[str, Any]) -> Any:
    """The customer already chosen (by the address, or registered by this form), to name them; None when
    there is none or it is gone (the take-in then refuses the number by name)."""
    customer_id = parse_int(str(values.get("customer_id") or ""), 1, ID_MAX)
    if customer_id is None:
        return None
    try:
        return call.services.customers.get_customer()(call.user, customer_id)
    except NotFound:
        return None


def new_repair_form(call: Call) -> Response:
    values = {field: "" for field in (*INTAKE_FIELDS, *NEW_CUSTOMER_FIELDS)}
    values["customer_q"] = call.query.get("customer_q", "")
    values["customer_id"] = call.query.get("customer_id", "")
    return _intake(call, values)


def create_repair(call: Call) -> Response:
    shown = call.fields()
    if shown.get("find"):  # the lookup button: show the matches, keep what was typed
        return _intake(call, shown)
    user, services = call.user, call.services
    try:
        if not shown.get("customer_id") and shown.get("new_name", "").strip():
            # Registered first, in its own transaction: a refused repair leaves a registered customer,
            # whom the form then shows as chosen.
            try:
                registered = {"name": shown["new_name"], "phone": shown.get("new_phone") or None,
                              "email": shown.get("new_email") or None}
                # No credit limit asked here: the store's default applies.
                customer = services.customers.register_customer()(user, structure(registered, NewCustomer),
                                                                  registered)
            except (ValidationFailed, Conflict) as refused:
                errors = {f"new_{k}": v for k, v in form_errors(refused).items()}
                return _intake(call, shown, errors, status_code=status_of(refused))
            shown["customer_id"] = str(customer.id)
            shown.update({field: "" for field in NEW_CUSTOMER_FIELDS})
        if not shown.get("customer_id"):
            raise ValidationFailed([FieldError("customer_id", "choose a customer, or register a new one")])
        command = structure_form(shown, NewRepair, store_locale(call.request))
        repair = services.repairs.take_repair_in()(user, command)
    except (ValidationFailed, Conflict) as error:
        return _intake(call, shown, form_errors(error), status_code=status_of(error))
    assert repair.id is not None
    return _see_other(call.request, repair.id, "created")


# A repair's page

def _repair_page(call: Call, repair_id: int, *, forms: Mapping[str, Any] | None = None,
                 status_code: int = 200) -> Response:
    repairs = call.services.repairs
    repair = repairs.get_repair()(call.user, repair_id)
    history = repairs.repair_history()(call.user, repair_id)
    edit = {field: getattr(repair, field) if getattr(repair, field) is not None else "" for field in EDIT_FIELDS}
    # Who moved it on, by name: one statement for the whole history.
    names = call.services.identity.get_user_names()(call.user, {h.created_by for h in history})
    context = {
        "repair": repair, "history": history, "names": names, "methods": METHODS,
        "moves": [s for s in repair.allowed() if s not in THROUGH_DELIVERY],
        "forms_state": {"edit": {"typed": edit, "errors": {}}, "move": {"error": None},
                        "part": {"typed": {}, "errors": {}},
                        "deliver": {"typed": {"method_0": "cash", "amount_0": repair.price or ""}, "errors": {}},
                        **(forms or {})},
        "nav_active": "repairs", "flash": FLASHES.get(call.query.get("done", "")),
    }
    return render(call.request, "repairs/detail.html", context, status_code=status_code)


def repair_page(call: Call) -> Response:
    return _repair_page(call, call.path("repair_id"))


def update_repair(call: Call) -> Response:
    repair_id = call.path("repair_id")
    shown = call.fields()
    try:
        changes = read_form(call, RepairChanges)
        call.services.repairs.change_repair()(call.user, repair_id, changes, EDIT_FIELDS)
    except (ValidationFailed, Conflict) as error:
        return _repair_page(call, repair_id, forms={"edit": {"typed": shown, "errors": form_errors(error)}},
                            status_code=status_of(error))
    return _see_other(call.request, repair_id, "updated")


def move_repair(call: Call) -> Response:
    repair_id = call.path("repair_id")
    try:
        command = read_form(call, Transition)
        call.services.repairs.move_repair()(call.user, repair_id, command)
    except (ValidationFailed, Conflict) as error:
        return _repair_page(call, repair_id, forms={"move": {"error": error.detail}}, status_code=status_of(error))
    return _see_other(call.request, repair_id, "moved")


def add_part(call: Call) -> Response:
    repair_id = call.path("repair_id")
    shown = call.fields()
    services = call.services
    try:
        code = shown.get("code", "").strip()
        product = services.sales.find_product_by_code()(call.user, code) if code else None
        if product is None:
            raise ValidationFailed([FieldError("code", "no product has this SKU or barcode")])
        typed = {"product_id": str(product.id), "quantity": shown.get("quantity", "")}
        services.repairs.use_part()(call.user, repair_id, structure_form(typed, PartUsed, store_locale(call.request)))
    except (ValidationFailed, Conflict, NotFound) as error:
        errors = form_errors(error)
        if "product_id" in errors:
            errors["code"] = errors.pop("product_id")
        return _repair_page(call, repair_id, forms={"part": {"typed": shown, "errors": errors}},
                            status_code=status_of(error))
    return _see_other(call.request, repair_id, "part")


def deliver_repair(call: Call) -> Response:
    repair_id = call.path("repair_id")
    shown = call.fields()
    written, unreadable = store_locale(call.request), dict[str, str]()
    payments = [{"method": shown.get(f"method_{i}", ""),
                 "amount": read_amount(written, typed, PAID, f"amount_{i}", unreadable)}
                for i in range(2) if (typed := shown.get(f"amount_{i}", "").strip())]
    try:
        if unreadable:
            raise ValidationFailed([FieldError(field, message) for field, message in unreadable.items()])
        command = structure({"payments": payments}, Delivery)
        call.services.repairs.deliver_repair()(call.user, repair_id, command)
    except (ValidationFailed, Conflict) as error:
        errors = {k.replace("payments[", "amount_").replace("].amount", "").replace("].method", ""): v
                  for k, v in form_errors(error).items()}
        return _repair_page(call, repair_id, forms={"deliver": {"typed": shown, "errors": errors}},
                            status_code=status_of(error))
    return _see_other(call.request, repair_id, "delivered")


# The intake ticket and the public page

def track_url(request: Request, repair: Repair) -> str:
    return public_url_for(request, "track_page", code=repair.tracking_code)


def qr_svg(target: str) -> str:
    """A QR code of ``target`` as inline SVG, made here (segno): no image service sees the tracking code."""
    return str(segno.make(target, error="m").svg_inline(scale=4, border=2, omitsize=True))


def _ticket_context(call: Call) -> dict[str, Any]:
    repair = call.services.repairs.get_repair()(call.user, call.path("repair_id"))
    settings = call.request.app.state.settings
    target = track_url(call.request, repair)
    return {"repair": repair, "track_url": target, "qr_svg": qr_svg(target), "store_name": settings.store_name,
            "store_address": settings.store_address, "terms": settings.repair_terms, "nav_active": "repairs"}


def ticket(call: Call) -> Response:
    if wants_pdf(call):
        return ticket_pdf(call)
    return render(call.request, "repairs/ticket.html", _ticket_context(call))


def ticket_pdf(call: Call) -> Response:
    context = _ticket_context(call)
    number = context["repair"].number
    return pdf_answer(receipt_pdf(call.request, context, "repairs/_ticket.html", f"Intake ticket {number}"),
                      f"ticket-{number}.pdf")


# The delivery's invoice: an 80 mm receipt (page and PDF) and an A4 PDF

def _invoice_context(call: Call) -> dict[str, Any]:
    """A delivered repair's invoice; a repair not delivered has none yet (404)."""
    repair = call.services.repairs.get_repair()(call.user, call.path("repair_id"))
    if repair.delivered_at is None:
        raise NotFound(f"Repair {repair.number} is not delivered: it has no invoice yet.")
    try:
        customer = call.services.customers.get_customer()(call.user, repair.customer_id)
    except NotFound:  # deleted since: the invoice names the customer as taken in
        customer = None
    settings = call.request.app.state.settings
    request, repair_id = call.request, repair.id
    return {"invoice": invoices.of_repair(repair, customer), "store_name": settings.store_name,
            "store_address": settings.store_address, "nav_active": "repairs", "sheet": INVOICE_SHEET,
            "title": f"Invoice {repair.number}",
            "voided": False,
            "actions": [("PDF", path_for(request, "repair_invoice_pdf", repair_id=repair_id)),
                        ("A4 invoice", path_for(request, "repair_invoice_a4", repair_id=repair_id)),
                        (f"Repair {repair.number}", path_for(request, "repair_page", repair_id=repair_id))]}


def repair_invoice(call: Call) -> Response:
    if wants_pdf(call):
        return repair_invoice_pdf(call)
    return render(call.request, "receipts/page.html", _invoice_context(call))


def repair_invoice_pdf(call: Call) -> Response:
    context = _invoice_context(call)
    return pdf_answer(receipt_pdf(call.request, context, INVOICE_SHEET, context["title"]),
                      f"invoice-{context['invoice'].number}.pdf")


def repair_invoice_a4(call: Call) -> Response:
    if wants_pdf(call):
        return repair_invoice_a4_pdf(call)
    context = _invoice_context(call)
    request, repair_id = call.request, call.path("repair_id")
    context["actions"] = [("PDF", path_for(request, "repair_invoice_a4_pdf", repair_id=repair_id)),
                          ("80 mm invoice", path_for(request, "repair_invoice", repair_id=repair_id)),
                          context["actions"][-1]]
    return render(request, "invoices/page.html", context)


def repair_invoice_a4_pdf(call: Call) -> Response:
    context = _invoice_context(call)
    return pdf_answer(invoice_pdf(call.request, context, "invoices/_a4.html", context["title"]),
                      f"invoice-{context['invoice'].number}-a4.pdf")


def track_page(call: Call) -> Response:
    request = call.request
    found = call.services.repairs.track_repair()(client_address(request), call.path("code"))
    return render(request, "repairs/track.html", {"found": found, "store_name": request.app.state.settings.store_name})


_REPAIR = "/repairs/{repair_id:int}"
routes = [
    Page("/repairs", repair_list, access=Access.SIGNED_IN),
    Page("/repairs/new", new_repair_form, access=Access.SIGNED_IN),
    Page("/repairs/new", create_repair, methods=["POST"], access=Access.SIGNED_IN, name="create_repair_submit"),
    Page(_REPAIR, repair_page, access=Access.SIGNED_IN),
    Page(_REPAIR + "/edit", update_repair, methods=["POST"], access=Access.SIGNED_IN, name="repair_edit_submit"),
    Page(_REPAIR + "/transitions", move_repair, methods=["POST"], access=Access.SIGNED_IN,
         name="repair_move_submit"),
    Page(_REPAIR + "/parts", add_part, methods=["POST"], access=Access.SIGNED_IN, name="repair_part_submit"),
    Page(_REPAIR + "/deliver", deliver_repair, methods=["POST"], access=Access.SIGNED_IN,
         name="repair_deliver_submit"),
    Page(_REPAIR + "/ticket", ticket, access=Access.SIGNED_IN),
    Page(_REPAIR + "/ticket.pdf", ticket_pdf, access=Access.SIGNED_IN),
    Page(_REPAIR + "/invoice", repair_invoice, access=Access.SIGNED_IN),
    Page(_REPAIR + "/invoice.pdf", repair_invoice_pdf, access=Access.SIGNED_IN),
    Page(_REPAIR + "/invoice-a4", repair_invoice_a4, access=Access.SIGNED_IN),
    Page(_REPAIR + "/invoice-a4.pdf", repair_invoice_a4_pdf, access=Access.SIGNED_IN),
    # The forms post to these; reloading an answer (GET) shows the repair's page again, not a 405.
    Page(_REPAIR + "/edit", repair_page, access=Access.SIGNED_IN, name="repair_edit"),
    Page(_REPAIR + "/transitions", repair_page, access=Access.SIGNED_IN, name="repair_moves"),
    Page(_REPAIR + "/parts", repair_page, access=Access.SIGNED_IN, name="repair_parts"),
    Page(_REPAIR + "/deliver", repair_page, access=Access.SIGNED_IN, name="repair_deliver"),
    # Each lookup is counted against the visitor's limit (a write), though the page only shows.
    Page("/track/{code}", track_page, access=Access.PUBLIC, read_only=False),
]
