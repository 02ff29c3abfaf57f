"""Customers: the list with live search, new and edit forms, the customer's page with
their account (statement, payment, admin adjustment, delete) and their history (sales, returns,
repairs, payments), and the printable statement.
A deleted customer's page is an admin's only, with the form that restores them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import attrs
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from techstore.application.customers.account import period_of
from techstore.application.customers.commands import CustomerChanges, NewAdjustment, NewCustomer, NewPayment
from techstore.application.customers.ports import Statement
from techstore.application.shared.pages import PageRequest
from techstore.domain.customers.accounts import MovementType
from techstore.domain.customers.customers import Customer
from techstore.domain.shared.errors import Conflict, NotFound, ValidationFailed
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.params import ID_MAX, parse_int
from techstore.entrypoints.http.problems import status_of
from techstore.entrypoints.http.seam import Call
from techstore.entrypoints.web.guard import Page
from techstore.entrypoints.web.pages.forms import form_errors, list_page, read_form
from techstore.entrypoints.web.receipts import pdf_answer, receipt_pdf, wants_pdf
from techstore.entrypoints.web.templates import path_for, render, store_locale

FLASHES = {
    "created": "The customer was registered.",
    "updated": "The changes were saved.",
    "paid": "The payment was recorded.",
    "adjusted": "The balance was adjusted.",
    "deleted": "The customer was deleted.",
    "restored": "The customer was restored.",
}
STATEMENT_DAYS = 30  # the period a customer's page shows unless asked for another
STATEMENT_LINES = 100  # movements per page of a statement
HISTORY_LINES = 20  # lines per page of the customer's history (sales, returns, repairs, payments)
HISTORY_OFFSET = "history_offset"  # the history pages apart from the statement's ``offset``
PRINTED_LINES = 1000  # movements on a printed statement (a longer period is printed in parts)
METHODS = [("cash", "Cash"), ("card", "Card"), ("transfer", "Transfer")]
PAYMENT_SHEET = "customers/_payment_receipt.html"
FORM_FIELDS = ("name", "email", "phone", "address", "tax_id", "notes", "credit_limit", "accepts_email")


def _see_other(request: Request, name: str, done: str, **params: object) -> Response:
    return RedirectResponse(path_for(request, name, **params) + f"?done={done}", status_code=303)


# The list

def customer_list(call: Call) -> Response:
    request = call.request
    query = call.query.get("q", "").strip()
    try:
        page = call.services.customers.search_customers()(call.user, query, list_page(request))
        error = None
    except ValidationFailed as refused:  # a search the API would refuse too (control characters, too long)
        page, error = None, form_errors(refused).get("q", refused.detail)
    context = {"customers": page.items if page else [], "page": page, "q": query, "search_error": error,
               "nav_active": "customers", "flash": FLASHES.get(call.query.get("done", ""))}
    # A live search (HTMX) swaps in the results only; without JavaScript the form reloads the page.
    template = "customers/_results.html" if request.headers.get("hx-request") else "customers/list.html"
    return render(request, template, context)


# New and edit

def _form(request: Request, customer: Customer | None, values: Mapping[str, Any],
          errors: dict[str, str] | None = None, status_code: int = 200) -> Response:
    errors = dict(errors or {})
    context = {"customer": customer, "values": values, "errors": errors, "form_error": errors.pop("_form", None),
               "nav_active": "customers"}
    return render(request, "customers/form.html", context, status_code=status_code)


def _shown(form: Mapping[str, Any]) -> dict[str, Any]:
    shown = {field: form.get(field, "") for field in FORM_FIELDS}
    shown["accepts_email"] = "accepts_email" in form  # a checkbox: sent only when ticked
    return shown


def new_customer_form(call: Call) -> Response:
    values: dict[str, Any] = {field: "" for field in FORM_FIELDS}
    values["accepts_email"] = True
    # The store's default credit limit, shown so the clerk sees it and may change it (empty: no limit).
    default = call.request.app.state.settings.default_credit_limit
    values["credit_limit"] = "" if default is None else store_locale(call.request).decimal(default)
    return _form(call.request, None, values)


def create_customer(call: Call) -> Response:
    shown = _shown(call.form)
    try:
        command = read_form(call, NewCustomer)
        # The fields the form sent: an emptied credit limit is no limit; a form without it gets the default.
        given = [field for field in FORM_FIELDS if field in call.form]
        customer = call.services.customers.register_customer()(call.user, command, given)
    except (ValidationFailed, Conflict) as error:
        return _form(call.request, None, shown, form_errors(error), status_code=status_of(error))
    return _see_other(call.request, "customer_page", "created", customer_id=customer.id)


def edit_customer_form(call: Call) -> Response:
    customer = call.services.customers.get_customer()(call.user, call.path("customer_id"))
    values = {field: getattr(customer, field) or "" for field in FORM_FIELDS}
    return _form(call.request, customer, values)


def update_customer(call: Call) -> Response:
    customers = call.services.customers
    customer_id = call.path("customer_id")
    customer = customers.get_customer()(call.user, customer_id)
    shown = _shown(call.form)
    try:
        # The form shows every detail: read it as a whole (the name is required), then replace them all.
        details = read_form(call, NewCustomer)
        changes = CustomerChanges(**attrs.asdict(details))
        # A form without the credit limit (staff see it, disabled) leaves it as it is.
        given = [field for field in FORM_FIELDS if field != "credit_limit" or field in call.form]
        customers.update_customer()(call.user, customer_id, changes, given)
    except (ValidationFailed, Conflict) as error:
        return _form(call.request, customer, shown, form_errors(error), status_code=status_of(error))
    return _see_other(call.request, "customer_page", "updated", customer_id=customer_id)


# The customer's page: details, account, statement

def _period(call: Call) -> tuple[date | None, date | None, dict[str, str]]:
    """The statement's period from ``?from=&to=`` (the last 30 days by default), and any mistakes in it."""
    today = call.services.clock().now().date()
    chosen: dict[str, date | None] = {"from": today - timedelta(days=STATEMENT_DAYS), "to": today}
    errors: dict[str, str] = {}
    for name in chosen:
        raw = call.query.get(name)
        if raw is None:
            continue
        if not raw.strip():
            chosen[name] = None  # left empty: the period is open at that end
            continue
        try:
            chosen[name] = date.fromisoformat(raw.strip())
        except ValueError:
            errors[name] = "must be a date such as 2026-01-31"
    first, last = chosen["from"], chosen["to"]
    if first is not None and last is not None and last < first:
        errors["to"] = "must be on or after the start date"
    return first, last, errors


def _statement(call: Call, lines: int) -> tuple[Statement, dict[str, Any]]:
    first, last, errors = _period(call)
    page = PageRequest(limit=lines, offset=list_page(call.request).offset)
    statement = call.services.customers.get_statement()(call.user, call.path("customer_id"),
                                                         period_of(first, last), page)
    shown = {"from": first.isoformat() if first else "", "to": last.isoformat() if last else "", "errors": errors}
    return statement, shown


def _history(call: Call, *, deleted: bool = False) -> dict[str, Any]:
    """The customer's history, a page of it (``?history_offset=``), and what its pager keeps of the page's
    other choices (the statement's period and page)."""
    customers, customer_id = call.services.customers, call.path("customer_id")
    asked = list_page(call.request, HISTORY_LINES, param=HISTORY_OFFSET)
    read = customers.get_history().even_deleted if deleted else customers.get_history()
    keep = {name: call.query[name] for name in ("from", "to", "offset") if call.query.get(name)}
    return {"history": read(call.user, customer_id, asked), "history_keep": keep}


def _customer_page(call: Call, *, forms: Mapping[str, Any] | None = None, status_code: int = 200,
                   flash: str | None = None) -> Response:
    statement, period = _statement(call, STATEMENT_LINES)
    paid = parse_int(call.query.get("movement", ""), 1, ID_MAX) if call.query.get("done") == "paid" else None
    history_offset = call.query.get(HISTORY_OFFSET, "")
    context = {
        **_history(call),
        # The statement's pager keeps the history's page.
        "statement_keep": {"from": period["from"], "to": period["to"],
                           **({HISTORY_OFFSET: history_offset} if history_offset else {})},
        "customer": statement.customer, "statement": statement, "period": period, "methods": METHODS,
        "paid_receipt": None if paid is None else path_for(call.request, "payment_receipt",
                                                           customer_id=statement.customer.id, movement_id=paid),
        "forms_state": {"payment": {"typed": {"method": "cash"}, "errors": {}},
                        "adjustment": {"typed": {}, "errors": {}}, "delete": {"error": None}, **(forms or {})},
        "nav_active": "customers", "flash": flash or FLASHES.get(call.query.get("done", "")),
    }
    return render(call.request, "customers/detail.html", context, status_code=status_code)


def customer_page(call: Call) -> Response:
    try:
        return _customer_page(call)
    except NotFound:
        deleted = _deleted_customer(call)
        if deleted is None:
            raise
        return _deleted_page(call, deleted)


def _deleted_customer(call: Call) -> Customer | None:
    """For an admin, the customer of this page when they were deleted (to restore them); else None."""
    if not call.user.is_admin:
        return None
    customer: Customer = call.services.customers.get_customer().even_deleted(call.user, call.path("customer_id"))
    return customer if customer.is_deleted else None


def _deleted_page(call: Call, customer: Customer, *, error: str | None = None, status_code: int = 200) -> Response:
    context = {**_history(call, deleted=True), "customer": customer, "restore_error": error,
               "nav_active": "customers"}
    return render(call.request, "customers/deleted.html", context, status_code=status_code)


def restore_customer(call: Call) -> Response:
    customer_id = call.path("customer_id")
    try:
        call.services.customers.restore_customer()(call.user, customer_id)
    except Conflict as refused:
        deleted = _deleted_customer(call)
        if deleted is None:  # restored meanwhile: its page shows it as it is
            return _see_other(call.request, "customer_page", "restored", customer_id=customer_id)
        return _deleted_page(call, deleted, error=refused.detail, status_code=409)
    return _see_other(call.request, "customer_page", "restored", customer_id=customer_id)


def take_payment(call: Call) -> Response:
    customer_id = call.path("customer_id")
    shown = call.fields()
    try:
        command = read_form(call, NewPayment)
        movement = call.services.customers.take_payment()(call.user, customer_id, command)
    except (ValidationFailed, Conflict) as error:
        forms = {"payment": {"typed": shown, "errors": form_errors(error)}}
        return _customer_page(call, forms=forms, status_code=status_of(error))
    # Back on the customer's page, which offers the payment's receipt.
    return RedirectResponse(path_for(call.request, "customer_page", customer_id=customer_id)
                            + f"?done=paid&movement={movement.id}", status_code=303)


def adjust_balance(call: Call) -> Response:
    customer_id = call.path("customer_id")
    shown = call.fields()
    try:
        command = read_form(call, NewAdjustment)
        call.services.customers.adjust_balance()(call.user, customer_id, command)
    except (ValidationFailed, Conflict) as error:
        forms = {"adjustment": {"typed": shown, "errors": form_errors(error)}}
        return _customer_page(call, forms=forms, status_code=status_of(error))
    return _see_other(call.request, "customer_page", "adjusted", customer_id=customer_id)


def delete_customer(call: Call) -> Response:
    customer_id = call.path("customer_id")
    try:
        call.services.customers.delete_customer()(call.user, customer_id)
    except Conflict as refused:
        return _customer_page(call, forms={"delete": {"error": refused.detail}}, status_code=409)
    return RedirectResponse(path_for(call.request, "customer_list") + "?done=deleted", status_code=303)


def _payment_context(call: Call) -> dict[str, Any]:
    """A payment on the customer's account: any other movement, or another customer's, is not found (404)."""
    customers = call.services.customers
    customer_id, movement_id = call.path("customer_id"), call.path("movement_id")
    movement = customers.get_movement()(call.user, customer_id, movement_id)
    if movement.type is not MovementType.PAYMENT:
        raise NotFound(f"Movement {movement_id} of customer {customer_id} is not a payment.")
    customer = customers.get_customer()(call.user, customer_id)
    settings = call.request.app.state.settings
    pdf = path_for(call.request, "payment_receipt_pdf", customer_id=customer_id, movement_id=movement_id)
    back = path_for(call.request, "customer_page", customer_id=customer_id)
    return {"customer": customer, "movement": movement, "methods": dict(METHODS), "sheet": PAYMENT_SHEET,
            "taken_by": call.services.identity.get_user_name()(call.user, movement.created_by),
            "store_name": settings.store_name, "store_address": settings.store_address, "nav_active": "customers",
            "title": f"Payment {movement_id}",
            "actions": [("PDF", pdf), (customer.name, back)]}


def payment_receipt(call: Call) -> Response:
    if wants_pdf(call):
        return payment_receipt_pdf(call)
    return render(call.request, "receipts/page.html", _payment_context(call))


def payment_receipt_pdf(call: Call) -> Response:
    context = _payment_context(call)
    return pdf_answer(receipt_pdf(call.request, context, PAYMENT_SHEET, context["title"]),
                      f"payment-{context['movement'].id}.pdf")


def printable_statement(call: Call) -> Response:
    statement, period = _statement(call, PRINTED_LINES)
    settings = call.request.app.state.settings
    context = {"customer": statement.customer, "statement": statement, "period": period,
               "store_name": settings.store_name, "store_address": settings.store_address,
               "printed_on": call.services.clock().now(), "nav_active": "customers"}
    return render(call.request, "customers/statement.html", context)


_CUSTOMER = "/customers/{customer_id:int}"
routes = [
    Page("/customers", customer_list, access=Access.SIGNED_IN),
    Page("/customers/new", new_customer_form, access=Access.SIGNED_IN),
    Page("/customers/new", create_customer, methods=["POST"], access=Access.SIGNED_IN, name="create_customer_submit"),
    Page(_CUSTOMER, customer_page, access=Access.SIGNED_IN),
    Page(_CUSTOMER + "/edit", edit_customer_form, access=Access.COUNTER),
    Page(_CUSTOMER + "/edit", update_customer, methods=["POST"], access=Access.COUNTER,
         name="update_customer_submit"),
    Page(_CUSTOMER + "/payments", take_payment, methods=["POST"], access=Access.COUNTER,
         name="customer_payment_submit"),
    Page(_CUSTOMER + "/adjustments", adjust_balance, methods=["POST"], access=Access.ADMIN,
         name="customer_adjustment_submit"),
    Page(_CUSTOMER + "/delete", delete_customer, methods=["POST"], access=Access.MANAGER,
         name="customer_delete_submit"),
    Page(_CUSTOMER + "/restore", restore_customer, methods=["POST"], access=Access.ADMIN,
         name="customer_restore_submit"),
    Page(_CUSTOMER + "/statement", printable_statement, access=Access.COUNTER),
    Page(_CUSTOMER + "/payments/{movement_id:int}/receipt", payment_receipt, access=Access.COUNTER),
    Page(_CUSTOMER + "/payments/{movement_id:int}/receipt.pdf", payment_receipt_pdf, access=Access.COUNTER),
    # The forms post to these; reloading an answer (GET) shows the customer's page again, not a 405.
    Page(_CUSTOMER + "/payments", customer_page, access=Access.COUNTER, name="customer_payments"),
    Page(_CUSTOMER + "/adjustments", customer_page, access=Access.SIGNED_IN, name="customer_adjustments"),
    Page(_CUSTOMER + "/delete", customer_page, access=Access.MANAGER, name="customer_delete"),
    Page(_CUSTOMER + "/restore", customer_page, access=Access.SIGNED_IN, name="customer_restore"),
]
