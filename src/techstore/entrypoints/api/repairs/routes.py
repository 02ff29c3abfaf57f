"""The workshop's order book (API.md, "Repairs"), and the public lookup by tracking code."""

from __future__ import annotations

from starlette.responses import Response

from techstore.application.repairs.commands import (
    Cancellation,
    Delivery,
    DepositIn,
    NewLine,
    NewRepair,
    OnlineAnswer,
    PartUsed,
    QuoteAnswer,
    RepairChanges,
    Transition,
)
from techstore.entrypoints.api.guard import Api
from techstore.entrypoints.api.pagination import PAGINATION, page_request
from techstore.entrypoints.api.repairs.query import REPAIR_FILTERS, repair_query
from techstore.entrypoints.api.repairs.schemas import (
    DepositOut,
    HistoryEntryOut,
    HistoryOut,
    RepairLineOut,
    RepairOut,
    RepairPageOut,
    TrackedOut,
)
from techstore.entrypoints.api.responses import created, json_response
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.client import client_address
from techstore.entrypoints.http.json_body import parse_json
from techstore.entrypoints.http.routing import Link
from techstore.entrypoints.http.seam import Call

_THIS = {"repair_id": "$response.body#/id"}
REPAIR_LINKS = {
    "GetRepair": Link("read_repair", parameters=_THIS, description="Read this repair"),
    "MoveRepair": Link("move_repair", parameters=_THIS, description="Move this repair to another status"),
    "DeliverRepair": Link("deliver_repair", parameters=_THIS, description="Deliver this repair"),
}


def create_repair(call: Call) -> Response:
    repairs = call.services.repairs
    repair = repairs.take_repair_in()(call.user, call.body)
    return created(RepairOut.of(repair), location=f"/api/v1/repairs/{repair.id}")


def list_repairs(call: Call) -> Response:
    page_asked, query = page_request(call.request), repair_query(call.request)
    repairs = call.services.repairs
    page = repairs.list_repairs()(call.user, query, page_asked)
    return json_response(RepairPageOut([RepairOut.of(r) for r in page.items], page.total, page.limit,
                                       page.offset))


def read_repair(call: Call) -> Response:
    repair_id: int = call.path("repair_id")
    repairs = call.services.repairs
    return json_response(RepairOut.of(repairs.get_repair()(call.user, repair_id)))


def update_repair(call: Call) -> Response:
    repair_id = call.path("repair_id")
    repairs = call.services.repairs
    changes = call.body
    given = list(parse_json(call.raw))  # only the fields sent change; null clears an optional one
    return json_response(RepairOut.of(repairs.change_repair()(call.user, repair_id, changes, given)))


def move_repair(call: Call) -> Response:
    repair_id = call.path("repair_id")
    repairs = call.services.repairs
    repair = repairs.move_repair()(call.user, repair_id, call.body)
    return json_response(RepairOut.of(repair))


def deliver_repair(call: Call) -> Response:
    repair_id = call.path("repair_id")
    repairs = call.services.repairs
    repair = repairs.deliver_repair()(call.user, repair_id, call.body)
    return json_response(RepairOut.of(repair))


def add_part(call: Call) -> Response:
    repair_id = call.path("repair_id")
    repairs = call.services.repairs
    repair = repairs.use_part()(call.user, repair_id, call.body)
    return json_response(RepairOut.of(repair))


def add_line(call: Call) -> Response:
    repair_id = call.path("repair_id")
    line = call.services.repairs.add_line()(call.user, repair_id, call.body)
    return created(RepairLineOut.of(line), location=f"/api/v1/repairs/{repair_id}")


def remove_line(call: Call) -> Response:
    repair = call.services.repairs.remove_line()(call.user, call.path("repair_id"), call.path("line_id"))
    return json_response(RepairOut.of(repair))


def answer_quote(call: Call) -> Response:
    repair = call.services.repairs.answer_quote()(call.user, call.path("repair_id"), call.body)
    return json_response(RepairOut.of(repair))


def take_deposit(call: Call) -> Response:
    repair_id = call.path("repair_id")
    repair, deposit = call.services.repairs.take_deposit()(call.user, repair_id, call.body)
    return created(DepositOut.of(repair, deposit),
                   location=f"/repairs/{repair_id}/deposits/{deposit.id}/receipt")


def cancel_repair(call: Call) -> Response:
    repair = call.services.repairs.cancel_repair()(call.user, call.path("repair_id"), call.body)
    return json_response(RepairOut.of(repair))


def read_history(call: Call) -> Response:
    repair_id: int = call.path("repair_id")
    repairs = call.services.repairs
    history = repairs.repair_history()(call.user, repair_id)
    return json_response(HistoryOut([HistoryEntryOut.of(entry) for entry in history]))


def track_repair(call: Call) -> Response:
    tracked = call.services.repairs.track_repair()(client_address(call.request), call.path("tracking_code"))
    return json_response(TrackedOut.of(tracked))


def answer_online(call: Call) -> Response:
    answered = call.services.repairs.answer_online()(client_address(call.request), call.path("tracking_code"),
                                                     call.body)
    return json_response(TrackedOut.of(answered))


_REPAIR = "/repairs/{repair_id:id}"
_TAGS = ["repairs"]
routes = [
    Api("/repairs", list_repairs, methods=["GET"], access=Access.SIGNED_IN,
        summary="Repairs, newest first, by status, customer, or text (number, customer's name, serial / IMEI)",
        response_type=RepairPageOut, query=(*REPAIR_FILTERS, *PAGINATION), tags=_TAGS),
    Api("/repairs", create_repair, methods=["POST"], access=Access.SIGNED_IN,
        summary="Take a repair in: status received, a number and a tracking code", request_type=NewRepair,
        response_type=RepairOut, status_code=201, tags=_TAGS, links=REPAIR_LINKS,
        errors=[409],
        request_example={"customer_id": 1, "equipment": "iPhone 12, black", "serial_number": "356789012345678",
                         "reported_problem": "Cracked screen", "accessories": "Case", "promised_date": "2026-12-01",
                         "condition": {"notes": "Scratch on the back", "screen": "damaged", "water_damage": "ok"}}),
    Api(_REPAIR, read_repair, methods=["GET"], access=Access.SIGNED_IN, summary="A repair",
        response_type=RepairOut, tags=_TAGS, errors=[404]),
    Api(_REPAIR, update_repair, methods=["PATCH"], access=Access.SIGNED_IN,
        summary="Change a repair's details: only the fields sent change; refused once delivered or cancelled",
        request_type=RepairChanges, response_type=RepairOut, tags=_TAGS, errors=[404, 409],
        request_example={"diagnosis": "Broken LCD", "price": "120.00"}),
    Api(_REPAIR + "/transitions", move_repair, methods=["POST"], access=Access.SIGNED_IN,
        summary="Move a repair to another status; 409 names the allowed ones (delivered only through deliver)",
        request_type=Transition, response_type=RepairOut, tags=_TAGS, errors=[404, 409],
        request_example={"to": "diagnosing", "note": "On the bench"}),
    Api(_REPAIR + "/deliver", deliver_repair, methods=["POST"], access=Access.SIGNED_IN,
        summary="Deliver a ready repair, paid like a sale: the payments add up to to_pay (the total less the "
                "deposits; nothing under warranty), account under the credit limit",
        request_type=Delivery, response_type=RepairOut, tags=_TAGS, errors=[404, 409],
        request_example={"payments": [{"method": "cash", "amount": "120.00"}]}),
    Api(_REPAIR + "/lines", add_line, methods=["POST"], access=Access.SIGNED_IN,
        summary="Add a labour line (description, amount, tax rate) or a part line (a product from stock): a part "
                "takes stock; beyond the approved quote while in repair is refused",
        request_type=NewLine, response_type=RepairLineOut, status_code=201, tags=_TAGS, errors=[404, 409],
        request_example={"kind": "labour", "description": "Screen replacement", "amount": "60.00"}),
    Api(_REPAIR + "/lines/{line_id:id}", remove_line, methods=["DELETE"], access=Access.SIGNED_IN,
        summary="Remove a line before delivery: a part's stock is given back", response_type=RepairOut,
        tags=_TAGS, errors=[404, 409]),
    Api(_REPAIR + "/parts", add_part, methods=["POST"], access=Access.SIGNED_IN,
        summary="Use a part from stock on a repair (the older form of a part line)",
        request_type=PartUsed, response_type=RepairOut, tags=_TAGS, errors=[404, 409],
        request_example={"product_id": 1, "quantity": 1}),
    Api(_REPAIR + "/quote-answer", answer_quote, methods=["POST"], access=Access.SIGNED_IN,
        summary="Record the customer's answer to the quote: approved moves it to in_repair, declined to ready",
        request_type=QuoteAnswer, response_type=RepairOut, tags=_TAGS, errors=[404, 409],
        request_example={"approved": True, "note": "by phone"}),
    Api(_REPAIR + "/deposits", take_deposit, methods=["POST"], access=Access.SIGNED_IN,
        summary="Take a deposit before delivery (cash, card or transfer): its receipt",
        request_type=DepositIn, response_type=DepositOut, status_code=201, tags=_TAGS, errors=[404, 409],
        request_example={"payments": [{"method": "cash", "amount": "50.00"}]}),
    Api(_REPAIR + "/cancel", cancel_repair, methods=["POST"], access=Access.SIGNED_IN,
        summary="Cancel a repair, refunding its deposits: the refunds add up to exactly the deposits",
        request_type=Cancellation, response_type=RepairOut, tags=_TAGS, errors=[404, 409],
        request_example={"note": "Customer took it back", "refunds": [{"method": "cash", "amount": "50.00"}]}),
    Api(_REPAIR + "/history", read_history, methods=["GET"], access=Access.SIGNED_IN,
        summary="A repair's status changes, oldest first", response_type=HistoryOut, tags=_TAGS, errors=[404]),
    Api("/public/repairs/{tracking_code}", track_repair, methods=["GET"], access=Access.PUBLIC,
        summary="Track a repair by its code (no sign-in): number, equipment, status, promised date, last update",
        response_type=TrackedOut, tags=_TAGS, errors=[404, 429],
        read_only=False),  # it counts the lookup (guessing codes is limited): a write
    Api("/public/repairs/{tracking_code}/answer", answer_online, methods=["POST"], access=Access.PUBLIC,
        summary="The customer approves or declines the quote (no sign-in), confirming with the last four digits "
                "of their phone (or their email); five wrong confirmations lock the answer for 15 minutes",
        request_type=OnlineAnswer, response_type=TrackedOut, tags=_TAGS, errors=[403, 404, 409, 429],
        request_example={"approved": True, "confirm": "1234"}),
]
