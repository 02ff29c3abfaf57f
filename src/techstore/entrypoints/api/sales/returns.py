"""Returns of sales (API.md, "Returns"), with ``Idempotency-Key`` on creation."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from techstore.application.sales.commands import NewReturn, ReturnQuery
from techstore.domain.shared.errors import FieldError, ValidationFailed
from techstore.entrypoints.api.guard import Api
from techstore.entrypoints.api.pagination import PAGINATION, page_request
from techstore.entrypoints.api.responses import created
from techstore.entrypoints.api.sales.keys import IDEMPOTENCY_KEY, keyed_answer, keyed_request
from techstore.entrypoints.api.sales.query import FROM, TO
from techstore.entrypoints.api.sales.schemas import ReturnOut, ReturnPageOut
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.client import client_address
from techstore.entrypoints.http.routing import Link
from techstore.entrypoints.http.seam import Call

RETURN_LINKS = {"GetReturn": Link("read_return", parameters={"return_id": "$response.body#/id"},
                                  description="Read this return")}


def _location(return_id: int) -> str:
    return f"/api/v1/returns/{return_id}"


def create_return(call: Call) -> Response:
    sales, sale_id = call.services.sales, call.path("sale_id")
    key = call.request.headers.get("idempotency-key")
    if key is None:
        ret = sales.make_return()(call.user, sale_id, call.body, client_address(call.request))
        assert ret.id is not None
        return created(ReturnOut.of(ret), location=_location(ret.id))
    outcome = sales.make_return().once(call.user, sale_id, call.body, keyed_request(call, key),
                                       client_address(call.request))
    return keyed_answer(outcome, render=ReturnOut.of, location=_location,
                        read=lambda return_id: sales.get_return()(call.user, return_id))


def returns_of_sale(call: Call) -> list[ReturnOut]:
    return [ReturnOut.of(ret) for ret in call.services.sales.returns_of_sale()(call.user, call.path("sale_id"))]


def return_query(request: Request) -> ReturnQuery:
    errors: list[FieldError] = []
    first, last = FROM.read(request, errors), TO.read(request, errors)
    if errors:
        raise ValidationFailed(errors)
    return ReturnQuery(first, last)


def list_returns(call: Call) -> ReturnPageOut:
    page = call.services.sales.list_returns()(call.user, return_query(call.request), page_request(call.request))
    return ReturnPageOut([ReturnOut.of(r) for r in page.items], page.total, page.limit, page.offset)


def read_return(call: Call) -> ReturnOut:
    return ReturnOut.of(call.services.sales.get_return()(call.user, call.path("return_id")))


_RETURNS_OF_SALE = "/sales/{sale_id:id}/returns"
routes = [
    Api(_RETURNS_OF_SALE, create_return, methods=["POST"], access=Access.COUNTER,
        summary="Take back items of a sale: each refunds its share, restocked ones go back on the shelf; 403 when "
                "a staff member's refund is above the limit and no manager's `approval` is given",
        request_type=NewReturn, response_type=ReturnOut, status_code=201, tags=["returns"],
        errors=[403, 404, 409, 429],
        query=(IDEMPOTENCY_KEY,), links=RETURN_LINKS,
        request_example={"items": [{"product_id": 1, "quantity": 1, "restock": True}],
                         "refunds": [{"method": "cash", "amount": "12.50"}], "reason": "Wrong size"}),
    Api(_RETURNS_OF_SALE, returns_of_sale, methods=["GET"], access=Access.COUNTER,
        summary="The sale's returns, oldest first", response_type=list[ReturnOut], tags=["returns"], errors=[404]),
    Api("/returns", list_returns, methods=["GET"], access=Access.COUNTER,
        summary="Returns, newest first, by period (UTC days)", response_type=ReturnPageOut,
        query=(FROM, TO, *PAGINATION), tags=["returns"]),
    Api("/returns/{return_id:id}", read_return, methods=["GET"], access=Access.COUNTER, summary="A return",
        response_type=ReturnOut, tags=["returns"], errors=[404]),
]
