"""The cash drawer on the web: ``/cash`` (open it, the running figures, pay in or out, close with a count),
``/cash/{id}`` the printable Z report (80 mm, with its PDF), and the list of sessions (admins: everyone's,
with their differences)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from techstore.application.cash.commands import CloseDrawer, NewCashMovement, OpenDrawer, SessionQuery
from techstore.domain.cash.sessions import CashSession, difference_words
from techstore.domain.identity.users import User
from techstore.domain.shared.errors import Conflict, PermissionDenied, ValidationFailed
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.services import call, services
from techstore.entrypoints.web.guard import Page
from techstore.entrypoints.web.pages.forms import FORM_ERROR, form_errors, list_page, read_form
from techstore.entrypoints.web.receipts import receipt_pdf
from techstore.entrypoints.web.templates import path_for, render

FLASHES = {"opened": "The drawer is open.", "pay_in": "Cash paid in.", "pay_out": "Cash paid out."}
METHOD_LABELS = {"cash": "Cash", "card": "Card", "transfer": "Transfer", "account": "On account"}


def _user(request: Request) -> User:
    user: User = request.state.user
    return user


async def _drawer(request: Request, *, typed: Mapping[str, str] | None = None,
                  errors: Mapping[str, str] | None = None, form: str = "", status_code: int = 200) -> Response:
    session = await call(services(request).cash.current_session(), _user(request))
    shown = dict(errors or {})
    context = {"session": session, "typed": typed or {}, "errors": shown, "form": form,
               "form_error": shown.pop(FORM_ERROR, None), "methods": METHOD_LABELS, "nav_active": "cash",
               "flash": FLASHES.get(request.query_params.get("done", ""))}
    return render(request, "cash/drawer.html", context, status_code=status_code)


async def drawer(request: Request) -> Response:
    return await _drawer(request)


async def _typed(request: Request) -> dict[str, str]:
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


async def open_drawer(request: Request) -> Response:
    typed = await _typed(request)
    try:
        await call(services(request).cash.open_session(), _user(request), await read_form(request, OpenDrawer))
    except (ValidationFailed, Conflict) as error:
        return await _drawer(request, typed=typed, errors=form_errors(error), form="open",
                             status_code=422 if isinstance(error, ValidationFailed) else 409)
    return RedirectResponse(path_for(request, "drawer") + "?done=opened", status_code=303)


async def pay_in_or_out(request: Request) -> Response:
    typed = await _typed(request)
    session = await call(services(request).cash.current_session(), _user(request))
    try:
        if session is None:
            raise Conflict("Your drawer is not open.")
        command = await read_form(request, NewCashMovement)
        await call(services(request).cash.add_movement(), _user(request), session.id, command)
    except (ValidationFailed, Conflict) as error:
        return await _drawer(request, typed=typed, errors=form_errors(error), form="movement",
                             status_code=422 if isinstance(error, ValidationFailed) else 409)
    return RedirectResponse(path_for(request, "drawer") + f"?done={command.type}", status_code=303)


async def close_drawer(request: Request) -> Response:
    typed = await _typed(request)
    session = await call(services(request).cash.current_session(), _user(request))
    try:
        if session is None:
            raise Conflict("Your drawer is not open.")
        command = await read_form(request, CloseDrawer)
        closed = await call(services(request).cash.close_session(), _user(request), session.id, command)
    except (ValidationFailed, Conflict) as error:
        return await _drawer(request, typed=typed, errors=form_errors(error), form="close",
                             status_code=422 if isinstance(error, ValidationFailed) else 409)
    return RedirectResponse(path_for(request, "z_report", session_id=closed.id), status_code=303)


async def _report_context(request: Request) -> dict[str, Any]:
    user = _user(request)
    session: CashSession = await call(services(request).cash.get_session(), user, request.path_params["session_id"])
    owner = user.full_name
    if session.user_id != user.id:
        try:
            owner = (await call(services(request).identity.get_user(), user, session.user_id)).full_name
        except PermissionDenied:
            owner = f"User {session.user_id}"
    settings = request.app.state.settings
    return {"session": session, "owner": owner, "words": difference_words(session.difference),
            "methods": METHOD_LABELS, "store_name": settings.store_name, "store_address": settings.store_address,
            "nav_active": "cash"}


async def z_report(request: Request) -> Response:
    return render(request, "cash/report.html", await _report_context(request))


async def z_report_pdf(request: Request) -> Response:
    context = await _report_context(request)
    pdf = await call(receipt_pdf, request, context, "cash/report_pdf.html")
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="cash-session-{context["session"].id}.pdf"'})


async def session_list(request: Request) -> Response:
    page = await call(services(request).cash.list_sessions(), _user(request), SessionQuery(), list_page(request))
    context = {"sessions": page.items, "page": page, "words": difference_words, "keep": {}, "nav_active": "cash"}
    return render(request, "cash/list.html", context)


routes = [
    Page("/cash", drawer, access=Access.SIGNED_IN),
    Page("/cash/open", open_drawer, methods=["POST"], access=Access.SIGNED_IN),
    Page("/cash/movements", pay_in_or_out, methods=["POST"], access=Access.SIGNED_IN),
    Page("/cash/close", close_drawer, methods=["POST"], access=Access.SIGNED_IN),
    Page("/cash/sessions", session_list, access=Access.SIGNED_IN),
    Page("/cash/{session_id:int}", z_report, access=Access.SIGNED_IN),
    Page("/cash/{session_id:int}/report.pdf", z_report_pdf, access=Access.SIGNED_IN),
]
