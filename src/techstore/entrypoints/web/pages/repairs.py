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
from techstore.application.shared.pages import MAX_LIMIT, PageRequest
from techstore.domain.identity.users import User
from techstore.domain.repairs.repairs import THROUGH_DELIVERY, Repair, RepairStatus
from techstore.domain.shared.errors import Conflict, DomainError, FieldError, NotFound, ValidationFailed
from techstore.entrypoints.api.repairs.query import repair_query
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.client import client_address
from techstore.entrypoints.http.json_body import structure
from techstore.entrypoints.http.services import call, services
from techstore.entrypoints.web.guard import Page
from techstore.entrypoints.web.links import public_url_for
from techstore.entrypoints.web.pages.forms import FORM_ERROR, form_data, form_errors, list_page, read_form
from techstore.entrypoints.web.receipts import receipt_pdf
from techstore.entrypoints.web.templates import path_for, render

FLASHES = {"created": "The repair was taken in.", "updated": "The changes were saved.",
           "moved": "The status was changed.", "part": "The part was added.", "delivered": "The repair was delivered."}
METHODS = [("cash", "Cash"), ("card", "Card"), ("transfer", "Transfer"), ("account", "On account")]
EDIT_FIELDS = ("equipment", "serial_number", "accessories", "diagnosis", "price", "promised_date", "notes")
INTAKE_FIELDS = ("customer_id", "equipment", "serial_number", "reported_problem", "accessories", "price",
                 "promised_date", "notes")
NEW_CUSTOMER_FIELDS = ("new_name", "new_phone", "new_email")
STATUSES = list(RepairStatus)
CUSTOMER_MATCHES = 10


def _user(request: Request) -> User:
    user: User = request.state.user
    return user


def _status(error: DomainError) -> int:
    return 422 if isinstance(error, ValidationFailed) else 404 if isinstance(error, NotFound) else 409


def _see_other(request: Request, repair_id: int, done: str) -> Response:
    return RedirectResponse(path_for(request, "repair_page", repair_id=repair_id) + f"?done={done}", status_code=303)


# The list and the board

async def repair_list(request: Request) -> Response:
    query = repair_query(request, lenient=True)
    board = request.query_params.get("view") == "board"
    page_asked = PageRequest(limit=MAX_LIMIT) if board else list_page(request)
    if board:  # the board shows what is in the workshop (up to MAX_LIMIT repairs): every open status, a column each
        query = RepairQuery(None, query.customer_id, query.q, open_only=True)
    page = await call(services(request).repairs.list_repairs(), _user(request), query, page_asked)
    columns = {status: [r for r in page.items if r.status is status] for status in STATUSES
               if status not in (RepairStatus.DELIVERED, RepairStatus.CANCELLED)}
    context = {"repairs": page.items, "page": page, "query": query, "statuses": STATUSES, "board": board,
               "columns": columns, "nav_active": "repairs",
               "flash": FLASHES.get(request.query_params.get("done", ""))}
    return render(request, "repairs/list.html", context)


# Intake

async def _intake(request: Request, values: Mapping[str, Any], errors: dict[str, str] | None = None,
                  status_code: int = 200) -> Response:
    errors = dict(errors or {})
    lookup = str(values.get("customer_q") or "").strip()
    matches: list[Any] = []
    if lookup:
        try:
            found = await call(services(request).customers.search_customers(), _user(request), lookup,
                               PageRequest(limit=CUSTOMER_MATCHES))
            matches = list(found.items)
        except ValidationFailed as refused:
            errors.setdefault("customer_q", form_errors(refused).get("q", refused.detail))
    context = {"values": values, "errors": errors, "form_error": errors.pop(FORM_ERROR, None),
               "matches": matches, "nav_active": "repairs"}
    return render(request, "repairs/new.html", context, status_code=status_code)


async def new_repair_form(request: Request) -> Response:
    values = {field: "" for field in (*INTAKE_FIELDS, *NEW_CUSTOMER_FIELDS)}
    values["customer_q"] = request.query_params.get("customer_q", "")
    values["customer_id"] = request.query_params.get("customer_id", "")
    return await _intake(request, values)


async def create_repair(request: Request) -> Response:
    form = await request.form()
    shown = {k: v for k, v in form.items() if isinstance(v, str)}
    if shown.get("find"):  # the lookup button: show the matches, keep what was typed
        return await _intake(request, shown)
    user, services_ = _user(request), services(request)
    try:
        if not shown.get("customer_id") and shown.get("new_name", "").strip():
            # Registered first, in its own transaction: a refused repair leaves a registered customer,
            # whom the form then shows as chosen.
            try:
                customer = await call(services_.customers.register_customer(), user, structure(
                    {"name": shown["new_name"], "phone": shown.get("new_phone") or None,
                     "email": shown.get("new_email") or None}, NewCustomer))
            except (ValidationFailed, Conflict) as refused:
                errors = {f"new_{k}": v for k, v in form_errors(refused).items()}
                return await _intake(request, shown, errors, status_code=_status(refused))
            shown["customer_id"] = str(customer.id)
            shown.update({field: "" for field in NEW_CUSTOMER_FIELDS})
        if not shown.get("customer_id"):
            raise ValidationFailed([FieldError("customer_id", "choose a customer, or register a new one")])
        command = structure(_typed(shown, NewRepair), NewRepair)
        repair = await call(services_.repairs.take_repair_in(), user, command)
    except (ValidationFailed, Conflict) as error:
        return await _intake(request, shown, form_errors(error), status_code=_status(error))
    assert repair.id is not None
    return _see_other(request, repair.id, "created")


def _typed(shown: Mapping[str, str], kind: type) -> dict[str, Any]:
    """What a JSON body with the same meaning would hold."""
    return form_data(dict(shown), kind)


# A repair's page

async def _repair_page(request: Request, repair_id: int, *, forms: Mapping[str, Any] | None = None,
                       status_code: int = 200) -> Response:
    repairs = services(request).repairs
    repair = await call(repairs.get_repair(), _user(request), repair_id)
    history = await call(repairs.repair_history(), _user(request), repair_id)
    edit = {field: getattr(repair, field) if getattr(repair, field) is not None else "" for field in EDIT_FIELDS}
    context = {
        "repair": repair, "history": history, "methods": METHODS,
        "moves": [s for s in repair.allowed() if s not in THROUGH_DELIVERY],
        "forms_state": {"edit": {"typed": edit, "errors": {}}, "move": {"error": None},
                        "part": {"typed": {}, "errors": {}},
                        "deliver": {"typed": {"method_0": "cash", "amount_0": repair.price or ""}, "errors": {}},
                        **(forms or {})},
        "nav_active": "repairs", "flash": FLASHES.get(request.query_params.get("done", "")),
    }
    return render(request, "repairs/detail.html", context, status_code=status_code)


async def repair_page(request: Request) -> Response:
    return await _repair_page(request, request.path_params["repair_id"])


async def update_repair(request: Request) -> Response:
    repair_id = request.path_params["repair_id"]
    shown = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        changes = await read_form(request, RepairChanges)
        await call(services(request).repairs.change_repair(), _user(request), repair_id, changes, EDIT_FIELDS)
    except (ValidationFailed, Conflict) as error:
        return await _repair_page(request, repair_id, forms={"edit": {"typed": shown, "errors": form_errors(error)}},
                                  status_code=_status(error))
    return _see_other(request, repair_id, "updated")


async def move_repair(request: Request) -> Response:
    repair_id = request.path_params["repair_id"]
    try:
        command = await read_form(request, Transition)
        await call(services(request).repairs.move_repair(), _user(request), repair_id, command)
    except (ValidationFailed, Conflict) as error:
        return await _repair_page(request, repair_id, forms={"move": {"error": error.detail}},
                                  status_code=_status(error))
    return _see_other(request, repair_id, "moved")


async def add_part(request: Request) -> Response:
    repair_id = request.path_params["repair_id"]
    shown = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    services_ = services(request)
    try:
        code = shown.get("code", "").strip()
        product = await call(services_.sales.find_product_by_code(), _user(request), code) if code else None
        if product is None:
            raise ValidationFailed([FieldError("code", "no product has this SKU or barcode")])
        body = {"product_id": product.id, **_typed({"quantity": shown.get("quantity", "")}, PartUsed)}
        await call(services_.repairs.use_part(), _user(request), repair_id, structure(body, PartUsed))
    except (ValidationFailed, Conflict, NotFound) as error:
        errors = form_errors(error)
        if "product_id" in errors:
            errors["code"] = errors.pop("product_id")
        return await _repair_page(request, repair_id, forms={"part": {"typed": shown, "errors": errors}},
                                  status_code=_status(error))
    return _see_other(request, repair_id, "part")


async def deliver_repair(request: Request) -> Response:
    repair_id = request.path_params["repair_id"]
    shown = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    payments = [{"method": shown.get(f"method_{i}", ""), "amount": shown.get(f"amount_{i}", "").strip()}
                for i in range(2) if shown.get(f"amount_{i}", "").strip()]
    try:
        command = structure({"payments": payments}, Delivery)
        await call(services(request).repairs.deliver_repair(), _user(request), repair_id, command)
    except (ValidationFailed, Conflict) as error:
        errors = {k.replace("payments[", "amount_").replace("].amount", "").replace("].method", ""): v
                  for k, v in form_errors(error).items()}
        return await _repair_page(request, repair_id, forms={"deliver": {"typed": shown, "errors": errors}},
                                  status_code=_status(error))
    return _see_other(request, repair_id, "delivered")


# The intake ticket and the public page

def track_url(request: Request, repair: Repair) -> str:
    return public_url_for(request, "track_page", code=repair.tracking_code)


def qr_svg(target: str) -> str:
    """A QR code of ``target`` as inline SVG, made here (segno): no image service sees the tracking code."""
    return str(segno.make(target, error="m").svg_inline(scale=4, border=2, omitsize=True))


async def _ticket_context(request: Request) -> dict[str, Any]:
    repair = await call(services(request).repairs.get_repair(), _user(request), request.path_params["repair_id"])
    settings = request.app.state.settings
    target = track_url(request, repair)
    return {"repair": repair, "track_url": target, "qr_svg": qr_svg(target), "store_name": settings.store_name,
            "store_address": settings.store_address, "terms": settings.repair_terms, "nav_active": "repairs"}


async def ticket(request: Request) -> Response:
    return render(request, "repairs/ticket.html", await _ticket_context(request))


async def ticket_pdf(request: Request) -> Response:
    context = await _ticket_context(request)
    pdf = await call(receipt_pdf, request, context, "repairs/ticket_pdf.html")
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="ticket-{context["repair"].number}.pdf"'})


async def track_page(request: Request) -> Response:
    found = await call(services(request).repairs.track_repair(), client_address(request),
                       request.path_params["code"])
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
    # The forms post to these; reloading an answer (GET) shows the repair's page again, not a 405.
    Page(_REPAIR + "/edit", repair_page, access=Access.SIGNED_IN, name="repair_edit"),
    Page(_REPAIR + "/transitions", repair_page, access=Access.SIGNED_IN, name="repair_moves"),
    Page(_REPAIR + "/parts", repair_page, access=Access.SIGNED_IN, name="repair_parts"),
    Page(_REPAIR + "/deliver", repair_page, access=Access.SIGNED_IN, name="repair_deliver"),
    Page("/track/{code}", track_page, access=Access.PUBLIC),
]
