"""The cash drawer on the web: ``/cash`` (open it, the running figures, pay in or out, close with a count),
``/cash/{id}`` the printable Z report (80 mm, with its PDF), and the list of sessions (admins: everyone's,
with their differences)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.responses import RedirectResponse, Response

from techstore.application.cash.commands import CloseDrawer, NewCashMovement, OpenDrawer, SessionQuery
from techstore.domain.cash.sessions import CashSession, difference_words
from techstore.domain.shared.errors import Conflict, PermissionDenied, ValidationFailed
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.problems import status_of
from techstore.entrypoints.http.seam import Call
from techstore.entrypoints.web.guard import Page
from techstore.entrypoints.web.pages.forms import FORM_ERROR, form_errors, list_page, read_form
from techstore.entrypoints.web.receipts import receipt_pdf
from techstore.entrypoints.web.templates import path_for, render

FLASHES = {"opened": "The drawer is open.", "pay_in": "Cash paid in.", "pay_out": "Cash paid out."}
METHOD_LABELS = {"cash": "Cash", "card": "Card", "transfer": "Transfer", "account": "On account"}


def _drawer(call: Call, *, typed: Mapping[str, str] | None = None, errors: Mapping[str, str] | None = None,
            form: str = "", status_code: int = 200) -> Response:
    session = call.services.cash.current_session()(call.user)
    shown = dict(errors or {})
    context = {"session": session, "typed": typed or {}, "errors": shown, "form": form,
               "form_error": shown.pop(FORM_ERROR, None), "methods": METHOD_LABELS, "nav_active": "cash",
               "flash": FLASHES.get(call.query.get("done", ""))}
    return render(call.request, "cash/drawer.html", context, status_code=status_code)


def drawer(call: Call) -> Response:
    return _drawer(call)


def open_drawer(call: Call) -> Response:
    try:
        call.services.cash.open_session()(call.user, read_form(call.form, OpenDrawer))
    except (ValidationFailed, Conflict) as error:
        return _drawer(call, typed=call.fields(), errors=form_errors(error), form="open",
                       status_code=status_of(error))
    return RedirectResponse(path_for(call.request, "drawer") + "?done=opened", status_code=303)


def pay_in_or_out(call: Call) -> Response:
    cash = call.services.cash
    session = cash.current_session()(call.user)
    try:
        if session is None:
            raise Conflict("Your drawer is not open.")
        command = read_form(call.form, NewCashMovement)
        cash.add_movement()(call.user, session.id, command)
    except (ValidationFailed, Conflict) as error:
        return _drawer(call, typed=call.fields(), errors=form_errors(error), form="movement",
                       status_code=status_of(error))
    return RedirectResponse(path_for(call.request, "drawer") + f"?done={command.type}", status_code=303)


def close_drawer(call: Call) -> Response:
    cash = call.services.cash
    session = cash.current_session()(call.user)
    try:
        if session is None:
            raise Conflict("Your drawer is not open.")
        command = read_form(call.form, CloseDrawer)
        closed = cash.close_session()(call.user, session.id, command)
    except (ValidationFailed, Conflict) as error:
        return _drawer(call, typed=call.fields(), errors=form_errors(error), form="close",
                       status_code=status_of(error))
    return RedirectResponse(path_for(call.request, "z_report", session_id=closed.id), status_code=303)


def _report_context(call: Call) -> dict[str, Any]:
    user = call.user
    session: CashSession = call.services.cash.get_session()(user, call.path("session_id"))
    owner = user.full_name
    if session.user_id != user.id:
        try:
            owner = call.services.identity.get_user()(user, session.user_id).full_name
        except PermissionDenied:
            owner = f"User {session.user_id}"
    settings = call.request.app.state.settings
    return {"session": session, "owner": owner, "words": difference_words(session.difference),
            "methods": METHOD_LABELS, "store_name": settings.store_name, "store_address": settings.store_address,
            "nav_active": "cash"}


def z_report(call: Call) -> Response:
    return render(call.request, "cash/report.html", _report_context(call))


def z_report_pdf(call: Call) -> Response:
    context = _report_context(call)
    pdf = receipt_pdf(call.request, context, "cash/report_pdf.html")
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="cash-session-{context["session"].id}.pdf"'})


def session_list(call: Call) -> Response:
    page = call.services.cash.list_sessions()(call.user, SessionQuery(), list_page(call.request))
    context = {"sessions": page.items, "page": page, "words": difference_words, "keep": {}, "nav_active": "cash"}
    return render(call.request, "cash/list.html", context)


routes = [
    Page("/cash", drawer, access=Access.SIGNED_IN),
    Page("/cash/open", open_drawer, methods=["POST"], access=Access.SIGNED_IN),
    Page("/cash/movements", pay_in_or_out, methods=["POST"], access=Access.SIGNED_IN),
    Page("/cash/close", close_drawer, methods=["POST"], access=Access.SIGNED_IN),
    Page("/cash/sessions", session_list, access=Access.SIGNED_IN),
    Page("/cash/{session_id:int}", z_report, access=Access.SIGNED_IN),
    Page("/cash/{session_id:int}/report.pdf", z_report_pdf, access=Access.SIGNED_IN),
]
