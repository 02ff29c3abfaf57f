"""Reading a page's posted form within its limit, and the text rules every field obeys.

The body is read before anything parses it: past the route's limit the answer
is 413 without reading further (a declared ``Content-Length`` is refused
unread). URL-encoded forms are decoded strictly as UTF-8: invalid bytes are a
refusal (422), not a U+FFFD stored in place of what was typed. Every text
value, posted or in the query, obeys the API's text rule that no field lifts:
no control character but tabs and line breaks (a NUL cannot be stored, and
one in a search once answered 500 on PostgreSQL).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.types import Message

from techstore.application.shared.constraints import CONTROL_CHARACTERS_BUT_LINE_BREAKS, HAS_CONTROL_CHARACTERS
from techstore.domain.shared.errors import FieldError, ValidationFailed
from techstore.entrypoints.http.json_body import BodyTooLarge, read_limited

URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
NOT_UTF8 = "must be text in UTF-8"
_FORBIDDEN = re.compile(CONTROL_CHARACTERS_BUT_LINE_BREAKS)


async def read_form(request: Request, max_bytes: int) -> tuple[FormData, ValidationFailed | None]:
    """The posted form, and what breaks the text rules (raised once the caller is known)."""
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type not in (URLENCODED, MULTIPART):
        return FormData(), None
    raw = await read_limited(request, max_bytes)
    if media_type == URLENCODED:
        return _urlencoded(raw)
    form = await _replayed(request, raw).form(max_part_size=max_bytes)
    return form, text_problems(form.multi_items())


def text_problems(items: Iterable[tuple[str, object]]) -> ValidationFailed | None:
    errors = [FieldError(_shown(name), HAS_CONTROL_CHARACTERS) for name, value in items
              if isinstance(value, str) and (_FORBIDDEN.search(value) or _FORBIDDEN.search(name))]
    return _refused(errors) if errors else None


def _urlencoded(raw: bytes) -> tuple[FormData, ValidationFailed | None]:
    text = raw.decode("latin-1")  # percent-escapes are ASCII; the bytes they stand for are decoded below
    try:
        items = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        # Read leniently only to find the CSRF token; the form is refused once the caller is known.
        items = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="replace")
        bad = sorted({name for name, value in items if "\ufffd" in name + value})
        return _form(items), _refused([FieldError(_shown(name), NOT_UTF8) for name in bad])
    return _form(items), text_problems(items)


def _form(items: list[tuple[str, str]]) -> FormData:
    return FormData(list[tuple[str, str | UploadFile]](items))


def _replayed(request: Request, raw: bytes) -> Request:
    """The same request whose body is ``raw`` (already read within its limit)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": raw, "more_body": False}

    return Request(request.scope, receive)


def _refused(errors: list[FieldError]) -> ValidationFailed:
    """Raised before the page's own form is drawn, so the error page says which field and why."""
    return ValidationFailed(errors, detail="; ".join(f"{e.field}: {e.message}" for e in errors))


def _shown(name: str) -> str:
    return name if name.isprintable() else repr(name)


__all__ = ["BodyTooLarge", "read_form", "text_problems"]
