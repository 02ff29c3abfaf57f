"""``GET /repairs?status=&customer_id=&q=``: read once, for the API and the pages alike."""

from __future__ import annotations

from typing import cast

from starlette.requests import Request

from techstore.application.repairs.commands import SEARCH, RepairQuery, StatusName
from techstore.domain.repairs.repairs import RepairStatus
from techstore.domain.shared.errors import FieldError, ValidationFailed
from techstore.entrypoints.http.params import ID_MAX, parse_int
from techstore.entrypoints.http.routing import QueryParam
from techstore.entrypoints.http.schemas import text_schema

STATUSES = [s.value for s in RepairStatus]
STATUS = QueryParam("status", {"type": "string", "enum": STATUSES}, "Only repairs in this status")
CUSTOMER_ID = QueryParam("customer_id", {"type": "integer", "minimum": 1, "maximum": ID_MAX},
                         "Only this customer's repairs")
Q = QueryParam("q", text_schema(SEARCH), "Part of the number, the customer's name or the serial number / IMEI")
REPAIR_FILTERS = (STATUS, CUSTOMER_ID, Q)


def repair_query(request: Request, *, lenient: bool = False) -> RepairQuery:
    """The filters asked for; 422 per parameter, or (``lenient``, for pages) odd values ignored."""
    params = request.query_params
    errors: list[FieldError] = []
    customer_id = None
    raw = params.get("customer_id")
    if raw is not None and (raw or not lenient):
        customer_id = parse_int(raw, 1, ID_MAX)
        if customer_id is None:
            errors.append(FieldError("customer_id", f"must be a whole number from 1 to {ID_MAX}"))
    status = params.get("status") or (None if lenient else params.get("status"))
    if status is not None and status not in STATUSES:
        errors.append(FieldError("status", "must be one of: " + ", ".join(STATUSES)))
        status = None
    text = params.get("q") or (None if lenient else params.get("q"))
    if text is not None and (problem := SEARCH.problem(text)):
        errors.append(FieldError("q", problem))
        text = None
    if errors and not lenient:
        raise ValidationFailed(errors)
    return RepairQuery(cast(StatusName | None, status), customer_id, text)
