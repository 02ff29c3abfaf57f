"""The dashboard: the first page after signing in."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from techstore.entrypoints.http.access import Access
from techstore.entrypoints.web.guard import Page
from techstore.entrypoints.web.templates import render


async def home(request: Request) -> Response:
    return render(request, "home.html", {"nav_active": "dashboard"})


routes = [
    Page("/", home, access=Access.SIGNED_IN),
]
