"""``GET /products?q=&category_id=&low_stock=``: read once, for the API and the pages alike."""

from __future__ import annotations

from starlette.requests import Request

from techstore.application.catalog.commands import ProductQuery
from techstore.application.shared.constraints import CONTROL_CHARACTERS, text_problem
from techstore.domain.shared.errors import FieldError, ValidationFailed
from techstore.entrypoints.http.params import ID_MAX, parse_int
from techstore.entrypoints.http.routing import QueryParam

Q_MAX_LENGTH = 100
Q = QueryParam("q", {"type": "string", "maxLength": Q_MAX_LENGTH, "not": {"pattern": CONTROL_CHARACTERS}},
               "Any part of the SKU, barcode or name, in any letter case")
CATEGORY_ID = QueryParam("category_id", {"type": "integer", "minimum": 1, "maximum": ID_MAX},
                         "Only products of this category")
LOW_STOCK = QueryParam("low_stock", {"type": "boolean"}, "true: only products at or below their minimum stock")
PRODUCT_FILTERS = (Q, CATEGORY_ID, LOW_STOCK)


def product_query(request: Request, *, lenient: bool = False) -> ProductQuery:
    """The filters asked for; 422 per parameter, or (``lenient``, for pages) odd values ignored."""
    params = request.query_params
    errors: list[FieldError] = []
    q = params.get("q", "")
    problem = text_problem(q) or (f"must be at most {Q_MAX_LENGTH} characters" if len(q) > Q_MAX_LENGTH else None)
    if problem:
        errors.append(FieldError("q", problem))
        q = ""
    category_id = None
    raw = params.get("category_id")
    if raw is not None and (raw or not lenient):
        category_id = parse_int(raw, 1, ID_MAX)
        if category_id is None:
            errors.append(FieldError("category_id", f"must be a whole number from 1 to {ID_MAX}"))
    low = params.get("low_stock", "false" if lenient else None)
    low_stock = low in ("true", "on", "1") if lenient else low == "true"
    if not lenient and low not in (None, "true", "false"):
        errors.append(FieldError("low_stock", "must be true or false"))
    if errors and not lenient:
        raise ValidationFailed(errors)
    return ProductQuery(q=q.strip(), category_id=category_id, low_stock=low_stock)
