"""The workshop's order book (API.md, "Repairs"), and the public lookup by tracking code."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from techstore.application.repairs.commands import Delivery, NewRepair, PartUsed, RepairChanges, Transition
from techstore.domain.identity.users import User
from techstore.entrypoints.api.guard import Api, as_caller, signed_in
from techstore.entrypoints.api.pagination import PAGINATION, page_request
from techstore.entrypoints.api.repairs.query import REPAIR_FILTERS, repair_query
from techstore.entrypoints.api.repairs.schemas import HistoryEntryOut, HistoryOut, RepairOut, RepairPageOut, TrackedOut
from techstore.entrypoints.api.responses import created, json_response
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.client import client_address
from techstore.entrypoints.http.json_body import body_as, parse_json, read_body
from techstore.entrypoints.http.routing import Link
from techstore.entrypoints.http.services import services

_THIS = {"repair_id": "$response.body#/id"}
REPAIR_LINKS = {
    "GetRepair": Link("read_repair", parameters=_THIS, description="Read this repair"),
    "MoveRepair": Link("move_repair", parameters=_THIS, description="Move this repair to another status"),
    "DeliverRepair": Link("deliver_repair", parameters=_THIS, description="Deliver this repair"),
}


async def create_repair(request: Request) -> Response:
    raw = await read_body(request)
    repairs = services(request).repairs

    def work(caller: User | None) -> Response:
        repair = repairs.take_repair_in()(signed_in(caller), body_as(raw, NewRepair))
        return created(RepairOut.of(repair), location=f"/api/v1/repairs/{repair.id}")

    return await as_caller(request, work)


async def list_repairs(request: Request) -> Response:
    page_asked, query = page_request(request), repair_query(request)
    repairs = services(request).repairs

    def work(caller: User | None) -> Response:
        page = repairs.list_repairs()(signed_in(caller), query, page_asked)
        return json_response(RepairPageOut([RepairOut.of(r) for r in page.items], page.total, page.limit,
                                           page.offset))

    return await as_caller(request, work)


async def read_repair(request: Request) -> Response:
    repair_id: int = request.path_params["repair_id"]
    repairs = services(request).repairs

    def work(caller: User | None) -> Response:
        return json_response(RepairOut.of(repairs.get_repair()(signed_in(caller), repair_id)))

    return await as_caller(request, work)


async def update_repair(request: Request) -> Response:
    raw, repair_id = await read_body(request), request.path_params["repair_id"]
    repairs = services(request).repairs

    def work(caller: User | None) -> Response:
        changes = body_as(raw, RepairChanges)
        given = list(parse_json(raw))  # only the fields sent change; null clears an optional one
        return json_response(RepairOut.of(repairs.change_repair()(signed_in(caller), repair_id, changes, given)))

    return await as_caller(request, work)


async def move_repair(request: Request) -> Response:
    raw, repair_id = await read_body(request), request.path_params["repair_id"]
    repairs = services(request).repairs

    def work(caller: User | None) -> Response:
        repair = repairs.move_repair()(signed_in(caller), repair_id, body_as(raw, Transition))
        return json_response(RepairOut.of(repair))

    return await as_caller(request, work)


async def deliver_repair(request: Request) -> Response:
    raw, repair_id = await read_body(request), request.path_params["repair_id"]
    repairs = services(request).repairs

    def work(caller: User | None) -> Response:
        repair = repairs.deliver_repair()(signed_in(caller), repair_id, body_as(raw, Delivery))
        return json_response(RepairOut.of(repair))

    return await as_caller(request, work)


async def add_part(request: Request) -> Response:
    raw, repair_id = await read_body(request), request.path_params["repair_id"]
    repairs = services(request).repairs

    def work(caller: User | None) -> Response:
        repair = repairs.use_part()(signed_in(caller), repair_id, body_as(raw, PartUsed))
        return json_response(RepairOut.of(repair))

    return await as_caller(request, work)


async def read_history(request: Request) -> Response:
    repair_id: int = request.path_params["repair_id"]
    repairs = services(request).repairs

    def work(caller: User | None) -> Response:
        history = repairs.repair_history()(signed_in(caller), repair_id)
        return json_response(HistoryOut([HistoryEntryOut.of(entry) for entry in history]))

    return await as_caller(request, work)


async def track_repair(request: Request) -> Response:
    code: str = request.path_params["tracking_code"]
    address = client_address(request)
    repairs = services(request).repairs

    def work(_: User | None) -> Response:
        return json_response(TrackedOut.of(repairs.track_repair()(address, code)))

    return await as_caller(request, work)


_REPAIR = "/repairs/{repair_id:id}"
_TAGS = ["repairs"]
routes = [
    Api("/repairs", list_repairs, methods=["GET"], access=Access.SIGNED_IN,
        summary="Repairs, newest first, by status, customer, or text (number, customer's name, serial / IMEI)",
        response_type=RepairPageOut, query=(*REPAIR_FILTERS, *PAGINATION), tags=_TAGS),
    Api("/repairs", create_repair, methods=["POST"], access=Access.SIGNED_IN,
        summary="Take a repair in: status received, a number and a tracking code", request_type=NewRepair,
        response_type=RepairOut, status_code=201, tags=_TAGS, links=REPAIR_LINKS,
        request_example={"customer_id": 1, "equipment": "iPhone 12, black", "serial_number": "356789012345678",
                         "reported_problem": "Cracked screen", "accessories": "Case", "promised_date": "2026-12-01"}),
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
        summary="Deliver a ready repair, paid like a sale (the sum is the price; account under the credit limit)",
        request_type=Delivery, response_type=RepairOut, tags=_TAGS, errors=[404, 409],
        request_example={"payments": [{"method": "cash", "amount": "120.00"}]}),
    Api(_REPAIR + "/parts", add_part, methods=["POST"], access=Access.SIGNED_IN,
        summary="Use a part from stock on a repair: stock taken, its price added to the repair's",
        request_type=PartUsed, response_type=RepairOut, tags=_TAGS, errors=[404, 409],
        request_example={"product_id": 1, "quantity": 1}),
    Api(_REPAIR + "/history", read_history, methods=["GET"], access=Access.SIGNED_IN,
        summary="A repair's status changes, oldest first", response_type=HistoryOut, tags=_TAGS, errors=[404]),
    Api("/public/repairs/{tracking_code}", track_repair, methods=["GET"], access=Access.PUBLIC,
        summary="Track a repair by its code (no sign-in): number, equipment, status, promised date, last update",
        response_type=TrackedOut, tags=_TAGS, errors=[404, 429],
        reads_on_loop=False),  # it counts the lookup (guessing codes is limited): a write
]
