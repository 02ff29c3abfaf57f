"""Tax rates (API.md, "Tax rates"): anyone signed in lists them; admins manage them."""

from __future__ import annotations

from starlette.responses import Response

from techstore.application.taxes.commands import NewTaxRate, TaxRateChanges
from techstore.entrypoints.api.guard import Api
from techstore.entrypoints.api.pagination import PAGINATION, page_request
from techstore.entrypoints.api.responses import created, json_response, no_content
from techstore.entrypoints.api.taxes.schemas import TaxRateOut, TaxRatePageOut
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.routing import Link
from techstore.entrypoints.http.seam import Call

_THIS_RATE = {"rate_id": "$response.body#/id"}
RATE_LINKS = {
    "GetTaxRate": Link("read_tax_rate", parameters=_THIS_RATE, description="Read this rate"),
    "UpdateTaxRate": Link("update_tax_rate", parameters=_THIS_RATE, description="Change this rate"),
    "DeleteTaxRate": Link("delete_tax_rate", parameters=_THIS_RATE, description="Delete this rate"),
}


def list_tax_rates(call: Call) -> Response:
    page = call.services.taxes.list_tax_rates()(call.user, page_request(call.request))
    return json_response(TaxRatePageOut([TaxRateOut.of(r) for r in page.items], page.total, page.limit,
                                        page.offset))


def create_tax_rate(call: Call) -> Response:
    rate = call.services.taxes.create_tax_rate()(call.user, call.body)
    return created(TaxRateOut.of(rate), location=f"/api/v1/tax-rates/{rate.id}")


def read_tax_rate(call: Call) -> Response:
    return json_response(TaxRateOut.of(call.services.taxes.get_tax_rate()(call.user, call.path("rate_id"))))


def update_tax_rate(call: Call) -> Response:
    rate = call.services.taxes.update_tax_rate()(call.user, call.path("rate_id"), call.body)
    return json_response(TaxRateOut.of(rate))


def delete_tax_rate(call: Call) -> Response:
    call.services.taxes.delete_tax_rate()(call.user, call.path("rate_id"))
    return no_content()


routes = [
    Api("/tax-rates", list_tax_rates, methods=["GET"], access=Access.SIGNED_IN, summary="List tax rates, by name",
        response_type=TaxRatePageOut, query=PAGINATION, tags=["taxes"]),
    Api("/tax-rates", create_tax_rate, methods=["POST"], access=Access.ADMIN,
        summary="Create a tax rate (is_default: true moves the default to it; 409 duplicate name)",
        request_type=NewTaxRate, response_type=TaxRateOut, status_code=201, tags=["taxes"], errors=[409],
        links=RATE_LINKS, request_example={"name": "Reduced rate", "percent": "6", "is_default": False}),
    Api("/tax-rates/{rate_id:id}", read_tax_rate, methods=["GET"], access=Access.ADMIN, summary="A tax rate",
        response_type=TaxRateOut, tags=["taxes"], errors=[404],
        links={"UpdateTaxRate": RATE_LINKS["UpdateTaxRate"]}),
    Api("/tax-rates/{rate_id:id}", update_tax_rate, methods=["PATCH"], access=Access.ADMIN,
        summary="Change a tax rate's name, percent, default or active flag (409: the default stays active and "
                "stays the default until another rate becomes it; a duplicate name)",
        request_type=TaxRateChanges, response_type=TaxRateOut, tags=["taxes"], errors=[404, 409],
        links={"GetTaxRate": RATE_LINKS["GetTaxRate"]}, request_example={"percent": "8.25"}),
    Api("/tax-rates/{rate_id:id}", delete_tax_rate, methods=["DELETE"], access=Access.ADMIN,
        summary="Delete a tax rate (409 while a product or a category names it: deactivate it instead; or while "
                "it is the default)", status_code=204, tags=["taxes"], errors=[404, 409]),
]
