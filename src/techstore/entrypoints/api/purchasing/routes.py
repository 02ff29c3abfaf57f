"""Suppliers and purchase orders (API.md, "Suppliers and purchase orders"). Creating, editing, ordering and
cancelling is for managers and admins: until the ``manager`` role lands (issue 28) the routes declare admin
access, and the use cases check again; receiving is for any signed-in staff."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from techstore.application.purchasing.commands import (
    NewPurchaseOrder,
    NewReceipt,
    NewSupplier,
    OrderQuery,
    PurchaseOrderChanges,
    SupplierChanges,
)
from techstore.domain.purchasing.orders import OrderStatus
from techstore.domain.shared.errors import FieldError, ValidationFailed
from techstore.entrypoints.api.guard import Api
from techstore.entrypoints.api.pagination import PAGINATION, page_request
from techstore.entrypoints.api.purchasing.schemas import (
    MadeOrdersOut,
    PurchaseOrderOut,
    PurchaseOrderPageOut,
    QueuedOut,
    ReceiptOut,
    SuggestionGroupOut,
    SuggestionsOut,
    SupplierOut,
    SupplierPageOut,
)
from techstore.entrypoints.api.responses import created, json_response, no_content
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.json_body import parse_json, structure
from techstore.entrypoints.http.params import ID_MAX, parse_int
from techstore.entrypoints.http.routing import Link, QueryParam
from techstore.entrypoints.http.seam import Call
from techstore.entrypoints.web.purchase_orders import purchase_order_pdf
from techstore.entrypoints.web.receipts import pdf_answer

BUYER = Access.MANAGER  # managers and admins create, order and cancel; staff receive
TAGS = ["purchasing"]
STATUS = QueryParam("status", {"type": "string", "enum": [s.value for s in OrderStatus]}, "Only orders in this status")
SUPPLIER_ID = QueryParam("supplier_id", {"type": "integer", "minimum": 1, "maximum": ID_MAX},
                         "Only orders to this supplier")


def order_query(request: Request, *, lenient: bool = False) -> OrderQuery:
    params = request.query_params
    errors: list[FieldError] = []
    status = params.get("status") or None
    if status is not None and status not in tuple(OrderStatus):
        if not lenient:
            errors.append(FieldError("status", "must be draft, ordered, partially_received, received or cancelled"))
        status = None
    supplier_id = None
    raw = params.get("supplier_id")
    if raw:
        supplier_id = parse_int(raw, 1, ID_MAX)
        if supplier_id is None and not lenient:
            errors.append(FieldError("supplier_id", f"must be a whole number from 1 to {ID_MAX}"))
    elif raw is not None and not lenient:
        errors.append(FieldError("supplier_id", f"must be a whole number from 1 to {ID_MAX}"))
    if errors:
        raise ValidationFailed(errors)
    return OrderQuery(status, supplier_id)  # type: ignore[arg-type]


def _object(call: Call) -> dict[str, object]:
    data = parse_json(call.raw)
    if not isinstance(data, dict):
        raise ValidationFailed.single("body", "must be a JSON object")
    return data


# ---------------------------------------------------------------- suppliers

def list_suppliers(call: Call) -> Response:
    page = call.services.purchasing.list_suppliers()(call.user, page_request(call.request))
    return json_response(SupplierPageOut([SupplierOut.of(x) for x in page.items], page.total, page.limit,
                                         page.offset))


def create_supplier(call: Call) -> Response:
    supplier = call.services.purchasing.create_supplier()(call.user, call.body)
    return created(SupplierOut.of(supplier), location=f"/api/v1/suppliers/{supplier.id}")


def read_supplier(call: Call) -> Response:
    return json_response(SupplierOut.of(call.services.purchasing.get_supplier()(call.user, call.path("supplier_id"))))


def update_supplier(call: Call) -> Response:
    data = _object(call)
    changes = structure(data, SupplierChanges)
    supplier = call.services.purchasing.update_supplier()(call.user, call.path("supplier_id"), changes,
                                                           given=frozenset(data))
    return json_response(SupplierOut.of(supplier))


def delete_supplier(call: Call) -> Response:
    call.services.purchasing.delete_supplier()(call.user, call.path("supplier_id"))
    return no_content()


# ---------------------------------------------------------------- purchase orders

def list_purchase_orders(call: Call) -> Response:
    page = call.services.purchasing.list_purchase_orders()(call.user, order_query(call.request),
                                                           page_request(call.request))
    return json_response(PurchaseOrderPageOut([PurchaseOrderOut.of(x) for x in page.items], page.total, page.limit,
                                              page.offset))


def create_purchase_order(call: Call) -> Response:
    order = call.services.purchasing.create_purchase_order()(call.user, call.body)
    return created(PurchaseOrderOut.of(order), location=f"/api/v1/purchase-orders/{order.id}")


def read_purchase_order(call: Call) -> Response:
    order = call.services.purchasing.get_purchase_order()(call.user, call.path("order_id"))
    return json_response(PurchaseOrderOut.of(order))


def update_purchase_order(call: Call) -> Response:
    data = _object(call)
    changes = structure(data, PurchaseOrderChanges)
    order = call.services.purchasing.update_purchase_order()(call.user, call.path("order_id"), changes,
                                                             given=frozenset(data))
    return json_response(PurchaseOrderOut.of(order))


def order_purchase_order(call: Call) -> Response:
    order = call.services.purchasing.move_purchase_order()(call.user, call.path("order_id"), "order")
    return json_response(PurchaseOrderOut.of(order))


def cancel_purchase_order(call: Call) -> Response:
    order = call.services.purchasing.move_purchase_order()(call.user, call.path("order_id"), "cancel")
    return json_response(PurchaseOrderOut.of(order))


def receive_goods(call: Call) -> Response:
    order_id = call.path("order_id")
    receipt = call.services.purchasing.receive_goods()(call.user, order_id, call.body)
    return created(ReceiptOut.of(receipt), location=f"/api/v1/purchase-orders/{order_id}")


def purchase_order_pdf_api(call: Call) -> Response:
    view = call.services.purchasing.get_purchase_order().view(call.user, call.path("order_id"))
    return pdf_answer(purchase_order_pdf(call.request, view), f"{view.order.number}.pdf")


def email_purchase_order(call: Call) -> Response:
    message = call.services.purchasing.email_purchase_order()(call.user, call.path("order_id"))
    assert message.id is not None
    return json_response(QueuedOut(message.id, message.to), status_code=202)


def reorder_suggestions(call: Call) -> Response:
    groups = call.services.purchasing.reorder_suggestions()(call.user)
    return json_response(SuggestionsOut([SuggestionGroupOut.of(g) for g in groups]))


def order_suggestions(call: Call) -> Response:
    made = call.services.purchasing.order_suggestions()(call.user)
    # What was made is the drafts: the list of them is where they live.
    return created(MadeOrdersOut([PurchaseOrderOut.of(x) for x in made]),
                   location="/api/v1/purchase-orders?status=draft")


_ORDER = "/purchase-orders/{order_id:id}"
# Where an answer leads (OpenAPI links: clients and schemathesis' stateful phase follow them).
_THIS_SUPPLIER = {"supplier_id": "$response.body#/id"}
_THIS_ORDER = {"order_id": "$response.body#/id"}
SUPPLIER_LINKS = {
    "GetSupplier": Link("read_supplier", parameters=_THIS_SUPPLIER, description="Read this supplier"),
    "UpdateSupplier": Link("update_supplier", parameters=_THIS_SUPPLIER, description="Change this supplier"),
    "DeleteSupplier": Link("delete_supplier", parameters=_THIS_SUPPLIER, description="Delete this supplier"),
}
ORDER_LINKS = {
    "GetOrder": Link("read_purchase_order", parameters=_THIS_ORDER, description="Read this order"),
    "UpdateOrder": Link("update_purchase_order", parameters=_THIS_ORDER, description="Change this draft"),
    "PlaceOrder": Link("order_purchase_order", parameters=_THIS_ORDER, description="Place this order"),
    "CancelOrder": Link("cancel_purchase_order", parameters=_THIS_ORDER, description="Cancel this order"),
    "ReceiveGoods": Link("receive_goods", parameters=_THIS_ORDER, description="Receive goods on this order"),
    "OrderPdf": Link("purchase_order_pdf_api", parameters=_THIS_ORDER, description="This order as a PDF"),
    "EmailOrder": Link("email_purchase_order", parameters=_THIS_ORDER, description="Email it to the supplier"),
}
routes = [
    Api("/suppliers", list_suppliers, methods=["GET"], access=Access.COUNTER, summary="List suppliers, by name",
        response_type=SupplierPageOut, query=PAGINATION, tags=TAGS),
    Api("/suppliers", create_supplier, methods=["POST"], access=BUYER,
        summary="Create a supplier (manager/admin; 409 duplicate name)", request_type=NewSupplier,
        response_type=SupplierOut, status_code=201, tags=TAGS, errors=[409], links=SUPPLIER_LINKS,
        request_example={"name": "Acme Distribution", "email": "orders@acme.example"}),
    Api("/suppliers/{supplier_id:id}", read_supplier, methods=["GET"], access=BUYER,
        summary="A supplier (manager/admin)", response_type=SupplierOut, tags=TAGS, errors=[404]),
    Api("/suppliers/{supplier_id:id}", update_supplier, methods=["PATCH"], access=BUYER,
        summary="Change a supplier (manager/admin; 409 duplicate name)", request_type=SupplierChanges,
        response_type=SupplierOut, structured_body=False, tags=TAGS, errors=[404, 409],
        request_example={"phone": "+1 555 0100"}),
    Api("/suppliers/{supplier_id:id}", delete_supplier, methods=["DELETE"], access=BUYER,
        summary="Delete a supplier, softly (manager/admin)", status_code=204, tags=TAGS, errors=[404]),
    Api("/purchase-orders", list_purchase_orders, methods=["GET"], access=Access.COUNTER,
        summary="List purchase orders, newest first", response_type=PurchaseOrderPageOut,
        query=(*PAGINATION, STATUS, SUPPLIER_ID), tags=TAGS),
    Api("/purchase-orders", create_purchase_order, methods=["POST"], access=BUYER,
        summary="Create a draft purchase order (manager/admin)", request_type=NewPurchaseOrder,
        response_type=PurchaseOrderOut, status_code=201, tags=TAGS, errors=[409], links=ORDER_LINKS,
        request_example={"supplier_id": 1, "lines": [{"product_id": 1, "quantity": 10, "unit_cost": "5.00"}]}),
    Api(_ORDER, read_purchase_order, methods=["GET"], access=Access.COUNTER, summary="A purchase order",
        response_type=PurchaseOrderOut, tags=TAGS, errors=[404]),
    Api(_ORDER, update_purchase_order, methods=["PATCH"], access=BUYER,
        summary="Change a draft purchase order (manager/admin; 409 unless draft)", request_type=PurchaseOrderChanges,
        response_type=PurchaseOrderOut, structured_body=False, tags=TAGS, errors=[404, 409],
        request_example={"notes": "Deliver to the back door"}),
    Api(_ORDER + "/order", order_purchase_order, methods=["POST"], access=BUYER,
        summary="Order a draft (manager/admin; 409 from another status)", response_type=PurchaseOrderOut,
        tags=TAGS, errors=[404, 409]),
    Api(_ORDER + "/cancel", cancel_purchase_order, methods=["POST"], access=BUYER,
        summary="Cancel a draft or ordered purchase order (manager/admin; 409 otherwise)",
        response_type=PurchaseOrderOut, tags=TAGS, errors=[404, 409]),
    Api(_ORDER + "/receipts", receive_goods, methods=["POST"], access=Access.COUNTER,
        summary="Receive goods against the order (409 more than outstanding, or an order not ordered)",
        request_type=NewReceipt, response_type=ReceiptOut, status_code=201, tags=TAGS, errors=[404, 409],
        request_example={"lines": [{"line_id": 1, "quantity": 5}]}),
    Api(_ORDER + "/pdf", purchase_order_pdf_api, methods=["GET"], access=Access.COUNTER,
        summary="The order for the supplier, as PDF", tags=TAGS, errors=[404], heavy=True,
        response_media_type="application/pdf"),
    Api(_ORDER + "/email", email_purchase_order, methods=["POST"], access=BUYER,
        summary="Queue the order, its PDF attached, to the supplier's email (manager/admin; 409 without an email)",
        response_type=QueuedOut, status_code=202, tags=TAGS, errors=[404, 409]),
    Api("/reorder-suggestions", reorder_suggestions, methods=["GET"], access=Access.COUNTER,
        summary="Products at or below their minimum stock, grouped by preferred supplier",
        response_type=SuggestionsOut, tags=TAGS),
    Api("/reorder-suggestions", order_suggestions, methods=["POST"], access=BUYER,
        summary="Turn the suggestions into draft orders, one per supplier (manager/admin)",
        response_type=MadeOrdersOut, status_code=201, tags=TAGS),
]
