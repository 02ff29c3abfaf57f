"""``?limit=`` and ``?offset=`` per API.md: default 50, at most 200."""

from __future__ import annotations

from starlette.requests import Request

from techstore.application.shared.pages import DEFAULT_LIMIT, MAX_LIMIT, PageRequest
from techstore.domain.shared.errors import FieldError, ValidationFailed
from techstore.entrypoints.http.routing import QueryParam

PAGINATION = (
    QueryParam("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}),
    QueryParam("offset", {"type": "integer", "minimum": 0, "default": 0}),
)


def page_request(request: Request) -> PageRequest:
    errors = []
    limit = _whole_number(request, "limit", DEFAULT_LIMIT, errors)
    offset = _whole_number(request, "offset", 0, errors)
    if not errors and not 1 <= limit <= MAX_LIMIT:
        errors.append(FieldError("limit", f"must be between 1 and {MAX_LIMIT}"))
    if not errors and offset < 0:
        errors.append(FieldError("offset", "must be 0 or more"))
    if errors:
        raise ValidationFailed(errors)
    return PageRequest(limit=limit, offset=offset)


def _whole_number(request: Request, name: str, default: int, errors: list[FieldError]) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not raw.lstrip("-").isdigit() or len(raw) > 12:
        errors.append(FieldError(name, "must be a whole number"))
        return default
    return int(raw)
