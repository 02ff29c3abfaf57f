"""Parked sales (API.md, "Sales": ``/parked-sales``): the counter's held carts. Whoever may sell may park,
list, read (to resume: then sell through ``POST /sales``) and drop them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import attrs
from starlette.responses import Response

from techstore.application.sales.parked import HeldCart, NewParkedSale
from techstore.application.shared.idempotency import KEY_FIELD
from techstore.domain.sales.discounts import Discount
from techstore.domain.sales.parked import ParkedLine, ParkedSale
from techstore.domain.shared.errors import Conflict, NotFound
from techstore.entrypoints.api.guard import Api
from techstore.entrypoints.api.pagination import PAGINATION, page_request
from techstore.entrypoints.api.responses import created, no_content
from techstore.entrypoints.api.sales.keys import PARK_IDEMPOTENCY_KEY, keyed_answer, keyed_request
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.routing import Link
from techstore.entrypoints.http.seam import Call


@attrs.frozen
class ParkedItemOut:
    product_id: int
    sku: str
    name: str
    quantity: int
    discount: Discount | None  # as given: {"amount": "5.00"} or {"percent": "10"}

    @classmethod
    def of(cls, line: ParkedLine) -> ParkedItemOut:
        return cls(line.product_id, line.sku, line.name, line.quantity, line.discount)


@attrs.frozen
class ParkedSaleOut:
    id: int
    customer_id: int | None
    customer_name: str | None
    user_id: int  # who parked it
    user_name: str
    items: list[ParkedItemOut]
    discount: Discount | None
    notes: str | None
    created_at: datetime
    stale: bool  # parked more than a day ago: for clean-up

    @classmethod
    def of(cls, held: HeldCart, names: Mapping[int, str]) -> ParkedSaleOut:
        parked = held.parked
        assert parked.id is not None
        return cls(parked.id, parked.customer_id, parked.customer_name, parked.user_id, names[parked.user_id],
                   [ParkedItemOut.of(line) for line in parked.lines], parked.discount,
                   parked.notes, parked.created_at, held.stale)


@attrs.frozen
class ParkedSalePageOut:
    items: list[ParkedSaleOut]
    total: int
    limit: int
    offset: int


def _names(call: Call, held: list[HeldCart]) -> Mapping[int, str]:
    """Who parked them, in one statement for the page."""
    names: Mapping[int, str] = call.services.identity.get_user_names()(call.user, {h.parked.user_id for h in held})
    return names


def _location(parked_id: int) -> str:
    return f"/api/v1/parked-sales/{parked_id}"


def park_sale(call: Call) -> Response:
    sales = call.services.sales
    key = call.request.headers.get("idempotency-key")
    if key is None:
        parked = sales.park_sale()(call.user, call.body)
        assert parked.id is not None
        held = HeldCart(parked, stale=False)
        return created(ParkedSaleOut.of(held, _names(call, [held])), location=_location(parked.id))

    def render(parked: ParkedSale) -> ParkedSaleOut:
        held = HeldCart(parked, stale=False)  # parked under a key that lives 24 hours: not stale yet
        return ParkedSaleOut.of(held, _names(call, [held]))

    outcome = sales.park_sale().once(call.user, call.body, keyed_request(call, key))
    return keyed_answer(outcome, render=render, location=_location, read=lambda parked_id: _parked(call, parked_id))


def _parked(call: Call, parked_id: int) -> ParkedSale:
    """What a retried key parked; once resumed or dropped it is gone, and the retry parks nothing (409)."""
    try:
        held: HeldCart = call.services.sales.get_parked_sale()(call.user, parked_id)
    except NotFound:
        raise Conflict(f"This Idempotency-Key parked sale {parked_id}, since resumed or dropped; nothing was "
                       "parked again. Use a new key to park the cart again.", field=KEY_FIELD) from None
    return held.parked


def list_parked_sales(call: Call) -> ParkedSalePageOut:
    page = call.services.sales.list_parked_sales()(call.user, page_request(call.request))
    names = _names(call, list(page.items))
    return ParkedSalePageOut([ParkedSaleOut.of(h, names) for h in page.items], page.total, page.limit, page.offset)


def read_parked_sale(call: Call) -> ParkedSaleOut:
    held = call.services.sales.get_parked_sale()(call.user, call.path("parked_id"))
    return ParkedSaleOut.of(held, _names(call, [held]))


def drop_parked_sale(call: Call) -> Response:
    call.services.sales.drop_parked_sale()(call.user, call.path("parked_id"))
    return no_content()


_THIS = {"parked_id": "$response.body#/id"}
PARKED_LINKS = {
    "GetParkedSale": Link("read_parked_sale", parameters=_THIS, description="Read this parked sale, to resume it"),
    "DropParkedSale": Link("drop_parked_sale", parameters=_THIS, description="Drop this parked sale"),
}
_PARKED = "/parked-sales/{parked_id:id}"
routes = [
    Api("/parked-sales", list_parked_sales, methods=["GET"], access=Access.COUNTER,
        summary="The counter's parked sales, newest first; `stale` when parked more than a day ago (for clean-up)",
        response_type=ParkedSalePageOut, query=PAGINATION, tags=["sales"]),
    Api("/parked-sales", park_sale, methods=["POST"], access=Access.COUNTER,
        summary="Park the sale being rung up: no stock or money taken. Products and customer must exist (422 "
                "names the field), products be sellable (409). Discounts are kept as given; an item's "
                "`unit_price` and `serials` are read but not kept yet (give them when selling)",
        request_type=NewParkedSale, response_type=ParkedSaleOut, status_code=201, tags=["sales"], errors=[409],
        query=(PARK_IDEMPOTENCY_KEY,), links=PARKED_LINKS,
        request_example={"items": [{"product_id": 1, "quantity": 2},
                                   {"product_id": 1, "quantity": 1, "discount": {"percent": "10"}}],
                         "discount": {"amount": "5.00"}, "notes": "Back after lunch"}),
    Api(_PARKED, read_parked_sale, methods=["GET"], access=Access.COUNTER,
        summary="A parked sale, to resume it: sell its items through POST /sales, then drop it",
        response_type=ParkedSaleOut, tags=["sales"], errors=[404]),
    Api(_PARKED, drop_parked_sale, methods=["DELETE"], access=Access.COUNTER,
        summary="Drop a parked sale (nothing else changes)", status_code=204, tags=["sales"], errors=[404]),
]
