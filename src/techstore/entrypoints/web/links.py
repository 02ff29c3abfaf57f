"""Absolute links for use outside the page: a QR code on a printed ticket, a link in a message.

They are built on ``TECHSTORE_PUBLIC_URL``, never on the request's ``Host`` header: a client may send any
Host, and a ticket printed from such a request would send customers to that address. Without the setting
(development and test only; production refuses to start) the base is the address the server was reached
on, the listening socket's own (the ASGI ``server``), which a header cannot change either."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request

DEFAULT_PORTS = {"http": 80, "https": 443}


def public_url_for(request: Request, name: str, /, **path_params: Any) -> str:
    """The absolute address of the route ``name``, for a customer to follow from outside the app."""
    base: str = request.app.state.settings.public_url or served_address(request.scope)
    return base + str(request.app.url_path_for(name, **path_params))


def served_address(scope: Mapping[str, Any]) -> str:
    scheme = scope.get("scheme", "http")
    server = scope.get("server")
    if not server:  # a Unix socket: no address to name
        return f"{scheme}://localhost"
    host, port = server[0], server[1]
    if ":" in host:
        host = f"[{host}]"  # IPv6
    return f"{scheme}://{host}" if port in (None, DEFAULT_PORTS.get(scheme)) else f"{scheme}://{host}:{port}"
