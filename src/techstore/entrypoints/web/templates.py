"""Rendering pages with what every template needs, in the store's locale.

Every ``{{ value }}`` that is a ``Decimal`` is written the locale's way (the environment's ``finalize``:
"1299,50" in de_DE; ``store_locale.py``), in pages and printed documents alike, so no template names the
locale; ``|plain`` keeps "1299.50" for a value a machine reads back, and ``|number`` writes a literal such
as ``"0.00"|number`` (a placeholder) the locale's way. Dates go through ``|datetime``, ``|date``,
``|long_date`` and ``|day_month``. The API's JSON does not pass through here.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache, partial
from pathlib import Path
from typing import Any

import attrs
from jinja2 import pass_context
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.templating import Jinja2Templates

from techstore.domain.shared.taxes import marks
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.routing import PageRoute, walk
from techstore.entrypoints.web.sign_in_problems import SIGN_IN_PROBLEMS
from techstore.entrypoints.web.store_locale import StoreLocale

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


def path_for(request: Request, name: str, **params: object) -> str:
    """The site-relative path of the route called ``name``: links and redirects
    come from the router, so moving a page is a change in one place."""
    return str(request.app.url_path_for(name, **params))


@pass_context
def _path_for(context: dict[str, Any], name: str, **params: object) -> str:
    return path_for(context["request"], name, **params)


@pass_context
def _may(context: dict[str, Any], name: str) -> bool:
    """Whether the signed-in user may open the page called ``name``: buttons and links to pages a role may
    not open are not shown, by the same declaration the guard enforces."""
    user = context.get("current_user")
    return user is not None and page_access(context["request"].app, name).admits(user.role)


def page_access(app: Any, name: str) -> Access:
    """The access the page route called ``name`` declares (cached on the app: routes do not change)."""
    index: dict[str, Access] | None = getattr(app.state, "page_access", None)
    if index is None:
        index = {route.name: route.access for _, route in walk(app.routes) if isinstance(route, PageRoute)}
        app.state.page_access = index
    return index[name]


@cache
def templates_for(locale: str) -> Jinja2Templates:
    """The templates, writing as ``locale`` does. One environment per locale (each compiles the templates
    it renders once), so apps with different settings share a process, as the tests' do; the locale is
    the environment's, so macros imported without context (``_forms.html``) write it too."""
    shown = StoreLocale.of(locale)
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    env = templates.env
    env.globals["path_for"] = _path_for
    env.globals["may"] = _may
    env.filters.update(plain=str, number=lambda value: shown.decimal(Decimal(value)), datetime=shown.datetime,
                       date=shown.date, long_date=shown.long_date, day_month=shown.day_month,
                       percent=lambda value: shown.decimal(_percent(value)),
                       sentence=partial(_sentence, shown))
    env.globals.update(store=_store, tax_marks=marks, single_sign_on=_single_sign_on,
                       sign_in_problem=_sign_in_problem)
    if not shown.writes_decimals_plainly:  # en_US needs none: its pages are written as Python writes
        env.finalize = _written(shown)
    return templates


def _sentence(shown: StoreLocale, message: object) -> str:
    """A refusal's message as a sentence: a capital first (they arrive as "must be ..."), amounts in the locale."""
    text = shown.message(str(message))
    return text[:1].upper() + text[1:]


def _written(shown: StoreLocale) -> Any:
    def finalize(value: Any) -> Any:
        return shown.decimal(value) if type(value) is Decimal else value

    return finalize


def templates_of(request: Request) -> Jinja2Templates:
    """The templates of the app that serves ``request``: its settings name the locale."""
    return templates_for(request.app.state.settings.locale)


def store_locale(request: Request) -> StoreLocale:
    """How the app that serves ``request`` writes and reads numbers and dates."""
    return StoreLocale.of(request.app.state.settings.locale)


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


@pass_context
def _single_sign_on(context: dict[str, Any]) -> str | None:
    """The provider's name for the login page's "Sign in with …" link; None when single sign-on is off."""
    settings = context["request"].app.state.settings
    return settings.oidc_name if settings.single_sign_on else None


@pass_context
def _sign_in_problem(context: dict[str, Any]) -> str | None:
    """Why single sign-on sent the visitor back to the login page (``?sso=<code>``), if it did."""
    return SIGN_IN_PROBLEMS.get(context["request"].query_params.get("sso", ""))


def _percent(value: Decimal) -> Decimal:
    """A tax percent as people write it: 23, 8.25 (stored as 23.000, 8.250)."""
    return Decimal(f"{value.normalize():f}")


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
    return templates_of(request).TemplateResponse(
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
    template = templates_of(request).get_template(name)
    page_context = template.new_context({**_base(request), "request": request, **(context or {})})
    return HTMLResponse("".join(template.blocks[block](page_context)), headers=headers)
