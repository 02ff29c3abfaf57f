"""Products, their stock, categories, and the catalogue in and out as CSV."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from techstore.application.catalog.commands import (
    CategoryChanges,
    MovementType,
    NewCategory,
    NewProduct,
    ProductChanges,
    StockChange,
)
from techstore.application.catalog.products import CLEARABLE
from techstore.application.shared.pages import PageRequest
from techstore.domain.catalog.products import Product
from techstore.domain.catalog.units import UnitStatus, normalise_serial
from techstore.domain.shared.errors import Conflict, NotFound, ValidationFailed
from techstore.entrypoints.api.catalog.query import product_query
from techstore.entrypoints.api.catalog.routes import MAX_IMPORT_BYTES
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.params import SERIAL_PATTERN
from techstore.entrypoints.http.problems import status_of
from techstore.entrypoints.http.seam import Call
from techstore.entrypoints.web.guard import Page
from techstore.entrypoints.web.pages.forms import FORM_ERROR, form_errors, list_page, read_form
from techstore.entrypoints.web.pages.taxes import default_label, rate_choices
from techstore.entrypoints.web.templates import path_for, render, render_block

FLASHES = {
    "created": "The product was created.",
    "updated": "The changes were saved.",
    "deleted": "The product was deleted.",
    "received": "The goods were received.",
    "adjusted": "The stock was adjusted.",
    "category_created": "The category was created.",
    "category_renamed": "The category was saved.",
    "category_deleted": "The category was deleted.",
}
LEDGER_PAGE = 20
SERIAL_PATH = re.compile(SERIAL_PATTERN)
UNITS_SHOWN = 200  # of a serialized product's units in stock, on its page


def _flash(request: Request) -> str | None:
    return FLASHES.get(request.query_params.get("done", ""))


def _see_other(request: Request, name: str, done: str | None = None, **params: object) -> Response:
    return RedirectResponse(path_for(request, name, **params) + (f"?done={done}" if done else ""), status_code=303)


# ---------------------------------------------------------------- the list, with live search

def product_list(call: Call) -> Response:
    request, catalog = call.request, call.services.catalog
    query = product_query(request, lenient=True)
    page = catalog.search_products()(call.user, query, list_page(request))
    categories = catalog.all_categories()(call.user)
    filters = {k: v for k, v in (("q", query.q), ("category_id", query.category_id or ""),
                                 ("low_stock", "true" if query.low_stock else "")) if v}
    context = {"products": page.items, "page": page, "query": query, "categories": categories,
               "filters": filters, "nav_active": "products", "flash": _flash(request)}
    headers = {"Vary": "HX-Request"}
    # A history restore (the browser's Back, past htmx's cache) wants the whole page.
    if request.headers.get("HX-Request") == "true" and "HX-History-Restore-Request" not in request.headers:
        return render_block(request, "products/list.html", "results", context, headers=headers)
    return render(request, "products/list.html", context, headers=headers)


# ---------------------------------------------------------------- new and edit

def _product_values(product: Product) -> dict[str, object]:
    return {"sku": product.sku, "barcode": product.barcode or "", "name": product.name,
            "description": product.description, "category_id": product.category_id or "",
            "price": product.price, "cost": "" if product.cost is None else product.cost,
            "min_stock": product.min_stock, "is_active": product.is_active, "tax_rate_id": product.tax_rate_id or "",
            "serial_kind": product.serial_kind.value if product.serial_kind else "",
            "warranty_months": product.warranty_months, "supplier_id": product.supplier_id or "",
            "supplier_sku": product.supplier_sku or "", "reorder_quantity": product.reorder_quantity}


def _product_form(call: Call, mode: str, product: Product | None, values: Mapping[str, object],
                  errors: dict[str, str] | None = None, status_code: int = 200) -> Response:
    errors = dict(errors or {})
    categories = call.services.catalog.all_categories()(call.user)
    rates = call.services.taxes.all_tax_rates()(call.user)
    # Active rates, and the one the product has even if deactivated since (it keeps it).
    rate_options = rate_choices(rates, values.get("tax_rate_id", ""),
                                f"The category's rate, else the default: {default_label(rates)}")
    suppliers = call.services.purchasing.all_suppliers()(call.user)
    supplier_options = [("", "None")] + [(supplier.id, supplier.name) for supplier in suppliers]
    context = {"mode": mode, "product": product, "values": values, "errors": errors, "categories": categories,
               "rate_options": rate_options, "supplier_options": supplier_options,
               "form_error": errors.pop(FORM_ERROR, None), "nav_active": "products"}
    return render(call.request, "products/form.html", context, status_code=status_code)


def new_product_form(call: Call) -> Response:
    values = {"sku": "", "name": "", "price": "", "stock": "0", "min_stock": "0", "is_active": True,
              "warranty_months": "0", "reorder_quantity": "0"}
    return _product_form(call, "create", None, values)


def create_product(call: Call) -> Response:
    shown: dict[str, object] = dict(call.fields())
    shown["is_active"] = "is_active" in shown
    try:
        command = read_form(call, NewProduct)
        product = call.services.catalog.create_product()(call.user, command)
    except (ValidationFailed, Conflict) as error:
        return _product_form(call, "create", None, shown, form_errors(error), status_of(error))
    return _see_other(call.request, "product_page", done="created", product_id=product.id)


def edit_product_form(call: Call) -> Response:
    product = call.services.catalog.get_product()(call.user, call.path("product_id"))
    return _product_form(call, "edit", product, _product_values(product))


def update_product(call: Call) -> Response:
    catalog = call.services.catalog
    product_id = call.path("product_id")
    product = catalog.get_product()(call.user, product_id)
    shown: dict[str, object] = dict(call.fields())
    shown["is_active"] = "is_active" in shown
    try:
        changes = read_form(call, ProductChanges)
        # The form shows every field: an emptied optional one is cleared.
        catalog.update_product()(call.user, product_id, changes, CLEARABLE)
    except (ValidationFailed, Conflict) as error:
        return _product_form(call, "edit", product, shown, form_errors(error), status_of(error))
    return _see_other(call.request, "product_page", done="updated", product_id=product_id)


def confirm_delete_product(call: Call) -> Response:
    product = call.services.catalog.get_product()(call.user, call.path("product_id"))
    return render(call.request, "products/delete.html", {"product": product, "nav_active": "products"})


def delete_product(call: Call) -> Response:
    """Deletes only when confirmed (the confirmation page's form); an unconfirmed post is shown that page."""
    if call.form.get("confirm") != "yes":
        return _see_other(call.request, "confirm_delete_product", product_id=call.path("product_id"))
    call.services.catalog.delete_product()(call.user, call.path("product_id"))
    return RedirectResponse(path_for(call.request, "product_list") + "?done=deleted", status_code=303)


# ---------------------------------------------------------------- the product page: its ledger and stock forms

def _product_page(call: Call, forms: Mapping[str, Any] | None = None, status_code: int = 200) -> Response:
    request, catalog = call.request, call.services.catalog
    product_id = call.path("product_id")
    product = catalog.get_product()(call.user, product_id)
    ledger = catalog.list_stock_movements()(call.user, product_id, list_page(request, LEDGER_PAGE))
    category = None
    if product.category_id is not None:
        categories = catalog.all_categories()(call.user)
        category = next((c for c in categories if c.id == product.category_id), None)
    units = None
    if product.serial_kind is not None:
        units = catalog.list_units()(call.user, product_id, UnitStatus.IN_STOCK, PageRequest(UNITS_SHOWN, 0))
    context = {"product": product, "category": category, "ledger": ledger, "nav_active": "products", "units": units,
               "flash": _flash(request), "receive": {"values": {}, "errors": {}},
               "adjust": {"values": {}, "errors": {}}, **(forms or {})}
    return render(request, "products/detail.html", context, status_code=status_code)


def product_page(call: Call) -> Response:
    return _product_page(call)


def _move_stock(call: Call, kind: MovementType, form: str, done: str) -> Response:
    shown = call.fields()
    try:
        change = attrs.evolve(read_form(call, StockChange), type=kind)
        call.services.catalog.record_stock_movement()(call.user, call.path("product_id"), change)
    except (ValidationFailed, Conflict) as error:
        errors = form_errors(error)
        return _product_page(call, {form: {"values": shown, "errors": errors}}, status_of(error))
    return _see_other(call.request, "product_page", done=done, product_id=call.path("product_id"))


def receive_stock(call: Call) -> Response:
    return _move_stock(call, "purchase", "receive", "received")


def adjust_stock(call: Call) -> Response:
    return _move_stock(call, "adjustment", "adjust", "adjusted")


# ---------------------------------------------------------------- units

def unit_page(call: Call) -> Response:
    serial: str = call.path("serial")
    try:
        record = call.services.catalog.find_unit()(call.user, serial)
    except NotFound:
        return render(call.request, "units/missing.html", {"serial": serial, "error": None}, status_code=404)
    today = call.services.catalog.find_unit().today()
    return render(call.request, "units/detail.html", {"record": record, "today": today})


def unit_lookup(call: Call) -> Response:
    """The lookup box: a serial typed or scanned, to its page (or the form again, saying what is wrong)."""
    typed = call.request.query_params.get("serial", "").strip()
    if not SERIAL_PATH.fullmatch(typed):
        error = "Type or scan an IMEI or serial: letters, digits and -, up to 40." if typed else None
        return render(call.request, "units/missing.html", {"serial": typed[:40], "error": error or
                                                             "Type or scan an IMEI or serial."},
                      status_code=422 if typed else 200)
    return RedirectResponse(path_for(call.request, "unit_page", serial=normalise_serial(typed)), status_code=303)


# ---------------------------------------------------------------- categories

def _categories_page(call: Call, errors: Mapping[str, Any] | None = None, status_code: int = 200) -> Response:
    page = call.services.catalog.list_categories()(call.user, list_page(call.request))
    rates = call.services.taxes.all_tax_rates()(call.user)
    context: dict[str, Any] = {
        "categories": page.items, "page": page, "nav_active": "categories", "flash": _flash(call.request),
        "new": {"values": {}, "errors": {}}, "row_errors": {}, **(errors or {})}
    blank = f"Default rate: {default_label(rates)}"
    context["new_rate_options"] = rate_choices(rates, context["new"]["values"].get("tax_rate_id", ""), blank)
    # Each row offers the active rates and the one its category has (or the one just posted).
    context["row_rate_options"] = {
        c.id: rate_choices(rates, context["row_errors"].get(c.id, {}).get("values", {}).get(
            "tax_rate_id", c.tax_rate_id or ""), blank)
        for c in page.items}
    return render(call.request, "categories/list.html", context, status_code=status_code)


def category_list(call: Call) -> Response:
    return _categories_page(call)


def create_category(call: Call) -> Response:
    shown = call.fields()
    try:
        command = read_form(call, NewCategory)
        call.services.catalog.create_category()(call.user, command)
    except (ValidationFailed, Conflict) as error:
        return _categories_page(call, {"new": {"values": shown, "errors": form_errors(error)}}, status_of(error))
    return _see_other(call.request, "category_list", done="category_created")


def rename_category(call: Call) -> Response:
    category_id = call.path("category_id")
    shown = call.fields()
    try:
        # The row's form names the category and chooses its rate (empty: the default); its description stays.
        posted = read_form(call, NewCategory)
        changes = CategoryChanges(name=posted.name, tax_rate_id=posted.tax_rate_id)
        call.services.catalog.update_category()(call.user, category_id, changes, given={"tax_rate_id"})
    except (ValidationFailed, Conflict) as error:
        row = {"values": shown, "errors": form_errors(error)}
        return _categories_page(call, {"row_errors": {category_id: row}}, status_of(error))
    return _see_other(call.request, "category_list", done="category_renamed")


def delete_category(call: Call) -> Response:
    category_id = call.path("category_id")
    try:
        call.services.catalog.delete_category()(call.user, category_id)
    except Conflict as error:  # products still use it: say so beside the category
        row = {"values": {}, "errors": {FORM_ERROR: error.detail}}
        return _categories_page(call, {"row_errors": {category_id: row}}, 409)
    return _see_other(call.request, "category_list", done="category_deleted")


# ---------------------------------------------------------------- CSV

def export_csv(call: Call) -> Response:
    text = call.services.catalog.export_products()(call.user)
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="products.csv"'})


def import_form(call: Call) -> Response:
    return render(call.request, "products/import.html", {"nav_active": "products", "result": None, "errors": []})


def import_csv(call: Call) -> Response:
    request = call.request
    upload = call.form.get("file")
    context: dict[str, Any] = {"nav_active": "products", "result": None, "errors": []}
    if not isinstance(upload, UploadFile) or not upload.filename:
        context["errors"] = [("file", "Choose a CSV file to import.")]
        return render(request, "products/import.html", context, status_code=422)
    data = upload.file.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        context["errors"] = [("file", f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MiB.")]
        return render(request, "products/import.html", context, status_code=413)
    try:
        context["result"] = call.services.catalog.import_products()(call.user, data)
    except (ValidationFailed, Conflict) as error:
        errors = error.errors if isinstance(error, ValidationFailed) else []
        context["errors"] = [(e.field, e.message) for e in errors] or [("file", error.detail)]
        context["detail"] = error.detail
        return render(request, "products/import.html", context, status_code=status_of(error))
    return render(request, "products/import.html", context)


routes = [
    Page("/products", product_list, access=Access.SIGNED_IN),
    Page("/products/new", new_product_form, access=Access.MANAGER),
    Page("/products/new", create_product, methods=["POST"], access=Access.MANAGER, name="create_product_submit"),
    Page("/products/export.csv", export_csv, access=Access.SIGNED_IN, name="export_products_csv"),
    Page("/products/import", import_form, access=Access.MANAGER),
    # An upload: the form may be as large as the file the import takes (forms are capped at 1 MiB).
    Page("/products/import", import_csv, methods=["POST"], access=Access.MANAGER, name="import_products_submit",
         max_body=MAX_IMPORT_BYTES),
    Page("/products/{product_id:int}", product_page, access=Access.SIGNED_IN),
    Page("/products/{product_id:int}/edit", edit_product_form, access=Access.MANAGER),
    Page("/products/{product_id:int}/edit", update_product, methods=["POST"], access=Access.MANAGER,
         name="update_product_submit"),
    Page("/products/{product_id:int}/receive", receive_stock, methods=["POST"], access=Access.COUNTER),
    Page("/products/{product_id:int}/adjust", adjust_stock, methods=["POST"], access=Access.MANAGER),
    Page("/products/{product_id:int}/delete", confirm_delete_product, access=Access.MANAGER),
    Page("/products/{product_id:int}/delete", delete_product, methods=["POST"], access=Access.MANAGER,
         name="delete_product_submit"),
    Page("/units", unit_lookup, access=Access.SIGNED_IN),
    Page("/units/{serial:serial}", unit_page, access=Access.SIGNED_IN),
    Page("/categories", category_list, access=Access.SIGNED_IN),
    Page("/categories", create_category, methods=["POST"], access=Access.MANAGER, name="create_category_submit"),
    Page("/categories/{category_id:int}", rename_category, methods=["POST"], access=Access.MANAGER),
    Page("/categories/{category_id:int}/delete", delete_category, methods=["POST"], access=Access.MANAGER,
         name="delete_category_submit"),
]
