"""Rendering pages with what every template needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import pass_context
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

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


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    base = {
        "current_user": getattr(request.state, "user", None),
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "app_env": request.app.state.settings.env,
    }
    return templates.TemplateResponse(
        request, name, {**base, **(context or {})}, status_code=status_code, headers=headers
    )
