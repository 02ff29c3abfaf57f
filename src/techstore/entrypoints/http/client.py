"""The caller's address, for rate limits and logs."""

from __future__ import annotations

from starlette.requests import Request


def client_address(request: Request) -> str:
    # Behind a proxy, run uvicorn with --proxy-headers so this is the real client.
    return request.client.host if request.client else "unknown"
