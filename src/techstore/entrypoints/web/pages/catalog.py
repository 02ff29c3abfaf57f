"""Products, their stock, categories, and the catalogue in and out as CSV."""

from __future__ import annotations

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
from techstore.domain.catalog.products import Product
from techstore.domain.identity.users import User
from techstore.domain.shared.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from techstore.entrypoints.api.catalog.query import product_query
from techstore.entrypoints.api.catalog.routes import MAX_IMPORT_BYTES
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.services import call, services
from techstore.entrypoints.web.guard import Page
from techstore.entrypoints.web.pages.forms import FORM_ERROR, form_errors, list_page, read_form
from techstore.entrypoints.web.templates import path_for, render, render_block

FLASHES = {
    "created": "The product was created.",
    "updated": "The changes were saved.",
    "deleted": "The product was deleted.",
    "received": "The goods were received.",
    "adjusted": "The stock was adjusted.",
    "category_created": "The category was created.",
    "category_renamed": "The category was renamed.",
    "category_deleted": "The category was deleted.",
}
LEDGER_PAGE = 20


def _user(request: Request) -> User:
    user: User = request.state.user
    return user


def _flash(request: Request) -> str | None:
    return FLASHES.get(request.query_params.get("done", ""))


def _see_other(request: Request, name: str, done: str | None = None, **params: object) -> Response:
    return RedirectResponse(path_for(request, name, **params) + (f"?done={done}" if done else ""), status_code=303)


def _status(error: DomainError) -> int:
    return 422 if isinstance(error, ValidationFailed) else 403 if isinstance(error, PermissionDenied) else 409


# ---------------------------------------------------------------- the list, with live search

async def product_list(request: Request) -> Response:
    catalog = services(request).catalog
    query = product_query(request, lenient=True)
    page = await call(catalog.search_products(), _user(request), query, list_page(request))
    categories = await call(catalog.all_categories(), _user(request))
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
            "min_stock": product.min_stock, "is_active": product.is_active}


async def _product_form(request: Request, mode: str, product: Product | None, values: Mapping[str, object],
                        errors: dict[str, str] | None = None, status_code: int = 200) -> Response:
    errors = dict(errors or {})
    categories = await call(services(request).catalog.all_categories(), _user(request))
    context = {"mode": mode, "product": product, "values": values, "errors": errors, "categories": categories,
               "form_error": errors.pop(FORM_ERROR, None), "nav_active": "products"}
    return render(request, "products/form.html", context, status_code=status_code)


async def new_product_form(request: Request) -> Response:
    values = {"sku": "", "name": "", "price": "", "stock": "0", "min_stock": "0", "is_active": True}
    return await _product_form(request, "create", None, values)


async def create_product(request: Request) -> Response:
    shown: dict[str, object] = dict(await request.form())
    shown["is_active"] = "is_active" in shown
    try:
        command = await read_form(request, NewProduct)
        product = await call(services(request).catalog.create_product(), _user(request), command)
    except (ValidationFailed, Conflict) as error:
        return await _product_form(request, "create", None, shown, form_errors(error), _status(error))
    return _see_other(request, "product_page", done="created", product_id=product.id)


async def edit_product_form(request: Request) -> Response:
    product = await call(services(request).catalog.get_product(), _user(request), request.path_params["product_id"])
    return await _product_form(request, "edit", product, _product_values(product))


async def update_product(request: Request) -> Response:
    catalog = services(request).catalog
    product_id = request.path_params["product_id"]
    product = await call(catalog.get_product(), _user(request), product_id)
    shown: dict[str, object] = dict(await request.form())
    shown["is_active"] = "is_active" in shown
    try:
        changes = await read_form(request, ProductChanges)
        # The form shows every field: an emptied optional one is cleared.
        await call(catalog.update_product(), _user(request), product_id, changes, CLEARABLE)
    except (ValidationFailed, Conflict) as error:
        return await _product_form(request, "edit", product, shown, form_errors(error), _status(error))
    return _see_other(request, "product_page", done="updated", product_id=product_id)


async def delete_product(request: Request) -> Response:
    await call(services(request).catalog.delete_product(), _user(request), request.path_params["product_id"])
    return RedirectResponse(path_for(request, "product_list") + "?done=deleted", status_code=303)


# ---------------------------------------------------------------- the product page: its ledger and stock forms

async def _product_page(request: Request, forms: Mapping[str, Any] | None = None, status_code: int = 200) -> Response:
    catalog = services(request).catalog
    product_id = request.path_params["product_id"]
    product = await call(catalog.get_product(), _user(request), product_id)
    ledger = await call(catalog.list_stock_movements(), _user(request), product_id, list_page(request, LEDGER_PAGE))
    category = None
    if product.category_id is not None:
        categories = await call(catalog.all_categories(), _user(request))
        category = next((c for c in categories if c.id == product.category_id), None)
    context = {"product": product, "category": category, "ledger": ledger, "nav_active": "products",
               "flash": _flash(request), "receive": {"values": {}, "errors": {}},
               "adjust": {"values": {}, "errors": {}}, **(forms or {})}
    return render(request, "products/detail.html", context, status_code=status_code)


async def product_page(request: Request) -> Response:
    return await _product_page(request)


async def _move_stock(request: Request, kind: MovementType, form: str, done: str) -> Response:
    shown = dict(await request.form())
    try:
        change = attrs.evolve(await read_form(request, StockChange), type=kind)
        await call(services(request).catalog.record_stock_movement(), _user(request),
                   request.path_params["product_id"], change)
    except (ValidationFailed, Conflict) as error:
        errors = form_errors(error)
        return await _product_page(request, {form: {"values": shown, "errors": errors}}, _status(error))
    return _see_other(request, "product_page", done=done, product_id=request.path_params["product_id"])


async def receive_stock(request: Request) -> Response:
    return await _move_stock(request, "purchase", "receive", "received")


async def adjust_stock(request: Request) -> Response:
    return await _move_stock(request, "adjustment", "adjust", "adjusted")


# ---------------------------------------------------------------- categories

async def _categories_page(request: Request, errors: Mapping[str, Any] | None = None,
                           status_code: int = 200) -> Response:
    page = await call(services(request).catalog.list_categories(), _user(request), list_page(request))
    context = {"categories": page.items, "page": page, "nav_active": "categories", "flash": _flash(request),
               "new": {"values": {}, "errors": {}}, "row_errors": {}, **(errors or {})}
    return render(request, "categories/list.html", context, status_code=status_code)


async def category_list(request: Request) -> Response:
    return await _categories_page(request)


async def create_category(request: Request) -> Response:
    shown = dict(await request.form())
    try:
        command = await read_form(request, NewCategory)
        await call(services(request).catalog.create_category(), _user(request), command)
    except (ValidationFailed, Conflict) as error:
        return await _categories_page(request, {"new": {"values": shown, "errors": form_errors(error)}},
                                      _status(error))
    return _see_other(request, "category_list", done="category_created")


async def rename_category(request: Request) -> Response:
    category_id = request.path_params["category_id"]
    shown = dict(await request.form())
    try:
        # The row's form renames only: its name is required, its description stays.
        changes = CategoryChanges(name=(await read_form(request, NewCategory)).name)
        await call(services(request).catalog.update_category(), _user(request), category_id, changes)
    except (ValidationFailed, Conflict) as error:
        row = {"values": shown, "errors": form_errors(error)}
        return await _categories_page(request, {"row_errors": {category_id: row}}, _status(error))
    return _see_other(request, "category_list", done="category_renamed")


async def delete_category(request: Request) -> Response:
    category_id = request.path_params["category_id"]
    try:
        await call(services(request).catalog.delete_category(), _user(request), category_id)
    except Conflict as error:  # products still use it: say so beside the category
        row = {"values": {}, "errors": {FORM_ERROR: error.detail}}
        return await _categories_page(request, {"row_errors": {category_id: row}}, 409)
    return _see_other(request, "category_list", done="category_deleted")


# ---------------------------------------------------------------- CSV

async def export_csv(request: Request) -> Response:
    text = await call(services(request).catalog.export_products(), _user(request))
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="products.csv"'})


async def import_form(request: Request) -> Response:
    return render(request, "products/import.html", {"nav_active": "products", "result": None, "errors": []})


async def import_csv(request: Request) -> Response:
    form = await request.form()
    upload = form.get("file")
    context: dict[str, Any] = {"nav_active": "products", "result": None, "errors": []}
    if not isinstance(upload, UploadFile) or not upload.filename:
        context["errors"] = [("file", "Choose a CSV file to import.")]
        return render(request, "products/import.html", context, status_code=422)
    data = await upload.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        context["errors"] = [("file", f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MiB.")]
        return render(request, "products/import.html", context, status_code=413)
    try:
        context["result"] = await call(services(request).catalog.import_products(), _user(request), data)
    except (ValidationFailed, Conflict) as error:
        errors = error.errors if isinstance(error, ValidationFailed) else []
        context["errors"] = [(e.field, e.message) for e in errors] or [("file", error.detail)]
        context["detail"] = error.detail
        return render(request, "products/import.html", context, status_code=_status(error))
    return render(request, "products/import.html", context)


routes = [
    Page("/products", product_list, access=Access.SIGNED_IN),
    Page("/products/new", new_product_form, access=Access.SIGNED_IN),
    Page("/products/new", create_product, methods=["POST"], access=Access.SIGNED_IN, name="create_product_submit"),
    Page("/products/export.csv", export_csv, access=Access.SIGNED_IN, name="export_products_csv"),
    Page("/products/import", import_form, access=Access.ADMIN),
    Page("/products/import", import_csv, methods=["POST"], access=Access.ADMIN, name="import_products_submit"),
    Page("/products/{product_id:int}", product_page, access=Access.SIGNED_IN),
    Page("/products/{product_id:int}/edit", edit_product_form, access=Access.SIGNED_IN),
    Page("/products/{product_id:int}/edit", update_product, methods=["POST"], access=Access.SIGNED_IN,
         name="update_product_submit"),
    Page("/products/{product_id:int}/receive", receive_stock, methods=["POST"], access=Access.SIGNED_IN),
    Page("/products/{product_id:int}/adjust", adjust_stock, methods=["POST"], access=Access.ADMIN),
    Page("/products/{product_id:int}/delete", delete_product, methods=["POST"], access=Access.ADMIN,
         name="delete_product_submit"),
    Page("/categories", category_list, access=Access.SIGNED_IN),
    Page("/categories", create_category, methods=["POST"], access=Access.SIGNED_IN, name="create_category_submit"),
    Page("/categories/{category_id:int}", rename_category, methods=["POST"], access=Access.SIGNED_IN),
    Page("/categories/{category_id:int}/delete", delete_category, methods=["POST"], access=Access.ADMIN,
         name="delete_category_submit"),
]
