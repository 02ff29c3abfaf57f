"""Sales at the counter (API.md, "Sales"), with ``Idempotency-Key`` on creation."""

from __future__ import annotations

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from techstore.application.sales.commands import NewSale, VoidReason
from techstore.application.shared.idempotency import Answer, KeyedRequest
from techstore.domain.identity.users import User
from techstore.domain.sales.sales import Sale
from techstore.entrypoints.api.guard import Api, as_caller, signed_in
from techstore.entrypoints.api.pagination import PAGINATION, page_request
from techstore.entrypoints.api.responses import created, json_response
from techstore.entrypoints.api.sales import returns as returns_api
from techstore.entrypoints.api.sales.keys import IDEMPOTENCY_KEY, fingerprint
from techstore.entrypoints.api.sales.query import SALE_FILTERS, sale_query
from techstore.entrypoints.api.sales.schemas import SaleOut, SalePageOut
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.converter import converter
from techstore.entrypoints.http.json_body import body_as, read_body
from techstore.entrypoints.http.routing import Link
from techstore.entrypoints.http.services import services

_THIS_SALE = {"sale_id": "$response.body#/id"}
SALE_LINKS = {
    "GetSale": Link("read_sale", parameters=_THIS_SALE, description="Read this sale"),
    "VoidSale": Link("void_sale", parameters=_THIS_SALE, description="Void this sale"),
}
_encode = msgspec.json.Encoder().encode


def _location(sale_id: int) -> str:
    return f"/api/v1/sales/{sale_id}"


def _answer(sale: Sale) -> Answer:
    return Answer(201, _encode(converter.unstructure(SaleOut.of(sale))).decode())


async def create_sale(request: Request) -> Response:
    raw = await read_body(request)
    key = request.headers.get("idempotency-key")
    sales = services(request).sales

    def work(caller: User | None) -> Response:
        actor = signed_in(caller)
        command = body_as(raw, NewSale)
        if key is None:
            sale = sales.place_sale()(actor, command)
            assert sale.id is not None
            return created(SaleOut.of(sale), location=_location(sale.id))
        keyed = KeyedRequest(f"{actor.id} POST /api/v1/sales", key, fingerprint(raw))
        outcome = sales.place_sale().once(actor, command, keyed, _answer)
        answer = outcome.answer
        headers = {"Location": _location(msgspec.json.decode(answer.body)["id"])}
        if outcome.replayed:
            headers["Idempotent-Replayed"] = "true"
        return Response(answer.body, status_code=answer.status, headers=headers, media_type="application/json")

    return await as_caller(request, work)


async def list_sales(request: Request) -> Response:
    page_asked, query = page_request(request), sale_query(request)
    sales = services(request).sales

    def work(caller: User | None) -> Response:
        page = sales.list_sales()(signed_in(caller), query, page_asked)
        return json_response(SalePageOut([SaleOut.of(s) for s in page.items], page.total, page.limit, page.offset))

    return await as_caller(request, work)


async def read_sale(request: Request) -> Response:
    sale_id: int = request.path_params["sale_id"]
    sales = services(request).sales

    def work(caller: User | None) -> Response:
        return json_response(SaleOut.of(sales.get_sale()(signed_in(caller), sale_id)))

    return await as_caller(request, work)


async def void_sale(request: Request) -> Response:
    raw, sale_id = await read_body(request), request.path_params["sale_id"]
    sales = services(request).sales

    def work(caller: User | None) -> Response:
        sale = sales.void_sale()(signed_in(caller), sale_id, body_as(raw, VoidReason))
        return json_response(SaleOut.of(sale))

    return await as_caller(request, work)


_SALE = "/sales/{sale_id:id}"
routes = [
    Api("/sales", list_sales, methods=["GET"], access=Access.SIGNED_IN,
        summary="Sales, newest first, by period (UTC days), customer, status or number",
        response_type=SalePageOut, query=(*SALE_FILTERS, *PAGINATION), tags=["sales"]),
    Api("/sales", create_sale, methods=["POST"], access=Access.SIGNED_IN,
        summary="Sell: stock taken, the account part charged, the number given, all or nothing",
        request_type=NewSale, response_type=SaleOut, status_code=201, tags=["sales"], errors=[409],
        query=(IDEMPOTENCY_KEY,), links=SALE_LINKS,
        request_example={"items": [{"product_id": 1, "quantity": 2}], "discount": "5.00",
                         "payments": [{"method": "cash", "amount": "20.00"}, {"method": "card", "amount": "15.00"}]}),
    Api(_SALE, read_sale, methods=["GET"], access=Access.SIGNED_IN, summary="A sale", response_type=SaleOut,
        tags=["sales"], errors=[404]),
    Api(_SALE + "/void", void_sale, methods=["POST"], access=Access.ADMIN,
        summary="Void a sale: its stock back, its account charge reversed; once", request_type=VoidReason,
        response_type=SaleOut, tags=["sales"], errors=[404, 409], request_example={"reason": "Rung up twice"}),
    *returns_api.routes,
]
