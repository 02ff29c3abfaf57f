"""The cash drawer on the web: ``/cash`` (open it, the running figures, pay in or out, close with a count),
``/cash/{id}`` the printable Z report (80 mm, with its PDF), and the list of sessions (admins: everyone's,
with their differences)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from starlette.responses import RedirectResponse, Response

from techstore.application.cash.commands import CloseDrawer, NewCashMovement, OpenDrawer, SessionQuery
from techstore.domain.cash.journal import EntryKind
from techstore.domain.cash.sessions import CashSession, difference_words
from techstore.domain.shared.errors import Conflict, NotFound, ValidationFailed
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.params import ID_MAX, parse_int
from techstore.entrypoints.http.problems import status_of
from techstore.entrypoints.http.seam import Call
from techstore.entrypoints.web.guard import Page
from techstore.entrypoints.web.pages.forms import FORM_ERROR, form_errors, list_page, read_form
from techstore.entrypoints.web.receipts import pdf_answer, receipt_pdf, wants_pdf
from techstore.entrypoints.web.templates import path_for, render, store_locale

FLASHES = {"opened": "The drawer is open.", "pay_in": "Cash paid in.", "pay_out": "Cash paid out."}
METHOD_LABELS = {"cash": "Cash", "card": "Card", "transfer": "Transfer", "account": "On account"}
SLIP_SHEET = "cash/_slip.html"


def _drawer(call: Call, *, typed: Mapping[str, str] | None = None, errors: Mapping[str, str] | None = None,
            form: str = "", closing: Mapping[str, Any] | None = None, status_code: int = 200) -> Response:
    session = call.services.cash.current_session()(call.user)
    shown = dict(errors or {})
    done = call.query.get("done", "")
    slip = parse_int(call.query.get("movement", ""), 1, ID_MAX) if done in ("pay_in", "pay_out") else None
    context = {"session": session, "typed": typed or {}, "errors": shown, "form": form,
               "form_error": shown.pop(FORM_ERROR, None), "methods": METHOD_LABELS, "nav_active": "cash",
               "flash": FLASHES.get(done), "new_slip": slip, "closing": closing}
    return render(call.request, "cash/drawer.html", context, status_code=status_code)


def drawer(call: Call) -> Response:
    return _drawer(call)


def open_drawer(call: Call) -> Response:
    try:
        call.services.cash.open_session()(call.user, read_form(call, OpenDrawer))
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
        command = read_form(call, NewCashMovement)
        movement = cash.add_movement()(call.user, session.id, command)
    except (ValidationFailed, Conflict) as error:
        return _drawer(call, typed=call.fields(), errors=form_errors(error), form="movement",
                       status_code=status_of(error))
    # Back at the drawer, which offers the movement's slip.
    return RedirectResponse(path_for(call.request, "drawer") + f"?done={command.type}&movement={movement.id}",
                            status_code=303)


def close_drawer(call: Call) -> Response:
    """Two steps, with or without JavaScript: the count first, answered with expected, counted and the
    difference to confirm; then the confirmed count closes the drawer. A confirmation whose expected cash
    is no longer the drawer's (a sale meanwhile) is asked again with the new figures."""
    cash = call.services.cash
    session = cash.current_session()(call.user)
    try:
        if session is None:
            raise Conflict("Your drawer is not open.")
        command = read_form(call, CloseDrawer)
        confirmed = call.form.get("confirm") == "yes"
        if not confirmed or call.form.get("expected") != str(session.expected_cash):
            return _drawer(call, typed=call.fields(), form="close",
                           closing=_closing(call, session, command, confirmed))
        closed = cash.close_session()(call.user, session.id, command)
    except (ValidationFailed, Conflict) as error:
        return _drawer(call, typed=call.fields(), errors=form_errors(error), form="close",
                       status_code=status_of(error))
    return RedirectResponse(path_for(call.request, "z_report", session_id=closed.id), status_code=303)


def _closing(call: Call, session: CashSession, command: CloseDrawer, changed: bool) -> dict[str, Any]:
    difference = command.counted_cash - session.expected_cash
    return {"counted": command.counted_cash, "note": command.note or "", "expected": session.expected_cash,
            "difference": difference, "words": difference_words(difference, store_locale(call.request).decimal),
            "changed": changed}


def _owner(call: Call, session: CashSession) -> str:
    """Whose drawer, by name (anyone who may see the session may see its owner's name)."""
    names: dict[int, str] = call.services.identity.get_user_names()(call.user, [session.user_id])
    return names[session.user_id]


def _report_context(call: Call) -> dict[str, Any]:
    session: CashSession = call.services.cash.get_session()(call.user, call.path("session_id"))
    settings = call.request.app.state.settings
    words = difference_words(session.difference, store_locale(call.request).decimal)
    return {"session": session, "owner": _owner(call, session), "words": words,
            "methods": METHOD_LABELS, "store_name": settings.store_name, "store_address": settings.store_address,
            "nav_active": "cash"}


def z_report(call: Call) -> Response:
    if wants_pdf(call):
        return z_report_pdf(call)
    return render(call.request, "cash/report.html", _report_context(call))


def z_report_pdf(call: Call) -> Response:
    context = _report_context(call)
    session_id = context["session"].id
    return pdf_answer(receipt_pdf(call.request, context, "cash/_report.html", f"Cash session {session_id}"),
                      f"cash-session-{session_id}.pdf")


def _slip_context(call: Call) -> dict[str, Any]:
    """A pay-in or pay-out of a session the caller may see (staff: their own, 403 otherwise); a movement of
    another session is not found (404)."""
    session: CashSession = call.services.cash.get_session()(call.user, call.path("session_id"))
    movement_id = call.path("cash_movement_id")
    movement = next((m for m in session.movements if m.id == movement_id), None)
    if movement is None:
        raise NotFound(f"Cash session {session.id} has no pay-in or pay-out {movement_id}.")
    settings = call.request.app.state.settings
    kind = "Pay-in" if movement.kind is EntryKind.PAY_IN else "Pay-out"
    pdf = path_for(call.request, "cash_slip_pdf", session_id=session.id, cash_movement_id=movement_id)
    back = [("Cash drawer", path_for(call.request, "drawer"))] if session.is_open else []
    return {"session": session, "movement": movement, "owner": _owner(call, session), "sheet": SLIP_SHEET,
            "store_name": settings.store_name, "store_address": settings.store_address, "nav_active": "cash",
            "title": f"{kind} slip {movement_id}",
            "actions": [("PDF", pdf), *back,
                        (f"Cash session {session.id}", path_for(call.request, "z_report", session_id=session.id))]}


def cash_slip(call: Call) -> Response:
    if wants_pdf(call):
        return cash_slip_pdf(call)
    return render(call.request, "receipts/page.html", _slip_context(call))


def cash_slip_pdf(call: Call) -> Response:
    context = _slip_context(call)
    return pdf_answer(receipt_pdf(call.request, context, SLIP_SHEET, context["title"]),
                      f"cash-slip-{context['movement'].id}.pdf")


def session_list(call: Call) -> Response:
    page = call.services.cash.list_sessions()(call.user, SessionQuery(), list_page(call.request))
    # Whose drawer, by name: one statement for the page.
    names = call.services.identity.get_user_names()(call.user, {s.user_id for s in page.items})
    words = partial(difference_words, written=store_locale(call.request).decimal)
    context = {"sessions": page.items, "page": page, "words": words, "keep": {}, "nav_active": "cash",
               "names": names}
    return render(call.request, "cash/list.html", context)


_SLIP = "/cash/{session_id:int}/movements/{cash_movement_id:int}/receipt"
routes = [
    Page("/cash", drawer, access=Access.COUNTER),
    Page("/cash/open", open_drawer, methods=["POST"], access=Access.COUNTER),
    Page("/cash/movements", pay_in_or_out, methods=["POST"], access=Access.COUNTER),
    Page("/cash/close", close_drawer, methods=["POST"], access=Access.COUNTER),
    Page("/cash/sessions", session_list, access=Access.COUNTER),
    Page("/cash/{session_id:int}", z_report, access=Access.COUNTER),
    Page("/cash/{session_id:int}/report.pdf", z_report_pdf, access=Access.COUNTER),
    Page(_SLIP, cash_slip, access=Access.COUNTER),
    Page(_SLIP + ".pdf", cash_slip_pdf, access=Access.COUNTER),
]
