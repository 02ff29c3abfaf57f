"""Returns of sales (API.md, "Returns"), with ``Idempotency-Key`` on creation."""

from __future__ import annotations

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from techstore.application.sales.commands import NewReturn, ReturnQuery
from techstore.application.shared.idempotency import Answer, KeyedRequest
from techstore.domain.identity.users import User
from techstore.domain.sales.returns import Return
from techstore.domain.shared.errors import FieldError, ValidationFailed
from techstore.entrypoints.api.guard import Api, as_caller, signed_in
from techstore.entrypoints.api.pagination import PAGINATION, page_request
from techstore.entrypoints.api.responses import created, json_response
from techstore.entrypoints.api.sales.keys import IDEMPOTENCY_KEY, fingerprint
from techstore.entrypoints.api.sales.query import FROM, TO
from techstore.entrypoints.api.sales.schemas import ReturnOut, ReturnPageOut
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.converter import converter
from techstore.entrypoints.http.json_body import body_as, read_body
from techstore.entrypoints.http.routing import Link
from techstore.entrypoints.http.services import services

_encode = msgspec.json.Encoder().encode
RETURN_LINKS = {"GetReturn": Link("read_return", parameters={"return_id": "$response.body#/id"},
                                  description="Read this return")}


def _location(return_id: int) -> str:
    return f"/api/v1/returns/{return_id}"


def _answer(ret: Return) -> Answer:
    return Answer(201, _encode(converter.unstructure(ReturnOut.of(ret))).decode())


async def create_return(request: Request) -> Response:
    raw, sale_id = await read_body(request), request.path_params["sale_id"]
    key = request.headers.get("idempotency-key")
    sales = services(request).sales

    def work(caller: User | None) -> Response:
        actor = signed_in(caller)
        command = body_as(raw, NewReturn)
        if key is None:
            ret = sales.make_return()(actor, sale_id, command)
            assert ret.id is not None
            return created(ReturnOut.of(ret), location=_location(ret.id))
        keyed = KeyedRequest(f"{actor.id} POST /api/v1/sales/{sale_id}/returns", key, fingerprint(raw))
        outcome = sales.make_return().once(actor, sale_id, command, keyed, _answer)
        answer = outcome.answer
        headers = {"Location": _location(msgspec.json.decode(answer.body)["id"])}
        if outcome.replayed:
            headers["Idempotent-Replayed"] = "true"
        return Response(answer.body, status_code=answer.status, headers=headers, media_type="application/json")

    return await as_caller(request, work)


async def returns_of_sale(request: Request) -> Response:
    sale_id: int = request.path_params["sale_id"]
    sales = services(request).sales

    def work(caller: User | None) -> Response:
        return json_response([ReturnOut.of(ret) for ret in sales.returns_of_sale()(signed_in(caller), sale_id)])

    return await as_caller(request, work)


def return_query(request: Request) -> ReturnQuery:
    errors: list[FieldError] = []
    first, last = FROM.read(request, errors), TO.read(request, errors)
    if errors:
        raise ValidationFailed(errors)
    return ReturnQuery(first, last)


async def list_returns(request: Request) -> Response:
    page_asked, query = page_request(request), return_query(request)
    sales = services(request).sales

    def work(caller: User | None) -> Response:
        page = sales.list_returns()(signed_in(caller), query, page_asked)
        return json_response(ReturnPageOut([ReturnOut.of(r) for r in page.items], page.total, page.limit,
                                           page.offset))

    return await as_caller(request, work)


async def read_return(request: Request) -> Response:
    return_id: int = request.path_params["return_id"]
    sales = services(request).sales

    def work(caller: User | None) -> Response:
        return json_response(ReturnOut.of(sales.get_return()(signed_in(caller), return_id)))

    return await as_caller(request, work)


_RETURNS_OF_SALE = "/sales/{sale_id:id}/returns"
routes = [
    Api(_RETURNS_OF_SALE, create_return, methods=["POST"], access=Access.SIGNED_IN,
        summary="Take back items of a sale: each refunds its share, restocked ones go back on the shelf",
        request_type=NewReturn, response_type=ReturnOut, status_code=201, tags=["returns"], errors=[404, 409],
        query=(IDEMPOTENCY_KEY,), links=RETURN_LINKS,
        request_example={"items": [{"product_id": 1, "quantity": 1, "restock": True}],
                         "refunds": [{"method": "cash", "amount": "12.50"}], "reason": "Wrong size"}),
    Api(_RETURNS_OF_SALE, returns_of_sale, methods=["GET"], access=Access.SIGNED_IN,
        summary="The sale's returns, oldest first", response_type=list[ReturnOut], tags=["returns"], errors=[404]),
    Api("/returns", list_returns, methods=["GET"], access=Access.SIGNED_IN,
        summary="Returns, newest first, by period (UTC days)", response_type=ReturnPageOut,
        query=(FROM, TO, *PAGINATION), tags=["returns"]),
    Api("/returns/{return_id:id}", read_return, methods=["GET"], access=Access.SIGNED_IN, summary="A return",
        response_type=ReturnOut, tags=["returns"], errors=[404]),
]
