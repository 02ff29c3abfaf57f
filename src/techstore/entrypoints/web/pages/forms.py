"""Reading HTML forms into the same typed commands the API reads, and showing refusals.

``read_form`` turns the posted fields into the command class with the API's
strict converter, so a form and an API body obey one declaration. Browser
forms differ from JSON in three ways, handled here and only here: every
value is text, an unticked checkbox sends nothing, and an empty field means
"not given" (a required field then says "is required"; an optional one is
``None``). Text is trimmed, except secrets (fields hidden from ``repr``).
"""

from __future__ import annotations

from typing import Any, TypeVar, get_args, get_type_hints

import attrs
from starlette.datastructures import FormData
from starlette.requests import Request

from techstore.application.shared.pages import DEFAULT_LIMIT, PageRequest
from techstore.domain.shared.errors import Conflict, DomainError, ValidationFailed
from techstore.entrypoints.http.json_body import structure
from techstore.entrypoints.http.params import parse_int

T = TypeVar("T")
FORM_ERROR = "_form"  # the key of a message about the whole form, not one field
CHECKED = frozenset({"on", "true", "1", "yes"})
MAX_PAGE_OFFSET = 999_999_999


def read_form(form: FormData, kind: type[T]) -> T:
    """The posted form (``call.form``) as a ``kind``; raises ``ValidationFailed`` per field."""
    return structure(form_data({k: v for k, v in form.items() if isinstance(v, str)}, kind), kind)


def form_data(posted: dict[str, str], kind: type) -> dict[str, Any]:
    """What a JSON body with the same meaning would hold."""
    data: dict[str, Any] = {}
    hints = get_type_hints(kind)
    for field in attrs.fields(kind):
        base = _without_none(hints[field.name])
        if base is bool:
            data[field.name] = posted.get(field.name, "").lower() in CHECKED
            continue
        value = posted.get(field.name)
        if value is not None and field.repr is not False:
            value = value.strip()
        if value:
            number = parse_int(value, -(10**18 - 1), 10**18 - 1) if base is int else None
            # A whole number goes on as an int; anything else as text, for the converter to refuse by name.
            data[field.name] = value if number is None else number
        elif field.default is None:
            data[field.name] = None
    return data


def _without_none(hint: Any) -> Any:
    args = [a for a in get_args(hint) if a is not type(None)]
    return args[0] if len(args) == 1 and type(None) in get_args(hint) else hint


def form_errors(error: DomainError) -> dict[str, str]:
    """A refusal as messages keyed by the field they belong next to (``FORM_ERROR`` for the whole form)."""
    if isinstance(error, ValidationFailed):
        errors: dict[str, str] = {}
        for item in error.errors:
            errors.setdefault(item.field, item.message)
        return errors
    if isinstance(error, Conflict) and error.field is not None:
        return {error.field: error.detail}
    return {FORM_ERROR: error.detail}


def list_page(request: Request, limit: int = DEFAULT_LIMIT, *, param: str = "offset") -> PageRequest:
    """The page a list shows: ``?offset=`` from the link (or the parameter named ``param``, for a page with two
    lists), anything odd means the first page."""
    raw = request.query_params.get(param, "")
    offset = parse_int(raw, 0, MAX_PAGE_OFFSET) or 0
    return PageRequest(limit=limit, offset=offset)


def safe_next(target: str | None) -> str:
    """Only same-site paths: never an open redirect. Browsers drop tabs and
    newlines and read a backslash as a slash, so any of those between the two
    slashes of "//evil.example" would still leave the site: refuse them all."""
    if not target or any(ord(c) < 0x20 or c in "\\\x7f" for c in target):
        return "/"
    if target.startswith("/") and not target.startswith("//"):
        return target
    return "/"
