"""The labels page (``/labels``): products chosen by SKU or barcode with a quantity each, a layout, and the
PDF to download. Without JavaScript: the form is a GET that shows the chosen lines; "Download PDF" posts them.

It also takes the lines ready-made, ``?product_id=<id>&quantity=<n>&product_id=…`` (one pair per product: a
receipt of goods links here with one pair per line received)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from techstore.application.catalog.labels import LabelItem, NewLabels, label_problems
from techstore.domain.catalog.labels import MAX_LABELS, MAX_PER_ITEM, LabelLayout, LabelSheet
from techstore.domain.shared.errors import NotFound, ValidationFailed
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.seam import Call
from techstore.entrypoints.web.guard import Page
from techstore.entrypoints.web.labels import GEOMETRY, label_filename, labels_pdf
from techstore.entrypoints.web.pages.forms import FORM_ERROR
from techstore.entrypoints.web.templates import render

MAX_ROWS = 100  # lines on the page; the API takes more
BLANK_ROWS = 3  # empty lines offered to add products
LAYOUTS = ((LabelLayout.A4_3X8.value, "A4 sheet, 3 × 8 labels (70 × 37 mm)"),
           (LabelLayout.ROLL_50X30.value, "Roll, 50 × 30 mm labels"))
QUANTITY_PROBLEM = f"Must be a whole number from 1 to {MAX_PER_ITEM}."


def _quantity(typed: str) -> int | None:
    typed = typed.strip()
    if not typed.isdigit() or not 1 <= int(typed) <= MAX_PER_ITEM:
        return None
    return int(typed)


def _layout(typed: str) -> LabelLayout | None:
    return LabelLayout(typed) if typed in tuple(LabelLayout) else None


def _rows(call: Call) -> tuple[list[dict[str, Any]], list[LabelItem], dict[str, str]]:
    """The lines asked for, each with what was typed, its product and its problems; the items they make."""
    query, catalog = call.query, call.services.catalog
    ids, codes, quantities = query.getlist("product_id"), query.getlist("code"), query.getlist("quantity")
    keys = ids if ids else codes
    errors: dict[str, str] = {}
    if len(keys) > MAX_ROWS:
        errors[FORM_ERROR] = f"At most {MAX_ROWS} lines at a time here."
        keys = keys[:MAX_ROWS]
    rows: list[dict[str, Any]] = []
    items: list[LabelItem] = []
    for n, key in enumerate(keys):
        typed_quantity = quantities[n] if n < len(quantities) else "1"
        if not ids and not key.strip():
            continue  # an empty line of the form
        product = None
        if ids:
            if key.strip().isdigit() and 0 < int(key) < 2**31:
                try:
                    product = catalog.get_product()(call.user, int(key))
                except NotFound:
                    product = None
        else:
            product = catalog.find_label_product()(call.user, key)
        row_id = len(rows)
        row: dict[str, Any] = {"id": row_id, "code": product.sku if (ids and product) else key.strip()[:40],
                               "quantity": typed_quantity.strip()[:6], "product": product}
        if product is None:
            errors[f"code-{row_id}"] = ("No product has this id." if ids else "No product has this SKU or barcode.")
        quantity = _quantity(typed_quantity)
        if quantity is None:
            errors[f"quantity-{row_id}"] = QUANTITY_PROBLEM
        if product is not None and product.id is not None and quantity is not None:
            items.append(LabelItem(product.id, quantity))
        rows.append(row)
    return rows, items, errors


def labels_page(call: Call) -> Response:
    rows, items, errors = _rows(call)
    typed_layout = call.query.get("layout", LabelLayout.A4_3X8.value)
    layout = _layout(typed_layout)
    if layout is None:
        errors["layout"] = "Choose one of the layouts."
    sheet: LabelSheet | None = None
    if items and not errors:
        try:
            sheet = call.services.catalog.print_labels()(call.user, NewLabels(items, layout or LabelLayout.A4_3X8))
        except ValidationFailed as refused:
            errors[FORM_ERROR] = "; ".join(e.message for e in refused.errors)
    return _page(call, rows, layout or LabelLayout.A4_3X8, sheet, errors)


def _page(call: Call, rows: list[dict[str, Any]], layout: LabelLayout, sheet: LabelSheet | None,
          errors: dict[str, str], status_code: int | None = None) -> Response:
    blanks = [{"id": len(rows) + n, "code": "", "quantity": "1", "product": None} for n in range(BLANK_ROWS)]
    context = {"nav_active": "products", "rows": rows + blanks, "layout": layout.value, "layouts": LAYOUTS,
               "sheet": sheet, "errors": errors, "max_per_item": MAX_PER_ITEM, "max_labels": MAX_LABELS,
               "per_page": layout.per_page, "geometry": GEOMETRY[layout]}
    return render(call.request, "labels/index.html", context,
                  status_code=status_code or (422 if errors else 200))


def download_labels(call: Call) -> Response:
    """The posted lines (hidden fields of the page) as the PDF, downloaded."""
    form = call.form
    ids, quantities = form.getlist("product_id"), form.getlist("quantity")
    layout = _layout(call.field("layout"))
    items: list[LabelItem] = []
    problem = None
    if layout is None:
        problem = "Choose one of the layouts."
    for n, key in enumerate(ids[:MAX_LABELS]):
        quantity = _quantity(str(quantities[n])) if n < len(quantities) else None
        if not (isinstance(key, str) and key.isdigit() and 0 < int(key) < 2**31) or quantity is None:
            problem = "The lines sent are not valid: choose the products again."
            break
        items.append(LabelItem(int(key), quantity))
    if problem is None and (found := label_problems(items)):
        problem = "; ".join(e.message for e in found)
    if problem is None and layout is not None:
        try:
            sheet = call.services.catalog.print_labels()(call.user, NewLabels(items, layout))
        except ValidationFailed as refused:
            problem = "; ".join(f"{e.field}: {e.message}" for e in refused.errors)
        else:
            return Response(labels_pdf(call.request, sheet), media_type="application/pdf",
                            headers={"Content-Disposition": f'attachment; filename="{label_filename(sheet)}"'})
    return _page(call, [], layout or LabelLayout.A4_3X8, None, {FORM_ERROR: problem or "Nothing to print."})


routes = [
    Page("/labels", labels_page, access=Access.COUNTER),
    Page("/labels/pdf", download_labels, methods=["POST"], access=Access.COUNTER, read_only=True),
]
