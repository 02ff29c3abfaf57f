"""``GET /sales?from=&to=&customer_id=&status=&number=&q=``: read once, for the API and the pages alike."""

from __future__ import annotations

from typing import cast

from starlette.requests import Request

from techstore.application.sales.commands import NUMBER, SEARCH, SaleQuery, StatusName
from techstore.domain.shared.errors import FieldError, ValidationFailed
from techstore.entrypoints.http.params import ID_MAX, DateQuery, parse_int
from techstore.entrypoints.http.routing import QueryParam
from techstore.entrypoints.http.schemas import text_schema

FROM = DateQuery("from", "The first day (UTC) of the period, included")
TO = DateQuery("to", "The last day (UTC) of the period, included")
CUSTOMER_ID = QueryParam("customer_id", {"type": "integer", "minimum": 1, "maximum": ID_MAX},
                         "Only sales to this customer")
STATUSES = ("completed", "voided")
STATUS = QueryParam("status", {"type": "string", "enum": list(STATUSES)}, "Only sales with this status")
NUMBER_QUERY = QueryParam("number", text_schema(NUMBER), "The sale's number, such as S-000042")
SEARCH_QUERY = QueryParam("q", text_schema(SEARCH), "Any part of the sale's number (S-000042, 000042, 42) or of "
                          "its customer's name, any letter case")
SALE_FILTERS = (FROM, TO, CUSTOMER_ID, STATUS, NUMBER_QUERY, SEARCH_QUERY)


def sale_query(request: Request, *, lenient: bool = False) -> SaleQuery:
    """The filters asked for; 422 per parameter, or (``lenient``, for pages) odd values ignored."""
    query, errors = read_sale_query(request, lenient=lenient)
    if errors and not lenient:
        raise ValidationFailed(errors)
    return query


def read_sale_query(request: Request, *, lenient: bool = False) -> tuple[SaleQuery, list[FieldError]]:
    """The filters asked for, less those that cannot be read, and what is wrong with those. ``lenient`` (pages):
    an empty parameter means "any"."""
    params = request.query_params
    errors: list[FieldError] = []
    first, last = FROM.read(request, errors), TO.read(request, errors)
    customer_id = None
    raw = params.get("customer_id")
    if raw is not None and (raw or not lenient):
        customer_id = parse_int(raw, 1, ID_MAX)
        if customer_id is None:
            errors.append(FieldError("customer_id", f"must be a whole number from 1 to {ID_MAX}"))
    status = params.get("status") or (None if lenient else params.get("status"))
    if status is not None and status not in STATUSES:
        errors.append(FieldError("status", "must be completed or voided"))
        status = None
    number = params.get("number") or (None if lenient else params.get("number"))
    if number is not None and (problem := NUMBER.problem(number)):
        errors.append(FieldError("number", problem))
        number = None
    text = params.get("q") or (None if lenient else params.get("q"))
    if text is not None and (problem := SEARCH.problem(text)):
        errors.append(FieldError("q", problem))
        text = None
    return SaleQuery(first, last, customer_id, cast(StatusName | None, status), number, text), errors
