"""Returns on the web: "Return items" from a sale's page (``/sales/{id}/returns/new``), priced on the
server, and the return receipt (80 mm page and PDF, as for sales)."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from techstore.application.sales.commands import NewReturn, PaymentLine, ReturnLine
from techstore.application.sales.returns import ReturnQuote
from techstore.application.shared.constraints import Money, Sign
from techstore.application.shared.idempotency import KeyedRequest
from techstore.domain.sales.approvals import ApprovalNeeded
from techstore.domain.sales.returns import Return, Wanted
from techstore.domain.sales.rules import MAX_QUANTITY
from techstore.domain.shared.errors import Conflict, DomainError, TooManyAttempts, ValidationFailed
from techstore.domain.shared.payments import PaymentMethod
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.client import client_address
from techstore.entrypoints.http.params import parse_int
from techstore.entrypoints.http.problems import status_of
from techstore.entrypoints.http.seam import Call
from techstore.entrypoints.web.guard import Page
from techstore.entrypoints.web.pages.approvals import PASSWORD_FIELD, approval_asked, approval_typed, approver_name
from techstore.entrypoints.web.pages.forms import FORM_ERROR, form_errors, read_amount
from techstore.entrypoints.web.receipts import pdf_answer, receipt_pdf, wants_pdf
from techstore.entrypoints.web.store_locale import StoreLocale
from techstore.entrypoints.web.templates import path_for, render, store_locale

METHODS = [("cash", "Cash"), ("card", "Card"), ("transfer", "Transfer"), ("account", "To the account")]
POSITIVE = Money(Sign.POSITIVE)


def _ticked(form: FormData) -> dict[int, list[str]]:
    """The serials ticked per product (``serial_<product id>``, one box per unit sold)."""
    ticked: dict[int, list[str]] = {}
    for name, value in form.multi_items():
        if name.startswith("serial_") and isinstance(value, str) and value.strip():
            product_id = parse_int(name[7:], 1, 2**31 - 1)
            if product_id is not None and value.strip() not in ticked.get(product_id, []):
                ticked.setdefault(product_id, []).append(value.strip()[:100])
    return ticked


def _read(form: FormData, written: StoreLocale,
          errors: dict[str, str]) -> tuple[dict[str, str], list[Wanted], list[PaymentLine]]:
    """The form as typed, the products asked back (``qty_<product id>``, ``restock_<product id>``; a serialized
    product's units ticked, ``serial_<product id>``) and the refunds (``refund_<method>``)."""
    typed = {k: v.strip() for k, v in form.items()
             if isinstance(v, str) and not k.startswith("serial_") and k != PASSWORD_FIELD}
    wanted = []
    ticked = _ticked(form)
    for ticked_id, serials in ticked.items():
        wanted.append(Wanted(ticked_id, len(serials), typed.get(f"restock_{ticked_id}") == "on", tuple(serials)))
    for name, raw in typed.items():
        if not name.startswith("qty_") or not raw or parse_int(name[4:], 1, 2**31 - 1) in ticked:
            continue
        product_id = parse_int(name[4:], 1, 2**31 - 1)
        quantity = parse_int(raw, 0, MAX_QUANTITY)
        if product_id is None:
            continue
        if quantity is None:
            errors[name] = f"must be a whole number from 0 to {MAX_QUANTITY}"
        elif quantity > 0:
            wanted.append(Wanted(product_id, quantity, typed.get(f"restock_{product_id}") == "on"))
    refunds = []
    for method, _ in METHODS:
        amount = read_amount(written, typed.get(f"refund_{method}", ""), POSITIVE, f"refund_{method}", errors)
        if amount is not None:
            refunds.append(PaymentLine(PaymentMethod(method), amount))
    return typed, wanted, refunds


def _form(call: Call, typed: dict[str, str], wanted: list[Wanted], errors: dict[str, str],
          status_code: int = 200, approval: dict[str, object] | None = None) -> Response:
    sale_id = call.path("sale_id")
    quote_return = call.services.sales.quote_return()
    try:
        quote: ReturnQuote = quote_return(call.user, sale_id, wanted)
    except (Conflict, ValidationFailed) as error:
        errors.update(_errors_of(error))
        quote = quote_return(call.user, sale_id, [])
        status_code = status_of(error)
    if typed.get("action") == "quote":
        typed = _refund_filled_in(typed, quote, store_locale(call.request))
    errors = dict(errors)
    context = {"quote": quote, "sale": quote.sale, "typed": typed, "errors": errors, "methods": METHODS,
               "checked_serials": {w.product_id: list(w.serials) for w in wanted},
               "form_error": errors.pop(FORM_ERROR, None), "fresh": not typed, "nav_active": "sales",
               "key": typed.get("key") or secrets.token_urlsafe(18), "approval": approval}
    return render(call.request, "returns/new.html", context, status_code=status_code)


def _refund_filled_in(typed: dict[str, str], quote: ReturnQuote, written: StoreLocale) -> dict[str, str]:
    """"Work out the refund" fills in the refund, the way the sale was first paid, when none is typed yet."""
    if quote.total <= 0 or any(typed.get(f"refund_{method}") for method, _ in METHODS):
        return typed
    paid = quote.sale.payments[0].method.value if quote.sale.payments else "cash"
    return {**typed, f"refund_{paid}": written.decimal(quote.total)}


def new_return(call: Call) -> Response:
    return _form(call, {}, [], {})


def _errors_of(error: DomainError) -> dict[str, str]:
    errors = form_errors(error)
    for field in list(errors):
        if field.startswith("refunds"):
            errors.setdefault("refunds", errors.pop(field))
        elif field.startswith("items"):
            errors.setdefault(FORM_ERROR, errors.pop(field))
    return errors


def return_action(call: Call) -> Response:
    """"Work out the refund" shows the form again, priced; "Make the return" makes it (once per form key)."""
    sale_id = call.path("sale_id")
    errors: dict[str, str] = {}
    typed, wanted, refunds = _read(call.form, store_locale(call.request), errors)
    if typed.get("action") != "return" or errors:
        return _form(call, typed, wanted, errors, 422 if errors else 200)
    approval = approval_typed(call.form)
    command = NewReturn([ReturnLine(w.product_id, w.quantity, w.restock, list(w.serials) or None) for w in wanted],
                        refunds, typed.get("reason", ""), approval)
    user = call.user
    keyed = KeyedRequest(f"{user.id} web return {sale_id}", typed.get("key") or secrets.token_urlsafe(18),
                         hashlib.sha256(repr(command).encode()).hexdigest())
    try:
        outcome = call.services.sales.make_return().once(user, sale_id, command, keyed, client_address(call.request))
    except ApprovalNeeded as needed:  # the form again, as typed, asking for a manager's username and password
        return _form(call, typed, wanted, {}, 403, approval_asked(needed, approval))
    except TooManyAttempts as error:
        return _form(call, typed, wanted, {FORM_ERROR: error.detail}, 429)
    except (ValidationFailed, Conflict) as error:
        return _form(call, typed, wanted, _errors_of(error), status_of(error))
    return RedirectResponse(path_for(call.request, "return_receipt", return_id=outcome.made) + "?new=1",
                            status_code=303)


def _receipt_context(call: Call) -> dict[str, Any]:
    sales = call.services.sales
    ret: Return = sales.get_return()(call.user, call.path("return_id"))
    sale = sales.get_sale()(call.user, ret.sale_id)
    settings = call.request.app.state.settings
    return {"ret": ret, "sale": sale, "approver": approver_name(call, ret.approved_by),
            "store_name": settings.store_name, "store_address": settings.store_address,
            "methods": dict(METHODS), "nav_active": "sales", "just_made": call.query.get("new") == "1"}


def return_receipt(call: Call) -> Response:
    if wants_pdf(call):
        return return_receipt_pdf(call)
    return render(call.request, "returns/receipt.html", _receipt_context(call))


def return_receipt_pdf(call: Call) -> Response:
    context = _receipt_context(call)
    number = context["ret"].number
    return pdf_answer(receipt_pdf(call.request, context, "returns/_receipt.html", f"Return {number}"),
                      f"return-{number}.pdf")


routes = [
    Page("/sales/{sale_id:int}/returns/new", new_return, access=Access.COUNTER),
    Page("/sales/{sale_id:int}/returns/new", return_action, methods=["POST"], access=Access.COUNTER,
         name="return_new_submit"),
    Page("/returns/{return_id:int}/receipt", return_receipt, access=Access.COUNTER),
    Page("/returns/{return_id:int}/receipt.pdf", return_receipt_pdf, access=Access.COUNTER),
]
