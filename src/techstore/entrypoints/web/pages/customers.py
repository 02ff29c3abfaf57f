"""Customers: the list with live search, new and edit forms, the customer's page with
their account (statement, payment, admin adjustment, delete) and the printable statement."""

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
from techstore.domain.customers.customers import Customer
from techstore.domain.identity.users import User
from techstore.domain.shared.errors import Conflict, DomainError, ValidationFailed
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.services import call, services
from techstore.entrypoints.web.guard import Page
from techstore.entrypoints.web.pages.forms import form_errors, list_page, read_form
from techstore.entrypoints.web.templates import path_for, render

FLASHES = {
    "created": "The customer was registered.",
    "updated": "The changes were saved.",
    "paid": "The payment was recorded.",
    "adjusted": "The balance was adjusted.",
    "deleted": "The customer was deleted.",
}
STATEMENT_DAYS = 30  # the period a customer's page shows unless asked for another
STATEMENT_LINES = 100  # movements per page of a statement
PRINTED_LINES = 1000  # movements on a printed statement (a longer period is printed in parts)
METHODS = [("cash", "Cash"), ("card", "Card"), ("transfer", "Transfer")]
FORM_FIELDS = ("name", "email", "phone", "address", "notes", "credit_limit")


def _user(request: Request) -> User:
    user: User = request.state.user
    return user


def _see_other(request: Request, name: str, done: str, **params: object) -> Response:
    return RedirectResponse(path_for(request, name, **params) + f"?done={done}", status_code=303)


def _status(error: DomainError) -> int:
    return 422 if isinstance(error, ValidationFailed) else 409


# The list

async def customer_list(request: Request) -> Response:
    query = request.query_params.get("q", "").strip()
    try:
        page = await call(services(request).customers.search_customers(), _user(request), query, list_page(request))
        error = None
    except ValidationFailed as refused:  # a search the API would refuse too (control characters, too long)
        page, error = None, form_errors(refused).get("q", refused.detail)
    context = {"customers": page.items if page else [], "page": page, "q": query, "search_error": error,
               "nav_active": "customers", "flash": FLASHES.get(request.query_params.get("done", ""))}
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
    return {field: form.get(field, "") for field in FORM_FIELDS}


async def new_customer_form(request: Request) -> Response:
    return _form(request, None, {field: "" for field in FORM_FIELDS})


async def create_customer(request: Request) -> Response:
    shown = _shown(await request.form())
    try:
        command = await read_form(request, NewCustomer)
        customer = await call(services(request).customers.register_customer(), _user(request), command)
    except (ValidationFailed, Conflict) as error:
        return _form(request, None, shown, form_errors(error), status_code=_status(error))
    return _see_other(request, "customer_page", "created", customer_id=customer.id)


async def edit_customer_form(request: Request) -> Response:
    customer = await call(services(request).customers.get_customer(), _user(request),
                          request.path_params["customer_id"])
    values = {field: getattr(customer, field) or "" for field in FORM_FIELDS}
    return _form(request, customer, values)


async def update_customer(request: Request) -> Response:
    customers = services(request).customers
    customer_id = request.path_params["customer_id"]
    customer = await call(customers.get_customer(), _user(request), customer_id)
    shown = _shown(await request.form())
    try:
        # The form shows every detail: read it as a whole (the name is required), then replace them all.
        details = await read_form(request, NewCustomer)
        changes = CustomerChanges(**attrs.asdict(details))
        await call(customers.update_customer(), _user(request), customer_id, changes)
    except (ValidationFailed, Conflict) as error:
        return _form(request, customer, shown, form_errors(error), status_code=_status(error))
    return _see_other(request, "customer_page", "updated", customer_id=customer_id)


# The customer's page: details, account, statement

def _period(request: Request) -> tuple[date | None, date | None, dict[str, str]]:
    """The statement's period from ``?from=&to=`` (the last 30 days by default), and any mistakes in it."""
    today = services(request).clock().now().date()
    chosen: dict[str, date | None] = {"from": today - timedelta(days=STATEMENT_DAYS), "to": today}
    errors: dict[str, str] = {}
    for name in chosen:
        raw = request.query_params.get(name)
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


async def _statement(request: Request, lines: int) -> tuple[Statement, dict[str, Any]]:
    first, last, errors = _period(request)
    page = PageRequest(limit=lines, offset=list_page(request).offset)
    statement = await call(services(request).customers.get_statement(), _user(request),
                           request.path_params["customer_id"], period_of(first, last), page)
    shown = {"from": first.isoformat() if first else "", "to": last.isoformat() if last else "", "errors": errors}
    return statement, shown


async def _customer_page(request: Request, *, forms: Mapping[str, Any] | None = None, status_code: int = 200,
                         flash: str | None = None) -> Response:
    statement, period = await _statement(request, STATEMENT_LINES)
    context = {
        "customer": statement.customer, "statement": statement, "period": period, "methods": METHODS,
        "forms_state": {"payment": {"typed": {"method": "cash"}, "errors": {}},
                        "adjustment": {"typed": {}, "errors": {}}, "delete": {"error": None}, **(forms or {})},
        "nav_active": "customers", "flash": flash or FLASHES.get(request.query_params.get("done", "")),
    }
    return render(request, "customers/detail.html", context, status_code=status_code)


async def customer_page(request: Request) -> Response:
    return await _customer_page(request)


async def take_payment(request: Request) -> Response:
    customer_id = request.path_params["customer_id"]
    shown = dict(await request.form())
    try:
        command = await read_form(request, NewPayment)
        await call(services(request).customers.take_payment(), _user(request), customer_id, command)
    except (ValidationFailed, Conflict) as error:
        forms = {"payment": {"typed": shown, "errors": form_errors(error)}}
        return await _customer_page(request, forms=forms, status_code=_status(error))
    return _see_other(request, "customer_page", "paid", customer_id=customer_id)


async def adjust_balance(request: Request) -> Response:
    customer_id = request.path_params["customer_id"]
    shown = dict(await request.form())
    try:
        command = await read_form(request, NewAdjustment)
        await call(services(request).customers.adjust_balance(), _user(request), customer_id, command)
    except (ValidationFailed, Conflict) as error:
        forms = {"adjustment": {"typed": shown, "errors": form_errors(error)}}
        return await _customer_page(request, forms=forms, status_code=_status(error))
    return _see_other(request, "customer_page", "adjusted", customer_id=customer_id)


async def delete_customer(request: Request) -> Response:
    customer_id = request.path_params["customer_id"]
    try:
        await call(services(request).customers.delete_customer(), _user(request), customer_id)
    except Conflict as refused:
        return await _customer_page(request, forms={"delete": {"error": refused.detail}}, status_code=409)
    return RedirectResponse(path_for(request, "customer_list") + "?done=deleted", status_code=303)


async def printable_statement(request: Request) -> Response:
    statement, period = await _statement(request, PRINTED_LINES)
    settings = request.app.state.settings
    context = {"customer": statement.customer, "statement": statement, "period": period,
               "store_name": settings.store_name, "store_address": settings.store_address,
               "printed_on": services(request).clock().now(), "nav_active": "customers"}
    return render(request, "customers/statement.html", context)


_CUSTOMER = "/customers/{customer_id:int}"
routes = [
    Page("/customers", customer_list, access=Access.SIGNED_IN),
    Page("/customers/new", new_customer_form, access=Access.SIGNED_IN),
    Page("/customers/new", create_customer, methods=["POST"], access=Access.SIGNED_IN, name="create_customer_submit"),
    Page(_CUSTOMER, customer_page, access=Access.SIGNED_IN),
    Page(_CUSTOMER + "/edit", edit_customer_form, access=Access.SIGNED_IN),
    Page(_CUSTOMER + "/edit", update_customer, methods=["POST"], access=Access.SIGNED_IN,
         name="update_customer_submit"),
    Page(_CUSTOMER + "/payments", take_payment, methods=["POST"], access=Access.SIGNED_IN,
         name="customer_payment_submit"),
    Page(_CUSTOMER + "/adjustments", adjust_balance, methods=["POST"], access=Access.ADMIN,
         name="customer_adjustment_submit"),
    Page(_CUSTOMER + "/delete", delete_customer, methods=["POST"], access=Access.SIGNED_IN,
         name="customer_delete_submit"),
    Page(_CUSTOMER + "/statement", printable_statement, access=Access.SIGNED_IN),
    # The forms post to these; reloading an answer (GET) shows the customer's page again, not a 405.
    Page(_CUSTOMER + "/payments", customer_page, access=Access.SIGNED_IN, name="customer_payments"),
    Page(_CUSTOMER + "/adjustments", customer_page, access=Access.SIGNED_IN, name="customer_adjustments"),
    Page(_CUSTOMER + "/delete", customer_page, access=Access.SIGNED_IN, name="customer_delete"),
]
