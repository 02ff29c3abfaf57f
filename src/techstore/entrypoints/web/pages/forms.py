"""Small helpers for reading HTML forms."""

from __future__ import annotations

from starlette.requests import Request

from techstore.application.shared.pages import DEFAULT_LIMIT, PageRequest
from techstore.domain.shared.errors import ValidationFailed


async def form_values(request: Request, *names: str) -> dict[str, str]:
    form = await request.form()
    values = {}
    for name in names:
        value = form.get(name)
        values[name] = value if isinstance(value, str) else ""
    return values


def list_page(request: Request, limit: int = DEFAULT_LIMIT) -> PageRequest:
    """The page a list shows: ``?offset=`` from the link, anything odd means the first page."""
    raw = request.query_params.get("offset", "")
    offset = int(raw) if raw.isdigit() and len(raw) < 10 else 0
    return PageRequest(limit=limit, offset=offset)


def errors_by_field(error: ValidationFailed) -> dict[str, str]:
    errors: dict[str, str] = {}
    for item in error.errors:
        errors.setdefault(item.field, item.message)
    return errors


def safe_next(target: str | None) -> str:
    """Only same-site paths: never an open redirect. Browsers drop tabs and
    newlines and read a backslash as a slash, so any of those between the two
    slashes of "//evil.example" would still leave the site: refuse them all."""
    if not target or any(ord(c) < 0x20 or c in "\\\x7f" for c in target):
        return "/"
    if target.startswith("/") and not target.startswith("//"):
        return target
    return "/"
