"""Repairs: the list (filtered by status, searched), the board grouped by status, the intake form (with a
customer lookup and inline registration, the device's condition, a labour estimate, a deposit and the warranty
flag), a repair's page (details, transition buttons from the status machine's table, the labour and part lines
with their taxes and totals, deposits and their receipts, the staff's record of the customer's answer to the
quote, cancelling with refunds, the deliver-with-payment form, history), the printable intake ticket and
deposit receipts, and the public tracking page ``/track/{code}`` where the customer answers the quote."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import segno
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from techstore.application.customers.commands import NewCustomer
from techstore.application.repairs.commands import (
    Cancellation,
    Delivery,
    DepositIn,
    NewLine,
    NewRepair,
    OnlineAnswer,
    QuoteAnswer,
    RepairChanges,
    RepairQuery,
    Transition,
)
from techstore.application.repairs.ports import Tracked
from techstore.application.shared.constraints import Money, Sign
from techstore.application.shared.pages import MAX_LIMIT, PageRequest
from techstore.domain.repairs.condition import CHECKLIST, check_label
from techstore.domain.repairs.repairs import THROUGH_DELIVERY, Deposit, Repair, RepairStatus
from techstore.domain.shared.errors import (
    Conflict,
    DomainError,
    FieldError,
    NotFound,
    PermissionDenied,
    TooManyAttempts,
    ValidationFailed,
)
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
    CHECKED,
    FORM_ERROR,
    form_data,
    form_errors,
    list_page,
    read_amount,
    read_form,
    structure_form,
)
from techstore.entrypoints.web.pages.taxes import default_label, rate_choices
from techstore.entrypoints.web.receipts import invoice_pdf, pdf_answer, receipt_pdf, wants_pdf
from techstore.entrypoints.web.templates import path_for, render, store_locale

FLASHES = {"created": "The repair was taken in.", "updated": "The changes were saved.",
           "moved": "The status was changed.", "part": "The part was added.", "labour": "The labour line was added.",
           "removed": "The line was removed.", "approved": "Recorded: the customer approved the quote.",
           "declined": "Recorded: the customer declined the quote.", "cancelled": "The repair was cancelled.",
           "delivered": "The repair was delivered."}
METHODS = [("cash", "Cash"), ("card", "Card"), ("transfer", "Transfer"), ("account", "On account")]
IN_HAND = [m for m in METHODS if m[0] != "account"]  # deposits and their refunds: never the account
EDIT_FIELDS = ("equipment", "serial_number", "accessories", "condition", "diagnosis", "promised_date", "notes")
INTAKE_FIELDS = ("customer_id", "equipment", "serial_number", "reported_problem", "accessories", "price",
                 "promised_date", "notes", "deposit_method", "deposit_amount", "condition_notes",
                 *(f"condition_{item}" for item, _ in CHECKLIST))
NEW_CUSTOMER_FIELDS = ("new_name", "new_phone", "new_email")
STATUSES = list(RepairStatus)
INVOICE_SHEET = "invoices/_receipt.html"
DEPOSIT_SHEET = "repairs/_deposit.html"
CUSTOMER_MATCHES = 10
PAID = Money(Sign.POSITIVE)  # a payment, a deposit or a refund, as PaymentLine declares it
CHECKS = [("not_checked", "Not checked"), ("ok", "OK"), ("damaged", "Damaged")]
WATER_CHECKS = [("not_checked", "Not checked"), ("ok", "No signs"), ("damaged", "Signs found")]
# The checklist as the forms show it: (field, label, choices).
CONDITION_ITEMS = [(item, label, WATER_CHECKS if item == "water_damage" else CHECKS) for item, label in CHECKLIST]
ANSWERED = {"approved": "Thank you: you approved the quote. We are on it.",
            "declined": "Thank you: you declined the quote. Your device will be ready to collect."}


def _see_other(request: Request, repair_id: int, done: str) -> Response:
    return RedirectResponse(path_for(request, "repair_page", repair_id=repair_id) + f"?done={done}", status_code=303)


def _renamed(errors: Mapping[str, str], prefixes: Mapping[str, str]) -> dict[str, str]:
    """A refusal's fields as the form names them: ``condition.screen`` -> ``condition_screen``,
    ``payments[0].amount`` -> ``amount`` (by ``prefixes``: a list's name and its form's prefix)."""
    shown: dict[str, str] = {}
    for field, message in errors.items():
        name = field
        if field.startswith("condition."):
            name = "condition_" + field.removeprefix("condition.")
        for listed, prefix in prefixes.items():
            if field == listed or field.startswith(listed + "["):
                name = prefix + ("method" if field.endswith(".method") else "amount")
        shown.setdefault(name, message)
    return shown


def _refused(errors: Mapping[str, str], refused: ValidationFailed | None = None) -> ValidationFailed:
    """The amounts that could not be read (``errors``), and the converter's other refusals."""
    return ValidationFailed([*(FieldError(k, v) for k, v in errors.items()),
                             *(e for e in (refused.errors if refused else []) if e.field not in errors)])


def _structured(data: dict[str, Any], kind: type[Any], unreadable: Mapping[str, str]) -> Any:
    try:
        command = structure(data, kind)
    except ValidationFailed as refused:
        raise _refused(unreadable, refused) from None
    if unreadable:
        raise _refused(unreadable)
    return command


def _payment(shown: Mapping[str, str], prefix: str, written: Any, unreadable: dict[str, str]) -> list[dict[str, Any]]:
    """One payment typed as ``{prefix}method`` and ``{prefix}amount``; none when no amount is typed."""
    amount = read_amount(written, shown.get(f"{prefix}amount", ""), PAID, f"{prefix}amount", unreadable)
    if amount is None:
        return []
    return [{"method": shown.get(f"{prefix}method", ""), "amount": amount}]


def _condition(shown: Mapping[str, str]) -> dict[str, Any]:
    """The condition's fields (``condition_notes``, ``condition_screen``...) as ``ConditionIn`` reads them."""
    data: dict[str, Any] = {"notes": shown.get("condition_notes", "").strip() or None}
    for item, _ in CHECKLIST:
        data[item] = shown.get(f"condition_{item}", "").strip() or "not_checked"
    return data


def _condition_typed(repair: Repair) -> dict[str, str]:
    typed = {"condition_notes": repair.condition.notes or ""}
    typed.update({f"condition_{item}": check.value for item, _, check in repair.condition.checks()})
    return typed


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
            status_code: int = 200, unit: Mapping[str, Any] | None = None) -> Response:
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
               "matches": matches, "chosen": None if matches else _chosen(call, values), "nav_active": "repairs",
               "condition_items": CONDITION_ITEMS, "deposit_methods": IN_HAND, "unit": unit}
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
    values.update({f"condition_{item}": "not_checked" for item, _ in CHECKLIST})
    values["deposit_method"] = "cash"
    values["customer_q"] = call.query.get("customer_q", "")
    values["customer_id"] = call.query.get("customer_id", "")
    unit_q = call.query.get("unit_q", "").strip()[:100]
    if not unit_q:
        return _intake(call, values)
    return _intake(call, values, unit=_unit_lookup(call, unit_q, values))


def _unit_lookup(call: Call, unit_q: str, values: dict[str, Any]) -> dict[str, Any]:
    """"Find by serial / IMEI": a unit sold here fills in the serial, the equipment (its product) and the
    customer (the sale's); the form says whether the sale's warranty still covers it."""
    values["unit_q"] = unit_q
    found = call.services.repairs.find_sold_unit()(call.user, unit_q)
    if found is None:
        return {"q": unit_q, "found": None}
    record = found.record
    values["serial_number"] = record.unit.serial
    values["equipment"] = record.product.name
    if found.sold and record.customer_id is not None:
        values["customer_id"] = str(record.customer_id)
    return {"q": unit_q, "found": found, "record": record}


def _intake_command(shown: Mapping[str, str], call: Call) -> NewRepair:
    """The intake form as ``NewRepair``: its flat fields as any form's, the condition's checklist, and the
    deposit (one payment) when an amount is typed."""
    written = store_locale(call.request)
    data, unreadable_list = form_data(shown, NewRepair, written)
    unreadable = {e.field: e.message for e in unreadable_list}
    data["condition"] = _condition(shown)
    data["deposits"] = _payment(shown, "deposit_", written, unreadable)
    command: NewRepair = _structured(data, NewRepair, unreadable)
    return command


INTAKE_LISTS = {"deposits": "deposit_", "payments": "deposit_"}


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
        repair = services.repairs.take_repair_in()(user, _intake_command(shown, call))
    except (ValidationFailed, Conflict) as error:
        return _intake(call, shown, _renamed(form_errors(error), INTAKE_LISTS), status_code=status_of(error))
    assert repair.id is not None
    return _see_other(call.request, repair.id, "created")


# A repair's page

def _repair_page(call: Call, repair_id: int, *, forms: Mapping[str, Any] | None = None,
                 status_code: int = 200) -> Response:
    repairs = call.services.repairs
    repair = repairs.get_repair()(call.user, repair_id)
    history = repairs.repair_history()(call.user, repair_id)
    edit: dict[str, Any] = {field: getattr(repair, field) if getattr(repair, field) is not None else ""
                            for field in EDIT_FIELDS if field != "condition"}
    edit.update(_condition_typed(repair))
    # Who moved it on and who took each deposit, by name: one statement for the whole page.
    wanted = {h.created_by for h in history if h.created_by is not None} | {d.created_by for d in repair.deposits}
    names = call.services.identity.get_user_names()(call.user, wanted)
    forms = dict(forms or {})
    rates = call.services.taxes.all_tax_rates()(call.user) if repair.is_open else []
    labour = forms.get("labour") or {"typed": {}, "errors": {}}
    refund: Decimal | str = repair.deposit_total if repair.deposits else ""
    context = {
        "repair": repair, "history": history, "names": names, "methods": METHODS, "in_hand": IN_HAND,
        "repair_messages": call.services.notifications.repair_messages()(call.user, repair_id),
        "method_labels": dict(METHODS),
        "condition_items": CONDITION_ITEMS,
        "moves": [s for s in repair.allowed() if s not in THROUGH_DELIVERY
                  and not (s is RepairStatus.CANCELLED and repair.deposits)],
        "can_cancel": RepairStatus.CANCELLED in repair.allowed(),
        "rate_options": rate_choices(rates, labour["typed"].get("tax_rate_id", ""),
                                     f"Default rate: {default_label(rates)}"),
        "forms_state": {"edit": {"typed": edit, "errors": {}}, "move": {"error": None},
                        "part": {"typed": {}, "errors": {}}, "labour": labour, "lines": {"error": None},
                        "deposit": {"typed": {"method": "cash"}, "errors": {}},
                        "quote": {"typed": {}, "errors": {}},
                        "cancel": {"typed": {"refund_method": "cash", "refund_amount": refund}, "errors": {}},
                        "deliver": {"typed": {"method_0": "cash",
                                              "amount_0": repair.to_pay if repair.to_pay > 0 else ""},
                                    "errors": {}},
                        **forms},
        "nav_active": "repairs", "flash": FLASHES.get(call.query.get("done", "")),
    }
    return render(call.request, "repairs/detail.html", context, status_code=status_code)


def repair_page(call: Call) -> Response:
    return _repair_page(call, call.path("repair_id"))


def update_repair(call: Call) -> Response:
    repair_id = call.path("repair_id")
    shown = call.fields()
    try:
        data, unreadable = form_data(shown, RepairChanges, store_locale(call.request))
        data["condition"] = _condition(shown)
        changes = _structured(data, RepairChanges, {e.field: e.message for e in unreadable})
        # The condition changes only when its fields came (the form always sends them).
        given = [f for f in EDIT_FIELDS if f != "condition" or any(k.startswith("condition_") for k in shown)]
        call.services.repairs.change_repair()(call.user, repair_id, changes, given)
    except (ValidationFailed, Conflict) as error:
        return _repair_page(call, repair_id, forms={"edit": {"typed": shown,
                                                             "errors": _renamed(form_errors(error), {})}},
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


def add_labour(call: Call) -> Response:
    """A labour line: description, amount (in the store's locale) and tax rate (blank: the default)."""
    repair_id = call.path("repair_id")
    shown = call.fields()
    try:
        typed = {"kind": "labour", "description": shown.get("description", ""), "amount": shown.get("amount", ""),
                 "tax_rate_id": shown.get("tax_rate_id", ""), "requote": shown.get("requote", "")}
        command = structure_form(typed, NewLine, store_locale(call.request))
        call.services.repairs.add_line()(call.user, repair_id, command)
    except (ValidationFailed, Conflict) as error:
        errors = form_errors(error)
        return _repair_page(call, repair_id, forms={"labour": {"typed": shown, "errors": errors}},
                            status_code=status_of(error))
    return _see_other(call.request, repair_id, "labour")


def add_part(call: Call) -> Response:
    """A part line: the product by SKU or barcode, and a quantity; it takes stock."""
    repair_id = call.path("repair_id")
    shown = call.fields()
    services = call.services
    try:
        code = shown.get("code", "").strip()
        product = services.sales.find_product_by_code()(call.user, code) if code else None
        if product is None:
            raise ValidationFailed([FieldError("code", "no product has this SKU or barcode")])
        typed = {"kind": "part", "product_id": str(product.id), "quantity": shown.get("quantity", ""),
                 "requote": shown.get("requote", "")}
        command = structure_form(typed, NewLine, store_locale(call.request))
        services.repairs.add_line()(call.user, repair_id, command)
    except (ValidationFailed, Conflict, NotFound) as error:
        errors = form_errors(error)
        if "product_id" in errors:
            errors["code"] = errors.pop("product_id")
        if "amount" in errors:  # the line past the money range: the quantity makes it
            errors.setdefault("quantity", errors.pop("amount"))
        return _repair_page(call, repair_id, forms={"part": {"typed": shown, "errors": errors}},
                            status_code=status_of(error))
    return _see_other(call.request, repair_id, "part")


def remove_line(call: Call) -> Response:
    repair_id = call.path("repair_id")
    try:
        call.services.repairs.remove_line()(call.user, repair_id, call.path("line_id"))
    except Conflict as error:
        return _repair_page(call, repair_id, forms={"lines": {"error": error.detail}}, status_code=status_of(error))
    return _see_other(call.request, repair_id, "removed")


def take_deposit(call: Call) -> Response:
    """A deposit (one payment); its receipt follows, to print."""
    repair_id = call.path("repair_id")
    shown = call.fields()
    unreadable: dict[str, str] = {}
    try:
        payments = _payment(shown, "", store_locale(call.request), unreadable)
        if not payments and not unreadable:
            unreadable["amount"] = "is required"
        command: DepositIn = _structured({"payments": payments}, DepositIn, unreadable)
        _, deposit = call.services.repairs.take_deposit()(call.user, repair_id, command)
    except (ValidationFailed, Conflict) as error:
        errors = _renamed(form_errors(error), {"payments": ""})
        return _repair_page(call, repair_id, forms={"deposit": {"typed": shown, "errors": errors}},
                            status_code=status_of(error))
    return RedirectResponse(path_for(call.request, "deposit_receipt", repair_id=repair_id, deposit_id=deposit.id)
                            + "?new=1", status_code=303)


def answer_quote(call: Call) -> Response:
    """Staff record the customer's answer (by phone, at the counter): the button pressed, and a note."""
    repair_id = call.path("repair_id")
    shown = call.fields()
    try:
        if shown.get("approved", "").lower() not in (*CHECKED, "false"):
            raise ValidationFailed([FieldError("approved", "choose Approved or Declined")])
        command = read_form(call, QuoteAnswer)
        call.services.repairs.answer_quote()(call.user, repair_id, command)
    except (ValidationFailed, Conflict) as error:
        errors = form_errors(error)
        if "approved" in errors:
            errors[FORM_ERROR] = errors.pop("approved")
        return _repair_page(call, repair_id, forms={"quote": {"typed": shown, "errors": errors}},
                            status_code=status_of(error))
    return _see_other(call.request, repair_id, "approved" if command.approved else "declined")


def cancel_repair(call: Call) -> Response:
    """Cancelled with a note; the deposits refunded (one refund, prefilled with their total)."""
    repair_id = call.path("repair_id")
    shown = call.fields()
    unreadable: dict[str, str] = {}
    try:
        refunds = _payment(shown, "refund_", store_locale(call.request), unreadable)
        note = shown.get("note", "").strip() or None
        command: Cancellation = _structured({"note": note, "refunds": refunds}, Cancellation, unreadable)
        call.services.repairs.cancel_repair()(call.user, repair_id, command)
    except (ValidationFailed, Conflict) as error:
        errors = _renamed(form_errors(error), {"refunds": "refund_"})
        if "to" in errors:
            errors[FORM_ERROR] = errors.pop("to")
        return _repair_page(call, repair_id, forms={"cancel": {"typed": shown, "errors": errors}},
                            status_code=status_of(error))
    return _see_other(call.request, repair_id, "cancelled")


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


# A deposit's receipt: an 80 mm page and PDF

def _deposit_context(call: Call) -> dict[str, Any]:
    repair = call.services.repairs.get_repair()(call.user, call.path("repair_id"))
    deposit_id = call.path("deposit_id")
    deposit: Deposit | None = next((d for d in repair.deposits if d.id == deposit_id), None)
    if deposit is None:
        raise NotFound(f"Repair {repair.number} has no deposit {deposit_id}.")
    settings = call.request.app.state.settings
    taken_by = call.services.identity.get_user_names()(call.user, {deposit.created_by})[deposit.created_by]
    return {"repair": repair, "deposit": deposit, "taken_by": taken_by, "methods": dict(METHODS),
            "store_name": settings.store_name, "store_address": settings.store_address, "nav_active": "repairs",
            "just_made": call.query.get("new") == "1"}


def deposit_receipt(call: Call) -> Response:
    if wants_pdf(call):
        return deposit_receipt_pdf(call)
    return render(call.request, "repairs/deposit.html", _deposit_context(call))


def deposit_receipt_pdf(call: Call) -> Response:
    context = _deposit_context(call)
    number, deposit_id = context["repair"].number, context["deposit"].id
    return pdf_answer(receipt_pdf(call.request, context, DEPOSIT_SHEET, f"Deposit {number}"),
                      f"deposit-{number}-{deposit_id}.pdf")


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
            "store_address": settings.store_address, "terms": settings.repair_terms, "nav_active": "repairs",
            "check_label": check_label}


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


def _track(call: Call, found: Tracked, *, typed: Mapping[str, str] | None = None,
           errors: Mapping[str, str] | None = None, status_code: int = 200,
           headers: dict[str, str] | None = None) -> Response:
    request = call.request
    context = {"found": found, "store_name": request.app.state.settings.store_name, "typed": typed or {},
               "errors": errors or {}, "answered": ANSWERED.get(call.query.get("answered", ""))}
    return render(request, "repairs/track.html", context, status_code=status_code, headers=headers)


def track_page(call: Call) -> Response:
    found = call.services.repairs.track_repair()(client_address(call.request), call.path("code"))
    return _track(call, found)


def answer_online(call: Call) -> Response:
    """The customer's answer on the tracking page: the button pressed, confirmed with the last four digits of
    their phone (or their email). A refusal shows beside the field; an unknown code is the same 404 as ever."""
    request, code = call.request, call.path("code")
    shown = call.fields()
    repairs = call.services.repairs
    try:
        if shown.get("approved", "").lower() not in (*CHECKED, "false"):
            raise ValidationFailed([FieldError("approved", "choose Approve or Decline")])
        command = read_form(call, OnlineAnswer)
        repairs.answer_online()(client_address(request), code, command)
    except (ValidationFailed, Conflict, PermissionDenied, TooManyAttempts) as error:
        errors = _online_errors(error)
        headers = {"Retry-After": str(error.retry_after)} if isinstance(error, TooManyAttempts) else None
        found = repairs.track_repair()(client_address(request), code)
        typed = {"confirm": shown.get("confirm", "")}
        return _track(call, found, typed=typed, errors=errors, status_code=status_of(error), headers=headers)
    answered = "approved" if command.approved else "declined"
    return RedirectResponse(path_for(request, "track_page", code=code) + f"?answered={answered}", status_code=303)


def _online_errors(error: DomainError) -> dict[str, str]:
    """Every refusal of an answer belongs beside the confirmation, but a refusal of the answer itself (no quote
    is waiting any more) about the whole form."""
    if isinstance(error, PermissionDenied | TooManyAttempts):
        return {"confirm": error.detail}
    errors = form_errors(error)
    if "approved" in errors:
        errors[FORM_ERROR] = errors.pop("approved")
    return errors


_REPAIR = "/repairs/{repair_id:int}"
_DEPOSIT = _REPAIR + "/deposits/{deposit_id:int}/receipt"
routes = [
    Page("/repairs", repair_list, access=Access.SIGNED_IN),
    Page("/repairs/new", new_repair_form, access=Access.SIGNED_IN),
    Page("/repairs/new", create_repair, methods=["POST"], access=Access.SIGNED_IN, name="create_repair_submit"),
    Page(_REPAIR, repair_page, access=Access.SIGNED_IN),
    Page(_REPAIR + "/edit", update_repair, methods=["POST"], access=Access.SIGNED_IN, name="repair_edit_submit"),
    Page(_REPAIR + "/transitions", move_repair, methods=["POST"], access=Access.SIGNED_IN,
         name="repair_move_submit"),
    Page(_REPAIR + "/parts", add_part, methods=["POST"], access=Access.SIGNED_IN, name="repair_part_submit"),
    Page(_REPAIR + "/labour", add_labour, methods=["POST"], access=Access.SIGNED_IN, name="repair_labour_submit"),
    Page(_REPAIR + "/lines/{line_id:int}/remove", remove_line, methods=["POST"], access=Access.SIGNED_IN,
         name="repair_line_remove_submit"),
    Page(_REPAIR + "/deposits", take_deposit, methods=["POST"], access=Access.SIGNED_IN,
         name="repair_deposit_submit"),
    Page(_REPAIR + "/quote-answer", answer_quote, methods=["POST"], access=Access.SIGNED_IN,
         name="repair_quote_submit"),
    Page(_REPAIR + "/cancel", cancel_repair, methods=["POST"], access=Access.SIGNED_IN, name="repair_cancel_submit"),
    Page(_REPAIR + "/deliver", deliver_repair, methods=["POST"], access=Access.SIGNED_IN,
         name="repair_deliver_submit"),
    Page(_REPAIR + "/ticket", ticket, access=Access.SIGNED_IN),
    Page(_REPAIR + "/ticket.pdf", ticket_pdf, access=Access.SIGNED_IN),
    Page(_DEPOSIT, deposit_receipt, access=Access.SIGNED_IN),
    Page(_DEPOSIT + ".pdf", deposit_receipt_pdf, access=Access.SIGNED_IN),
    Page(_REPAIR + "/invoice", repair_invoice, access=Access.SIGNED_IN),
    Page(_REPAIR + "/invoice.pdf", repair_invoice_pdf, access=Access.SIGNED_IN),
    Page(_REPAIR + "/invoice-a4", repair_invoice_a4, access=Access.SIGNED_IN),
    Page(_REPAIR + "/invoice-a4.pdf", repair_invoice_a4_pdf, access=Access.SIGNED_IN),
    # The forms post to these; reloading an answer (GET) shows the repair's page again, not a 405.
    Page(_REPAIR + "/edit", repair_page, access=Access.SIGNED_IN, name="repair_edit"),
    Page(_REPAIR + "/transitions", repair_page, access=Access.SIGNED_IN, name="repair_moves"),
    Page(_REPAIR + "/parts", repair_page, access=Access.SIGNED_IN, name="repair_parts"),
    Page(_REPAIR + "/labour", repair_page, access=Access.SIGNED_IN, name="repair_labour"),
    Page(_REPAIR + "/lines/{line_id:int}/remove", repair_page, access=Access.SIGNED_IN, name="repair_line_remove"),
    Page(_REPAIR + "/deposits", repair_page, access=Access.SIGNED_IN, name="repair_deposits"),
    Page(_REPAIR + "/quote-answer", repair_page, access=Access.SIGNED_IN, name="repair_quote"),
    Page(_REPAIR + "/cancel", repair_page, access=Access.SIGNED_IN, name="repair_cancel"),
    Page(_REPAIR + "/deliver", repair_page, access=Access.SIGNED_IN, name="repair_deliver"),
    # Each lookup is counted against the visitor's limit (a write), though the page only shows.
    Page("/track/{code}", track_page, access=Access.PUBLIC, read_only=False),
    # The customer's answer to the quote posts to the page itself (no sign-in; the CSRF cookie the page set).
    Page("/track/{code}", answer_online, methods=["POST"], access=Access.PUBLIC, name="track_answer_submit"),
]
