"""``?limit=`` and ``?offset=`` per API.md: default 50, at most 200."""

from __future__ import annotations

from starlette.requests import Request

from techstore.application.shared.constraints import INTEGER_MAX
from techstore.application.shared.pages import DEFAULT_LIMIT, MAX_LIMIT, PageRequest
from techstore.domain.shared.errors import FieldError, ValidationFailed
from techstore.entrypoints.http.params import IntQuery

# The database's INTEGER range bounds an offset too: no list is that long.
MAX_OFFSET = INTEGER_MAX

LIMIT = IntQuery("limit", minimum=1, maximum=MAX_LIMIT, default=DEFAULT_LIMIT,
                 description=f"How many items to return (1 to {MAX_LIMIT})")
OFFSET = IntQuery("offset", minimum=0, maximum=MAX_OFFSET, default=0,
                  description="How many items to skip")
PAGINATION = (LIMIT, OFFSET)


def page_request(request: Request) -> PageRequest:
    errors: list[FieldError] = []
    limit = LIMIT.read(request, errors)
    offset = OFFSET.read(request, errors)
    if errors:
        raise ValidationFailed(errors)
    return PageRequest(limit=limit, offset=offset)
