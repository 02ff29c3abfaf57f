"""The cash drawer (API.md, "Cash drawer"): sessions, pay-ins and pay-outs, the close."""

from __future__ import annotations

from typing import cast

from starlette.requests import Request
from starlette.responses import Response

from techstore.application.cash.commands import (
    CloseDrawer,
    JournalQuery,
    NewCashMovement,
    OpenDrawer,
    SessionQuery,
    SessionStatusName,
)
from techstore.domain.cash.journal import EntryKind
from techstore.domain.shared.errors import FieldError, NotFound, ValidationFailed
from techstore.domain.shared.payments import PaymentMethod
from techstore.entrypoints.api.cash.schemas import (
    CashMovementOut,
    CashSessionOut,
    CashSessionPageOut,
    JournalEntryOut,
    JournalPageOut,
)
from techstore.entrypoints.api.guard import Api
from techstore.entrypoints.api.pagination import PAGINATION, page_request
from techstore.entrypoints.api.responses import created, json_response
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.params import ID_MAX, DateQuery, parse_int
from techstore.entrypoints.http.routing import QueryParam
from techstore.entrypoints.http.seam import Call

STATUS = QueryParam("status", {"type": "string", "enum": ["open", "closed"]}, "Only sessions with this status")
USER_ID = QueryParam("user_id", {"type": "integer", "minimum": 1, "maximum": ID_MAX},
                     "Only this user's sessions (staff: their own only)")

FROM = DateQuery("from", "The first day (UTC) of the period, included")
TO = DateQuery("to", "The last day (UTC) of the period, included")
METHOD = QueryParam("method", {"type": "string", "enum": [m.value for m in PaymentMethod]}, "Only this method")
KIND = QueryParam("kind", {"type": "string", "enum": [k.value for k in EntryKind]}, "Only this kind of entry")
CASH_SESSION_ID = QueryParam("cash_session_id", {"type": "integer", "minimum": 1, "maximum": ID_MAX},
                             "Only the entries of this cash session")


def _location(session_id: int) -> str:
    return f"/api/v1/cash-sessions/{session_id}"


def session_query(request: Request) -> SessionQuery:
    params, errors = request.query_params, []
    status = params.get("status")
    if status is not None and status not in ("open", "closed"):
        errors.append(FieldError("status", "must be open or closed"))
    user_id = None
    if (raw := params.get("user_id")) is not None:
        user_id = parse_int(raw, 1, ID_MAX)
        if user_id is None:
            errors.append(FieldError("user_id", f"must be a whole number from 1 to {ID_MAX}"))
    if errors:
        raise ValidationFailed(errors)
    return SessionQuery(cast(SessionStatusName | None, status), user_id)


def journal_query(request: Request) -> JournalQuery:
    params, errors = request.query_params, list[FieldError]()
    first, last = FROM.read(request, errors), TO.read(request, errors)
    method = kind = session_id = None
    if (raw := params.get("method")) is not None:
        if raw in PaymentMethod.__members__.values():
            method = PaymentMethod(raw)
        else:
            errors.append(FieldError("method", "must be one of " + ", ".join(m.value for m in PaymentMethod)))
    if (raw := params.get("kind")) is not None:
        if raw in EntryKind.__members__.values():
            kind = EntryKind(raw)
        else:
            errors.append(FieldError("kind", "must be one of " + ", ".join(k.value for k in EntryKind)))
    if (raw := params.get("cash_session_id")) is not None:
        session_id = parse_int(raw, 1, ID_MAX)
        if session_id is None:
            errors.append(FieldError("cash_session_id", f"must be a whole number from 1 to {ID_MAX}"))
    if errors:
        raise ValidationFailed(errors)
    return JournalQuery(first, last, method, kind, session_id)


def list_journal(call: Call) -> Response:
    page_asked, query = page_request(call.request), journal_query(call.request)
    page = call.services.cash.list_journal()(call.user, query, page_asked)
    return json_response(JournalPageOut([JournalEntryOut.of(e) for e in page.items], page.total, page.limit,
                                        page.offset))


def open_session(call: Call) -> Response:
    cash = call.services.cash
    session = cash.open_session()(call.user, call.body)
    assert session.id is not None
    return created(CashSessionOut.of(session), location=_location(session.id))


def list_sessions(call: Call) -> Response:
    page_asked, query = page_request(call.request), session_query(call.request)
    cash = call.services.cash
    page = cash.list_sessions()(call.user, query, page_asked)
    return json_response(CashSessionPageOut([CashSessionOut.of(s) for s in page.items], page.total, page.limit,
                                            page.offset))


def current_session(call: Call) -> Response:
    cash = call.services.cash
    session = cash.current_session()(call.user)
    if session is None:
        raise NotFound("Your cash drawer is not open.")
    return json_response(CashSessionOut.of(session))


def read_session(call: Call) -> Response:
    session_id: int = call.path("session_id")
    cash = call.services.cash
    return json_response(CashSessionOut.of(cash.get_session()(call.user, session_id)))


def add_movement(call: Call) -> Response:
    session_id = call.path("session_id")
    cash = call.services.cash
    movement = cash.add_movement()(call.user, session_id, call.body)
    return created(CashMovementOut.of(movement), location=_location(session_id))


def close_session(call: Call) -> Response:
    session_id = call.path("session_id")
    cash = call.services.cash
    return json_response(CashSessionOut.of(cash.close_session()(call.user, session_id,
                                                                  call.body)))


_SESSION = "/cash-sessions/{session_id:id}"
routes = [
    Api("/cash-sessions", open_session, methods=["POST"], access=Access.COUNTER,
        summary="Open the caller's cash drawer with a float (one open session per user)", request_type=OpenDrawer,
        response_type=CashSessionOut, status_code=201, tags=["cash"], errors=[409],
        request_example={"opening_float": "100.00"}),
    Api("/cash-sessions", list_sessions, methods=["GET"], access=Access.COUNTER,
        summary="Cash sessions, newest first: admins see all, staff their own", response_type=CashSessionPageOut,
        query=(STATUS, USER_ID, *PAGINATION), tags=["cash"], errors=[403]),
    Api("/cash-sessions/current", current_session, methods=["GET"], access=Access.COUNTER,
        summary="The caller's open session and its running figures (X)", response_type=CashSessionOut,
        tags=["cash"], errors=[404]),
    Api(_SESSION, read_session, methods=["GET"], access=Access.COUNTER,
        summary="A cash session (staff: their own only)", response_type=CashSessionOut, tags=["cash"],
        errors=[403, 404]),
    Api(_SESSION + "/movements", add_movement, methods=["POST"], access=Access.COUNTER,
        summary="Pay cash in or out of the caller's own open session, with a reason; 409 for a pay-out beyond the "
                "expected cash, 422 for a pay-in that would take it past 9999999999.99",
        request_type=NewCashMovement,
        response_type=CashMovementOut, status_code=201, tags=["cash"], errors=[403, 404, 409],
        request_example={"type": "pay_out", "amount": "5.00", "reason": "Window cleaner"}),
    Api(_SESSION + "/close", close_session, methods=["POST"], access=Access.COUNTER,
        summary="Close a session with the cash counted (its user or an admin); then it never changes",
        request_type=CloseDrawer, response_type=CashSessionOut, tags=["cash"], errors=[403, 404, 409],
        request_example={"counted_cash": "254.00", "note": "Float left in the safe"}),
    Api("/journal", list_journal, methods=["GET"], access=Access.ADMIN,
        summary="The money journal, oldest first: every amount taken or paid, signed; entries never change",
        response_type=JournalPageOut, query=(FROM, TO, METHOD, KIND, CASH_SESSION_ID, *PAGINATION), tags=["cash"]),
]
