"""Turning exceptions into answers: problem+json under /api, friendly pages elsewhere.
Never a stack trace to the client; unexpected errors are logged with the request id."""

from __future__ import annotations

import structlog
from sqlalchemy import exc as sql_errors
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from techstore.domain.shared.errors import DomainError, TooManyAttempts
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.json_body import BodyTooLarge
from techstore.entrypoints.http.problems import TITLES, problem, problem_for, status_of, wants_problem_json
from techstore.entrypoints.http.seam import Call
from techstore.entrypoints.web import csrf
from techstore.entrypoints.web.guard import StandAlonePage, page_guard
from techstore.entrypoints.web.templates import render

log = structlog.get_logger("techstore.errors")
ERROR_PAGE = StandAlonePage(Access.PUBLIC)

FRIENDLY = {
    404: "We could not find that page.",
    405: "That action is not available here.",
    413: "That request is too large.",
    503: "The store's database cannot be reached just now. Please try again in a moment.",
    500: "Something went wrong on our side. It has been logged; please try again.",
}


async def _page(request: Request, status: int, detail: str, headers: dict[str, str] | None = None,
                identify: bool = True) -> Response:
    context = {"status_code": status, "title": TITLES.get(status, "Error"), "detail": detail}

    def error_page(call: Call) -> Response:
        return render(call.request, "errors/error.html", context, status_code=status, headers=headers)

    if identify and _unidentified(request):
        # An error the router raises itself (no route matched: 404, 405) never passed a page's
        # guard, so nobody has read the session yet. Let the guard do it, as for any public page,
        # so a signed-in person keeps their navigation (and a working Sign out form).
        try:
            answer: Response = await page_guard(error_page, ERROR_PAGE)(request)
            return answer
        except Exception:  # best effort: the error page itself must not fail over it
            log.warning("could not read the session for an error page", path=request.url.path, exc_info=True)
    return error_page(Call(request, request.app.state.container))


def _unidentified(request: Request) -> bool:
    """Nobody has read this request's session (a guard sets ``request.state.user``), and
    reading it is safe: on a POST the guard would answer a CSRF refusal, not this error."""
    return not hasattr(request.state, "user") and request.method in csrf.SAFE_METHODS


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers or {})
    if wants_problem_json(request):
        return problem(exc.status_code, str(exc.detail), headers=headers)
    return await _page(request, exc.status_code, FRIENDLY.get(exc.status_code, str(exc.detail)), headers)


async def domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    if wants_problem_json(request):
        return problem_for(exc)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyAttempts) else None
    return await _page(request, status_of(exc), exc.detail, headers)


async def body_too_large(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BodyTooLarge)
    detail = f"The request body is larger than {exc.limit // (1024 * 1024)} MiB."
    if wants_problem_json(request):
        return problem(413, detail)
    return await _page(request, 413, detail, identify=False)


# How long a client is asked to wait when the database is away (a restart takes seconds).
UNAVAILABLE_RETRY_AFTER = "5"


def database_unavailable(error: Exception) -> bool:
    """The database cannot be reached (refused, dropped, shut down, a connect or statement
    timeout, the pool exhausted): not a bug, and the answer is 503, not 500."""
    if isinstance(error, sql_errors.TimeoutError):
        return True
    return isinstance(error, sql_errors.DBAPIError) and (
        isinstance(error, sql_errors.OperationalError) or error.connection_invalidated)


async def database_error(request: Request, exc: Exception) -> Response:
    if not database_unavailable(exc):
        return await unexpected_error(request, exc)
    # One line, no trace: an outage would otherwise fill the log with identical stacks.
    log.warning("database unavailable", path=request.url.path, error=type(exc).__name__,
                cause=type(getattr(exc, "orig", None)).__name__)
    headers = {"Retry-After": UNAVAILABLE_RETRY_AFTER}
    if wants_problem_json(request):
        return problem(503, "The database is unavailable; try again shortly.", headers=headers)
    return await _page(request, 503, FRIENDLY[503], headers, identify=False)


async def unexpected_error(request: Request, exc: Exception) -> Response:
    log.error("unhandled error", path=request.url.path, exc_info=exc)
    if wants_problem_json(request):
        return problem(500, "An unexpected error occurred; it has been logged.")
    # Not worth a trip to the store that may be what failed: the 500 page stays plain.
    return await _page(request, 500, FRIENDLY[500], identify=False)


exception_handlers = {
    HTTPException: http_error,
    DomainError: domain_error,
    BodyTooLarge: body_too_large,
    sql_errors.DBAPIError: database_error,
    sql_errors.TimeoutError: database_error,
    Exception: unexpected_error,
}
