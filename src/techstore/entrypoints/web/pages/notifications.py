"""The outbox (admin): messages by status, newest first, and a Retry button on each failed one (a form with its
CSRF token: works without JavaScript)."""

from __future__ import annotations

from starlette.responses import RedirectResponse, Response

from techstore.domain.notifications.messages import MessageStatus
from techstore.domain.shared.errors import Conflict, NotFound
from techstore.entrypoints.api.notifications.routes import message_status
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.problems import status_of
from techstore.entrypoints.http.seam import Call
from techstore.entrypoints.web.guard import Page
from techstore.entrypoints.web.pages.forms import list_page
from techstore.entrypoints.web.templates import path_for, render

NAV = "messages"
FLASHES = {"retried": "The message will be sent again in a moment."}


def _list(call: Call, row_errors: dict[int, str] | None = None, status_code: int = 200) -> Response:
    status = message_status(call.request, lenient=True)
    page = call.services.notifications.list_messages()(call.user, status, list_page(call.request))
    context = {"messages": page.items, "page": page, "status": status.value if status else "",
               "statuses": list(MessageStatus), "nav_active": NAV, "row_errors": row_errors or {},
               "flash": FLASHES.get(call.query.get("done", ""))}
    return render(call.request, "messages/list.html", context, status_code=status_code)


def message_list(call: Call) -> Response:
    return _list(call)


def retry_message(call: Call) -> Response:
    message_id = call.path("message_id")
    try:
        call.services.notifications.retry_message()(call.user, message_id)
    except (Conflict, NotFound) as error:
        return _list(call, {message_id: error.detail}, status_of(error))
    back = call.form.get("status", "")
    query = f"?status={back}&done=retried" if back in {s.value for s in MessageStatus} else "?done=retried"
    return RedirectResponse(path_for(call.request, "message_list") + query, status_code=303)


routes = [
    Page("/messages", message_list, access=Access.ADMIN),
    Page("/messages/{message_id:int}/retry", retry_message, methods=["POST"], access=Access.ADMIN,
         name="retry_message_submit"),
]
