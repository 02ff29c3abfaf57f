"""Sales at the counter (API.md, "Sales"), with ``Idempotency-Key`` on creation."""

from __future__ import annotations

from starlette.responses import Response

from techstore.application.sales.commands import NewSale, VoidReason
from techstore.entrypoints.api.guard import Api
from techstore.entrypoints.api.pagination import PAGINATION, page_request
from techstore.entrypoints.api.responses import created
from techstore.entrypoints.api.sales import parked as parked_api
from techstore.entrypoints.api.sales import returns as returns_api
from techstore.entrypoints.api.sales.keys import IDEMPOTENCY_KEY, keyed_answer, keyed_request
from techstore.entrypoints.api.sales.query import SALE_FILTERS, sale_query
from techstore.entrypoints.api.sales.schemas import SaleOut, SalePageOut
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.client import client_address
from techstore.entrypoints.http.routing import Link
from techstore.entrypoints.http.seam import Call

_THIS_SALE = {"sale_id": "$response.body#/id"}
SALE_LINKS = {
    "GetSale": Link("read_sale", parameters=_THIS_SALE, description="Read this sale"),
    "VoidSale": Link("void_sale", parameters=_THIS_SALE, description="Void this sale"),
}


def _location(sale_id: int) -> str:
    return f"/api/v1/sales/{sale_id}"


def create_sale(call: Call) -> Response:
    sales = call.services.sales
    key = call.request.headers.get("idempotency-key")
    if key is None:
        sale = sales.place_sale()(call.user, call.body, client_address(call.request))
        assert sale.id is not None
        return created(SaleOut.of(sale), location=_location(sale.id))
    outcome = sales.place_sale().once(call.user, call.body, keyed_request(call, key), client_address(call.request))
    return keyed_answer(outcome, render=SaleOut.of, location=_location,
                        read=lambda sale_id: sales.get_sale()(call.user, sale_id).as_placed())


def list_sales(call: Call) -> SalePageOut:
    page = call.services.sales.list_sales()(call.user, sale_query(call.request), page_request(call.request))
    return SalePageOut([SaleOut.of(s) for s in page.items], page.total, page.limit, page.offset)


def read_sale(call: Call) -> SaleOut:
    return SaleOut.of(call.services.sales.get_sale()(call.user, call.path("sale_id")))


def void_sale(call: Call) -> SaleOut:
    return SaleOut.of(call.services.sales.void_sale()(call.user, call.path("sale_id"), call.body))


_SALE = "/sales/{sale_id:id}"
routes = [
    Api("/sales", list_sales, methods=["GET"], access=Access.COUNTER,
        summary="Sales, newest first, by period (UTC days), customer, status or number",
        response_type=SalePageOut, query=(*SALE_FILTERS, *PAGINATION), tags=["sales"]),
    Api("/sales", create_sale, methods=["POST"], access=Access.COUNTER,
        summary="Sell: stock taken, the account part charged, the number given, all or nothing; 422 names the "
                "field that would take an amount past ±9999999999.99 (a line, the total, the balance, the drawer); "
                "403 when a staff member's sale needs a manager's `approval` (a discount above the limit, a price "
                "override, a line below cost): the detail names what; 429 after too many wrong approver passwords",
        request_type=NewSale, response_type=SaleOut, status_code=201, tags=["sales"], errors=[403, 409, 429],
        query=(IDEMPOTENCY_KEY,), links=SALE_LINKS,
        request_example={"items": [{"product_id": 1, "quantity": 2}], "discount": "5.00",
                         "payments": [{"method": "cash", "amount": "20.00"}, {"method": "card", "amount": "15.00"}],
                         "tendered": "50.00"}),
    Api(_SALE, read_sale, methods=["GET"], access=Access.COUNTER, summary="A sale", response_type=SaleOut,
        tags=["sales"], errors=[404]),
    Api(_SALE + "/void", void_sale, methods=["POST"], access=Access.MANAGER,
        summary="Void a sale: its stock back, its account charge reversed; once. 409 when already voided, when "
                "it has returns, or when its customer was deleted (an admin restores them first)",
        request_type=VoidReason,
        response_type=SaleOut, tags=["sales"], errors=[404, 409], request_example={"reason": "Rung up twice"}),
    *returns_api.routes,
    *parked_api.routes,
]
