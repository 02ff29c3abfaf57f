"""Sales: the point of sale (``/sales/new``, with its parked sales), the list, a sale's page with the void
form, and the receipt (80 mm, printable) with its PDF.

The point of sale is one form that works without JavaScript: every button posts it, the server
prices the cart and shows it again; "Sell" places the sale. HTMX only makes it quicker: Enter in the
code field adds the product and swaps the form, typing payments refreshes the totals, and live
searches list products and customers. The browser never adds up money.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from techstore.application.cash.tenders import NoOpenSession
from techstore.application.catalog.commands import ProductQuery
from techstore.application.sales.commands import Approval, NewSale, PaymentLine, SaleLine, VoidReason
from techstore.application.sales.parked import HeldCart, NewParkedSale, ParkedItem
from techstore.application.sales.point_of_sale import Cart, CartLine, Quote
from techstore.application.shared.constraints import Money, Sign
from techstore.application.shared.idempotency import KeyedRequest
from techstore.application.shared.pages import PageRequest
from techstore.domain.catalog.stock import ShortOfStock
from techstore.domain.catalog.units import SerialKind, normalise_serial
from techstore.domain.sales.approvals import ApprovalNeeded
from techstore.domain.sales.discounts import Discount, parse_percent
from techstore.domain.sales.parked import ParkedSale
from techstore.domain.sales.rules import MAX_QUANTITY
from techstore.domain.sales.sales import ZERO, Payment, Sale
from techstore.domain.shared.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    TooManyAttempts,
    ValidationFailed,
)
from techstore.domain.shared.payments import PaymentMethod
from techstore.entrypoints.api.sales.query import read_sale_query
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.client import client_address
from techstore.entrypoints.http.params import ID_MAX, parse_int
from techstore.entrypoints.http.problems import status_of
from techstore.entrypoints.http.seam import Call
from techstore.entrypoints.web import invoices
from techstore.entrypoints.web.guard import Page
from techstore.entrypoints.web.pages import returns as returns_pages
from techstore.entrypoints.web.pages.approvals import PASSWORD_FIELD, approval_asked, approval_typed, approver_name
from techstore.entrypoints.web.pages.forms import FORM_ERROR, form_errors, list_page, read_amount, read_form
from techstore.entrypoints.web.receipts import invoice_pdf, pdf_answer, receipt_pdf, wants_pdf
from techstore.entrypoints.web.store_locale import StoreLocale
from techstore.entrypoints.web.templates import path_for, render, render_block, store_locale

METHODS = [("cash", "Cash"), ("card", "Card"), ("transfer", "Transfer"), ("account", "On account")]
FLASHES = {"voided": "The sale was voided."}
COUNTER_FLASHES = {"parked": "Sale parked. The till is ready for the next customer."}
PARKED_SHOWN = 50  # the till lists this many parked sales, newest first (and says how many there are)
SEARCH_RESULTS = 8
POSITIVE, NOT_NEGATIVE = Money(Sign.POSITIVE), Money(Sign.NOT_NEGATIVE)


# ---------------------------------------------------------------- the point of sale

@attrs.define
class Counter:
    """The point-of-sale form as posted: what was typed (shown again as typed) and what it means."""

    typed: dict[str, str]
    lines: list[CartLine]
    quantities: list[str]  # as typed, one per line
    line_discounts: list[str]  # as typed, one per line
    payments: list[Payment]
    discount: Discount | None
    tendered: Decimal | None
    customer_id: int | None
    key: str
    errors: dict[str, str] = attrs.Factory(dict)
    serialized: list[bool] = attrs.Factory(list)  # one per line: its product's units are named by serial
    pending: dict[int, str] = attrs.Factory(dict)  # a serial typed or scanned into a line's serial field
    # A manager's username and password typed to approve (never shown again: not in ``typed``).
    approval: Approval | None = None

    def cart(self) -> Cart:
        return Cart(self.lines, self.discount, self.payments, self.tendered, self.customer_id)

    def fingerprint(self) -> str:
        sale = {"lines": [[line.product_id, line.quantity, str(line.discount), list(line.serials)]
                          for line in self.lines],
                "discount": str(self.discount),
                "payments": [[p.method.value, str(p.amount)] for p in self.payments],
                "customer_id": self.customer_id, "notes": self.typed.get("notes", "").strip(),
                "tendered": None if self.tendered is None else str(self.tendered)}
        return hashlib.sha256(json.dumps(sale, sort_keys=True).encode()).hexdigest()


def _discount(written: StoreLocale, typed: str, field: str, errors: dict[str, str]) -> Discount | None:
    """A discount as the counter types it, in the store's locale: ``5.00`` an amount, ``10%`` a percent."""
    typed = typed.strip()
    if not typed:
        return None
    if not typed.endswith("%"):
        amount = read_amount(written, typed, NOT_NEGATIVE, field, errors)
        if amount is None:
            errors[field] += f" (or a percent such as {written.decimal(Decimal('12.5'))}%)"
        return Discount.off(amount) if amount is not None else None
    try:
        return Discount.percent_of(parse_percent(typed[:-1].strip().replace(written.decimal_sign, ".")))
    except ValueError as error:
        errors[field] = str(error)
        return None


LINE_FIELDS = ("line_product_id", "line_quantity", "line_discount", "line_serials", "line_serialized")
SERIAL_FIELD = "serial_"  # ``serial_<line index>``: a serial typed or scanned into that line's serial field


def _item(values: list[Any], index: int) -> str:
    value = values[index] if index < len(values) else ""
    return value if isinstance(value, str) else ""


def _read_counter(form: FormData, written: StoreLocale) -> Counter:
    typed = {k: v.strip() for k, v in form.items()
             if isinstance(v, str) and k not in LINE_FIELDS and not k.startswith(SERIAL_FIELD) and k != PASSWORD_FIELD}
    errors: dict[str, str] = {}
    lines: list[CartLine] = []
    quantities: list[str] = []
    line_discounts: list[str] = []
    serialized: list[bool] = []
    pending: dict[int, str] = {}
    ids, typed_quantities = form.getlist("line_product_id"), form.getlist("line_quantity")
    typed_discounts, typed_serials = form.getlist("line_discount"), form.getlist("line_serials")
    markers = form.getlist("line_serialized")
    for index, (raw_id, raw_quantity) in enumerate(zip(ids, typed_quantities, strict=False)):
        raw_discount = _item(typed_discounts, index)
        if not isinstance(raw_id, str) or not isinstance(raw_quantity, str):
            continue
        product_id = parse_int(raw_id, 1, ID_MAX)
        if product_id is None:
            continue
        by_serial = _item(markers, index) == "1"
        serials = tuple(dict.fromkeys(normalise_serial(s) for s in _item(typed_serials, index).split()))
        new_serial = form.get(f"{SERIAL_FIELD}{index}")
        if by_serial:  # a serialized line: as many units as serials (none yet: it waits for the first)
            quantity: int | None = len(serials)
        else:
            quantity = parse_int(raw_quantity.strip(), 0, MAX_QUANTITY)
            if quantity == 0:
                continue  # a quantity set to 0 takes the line out
            if quantity is None:
                errors[f"items[{len(lines)}].quantity"] = f"must be a whole number from 1 to {MAX_QUANTITY}"
                quantity = 1
        if isinstance(new_serial, str) and new_serial.strip():
            pending[len(lines)] = new_serial.strip()[:100]
        discount = _discount(written, raw_discount, f"items[{len(lines)}].discount", errors)
        assert quantity is not None
        lines.append(CartLine(product_id, quantity, discount, serials))
        quantities.append(str(quantity) if by_serial else raw_quantity.strip())
        line_discounts.append(raw_discount.strip())
        serialized.append(by_serial)
    payments = []
    for method, _ in METHODS:
        amount = read_amount(written, typed.get(f"pay_{method}", ""), POSITIVE, f"pay_{method}", errors)
        if amount is not None:
            payments.append(Payment(PaymentMethod(method), amount))
    discount = _discount(written, typed.get("discount", ""), "discount", errors)
    tendered = read_amount(written, typed.get("tendered", ""), NOT_NEGATIVE, "tendered", errors)
    customer_id = parse_int(typed.get("customer_id", ""), 1, ID_MAX)
    key = typed.get("key", "") or secrets.token_urlsafe(18)
    return Counter(typed, lines, quantities, line_discounts, payments, discount, tendered, customer_id, key, errors,
                   serialized, pending, approval_typed(form))


def _priced(call: Call, counter: Counter) -> Counter:
    """Cash tendered with no payment typed means the whole sale in cash: the total is the cash payment,
    and the change is what was tendered over it. (The form's reading only; the API takes payments as given.)"""
    if counter.payments or counter.tendered is None or not counter.lines:
        return counter
    total = call.services.sales.quote_sale()(call.user, counter.cart()).total
    if total > ZERO:
        counter.payments = [Payment(PaymentMethod.CASH, total)]
    return counter


def _serialized_as_stored(counter: Counter, quote: Quote) -> bool:
    """Each line serialized as its product is (the form's marker only says how it was shown): a line of a
    serialized product counts its serials. Answers whether a line changed."""
    changed = False
    for index, line in enumerate(counter.lines):
        product = quote.products.get(line.product_id)
        by_serial = product is not None and product.serial_kind is not None
        while len(counter.serialized) <= index:
            counter.serialized.append(False)
        if by_serial != counter.serialized[index] or (by_serial and line.quantity != len(line.serials)):
            counter.serialized[index] = by_serial
            quantity = len(line.serials) if by_serial else max(line.quantity, 1)
            counter.lines[index] = attrs.evolve(line, quantity=quantity, serials=line.serials if by_serial else ())
            counter.quantities[index] = str(quantity)
            changed = True
    return changed


def _empty_counter() -> Counter:
    return Counter({}, [], [], [], [], None, None, None, secrets.token_urlsafe(18))


def _pos(call: Call, counter: Counter, *, status_code: int = 200, found: Any = None,
         focus: str = "code", notice: str | None = None, confirm_drop: int | None = None,
         flash: str | None = None, approval: dict[str, object] | None = None) -> Response:
    """The point-of-sale page (or, for HTMX, its form alone), priced on the server, with the parked sales."""
    request = call.request
    quote: Quote = call.services.sales.quote_sale()(call.user, counter.cart())
    if _serialized_as_stored(counter, quote):  # a line's product was made serialized, or a parked line resumed
        quote = call.services.sales.quote_sale()(call.user, counter.cart())
    parked = call.services.sales.list_parked_sales()(call.user, PageRequest(limit=PARKED_SHOWN))
    customer = None
    if counter.customer_id is not None:
        try:
            customer = call.services.customers.get_customer()(call.user, counter.customer_id)
        except NotFound:
            counter.errors.setdefault("customer_id", "no such customer")
    errors = dict(counter.errors)
    context = {"counter": counter, "typed": counter.typed, "quote": quote, "customer": customer,
               "customers_found": found, "methods": METHODS, "errors": errors,
               "form_error": errors.pop(FORM_ERROR, None), "focus": focus, "nav_active": "sales",
               "parked": parked, "parked_names": _parked_names(call, parked.items), "notice": notice,
               "confirm_drop": confirm_drop, "flash": flash, "approval": approval}
    if request.headers.get("hx-request"):
        # HTMX swaps only successful answers: a refused sale comes back as the form with its messages (200).
        return render_block(request, "sales/new.html", "pos", context)
    context["drawer"] = call.services.cash.current_session()(call.user)
    context["cash_required"] = request.app.state.settings.require_cash_session
    return render(request, "sales/new.html", context, status_code=status_code)


def new_sale(call: Call) -> Response:
    return _pos(call, _empty_counter(), flash=COUNTER_FLASHES.get(call.query.get("done", "")))


def _add(counter: Counter, product_id: int) -> None:
    for index, line in enumerate(counter.lines):
        if line.product_id == product_id and not _serialized(counter, index):
            counter.lines[index] = attrs.evolve(line, quantity=min(line.quantity + 1, MAX_QUANTITY))
            counter.quantities[index] = str(counter.lines[index].quantity)
            return
    counter.lines.append(CartLine(product_id, 1))
    counter.quantities.append("1")
    counter.line_discounts.append("")
    counter.serialized.append(False)


def _serialized(counter: Counter, index: int) -> bool:
    return index < len(counter.serialized) and counter.serialized[index]


def _serialized_line(counter: Counter, product_id: int) -> int:
    """The index of the product's serialized line, added (waiting for its first serial) when there is none."""
    for index, line in enumerate(counter.lines):
        if line.product_id == product_id and _serialized(counter, index):
            return index
    counter.lines.append(CartLine(product_id, 0))
    counter.quantities.append("0")
    counter.line_discounts.append("")
    counter.serialized.append(True)
    return len(counter.lines) - 1


def _with_serial(counter: Counter, index: int, serial: str) -> None:
    line = counter.lines[index]
    counter.lines[index] = attrs.evolve(line, serials=(*line.serials, serial), quantity=len(line.serials) + 1)
    counter.quantities[index] = str(counter.lines[index].quantity)


def _holding(counter: Counter, serial: str) -> bool:
    return any(serial in line.serials for line in counter.lines)


def _add_product(call: Call, counter: Counter, product: Any) -> str:
    """A product scanned, typed or picked: a serialized one gets its line and the focus moves to that line's
    serial field (the next scan fills it); another adds one more. Answers where the focus goes."""
    counter.typed["code"] = ""
    if product.serial_kind is not None:
        return f"serial-{_serialized_line(counter, product.id)}"
    _add(counter, product.id)
    return "code"


def _add_unit(call: Call, counter: Counter, code: str) -> bool:
    """A unit's serial scanned or typed in the code field: its product joins the sale with that unit. False when
    no unit has that serial; a unit that cannot be sold is refused beside the code field."""
    found = call.services.sales.find_unit_by_serial()(call.user, code)
    if found is None:
        return False
    serial = found.record.unit.serial
    if not found.sellable:
        counter.errors["code"] = found.refusal
    elif _holding(counter, serial):
        counter.errors["code"] = f"{serial} is already on this sale."
    else:
        _with_serial(counter, _serialized_line(counter, found.record.product.id), serial)
        counter.typed["code"] = ""
    return True


def _fill_serials(call: Call, counter: Counter) -> str | None:
    """The serials typed or scanned into the lines' serial fields, each checked now (a unit of that line's
    product, in stock, not on the sale yet) so a refusal shows beside its line at once. Answers the field to
    focus: a refused serial's, so it can be scanned again."""
    focus = None
    for index, typed in sorted(counter.pending.items()):
        if index >= len(counter.lines):
            continue
        field = f"items[{index}].serials"
        found = call.services.sales.find_unit_by_serial()(call.user, typed)
        product_id = counter.lines[index].product_id
        if found is None:
            counter.errors[field] = f"No unit has the serial “{typed}”."
        elif found.record.product.id != product_id:
            counter.errors[field] = f"{found.record.unit.serial} is a unit of {found.record.product.name}."
        elif not found.sellable:
            counter.errors[field] = found.refusal
        elif _holding(counter, found.record.unit.serial):
            counter.errors[field] = f"{found.record.unit.serial} is already on this sale."
        else:
            _with_serial(counter, index, found.record.unit.serial)
            continue
        counter.typed[f"{SERIAL_FIELD}{index}"] = typed
        focus = focus or f"serial-{index}"
    counter.pending = {}
    return focus


def _take_serial(counter: Counter, index: int, serial: str) -> None:
    """A serial taken off its line (the unit stays on the shelf)."""
    line = counter.lines[index]
    serials = tuple(s for s in line.serials if s != serial)
    counter.lines[index] = attrs.evolve(line, serials=serials, quantity=len(serials))
    counter.quantities[index] = str(len(serials))


def _fill_cash(call: Call, counter: Counter, *, rest: bool) -> None:
    """The cash keys: "Exact cash" makes the total the cash payment (other payments cleared); "Rest in
    cash" makes the cash payment what the other payments leave to pay."""
    total = call.services.sales.quote_sale()(call.user, counter.cart()).total
    others = [p for p in counter.payments if p.method is not PaymentMethod.CASH] if rest else []
    amount = total - sum((p.amount for p in others), ZERO)
    if amount <= ZERO:
        return  # nothing is left for cash to pay
    for method, _ in METHODS:
        if not rest or method == "cash":
            counter.typed[f"pay_{method}"] = ""
            counter.errors.pop(f"pay_{method}", None)
    counter.typed["pay_cash"] = store_locale(call.request).decimal(amount)
    counter.payments = [Payment(PaymentMethod.CASH, amount), *others]


def counter_action(call: Call) -> Response:
    """Every button of the point of sale posts here; ``action`` says which."""
    counter = _read_counter(call.form, store_locale(call.request))
    action = str(call.form.get("action") or "add")
    # Enter in a line's serial field presses "Add" (the form's first button): the serial joins its line.
    refused_serial = _fill_serials(call, counter) if not action.startswith(("remove:", "unserial:")) else None
    if action == "sell":
        return _sell(call, _priced(call, counter))
    if action == "park":
        return _park(call, counter)
    found = None
    focus = refused_serial or "code"
    notice = None
    confirm_drop = None
    if action == "add" and not counter.typed.get("code") and counter.typed.get("customer_q") \
            and counter.customer_id is None:
        action = "find_customer"  # Enter in the customer field (without JavaScript, it presses "Add")
    if action in ("exact_cash", "rest_cash"):
        _fill_cash(call, counter, rest=action == "rest_cash")
        focus = "tendered"
    elif action == "add":
        code = counter.typed.get("code", "")
        if code:
            product = call.services.sales.find_product_by_code()(call.user, code)
            if product is not None:
                focus = _add_product(call, counter, product)
            elif not _add_unit(call, counter, code):
                counter.errors["code"] = f"No product has the SKU or barcode “{code}”, and no unit that serial."
    elif action.startswith("add:"):
        product_id = parse_int(action[4:], 1, ID_MAX)
        picked = call.services.sales.quote_sale()(call.user, Cart([CartLine(product_id, 1)])).products.get(
            product_id) if product_id is not None else None
        if picked is not None:
            focus = _add_product(call, counter, picked)
    elif action.startswith("remove:"):
        index = parse_int(action[7:], 0, len(counter.lines) - 1) if counter.lines else None
        if index is not None:
            del counter.lines[index], counter.quantities[index], counter.line_discounts[index]
            if index < len(counter.serialized):
                del counter.serialized[index]
    elif action.startswith("unserial:") and ":" in action[9:]:
        raw_index, serial = action[9:].split(":", 1)
        index = parse_int(raw_index, 0, len(counter.lines) - 1) if counter.lines else None
        if index is not None:
            _take_serial(counter, index, serial)
            focus = f"serial-{index}"
    elif action == "find_customer":
        found = _customers_like(call, counter.typed.get("customer_q", ""))
        focus = "customer_q"
    elif action.startswith("customer:"):
        counter.customer_id = parse_int(action[9:], 1, ID_MAX)
        counter.typed["customer_q"] = ""
    elif action == "no_customer":
        counter.customer_id = None
        counter.typed["customer_id"] = ""
    elif action.startswith("resume:"):
        notice = _resume(call, counter, parse_int(action[7:], 1, ID_MAX))
    elif action.startswith("drop:"):
        confirm_drop = parse_int(action[5:], 1, ID_MAX)
        focus = ""  # the confirmation's "Keep it" takes the focus
    elif action.startswith("drop_confirmed:"):
        notice = _drop(call, counter, parse_int(action[15:], 1, ID_MAX))
    return _pos(call, _priced(call, counter), found=found, focus=focus, notice=notice, confirm_drop=confirm_drop)


# ---------------------------------------------------------------- parked sales at the till

def _parked_names(call: Call, held: Sequence[HeldCart]) -> dict[int, str]:
    names: dict[int, str] = call.services.identity.get_user_names()(call.user, {h.parked.user_id for h in held})
    return names


def _parked_command(counter: Counter) -> NewParkedSale:
    """The till's cart as a parked sale: its lines with their discounts, the customer, the sale's discount
    and the notes; payments and cash tendered are not kept."""
    return NewParkedSale([ParkedItem(line.product_id, line.quantity, discount=line.discount) for line in counter.lines],
                         counter.customer_id, counter.discount, counter.typed.get("notes", "") or None)


def _park(call: Call, counter: Counter) -> Response:
    """Put the till's cart aside and clear the till for the next customer."""
    if counter.errors:
        return _pos(call, counter, status_code=422, focus="")
    # The form's key, as for a sale (its own scope): a double click on Park parks the cart once.
    keyed = KeyedRequest(f"{call.user.id} PARK /sales/new", counter.key, counter.fingerprint())
    try:
        call.services.sales.park_sale().once(call.user, _parked_command(counter), keyed)
    except (ValidationFailed, Conflict) as error:
        counter.errors.update(_errors_of(counter, error))
        return _pos(call, counter, status_code=status_of(error), focus="")
    target = path_for(call.request, "new_sale") + "?done=parked"
    if call.request.headers.get("hx-request"):
        return Response(status_code=200, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _resume(call: Call, counter: Counter, parked_id: int | None) -> str | None:
    """Load a parked sale into an empty till (it stops being parked); a notice of what was resumed."""
    if parked_id is None:
        return None
    if counter.lines:
        counter.errors["parked"] = "The till holds a sale: park it or sell it before resuming another."
        return None
    try:
        parked: ParkedSale = call.services.sales.resume_parked_sale()(call.user, parked_id)
    except NotFound:
        counter.errors["parked"] = "That sale is no longer parked: someone resumed or dropped it."
        return None
    counter.key = secrets.token_urlsafe(18)  # a fresh attempt: parking it again is not a retry of its parking
    who = call.services.identity.get_user_names()(call.user, [parked.user_id])[parked.user_id]
    resumed = f"Resumed the sale {who} parked at {store_locale(call.request).datetime(parked.created_at)} UTC."
    return " ".join([resumed, *_into_till(call, counter, parked)])


def _into_till(call: Call, counter: Counter, parked: ParkedSale) -> list[str]:
    """The parked cart in the till as it was typed: its lines (each with its own discount), the customer, the
    sale's discount and the notes. A parked sale keeps no serials: a serialized line comes back waiting for its
    units (it cannot be sold without them), and the notices say how many to scan again."""
    written = store_locale(call.request)
    counter.lines = [CartLine(line.product_id, line.quantity, line.discount) for line in parked.lines]
    counter.quantities = [str(line.quantity) for line in parked.lines]
    counter.line_discounts = [_typed(written, line.discount) for line in parked.lines]
    counter.customer_id = parked.customer_id
    counter.discount = parked.discount
    counter.typed.update(customer_q="", notes=parked.notes or "", discount=_typed(written, parked.discount))
    products = call.services.sales.quote_sale()(call.user, counter.cart()).products
    rescan = []
    for line in parked.lines:
        product = products.get(line.product_id)
        if product is not None and product.serial_kind is not None:
            kind = "IMEI" if product.serial_kind is SerialKind.IMEI else "serial"
            units = "1 unit" if line.quantity == 1 else f"{line.quantity} units"
            rescan.append(f"{product.name} was parked with {units}: scan the {kind} of each unit again "
                          "(a parked sale keeps no serials).")
    return rescan


def _typed(written: StoreLocale, discount: Discount | None) -> str:
    """A discount as the till's field shows it, in the store's locale: ``5.00`` or ``10%``."""
    if discount is None:
        return ""
    if discount.percent is not None:
        return written.decimal(Decimal(f"{discount.percent.normalize():f}")) + "%"
    assert discount.amount is not None
    return written.decimal(discount.amount)


def _drop(call: Call, counter: Counter, parked_id: int | None) -> str | None:
    """Drop a parked sale, once confirmed; the till keeps what it holds."""
    if parked_id is None:
        return None
    try:
        call.services.sales.drop_parked_sale()(call.user, parked_id)
    except NotFound:
        counter.errors["parked"] = "That sale is no longer parked: someone resumed or dropped it."
        return None
    return "The parked sale was dropped."


def _sale_command(counter: Counter) -> NewSale:
    notes = counter.typed.get("notes", "") or None
    return NewSale([SaleLine(line.product_id, line.quantity, line.discount, list(line.serials) or None)
                    for line in counter.lines],
                   [PaymentLine(p.method, p.amount) for p in counter.payments],
                   counter.customer_id, counter.discount, notes, counter.tendered, counter.approval)


# The fields the point of sale shows a message beside; a refusal about anything else is about the form.
SHOWN_FIELDS = frozenset({"code", "items", "customer_id", "discount", "payments", "tendered",
                          *(f"pay_{method}" for method, _ in METHODS)})


def _errors_of(counter: Counter, error: DomainError) -> dict[str, str]:
    """The use case's field names (``payments[1].amount``) as the form's (``pay_card``): every refusal is
    shown beside what caused it, or above the form when nothing on it did."""
    if isinstance(error, NoOpenSession):  # the cash typed is what the closed drawer refused
        return {"pay_cash": error.detail}
    if isinstance(error, ShortOfStock):  # beside each short line
        lines = {line.product_id: index for index, line in enumerate(counter.lines)}
        short = {f"items[{lines[s.product_id]}].quantity": f"Not enough stock: asked {s.requested}, "
                 f"{s.available} in stock." for s in error.shortages if s.product_id in lines}
        return short or {FORM_ERROR: error.detail}
    if isinstance(error, Conflict) and error.field == "amount":  # the account charge: over the credit limit
        account = "pay_account" if any(p.method is PaymentMethod.ACCOUNT for p in counter.payments) else "customer_id"
        return {account: error.detail}
    shown: dict[str, str] = {}
    for field, message in form_errors(error).items():
        if field.startswith("payments[") and "]" in field:
            index = parse_int(field[9:field.index("]")], 0, len(counter.payments) - 1)
            field = f"pay_{counter.payments[index].method.value}" if index is not None else "payments"
        elif field.startswith("items[") and field.endswith(("].quantity", "].discount", "].serials")):
            pass
        elif field not in SHOWN_FIELDS:
            field = FORM_ERROR
        if field == FORM_ERROR and field in shown:
            shown[field] += " " + message
        shown.setdefault(field, message)
    return shown


def _sell(call: Call, counter: Counter) -> Response:
    for index, line in enumerate(counter.lines):
        if _serialized(counter, index) and not line.serials:
            counter.errors.setdefault(f"items[{index}].serials", "Scan or type the serial of each unit sold.")
    if counter.errors:
        return _pos(call, counter, status_code=422, focus="")
    request, user = call.request, call.user
    keyed = KeyedRequest(f"{user.id} POST /sales/new", counter.key, counter.fingerprint())
    try:
        # A retry of the same form (its key) places nothing more: it is shown the first sale's receipt.
        outcome = call.services.sales.place_sale().once(user, _sale_command(counter), keyed, client_address(request))
    except ApprovalNeeded as needed:  # the form again, as typed, asking for a manager's username and password
        return _pos(call, counter, status_code=403, focus="", approval=approval_asked(needed, counter.approval))
    except TooManyAttempts as error:
        counter.errors[FORM_ERROR] = error.detail
        return _pos(call, counter, status_code=429, focus="")
    except (ValidationFailed, Conflict, NotFound, PermissionDenied) as error:
        counter.errors.update(_errors_of(counter, error))
        return _pos(call, counter, status_code=status_of(error), focus="")
    target = path_for(request, "sale_receipt", sale_id=outcome.made) + "?new=1"
    if request.headers.get("hx-request"):
        return Response(status_code=200, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _customers_like(call: Call, term: str) -> Any:
    term = term.strip()
    if not term:
        return []
    try:
        page = call.services.customers.search_customers()(call.user, term.casefold(),
                                                           PageRequest(limit=SEARCH_RESULTS))
    except ValidationFailed:
        return []
    return page.items


def counter_totals(call: Call) -> Response:
    """HTMX: the totals block (and each line's total, out of band) for the form as typed so far."""
    counter = _priced(call, _read_counter(call.form, store_locale(call.request)))
    quote: Quote = call.services.sales.quote_sale()(call.user, counter.cart())
    context = {"counter": counter, "typed": counter.typed, "quote": quote, "errors": counter.errors,
               "methods": METHODS, "oob": True}
    return render_block(call.request, "sales/new.html", "totals", context)


def counter_products(call: Call) -> Response:
    """HTMX: products whose SKU, barcode or name holds what was typed in the code field."""
    code = call.query.get("code", "").strip()
    products: Any = []
    if code and len(code) <= 100:
        try:
            page = call.services.catalog.search_products()(call.user, ProductQuery(q=code),
                                                           PageRequest(limit=SEARCH_RESULTS))
            products = [p for p in page.items if p.is_active]
        except ValidationFailed:
            products = []
    return render_block(call.request, "sales/new.html", "product_results", {"products": products, "code": code})


def counter_customers(call: Call) -> Response:
    """HTMX: customers whose name, email or phone holds what was typed."""
    found = _customers_like(call, call.query.get("customer_q", ""))
    return render_block(call.request, "sales/new.html", "customer_results", {"customers_found": found})


# ---------------------------------------------------------------- the list, a sale, voiding

def sale_list(call: Call) -> Response:
    """The search box finds part of a number or of the customer's name; ``customer_id`` and ``number`` still
    filter when a link carries them (the form keeps them). A search it cannot read is shown next to its field,
    and the list is shown without it."""
    request = call.request
    query, problems = read_sale_query(request, lenient=True)
    page = call.services.sales.list_sales()(call.user, query, list_page(request))
    shown = {name: request.query_params.get(name, "")
             for name in ("from", "to", "q", "status", "customer_id", "number")}
    keep = {name: value for name, value in shown.items() if value}
    context = {"sales": page.items, "page": page, "shown": shown, "keep": keep,
               "every_customer": {name: value for name, value in keep.items() if name != "customer_id"},
               "errors": {problem.field: problem.message for problem in problems}, "nav_active": "sales"}
    return render(request, "sales/list.html", context)


def _sale_page(call: Call, *, void_typed: Mapping[str, str] | None = None,
               void_errors: Mapping[str, str] | None = None, status_code: int = 200) -> Response:
    sales = call.services.sales
    sale: Sale = sales.get_sale()(call.user, call.path("sale_id"))
    customer = _customer_of(call, sale)
    returns = sales.returns_of_sale()(call.user, sale.id)
    errors = dict(void_errors or {})
    context = {"sale": sale, "customer": customer, "returns": returns, "void_typed": void_typed or {},
               "void_errors": errors, "void_error": errors.pop(FORM_ERROR, None), "nav_active": "sales",
               "flash": FLASHES.get(call.query.get("done", ""))}
    return render(call.request, "sales/detail.html", context, status_code=status_code)


def _customer_of(call: Call, sale: Sale) -> Any:
    if sale.customer_id is None:
        return None
    try:  # an admin still reaches a deleted customer's page, to restore them
        return call.services.customers.get_customer().even_deleted(call.user, sale.customer_id)
    except NotFound:  # deleted since: the sale still names its id
        return None


def sale_page(call: Call) -> Response:
    return _sale_page(call)


def void_sale(call: Call) -> Response:
    sale_id = call.path("sale_id")
    try:
        command = read_form(call, VoidReason)
        call.services.sales.void_sale()(call.user, sale_id, command)
    except (ValidationFailed, Conflict) as error:
        return _sale_page(call, void_typed=call.fields(), void_errors=form_errors(error),
                          status_code=status_of(error))
    return RedirectResponse(path_for(call.request, "sale_page", sale_id=sale_id) + "?done=voided", status_code=303)


# ---------------------------------------------------------------- receipts

def _receipt_context(call: Call) -> dict[str, Any]:
    sale: Sale = call.services.sales.get_sale()(call.user, call.path("sale_id"))
    settings = call.request.app.state.settings
    return {"sale": sale, "seller": _seller_name(call, sale), "customer": _customer_of(call, sale),
            "approver": approver_name(call, sale.approved_by), "store_name": settings.store_name,
            "store_address": settings.store_address, "methods": dict(METHODS),
            "nav_active": "sales", "just_sold": call.query.get("new") == "1"}


def _seller_name(call: Call, sale: Sale) -> str:
    """The seller's full name, whoever reprints the receipt."""
    name: str = call.services.identity.get_user_name()(call.user, sale.user_id)
    return name


def sale_receipt(call: Call) -> Response:
    if wants_pdf(call):
        return sale_receipt_pdf(call)
    return render(call.request, "sales/receipt.html", _receipt_context(call))


def sale_receipt_pdf(call: Call) -> Response:
    context = _receipt_context(call)
    number = context["sale"].number
    return pdf_answer(receipt_pdf(call.request, context, "sales/_receipt.html", f"Receipt {number}"),
                      f"receipt-{number}.pdf")


def _invoice_context(call: Call) -> dict[str, Any]:
    """A sale paid (in part) on account, as an A4 invoice to the customer; other sales have none (404)."""
    sale: Sale = call.services.sales.get_sale()(call.user, call.path("sale_id"))
    if sale.on_account <= ZERO:
        raise NotFound(f"Sale {sale.number} was not sold on account: it has no invoice.")
    settings = call.request.app.state.settings
    request = call.request
    return {"invoice": invoices.of_sale(sale, _customer_of(call, sale)), "store_name": settings.store_name,
            "store_address": settings.store_address, "voided": sale.is_voided, "nav_active": "sales",
            "title": f"Invoice {sale.number}",
            "actions": [("PDF", path_for(request, "sale_invoice_pdf", sale_id=sale.id)),
                        (f"Sale {sale.number}", path_for(request, "sale_page", sale_id=sale.id))]}


def sale_invoice(call: Call) -> Response:
    if wants_pdf(call):
        return sale_invoice_pdf(call)
    return render(call.request, "invoices/page.html", _invoice_context(call))


def sale_invoice_pdf(call: Call) -> Response:
    context = _invoice_context(call)
    return pdf_answer(invoice_pdf(call.request, context, "invoices/_a4.html", context["title"]),
                      f"invoice-{context['invoice'].number}.pdf")


_SALE = "/sales/{sale_id:int}"
routes = [
    Page("/sales", sale_list, access=Access.COUNTER),
    Page("/sales/new", new_sale, access=Access.COUNTER),
    Page("/sales/new", counter_action, methods=["POST"], access=Access.COUNTER, name="sale_new_submit"),
    Page("/sales/new/totals", counter_totals, methods=["POST"], access=Access.COUNTER),
    Page("/sales/new/products", counter_products, access=Access.COUNTER),
    Page("/sales/new/customers", counter_customers, access=Access.COUNTER),
    Page(_SALE, sale_page, access=Access.COUNTER),
    Page(_SALE + "/void", void_sale, methods=["POST"], access=Access.MANAGER, name="sale_void_submit"),
    Page(_SALE + "/void", sale_page, access=Access.MANAGER, name="sale_void"),
    Page(_SALE + "/receipt", sale_receipt, access=Access.COUNTER),
    Page(_SALE + "/receipt.pdf", sale_receipt_pdf, access=Access.COUNTER),
    Page(_SALE + "/invoice", sale_invoice, access=Access.COUNTER),
    Page(_SALE + "/invoice.pdf", sale_invoice_pdf, access=Access.COUNTER),
    *returns_pages.routes,
]
