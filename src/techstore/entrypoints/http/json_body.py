"""Reading JSON request bodies into declared attrs classes, exactly.

Only a body sent as ``application/json`` (or ``+json``) is read (415
otherwise). Numbers are parsed as ``Decimal`` so money never passes through
float, and every problem is reported per field with API.md's field names
(``items[0].quantity``).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, TypeVar

from cattrs import ClassValidationError, ForbiddenExtraKeysError, transform_error
from starlette.exceptions import HTTPException
from starlette.requests import Request

from techstore.domain.shared.errors import FieldError, ValidationFailed
from techstore.entrypoints.http.converter import converter

T = TypeVar("T")
MAX_BODY_BYTES = 1024 * 1024
UNSUPPORTED_MEDIA_TYPE = "Send the body as JSON, with Content-Type: application/json."


class BodyTooLarge(Exception):
    """The request body is larger than the API accepts (413)."""

    def __init__(self, limit: int = MAX_BODY_BYTES) -> None:
        super().__init__(limit)
        self.limit = limit


def is_json_media_type(content_type: str | None) -> bool:
    """``application/json`` or a ``+json`` type such as ``application/merge-patch+json``, any parameters."""
    media_type = (content_type or "").partition(";")[0].strip().lower()
    kind, _, subtype = media_type.partition("/")
    return kind == "application" and (subtype == "json" or (subtype.endswith("+json") and len(subtype) > 5))


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(raw: bytes) -> Any:
    try:
        return json.loads(raw, parse_float=Decimal, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise ValidationFailed.single("body", "must be a valid JSON document") from None


async def read_body(request: Request) -> bytes:
    """The raw JSON body (415 unless JSON, 413 past 1 MiB); ``body_as`` reads it later,
    off the event loop and after the caller's role was checked."""
    if not is_json_media_type(request.headers.get("content-type")):
        raise HTTPException(415, UNSUPPORTED_MEDIA_TYPE)
    return await read_limited(request)


async def read_upload(request: Request, *, max_bytes: int) -> bytes:
    """A body that is not JSON (a CSV file), 413 past ``max_bytes``. Its media type is checked
    with ``require_media_type`` once the caller's role is known (403 comes before 415)."""
    return await read_limited(request, max_bytes)


def require_media_type(request: Request, media_types: frozenset[str]) -> None:
    media_type = (request.headers.get("content-type") or "").partition(";")[0].strip().lower()
    if media_type not in media_types:
        raise HTTPException(415, "Send the body as " + " or ".join(sorted(media_types)) + ".")


def body_as(raw: bytes, kind: type[T]) -> T:
    """A JSON object body as ``kind``; 422 per field."""
    data = parse_json(raw)
    if not isinstance(data, dict):
        raise ValidationFailed.single("body", "must be a JSON object")
    return structure(data, kind)


def structure(data: Any, kind: type[T]) -> T:
    try:
        return converter.structure(data, kind)
    except ClassValidationError as error:
        raise ValidationFailed(_field_errors(error)) from None


async def read_limited(request: Request, max_bytes: int = MAX_BODY_BYTES) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise BodyTooLarge(max_bytes)
    chunks = bytearray()
    async for chunk in request.stream():
        chunks += chunk
        if len(chunks) > max_bytes:
            raise BodyTooLarge(max_bytes)
    return bytes(chunks)


def _message(error: BaseException, _kind: Any) -> str:
    if isinstance(error, KeyError):
        return "is required"
    if isinstance(error, ForbiddenExtraKeysError):
        return "unknown field: " + ", ".join(_shown(name) for name in sorted(error.extra_fields))
    if isinstance(error, ValueError) and error.args and isinstance(error.args[0], str):
        return error.args[0]
    return "has an invalid value"


def _shown(name: str) -> str:
    """A field name the client sent, safe to echo: control characters and lone surrogates escaped."""
    return name if name.isprintable() else json.dumps(name)


def _field_errors(error: ClassValidationError) -> list[FieldError]:
    errors = []
    for line in transform_error(error, format_exception=_message):
        message, _, path = line.rpartition(" @ ")
        field = path.removeprefix("$").removeprefix(".")
        errors.append(FieldError(field or "body", message))
    return errors
