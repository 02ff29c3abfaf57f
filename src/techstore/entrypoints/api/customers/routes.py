"""Customers and their accounts (API.md, "Customers")."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from techstore.application.customers.account import period_of
from techstore.application.customers.commands import (
    SEARCH,
    CustomerChanges,
    NewAdjustment,
    NewCustomer,
    NewPayment,
)
from techstore.domain.identity.users import User
from techstore.domain.shared.errors import FieldError, ValidationFailed
from techstore.entrypoints.api.customers.schemas import CustomerOut, CustomerPageOut, MovementOut, MovementPageOut
from techstore.entrypoints.api.guard import Api, as_caller, signed_in
from techstore.entrypoints.api.pagination import PAGINATION, page_request
from techstore.entrypoints.api.responses import created, json_response, no_content
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.json_body import body_as, parse_json, read_body
from techstore.entrypoints.http.params import DateQuery
from techstore.entrypoints.http.routing import Link, QueryParam
from techstore.entrypoints.http.schemas import text_schema
from techstore.entrypoints.http.services import services

SEARCH_QUERY = QueryParam("q", text_schema(SEARCH), "Any part of the name, email or phone, any letter case")
FROM = DateQuery("from", "The first day (UTC) of the period, included")
TO = DateQuery("to", "The last day (UTC) of the period, included")

_THIS_CUSTOMER = {"customer_id": "$response.body#/id"}
CUSTOMER_LINKS = {
    "GetCustomer": Link("read_customer", parameters=_THIS_CUSTOMER, description="Read this customer"),
    "UpdateCustomer": Link("update_customer", parameters=_THIS_CUSTOMER, description="Change this customer"),
    "ListMovements": Link("list_movements", parameters=_THIS_CUSTOMER, description="This customer's movements"),
    "TakePayment": Link("take_payment", parameters=_THIS_CUSTOMER, description="Take a payment"),
    "DeleteCustomer": Link("delete_customer", parameters=_THIS_CUSTOMER, description="Delete this customer"),
}


async def list_customers(request: Request) -> Response:
    page_asked, query = page_request(request), request.query_params.get("q", "")
    customers = services(request).customers

    def work(caller: User | None) -> Response:
        page = customers.search_customers()(signed_in(caller), query, page_asked)
        return json_response(CustomerPageOut([CustomerOut.of(c) for c in page.items], page.total, page.limit,
                                             page.offset))

    return await as_caller(request, work)


async def create_customer(request: Request) -> Response:
    raw = await read_body(request)
    customers = services(request).customers

    def work(caller: User | None) -> Response:
        customer = customers.register_customer()(signed_in(caller), body_as(raw, NewCustomer))
        return created(CustomerOut.of(customer), location=f"/api/v1/customers/{customer.id}")

    return await as_caller(request, work)


async def read_customer(request: Request) -> Response:
    customer_id: int = request.path_params["customer_id"]
    customers = services(request).customers

    def work(caller: User | None) -> Response:
        return json_response(CustomerOut.of(customers.get_customer()(signed_in(caller), customer_id)))

    return await as_caller(request, work)


async def update_customer(request: Request) -> Response:
    raw, customer_id = await read_body(request), request.path_params["customer_id"]
    customers = services(request).customers

    def work(caller: User | None) -> Response:
        changes = body_as(raw, CustomerChanges)
        given = list(parse_json(raw))  # only the fields sent change; null clears an optional one
        customer = customers.update_customer()(signed_in(caller), customer_id, changes, given)
        return json_response(CustomerOut.of(customer))

    return await as_caller(request, work)


async def delete_customer(request: Request) -> Response:
    customer_id: int = request.path_params["customer_id"]
    customers = services(request).customers

    def work(caller: User | None) -> Response:
        customers.delete_customer()(signed_in(caller), customer_id)
        return no_content()

    return await as_caller(request, work)


async def list_movements(request: Request) -> Response:
    customer_id: int = request.path_params["customer_id"]
    errors: list[FieldError] = []
    first, last = FROM.read(request, errors), TO.read(request, errors)
    if errors:
        raise ValidationFailed(errors)
    page_asked = page_request(request)
    customers = services(request).customers

    def work(caller: User | None) -> Response:
        statement = customers.get_statement()(signed_in(caller), customer_id, period_of(first, last), page_asked)
        return json_response(MovementPageOut.of(statement))

    return await as_caller(request, work)


async def read_movement(request: Request) -> Response:
    customer_id, movement_id = request.path_params["customer_id"], request.path_params["movement_id"]
    customers = services(request).customers

    def work(caller: User | None) -> Response:
        movement = customers.get_movement()(signed_in(caller), customer_id, movement_id)
        return json_response(MovementOut.of(movement))

    return await as_caller(request, work)


def _movement_created(customer_id: int, movement: MovementOut) -> Response:
    return created(movement, location=f"/api/v1/customers/{customer_id}/movements/{movement.id}")


async def take_payment(request: Request) -> Response:
    raw, customer_id = await read_body(request), request.path_params["customer_id"]
    customers = services(request).customers

    def work(caller: User | None) -> Response:
        movement = customers.take_payment()(signed_in(caller), customer_id, body_as(raw, NewPayment))
        return _movement_created(customer_id, MovementOut.of(movement))

    return await as_caller(request, work)


async def adjust_balance(request: Request) -> Response:
    raw, customer_id = await read_body(request), request.path_params["customer_id"]
    customers = services(request).customers

    def work(caller: User | None) -> Response:
        movement = customers.adjust_balance()(signed_in(caller), customer_id, body_as(raw, NewAdjustment))
        return _movement_created(customer_id, MovementOut.of(movement))

    return await as_caller(request, work)


_CUSTOMER = "/customers/{customer_id:id}"
routes = [
    Api("/customers", list_customers, methods=["GET"], access=Access.SIGNED_IN,
        summary="Find customers by any part of their name, email or phone", response_type=CustomerPageOut,
        query=(SEARCH_QUERY, *PAGINATION), tags=["customers"]),
    Api("/customers", create_customer, methods=["POST"], access=Access.SIGNED_IN, summary="Register a customer",
        request_type=NewCustomer, response_type=CustomerOut, status_code=201, tags=["customers"], errors=[409],
        links=CUSTOMER_LINKS,
        request_example={"name": "Ana Silva", "email": "ana@example.com", "phone": "+351 912 345 678",
                         "credit_limit": "500.00"}),
    Api(_CUSTOMER, read_customer, methods=["GET"], access=Access.SIGNED_IN, summary="A customer",
        response_type=CustomerOut, tags=["customers"], errors=[404]),
    Api(_CUSTOMER, update_customer, methods=["PATCH"], access=Access.SIGNED_IN,
        summary="Change a customer: only the fields sent change; null clears an optional one",
        request_type=CustomerChanges, response_type=CustomerOut, tags=["customers"], errors=[404, 409],
        request_example={"address": "Rua Augusta 10, Lisboa", "credit_limit": "750.00"}),
    Api(_CUSTOMER, delete_customer, methods=["DELETE"], access=Access.SIGNED_IN,
        summary="Delete a customer (soft); refused while the balance is not zero or a repair is open",
        status_code=204, tags=["customers"], errors=[404, 409]),
    Api(_CUSTOMER + "/movements", list_movements, methods=["GET"], access=Access.SIGNED_IN,
        summary="A customer's account movements, oldest first, with the balance at either end of the period",
        response_type=MovementPageOut, query=(FROM, TO, *PAGINATION), tags=["customers"], errors=[404]),
    Api(_CUSTOMER + "/movements/{movement_id:id}", read_movement, methods=["GET"], access=Access.SIGNED_IN,
        summary="One account movement", response_type=MovementOut, tags=["customers"], errors=[404]),
    Api(_CUSTOMER + "/payments", take_payment, methods=["POST"], access=Access.SIGNED_IN,
        summary="Take a payment on account (it may leave a credit)", request_type=NewPayment,
        response_type=MovementOut, status_code=201, tags=["customers"], errors=[404, 409],
        request_example={"amount": "50.00", "method": "cash"}),
    Api(_CUSTOMER + "/adjustments", adjust_balance, methods=["POST"], access=Access.ADMIN,
        summary="Adjust a balance, up (+) or down (-), with a reason", request_type=NewAdjustment,
        response_type=MovementOut, status_code=201, tags=["customers"], errors=[404, 409],
        request_example={"amount": "-10.00", "reason": "Goodwill discount"}),
]
