"""Tax rates (admin): the list with a form to add one, a rate's form, deactivating and reactivating, deleting
after a confirmation (a page of its own, so it works without JavaScript). Also the choice of rate that the
category and product forms offer (``rate_choices``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from techstore.application.taxes.commands import NewTaxRate, TaxRateChanges
from techstore.domain.shared.errors import Conflict, ValidationFailed
from techstore.domain.taxes.rates import TaxRate
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.problems import status_of
from techstore.entrypoints.http.seam import Call
from techstore.entrypoints.web.guard import Page
from techstore.entrypoints.web.pages.forms import FORM_ERROR, form_errors, list_page, read_form
from techstore.entrypoints.web.templates import path_for, render

FLASHES = {
    "created": "The tax rate was created.",
    "updated": "The changes were saved.",
    "deactivated": "The tax rate was deactivated: it can no longer be chosen, and what names it keeps it.",
    "reactivated": "The tax rate was reactivated.",
    "deleted": "The tax rate was deleted.",
}
NAV = "tax_rates"


def rate_choices(rates: Sequence[TaxRate], current: object, blank: str) -> list[tuple[object, str]]:
    """A form's choice of rate: ``blank`` (no rate of its own), the active rates, and the rate already chosen
    (``current``, an id or the posted text) even if it has been deactivated since."""
    options: list[tuple[object, str]] = [("", blank)]
    for rate in rates:
        if rate.is_active:
            options.append((rate.id, rate.label))
        elif str(rate.id) == str(current):
            options.append((rate.id, f"{rate.label}, inactive"))
    return options


def default_label(rates: Sequence[TaxRate]) -> str:
    """``Sales tax (8.25%)``: the default rate, as a blank choice explains it."""
    default = next((rate for rate in rates if rate.is_default), None)
    return default.label if default is not None else "none"


def _flash(request: Request) -> str | None:
    return FLASHES.get(request.query_params.get("done", ""))


def _see_other(request: Request, name: str, done: str | None = None, **params: object) -> Response:
    return RedirectResponse(path_for(request, name, **params) + (f"?done={done}" if done else ""), status_code=303)


# ---------------------------------------------------------------- the list, with the form to add one

def _list_page(call: Call, forms: Mapping[str, Any] | None = None, status_code: int = 200) -> Response:
    page = call.services.taxes.list_tax_rates()(call.user, list_page(call.request))
    context = {"rates": page.items, "page": page, "nav_active": NAV, "flash": _flash(call.request),
               "new": {"values": {"is_active": True}, "errors": {}}, "row_errors": {}, **(forms or {})}
    return render(call.request, "tax_rates/list.html", context, status_code=status_code)


def tax_rate_list(call: Call) -> Response:
    return _list_page(call)


def create_tax_rate(call: Call) -> Response:
    shown: dict[str, object] = dict(call.fields())
    shown["is_default"], shown["is_active"] = "is_default" in shown, "is_active" in shown
    try:
        call.services.taxes.create_tax_rate()(call.user, read_form(call, NewTaxRate))
    except (ValidationFailed, Conflict) as error:
        return _list_page(call, {"new": {"values": shown, "errors": form_errors(error)}}, status_of(error))
    return _see_other(call.request, "tax_rate_list", done="created")


def _refused_beside(call: Call, rate_id: int, error: Conflict | ValidationFailed) -> Response:
    """A refused deactivation or deletion, explained beside the rate in the list."""
    detail = error.detail if isinstance(error, Conflict) else "; ".join(e.message for e in error.errors)
    return _list_page(call, {"row_errors": {rate_id: detail}}, status_of(error))


def set_tax_rate_active(call: Call) -> Response:
    """Deactivate (``is_active`` not "true") or reactivate a rate, from its row's button."""
    rate_id = call.path("rate_id")
    active = call.form.get("is_active") == "true"
    try:
        call.services.taxes.update_tax_rate()(call.user, rate_id, TaxRateChanges(is_active=active))
    except (ValidationFailed, Conflict) as error:
        return _refused_beside(call, rate_id, error)
    return _see_other(call.request, "tax_rate_list", done="reactivated" if active else "deactivated")


# ---------------------------------------------------------------- one rate's form

def _rate_form(call: Call, rate: TaxRate, values: Mapping[str, object], errors: dict[str, str] | None = None,
               status_code: int = 200) -> Response:
    errors = dict(errors or {})
    context = {"rate": rate, "values": values, "errors": errors, "form_error": errors.pop(FORM_ERROR, None),
               "nav_active": NAV}
    return render(call.request, "tax_rates/form.html", context, status_code=status_code)


def edit_tax_rate_form(call: Call) -> Response:
    rate = call.services.taxes.get_tax_rate()(call.user, call.path("rate_id"))
    values = {"name": rate.name, "percent": f"{rate.percent.normalize():f}", "is_default": rate.is_default,
              "is_active": rate.is_active}
    return _rate_form(call, rate, values)


def update_tax_rate(call: Call) -> Response:
    taxes, rate_id = call.services.taxes, call.path("rate_id")
    rate = taxes.get_tax_rate()(call.user, rate_id)
    shown: dict[str, object] = dict(call.fields())
    shown["is_default"], shown["is_active"] = "is_default" in shown, "is_active" in shown
    try:
        # The form shows every field: each is required, and an unticked box is a change to "no".
        posted = read_form(call, NewTaxRate)
        changes = TaxRateChanges(posted.name, posted.percent, posted.is_default, posted.is_active)
        taxes.update_tax_rate()(call.user, rate_id, changes)
    except (ValidationFailed, Conflict) as error:
        return _rate_form(call, rate, shown, form_errors(error), status_of(error))
    return _see_other(call.request, "tax_rate_list", done="updated")


# ---------------------------------------------------------------- deleting, after a confirmation

def confirm_delete_tax_rate(call: Call) -> Response:
    rate = call.services.taxes.get_tax_rate()(call.user, call.path("rate_id"))
    return render(call.request, "tax_rates/delete.html", {"rate": rate, "nav_active": NAV})


def delete_tax_rate(call: Call) -> Response:
    """Deletes only when confirmed (the confirmation page's form); an unconfirmed post is shown that page. A
    refusal (the default, or a rate in use) is explained beside the rate in the list."""
    rate_id = call.path("rate_id")
    if call.form.get("confirm") != "yes":
        return _see_other(call.request, "confirm_delete_tax_rate", rate_id=rate_id)
    try:
        call.services.taxes.delete_tax_rate()(call.user, rate_id)
    except Conflict as error:
        return _refused_beside(call, rate_id, error)
    return _see_other(call.request, "tax_rate_list", done="deleted")


routes = [
    Page("/tax-rates", tax_rate_list, access=Access.ADMIN),
    Page("/tax-rates", create_tax_rate, methods=["POST"], access=Access.ADMIN, name="create_tax_rate_submit"),
    Page("/tax-rates/{rate_id:int}", edit_tax_rate_form, access=Access.ADMIN),
    Page("/tax-rates/{rate_id:int}", update_tax_rate, methods=["POST"], access=Access.ADMIN,
         name="update_tax_rate_submit"),
    Page("/tax-rates/{rate_id:int}/active", set_tax_rate_active, methods=["POST"], access=Access.ADMIN),
    Page("/tax-rates/{rate_id:int}/delete", confirm_delete_tax_rate, access=Access.ADMIN),
    Page("/tax-rates/{rate_id:int}/delete", delete_tax_rate, methods=["POST"], access=Access.ADMIN,
         name="delete_tax_rate_submit"),
]
