"""Building JSON answers from declared attrs classes."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from techstore.entrypoints.http.converter import converter


def json_response(body: Any, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(converter.unstructure(body), status_code=status_code, headers=headers)


def created(body: Any, location: str) -> Response:
    return json_response(body, status_code=201, headers={"Location": location})


def no_content() -> Response:
    return Response(status_code=204)
