"""``GET /sales?from=&to=&customer_id=&status=&number=``: read once, for the API and the pages alike."""

from __future__ import annotations

from typing import cast

from starlette.requests import Request

from techstore.application.sales.commands import NUMBER, SaleQuery, StatusName
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
SALE_FILTERS = (FROM, TO, CUSTOMER_ID, STATUS, NUMBER_QUERY)


def sale_query(request: Request, *, lenient: bool = False) -> SaleQuery:
    """The filters asked for; 422 per parameter, or (``lenient``, for pages) odd values ignored."""
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
    if errors and not lenient:  # a page ignores what it cannot read (an empty field means "any")
        raise ValidationFailed(errors)
    return SaleQuery(first, last, customer_id, cast(StatusName | None, status), number)
