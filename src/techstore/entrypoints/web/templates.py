"""Rendering pages with what every template needs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from jinja2 import pass_context
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.templating import Jinja2Templates

from techstore.domain.taxes.lines import marks

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))


def path_for(request: Request, name: str, **params: object) -> str:
    """The site-relative path of the route called ``name``: links and redirects
    come from the router, so moving a page is a change in one place."""
    return str(request.app.url_path_for(name, **params))


@pass_context
def _path_for(context: dict[str, Any], name: str, **params: object) -> str:
    return path_for(context["request"], name, **params)


templates.env.globals["path_for"] = _path_for


@attrs.frozen
class Store:
    """What printed documents say of the store (never the whole settings: they hold secrets)."""

    name: str
    address: str
    tax_id: str


@pass_context
def _store(context: dict[str, Any]) -> Store:
    settings = context["request"].app.state.settings
    return Store(settings.store_name, settings.store_address, settings.store_tax_id)


def _percent(value: Decimal) -> str:
    """A tax percent as people write it: 23, 8.25 (stored as 23.000, 8.250)."""
    return f"{value.normalize():f}"


templates.env.globals["store"] = _store
templates.env.globals["tax_marks"] = marks
templates.env.filters["percent"] = _percent


def _base(request: Request) -> dict[str, Any]:
    return {
        "current_user": getattr(request.state, "user", None),
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "app_env": request.app.state.settings.env,
        # Every context's links, in order (container/contexts.py).
        "navigation": request.app.state.container.navigation(),
    }


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    return templates.TemplateResponse(
        request, name, {**_base(request), **(context or {})}, status_code=status_code, headers=headers
    )


def render_block(
    request: Request,
    name: str,
    block: str,
    context: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """One block of a page template: what an HTMX request swaps in. The same block renders inside
    the whole page for a request without JavaScript, so both show the same thing."""
    template = templates.get_template(name)
    page_context = template.new_context({**_base(request), "request": request, **(context or {})})
    return HTMLResponse("".join(template.blocks[block](page_context)), headers=headers)
