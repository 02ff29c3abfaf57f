"""Reading HTML forms into the same typed commands the API reads, and showing refusals.

``read_form`` turns the posted fields into the command class with the API's
strict converter, so a form and an API body obey one declaration. Browser
forms differ from JSON in four ways, handled here and only here: every
value is text, an unticked checkbox sends nothing, an empty field means
"not given" (a required field then says "is required"; an optional one is
``None``), and an amount is written in the store's locale ("1299,50" in
de_DE; ``store_locale.py``). Text is trimmed, except secrets (fields hidden
from ``repr``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any, TypeVar, get_args, get_origin, get_type_hints

import attrs
from starlette.requests import Request

from techstore.application.shared.constraints import DEFAULT_MONEY, Money, markers
from techstore.application.shared.pages import DEFAULT_LIMIT, PageRequest
from techstore.domain.shared.errors import Conflict, DomainError, FieldError, ValidationFailed
from techstore.domain.shared.money import InvalidAmount
from techstore.entrypoints.http.json_body import structure
from techstore.entrypoints.http.params import parse_int
from techstore.entrypoints.http.seam import Call
from techstore.entrypoints.web.store_locale import StoreLocale
from techstore.entrypoints.web.templates import store_locale

T = TypeVar("T")
FORM_ERROR = "_form"  # the key of a message about the whole form, not one field
CHECKED = frozenset({"on", "true", "1", "yes"})
MAX_PAGE_OFFSET = 999_999_999


def read_form(call: Call, kind: type[T]) -> T:
    """The posted form (``call.form``) as a ``kind``, its amounts read in the store's locale; raises
    ``ValidationFailed`` per field."""
    return structure_form(call.fields(), kind, store_locale(call.request))


def structure_form(posted: Mapping[str, str], kind: type[T], written: StoreLocale) -> T:
    """``posted`` as a ``kind``; an amount that is not one as ``written`` writes it is refused with that
    locale's example ("12,50"), next to the other fields' refusals."""
    data, unreadable = form_data(posted, kind, written)
    try:
        command = structure(data, kind)
    except ValidationFailed as refused:
        named = {problem.field for problem in unreadable}
        raise ValidationFailed([*unreadable, *(e for e in refused.errors if e.field not in named)]) from None
    if unreadable:
        raise ValidationFailed(unreadable)
    return command


def form_data(posted: Mapping[str, str], kind: type,
              written: StoreLocale) -> tuple[dict[str, Any], list[FieldError]]:
    """What a JSON body with the same meaning would hold, and the amounts that could not be read (left
    out of it)."""
    data: dict[str, Any] = {}
    unreadable: list[FieldError] = []
    hints = get_type_hints(kind)
    declared = get_type_hints(kind, include_extras=True)
    for field in attrs.fields(kind):
        base = _without_none(hints[field.name])
        if base is bool:
            data[field.name] = posted.get(field.name, "").lower() in CHECKED
            continue
        value = posted.get(field.name)
        if value is not None and field.repr is not False:
            value = value.strip()
        if get_origin(base) is list:
            # A list of words (serials) is typed or scanned into one text area: one per line, or apart by
            # spaces or commas.
            if value:
                data[field.name] = [word for word in re.split(r"[\s,;]+", value) if word]
            continue
        if value and base is Decimal and not _is_amount(declared[field.name]):
            # A number that is not money (a tax rate's percent): its own marker reads it, once the locale's
            # decimal sign is a point.
            data[field.name] = value.replace(written.decimal_sign, ".")
        elif value and base is Decimal:
            try:
                data[field.name] = written.amount(value, _money(declared[field.name]))
            except InvalidAmount as error:
                unreadable.append(FieldError(field.name, str(error)))
        elif value:
            number = parse_int(value, -(10**18 - 1), 10**18 - 1) if base is int else None
            # A whole number goes on as an int; anything else as text, for the converter to refuse by name.
            data[field.name] = value if number is None else number
        elif field.default is None:
            data[field.name] = None
    return data, unreadable


def read_amount(written: StoreLocale, typed: str, marker: Money, field: str,
                errors: dict[str, str]) -> Decimal | None:
    """The amount typed into ``field`` of a form read by hand (the point of sale, returns), as ``written``
    writes it; None when empty or refused (the refusal goes into ``errors``)."""
    if not typed.strip():
        return None
    try:
        return written.amount(typed, marker)
    except InvalidAmount as error:
        errors[field] = str(error)
        return None


def _is_amount(hint: Any) -> bool:
    """A Decimal field is an amount unless its marker says it is something else (``RatePercent``)."""
    hint = _without_none(hint)
    if get_origin(hint) is Annotated:
        found = markers(get_args(hint)[1:])
        return not found or any(isinstance(marker, Money) for marker in found)
    return True


def _money(hint: Any) -> Money:
    """The money rule an amount field declares (``Annotated[Decimal, Money(...)]``), else the default."""
    hint = _without_none(hint)
    if get_origin(hint) is Annotated:
        for marker in markers(get_args(hint)[1:]):
            if isinstance(marker, Money):
                return marker
    return DEFAULT_MONEY


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
