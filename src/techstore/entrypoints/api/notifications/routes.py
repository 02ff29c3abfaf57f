"""The outbox (API.md, "Messages (admin)"): admins list it and send a failed message again; staff read a
repair's messages."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from techstore.domain.notifications.messages import MessageStatus
from techstore.domain.shared.errors import FieldError, ValidationFailed
from techstore.entrypoints.api.guard import Api
from techstore.entrypoints.api.notifications.schemas import MessageOut, MessagePageOut, RepairMessageOut
from techstore.entrypoints.api.pagination import PAGINATION, page_request
from techstore.entrypoints.api.responses import json_response
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.routing import QueryParam
from techstore.entrypoints.http.seam import Call

STATUSES = [s.value for s in MessageStatus]
STATUS = QueryParam("status", {"type": "string", "enum": STATUSES}, "Only messages in this status")


def message_status(request: Request, *, lenient: bool = False) -> MessageStatus | None:
    """``?status=``: one of the statuses, or none for all; 422 otherwise (``lenient``, for pages: ignored)."""
    raw = request.query_params.get("status")
    if raw is None or (lenient and raw not in STATUSES):
        return None
    if raw not in STATUSES:
        raise ValidationFailed([FieldError("status", "must be one of: " + ", ".join(STATUSES))])
    return MessageStatus(raw)


def list_messages(call: Call) -> Response:
    status, page_asked = message_status(call.request), page_request(call.request)
    page = call.services.notifications.list_messages()(call.user, status, page_asked)
    return json_response(MessagePageOut([MessageOut.of(m) for m in page.items], page.total, page.limit,
                                        page.offset))


def retry_message(call: Call) -> Response:
    message = call.services.notifications.retry_message()(call.user, call.path("message_id"))
    return json_response(MessageOut.of(message))


def repair_messages(call: Call) -> Response:
    messages = call.services.notifications.repair_messages()(call.user, call.path("repair_id"))
    return json_response([RepairMessageOut.of(m) for m in messages])


_TAGS = ["messages"]
routes = [
    Api("/messages", list_messages, methods=["GET"], access=Access.ADMIN,
        summary="The outbox, newest first, of one status or all (unsent, sent, failed)",
        response_type=MessagePageOut, query=(STATUS, *PAGINATION), tags=_TAGS),
    Api("/messages/{message_id:id}/retry", retry_message, methods=["POST"], access=Access.ADMIN,
        summary="Send a failed message again: it becomes unsent and due now, with a new day of retries "
                "(409 unless failed)",
        response_type=MessageOut, tags=_TAGS, errors=[404, 409]),
    Api("/repairs/{repair_id:id}/messages", repair_messages, methods=["GET"], access=Access.SIGNED_IN,
        summary="A repair's notifications, oldest first: recipient, subject, status and attempts",
        response_type=list[RepairMessageOut], tags=["repairs"], errors=[404]),
]
