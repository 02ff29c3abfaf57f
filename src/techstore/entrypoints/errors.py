"""Turning exceptions into answers: problem+json under /api, friendly pages elsewhere.
Never a stack trace to the client; unexpected errors are logged with the request id."""

from __future__ import annotations

import structlog
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from techstore.domain.shared.errors import DomainError, TooManyAttempts
from techstore.entrypoints.http.json_body import BodyTooLarge
from techstore.entrypoints.http.problems import TITLES, problem, problem_for, status_of, wants_problem_json
from techstore.entrypoints.web.templates import render

log = structlog.get_logger("techstore.errors")

FRIENDLY = {
    404: "We could not find that page.",
    405: "That action is not available here.",
    413: "That request is too large.",
    500: "Something went wrong on our side. It has been logged; please try again.",
}


def _page(request: Request, status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    context = {"status_code": status, "title": TITLES.get(status, "Error"), "detail": detail}
    return render(request, "errors/error.html", context, status_code=status, headers=headers)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers or {})
    if wants_problem_json(request):
        return problem(exc.status_code, str(exc.detail), headers=headers)
    return _page(request, exc.status_code, FRIENDLY.get(exc.status_code, str(exc.detail)), headers)


async def domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    if wants_problem_json(request):
        return problem_for(exc)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyAttempts) else None
    return _page(request, status_of(exc), exc.detail, headers)


async def body_too_large(request: Request, exc: Exception) -> Response:
    return problem(413, "The request body is larger than 1 MiB.")


async def unexpected_error(request: Request, exc: Exception) -> Response:
    log.error("unhandled error", path=request.url.path, exc_info=exc)
    if wants_problem_json(request):
        return problem(500, "An unexpected error occurred; it has been logged.")
    return _page(request, 500, FRIENDLY[500])


exception_handlers = {
    HTTPException: http_error,
    DomainError: domain_error,
    BodyTooLarge: body_too_large,
    Exception: unexpected_error,
}
