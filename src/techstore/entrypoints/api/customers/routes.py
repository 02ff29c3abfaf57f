"""Customers and their accounts (API.md, "Customers")."""

from __future__ import annotations

from starlette.responses import Response

from techstore.application.customers.account import period_of
from techstore.application.customers.commands import (
    SEARCH,
    CustomerChanges,
    NewAdjustment,
    NewCustomer,
    NewPayment,
)
from techstore.domain.shared.errors import FieldError, ValidationFailed
from techstore.entrypoints.api.customers.schemas import (
    CustomerOut,
    CustomerPageOut,
    HistoryPageOut,
    MovementOut,
    MovementPageOut,
)
from techstore.entrypoints.api.guard import Api
from techstore.entrypoints.api.pagination import PAGINATION, page_request
from techstore.entrypoints.api.responses import created, json_response, no_content
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.json_body import parse_json
from techstore.entrypoints.http.params import DateQuery
from techstore.entrypoints.http.routing import Link, QueryParam
from techstore.entrypoints.http.schemas import text_schema
from techstore.entrypoints.http.seam import Call

SEARCH_QUERY = QueryParam("q", text_schema(SEARCH), "Any part of the name, email or phone, any letter case")
FROM = DateQuery("from", "The first day (UTC) of the period, included")
TO = DateQuery("to", "The last day (UTC) of the period, included")

_THIS_CUSTOMER = {"customer_id": "$response.body#/id"}
CUSTOMER_LINKS = {
    "GetCustomer": Link("read_customer", parameters=_THIS_CUSTOMER, description="Read this customer"),
    "UpdateCustomer": Link("update_customer", parameters=_THIS_CUSTOMER, description="Change this customer"),
    "ListMovements": Link("list_movements", parameters=_THIS_CUSTOMER, description="This customer's movements"),
    "ListHistory": Link("customer_history", parameters=_THIS_CUSTOMER,
                        description="This customer's sales, returns, repairs and payments"),
    "TakePayment": Link("take_payment", parameters=_THIS_CUSTOMER, description="Take a payment"),
    "DeleteCustomer": Link("delete_customer", parameters=_THIS_CUSTOMER, description="Delete this customer"),
    "RestoreCustomer": Link("restore_customer", parameters=_THIS_CUSTOMER,
                            description="Restore this customer once deleted (admin)"),
}


def list_customers(call: Call) -> Response:
    page_asked, query = page_request(call.request), call.query.get("q", "")
    customers = call.services.customers
    page = customers.search_customers()(call.user, query, page_asked)
    return json_response(CustomerPageOut([CustomerOut.of(c) for c in page.items], page.total, page.limit,
                                         page.offset))


def create_customer(call: Call) -> Response:
    customers = call.services.customers
    # A credit_limit not sent is the store's default; sent as null, no limit.
    given = list(parse_json(call.raw))
    customer = customers.register_customer()(call.user, call.body, given)
    return created(CustomerOut.of(customer), location=f"/api/v1/customers/{customer.id}")


def read_customer(call: Call) -> Response:
    customer_id: int = call.path("customer_id")
    customers = call.services.customers
    return json_response(CustomerOut.of(customers.get_customer()(call.user, customer_id)))


def update_customer(call: Call) -> Response:
    customer_id = call.path("customer_id")
    customers = call.services.customers
    changes = call.body
    given = list(parse_json(call.raw))  # only the fields sent change; null clears an optional one
    customer = customers.update_customer()(call.user, customer_id, changes, given)
    return json_response(CustomerOut.of(customer))


def delete_customer(call: Call) -> Response:
    customer_id: int = call.path("customer_id")
    customers = call.services.customers
    customers.delete_customer()(call.user, customer_id)
    return no_content()


def restore_customer(call: Call) -> Response:
    customer_id: int = call.path("customer_id")
    customers = call.services.customers
    return json_response(CustomerOut.of(customers.restore_customer()(call.user, customer_id)))


def list_movements(call: Call) -> Response:
    customer_id: int = call.path("customer_id")
    errors: list[FieldError] = []
    first, last = FROM.read(call.request, errors), TO.read(call.request, errors)
    if errors:
        raise ValidationFailed(errors)
    page_asked = page_request(call.request)
    customers = call.services.customers
    statement = customers.get_statement()(call.user, customer_id, period_of(first, last), page_asked)
    return json_response(MovementPageOut.of(statement))


def customer_history(call: Call) -> HistoryPageOut:
    customer_id: int = call.path("customer_id")
    return HistoryPageOut.of(call.services.customers.get_history()(call.user, customer_id, page_request(call.request)))


def read_movement(call: Call) -> Response:
    customer_id, movement_id = call.path("customer_id"), call.path("movement_id")
    customers = call.services.customers
    movement = customers.get_movement()(call.user, customer_id, movement_id)
    return json_response(MovementOut.of(movement))


def _movement_created(customer_id: int, movement: MovementOut) -> Response:
    return created(movement, location=f"/api/v1/customers/{customer_id}/movements/{movement.id}")


def take_payment(call: Call) -> Response:
    customer_id = call.path("customer_id")
    customers = call.services.customers
    movement = customers.take_payment()(call.user, customer_id, call.body)
    return _movement_created(customer_id, MovementOut.of(movement))


def adjust_balance(call: Call) -> Response:
    customer_id = call.path("customer_id")
    customers = call.services.customers
    movement = customers.adjust_balance()(call.user, customer_id, call.body)
    return _movement_created(customer_id, MovementOut.of(movement))


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
    Api(_CUSTOMER, update_customer, methods=["PATCH"], access=Access.COUNTER,
        summary="Change a customer: only the fields sent change; null clears an optional one",
        request_type=CustomerChanges, response_type=CustomerOut, tags=["customers"], errors=[404, 409],
        request_example={"address": "Rua Augusta 10, Lisboa", "credit_limit": "750.00"}),
    Api(_CUSTOMER, delete_customer, methods=["DELETE"], access=Access.MANAGER,
        summary="Delete a customer (soft); refused while the balance is not zero or a repair is open",
        status_code=204, tags=["customers"], errors=[404, 409]),
    Api(_CUSTOMER + "/restore", restore_customer, methods=["POST"], access=Access.ADMIN,
        summary="Restore a deleted customer (undo the soft delete). 409 when the customer is not deleted, or "
                "when their email or phone now belongs to another customer (the detail names which)",
        response_type=CustomerOut, tags=["customers"], errors=[404, 409], links=CUSTOMER_LINKS),
    Api(_CUSTOMER + "/movements", list_movements, methods=["GET"], access=Access.COUNTER,
        summary="A customer's account movements, oldest first, with the balance at either end of the period",
        response_type=MovementPageOut, query=(FROM, TO, *PAGINATION), tags=["customers"], errors=[404]),
    Api(_CUSTOMER + "/history", customer_history, methods=["GET"], access=Access.SIGNED_IN,
        summary="A customer's sales, returns, repairs and payments on account, newest first (404 for a deleted "
                "customer, as reading them is)", response_type=HistoryPageOut, query=PAGINATION,
        tags=["customers"], errors=[404]),
    Api(_CUSTOMER + "/movements/{movement_id:id}", read_movement, methods=["GET"], access=Access.COUNTER,
        summary="One account movement", response_type=MovementOut, tags=["customers"], errors=[404]),
    Api(_CUSTOMER + "/payments", take_payment, methods=["POST"], access=Access.COUNTER,
        summary="Take a payment on account (it may leave a credit)", request_type=NewPayment,
        response_type=MovementOut, status_code=201, tags=["customers"], errors=[404, 409],
        request_example={"amount": "50.00", "method": "cash"}),
    Api(_CUSTOMER + "/adjustments", adjust_balance, methods=["POST"], access=Access.ADMIN,
        summary="Adjust a balance, up (+) or down (-), with a reason", request_type=NewAdjustment,
        response_type=MovementOut, status_code=201, tags=["customers"], errors=[404, 409],
        request_example={"amount": "-10.00", "reason": "Goodwill discount"}),
]
