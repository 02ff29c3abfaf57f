"""``POST /api/v1/labels``: barcode labels as a PDF (API.md, "Catalog")."""

from __future__ import annotations

from starlette.responses import Response

from techstore.application.catalog.labels import NewLabels
from techstore.domain.catalog.labels import MAX_LABELS, MAX_PER_ITEM, LabelLayout
from techstore.entrypoints.api.guard import Api
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.seam import Call
from techstore.entrypoints.web.labels import label_filename, labels_pdf


def print_labels(call: Call) -> Response:
    sheet = call.services.catalog.print_labels()(call.user, call.body)
    return Response(labels_pdf(call.request, sheet), media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{label_filename(sheet)}"'})


def labels_schema() -> dict[str, object]:
    """The body with its limits stated: 1 to 500 of each product, at most 500 labels in all (checked by the
    server: JSON Schema cannot sum the quantities), one of the two layouts."""
    return {
        "type": "object",
        "required": ["items"],
        "additionalProperties": False,
        "properties": {
            "items": {
                "type": "array", "minItems": 1, "maxItems": MAX_LABELS,
                "description": f"The products to label, each {MAX_PER_ITEM} times at most; at most {MAX_LABELS} "
                               "labels in all (422 on items beyond). An unknown or deleted product: 422 on "
                               "items[i].product_id.",
                "items": {
                    "type": "object", "required": ["product_id"], "additionalProperties": False,
                    "properties": {
                        "product_id": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
                        "quantity": {"type": "integer", "minimum": 1, "maximum": MAX_PER_ITEM, "default": 1},
                    },
                },
            },
            "layout": {"type": "string", "enum": [layout.value for layout in LabelLayout],
                       "default": LabelLayout.A4_3X8.value,
                       "description": "a4-3x8: A4 sheets of 3 × 8 labels (24 a page); roll-50x30: one 50 × 30 mm "
                                      "page per label"},
        },
    }


routes = [
    Api("/labels", print_labels, methods=["POST"], access=Access.COUNTER,
        summary="Barcode labels as PDF: name, price, SKU and the barcode (EAN-13, EAN-8, UPC-A; the store's own "
                "code as Code 128; no barcode: Code 128 of the SKU); 1–500 per product, at most 500 labels",
        request_type=NewLabels, request_schema=labels_schema(), response_media_type="application/pdf",
        tags=["catalog"], read_only=True, heavy=True,
        request_example={"items": [{"product_id": 1, "quantity": 3}], "layout": "a4-3x8"}),
]
