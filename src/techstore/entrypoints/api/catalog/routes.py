"""Categories, products and stock movements (API.md, "Catalog")."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from techstore.application.catalog.commands import (
    CategoryChanges,
    NewCategory,
    NewProduct,
    ProductChanges,
    StockChange,
)
from techstore.domain.catalog.units import UnitStatus
from techstore.domain.shared.errors import ValidationFailed
from techstore.entrypoints.api.catalog.query import PRODUCT_FILTERS, product_query
from techstore.entrypoints.api.catalog.schemas import (
    CategoryOut,
    CategoryPageOut,
    ImportResultOut,
    ProductOut,
    ProductPageOut,
    StockMovementOut,
    StockMovementPageOut,
    UnitOut,
    UnitPageOut,
    UnitRecordOut,
    stock_change_schema,
)
from techstore.entrypoints.api.guard import Api
from techstore.entrypoints.api.pagination import PAGINATION, page_request
from techstore.entrypoints.api.responses import created, json_response, no_content
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.json_body import (
    parse_json,
    require_media_type,
    structure,
)
from techstore.entrypoints.http.routing import Link, QueryParam
from techstore.entrypoints.http.seam import Call

CSV_TYPES = frozenset({"text/csv", "text/plain"})
MAX_IMPORT_BYTES = 10 * 1024 * 1024
STOCK_IS_NOT_EDITED = "cannot be changed here: stock changes only through stock movements"

_THIS_CATEGORY = {"category_id": "$response.body#/id"}
CATEGORY_LINKS = {
    "GetCategory": Link("read_category", parameters=_THIS_CATEGORY, description="Read this category"),
    "UpdateCategory": Link("update_category", parameters=_THIS_CATEGORY, description="Change this category"),
}
_THIS_PRODUCT = {"product_id": "$response.body#/id"}
PRODUCT_LINKS = {
    "GetProduct": Link("read_product", parameters=_THIS_PRODUCT, description="Read this product"),
    "UpdateProduct": Link("update_product", parameters=_THIS_PRODUCT, description="Change this product"),
    "ListStockMovements": Link("list_stock_movements", parameters=_THIS_PRODUCT, description="Its stock ledger"),
    "RecordStockMovement": Link("record_stock_movement", parameters=_THIS_PRODUCT,
                                description="Receive goods or adjust its stock"),
}


# ---------------------------------------------------------------- categories

def list_categories(call: Call) -> Response:
    page_asked = page_request(call.request)
    catalog = call.services.catalog
    page = catalog.list_categories()(call.user, page_asked)
    return json_response(CategoryPageOut([CategoryOut.of(c) for c in page.items], page.total, page.limit,
                                         page.offset))


def create_category(call: Call) -> Response:
    catalog = call.services.catalog
    category = catalog.create_category()(call.user, call.body)
    return created(CategoryOut.of(category), location=f"/api/v1/categories/{category.id}")


def read_category(call: Call) -> Response:
    category_id: int = call.path("category_id")
    catalog = call.services.catalog
    return json_response(CategoryOut.of(catalog.get_category()(call.user, category_id)))


def update_category(call: Call) -> Response:
    category_id = call.path("category_id")
    catalog = call.services.catalog
    data = parse_json(call.raw)
    if not isinstance(data, dict):
        raise ValidationFailed.single("body", "must be a JSON object")
    changes = structure(data, CategoryChanges)
    # The fields sent are the fields changed: "tax_rate_id": null puts it back on the default rate.
    category = catalog.update_category()(call.user, category_id, changes, given=frozenset(data))
    return json_response(CategoryOut.of(category))


def delete_category(call: Call) -> Response:
    category_id: int = call.path("category_id")
    catalog = call.services.catalog
    catalog.delete_category()(call.user, category_id)
    return no_content()


# ---------------------------------------------------------------- products

def list_products(call: Call) -> Response:
    page_asked, query = page_request(call.request), product_query(call.request)
    catalog = call.services.catalog
    page = catalog.search_products()(call.user, query, page_asked)
    return json_response(ProductPageOut([ProductOut.of(p) for p in page.items], page.total, page.limit,
                                        page.offset))


def create_product(call: Call) -> Response:
    catalog = call.services.catalog
    product = catalog.create_product()(call.user, call.body)
    return created(ProductOut.of(product), location=f"/api/v1/products/{product.id}")


def read_product(call: Call) -> Response:
    product_id: int = call.path("product_id")
    catalog = call.services.catalog
    return json_response(ProductOut.of(catalog.get_product()(call.user, product_id)))


def update_product(call: Call) -> Response:
    product_id = call.path("product_id")
    catalog = call.services.catalog
    data = parse_json(call.raw)
    if not isinstance(data, dict):
        raise ValidationFailed.single("body", "must be a JSON object")
    if "stock" in data:
        raise ValidationFailed.single("stock", STOCK_IS_NOT_EDITED)
    changes = structure(data, ProductChanges)
    # The fields sent are the fields changed: null clears an optional one.
    product = catalog.update_product()(call.user, product_id, changes, given=frozenset(data))
    return json_response(ProductOut.of(product))


def delete_product(call: Call) -> Response:
    product_id: int = call.path("product_id")
    catalog = call.services.catalog
    catalog.delete_product()(call.user, product_id)
    return no_content()


# ---------------------------------------------------------------- stock

def list_stock_movements(call: Call) -> Response:
    page_asked, product_id = page_request(call.request), call.path("product_id")
    catalog = call.services.catalog
    page = catalog.list_stock_movements()(call.user, product_id, page_asked)
    return json_response(StockMovementPageOut([StockMovementOut.of(m) for m in page.items], page.total,
                                              page.limit, page.offset))


def record_stock_movement(call: Call) -> Response:
    product_id = call.path("product_id")
    catalog = call.services.catalog
    movement = catalog.record_stock_movement()(call.user, product_id, call.body)
    return created(StockMovementOut.of(movement),
                   location=f"/api/v1/products/{product_id}/stock-movements?limit=1")


# ---------------------------------------------------------------- units

UNIT_STATUS = QueryParam("status", {"type": "string", "enum": [s.value for s in UnitStatus]},
                         "Only units in this status")


def unit_status(request: Request) -> UnitStatus | None:
    raw = request.query_params.get("status")
    if raw is None:
        return None
    if raw not in tuple(UnitStatus):
        raise ValidationFailed.single("status", "must be in_stock, sold or damaged")
    return UnitStatus(raw)


def list_units(call: Call) -> Response:
    page_asked, product_id, status = page_request(call.request), call.path("product_id"), unit_status(call.request)
    catalog = call.services.catalog
    page = catalog.list_units()(call.user, product_id, status, page_asked)
    return json_response(UnitPageOut([UnitOut.of(u) for u in page.items], page.total, page.limit, page.offset))


def read_unit(call: Call) -> Response:
    serial: str = call.path("serial")
    catalog = call.services.catalog
    return json_response(UnitRecordOut.of(catalog.find_unit()(call.user, serial)))


# ---------------------------------------------------------------- CSV

def export_products(call: Call) -> Response:
    catalog = call.services.catalog
    text = catalog.export_products()(call.user)
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="products.csv"'})


def import_products(call: Call) -> Response:
    catalog = call.services.catalog
    require_media_type(call.request, CSV_TYPES)
    return json_response(ImportResultOut.of(catalog.import_products()(call.user, call.raw)))


routes = [
    Api("/categories", list_categories, methods=["GET"], access=Access.SIGNED_IN, summary="List categories",
        response_type=CategoryPageOut, query=PAGINATION, tags=["catalog"]),
    Api("/categories", create_category, methods=["POST"], access=Access.MANAGER, summary="Create a category",
        request_type=NewCategory, response_type=CategoryOut, status_code=201, tags=["catalog"], errors=[409],
        links=CATEGORY_LINKS, request_example={"name": "Phones", "description": "Smartphones and feature phones"}),
    Api("/categories/{category_id:id}", read_category, methods=["GET"], access=Access.SIGNED_IN,
        summary="A category", response_type=CategoryOut, tags=["catalog"], errors=[404]),
    Api("/categories/{category_id:id}", update_category, methods=["PATCH"], access=Access.MANAGER,
        summary="Rename a category, change its description or its tax rate (null: the default)",
        request_type=CategoryChanges, response_type=CategoryOut, tags=["catalog"], errors=[404, 409],
        structured_body=False,  # read by the endpoint: a null tax_rate_id sent is a change
        request_example={"description": "Phones and their accessories"}),
    Api("/categories/{category_id:id}", delete_category, methods=["DELETE"], access=Access.MANAGER,
        summary="Delete a category (409 while products use it)", status_code=204, tags=["catalog"],
        errors=[404, 409]),
    Api("/products/export.csv", export_products, methods=["GET"], access=Access.SIGNED_IN,
        summary="The catalogue as CSV", tags=["catalog"], response_media_type="text/csv",
        read_only=True, heavy=True),  # the whole catalogue: long enough to hold up every other request
    Api("/products/import", import_products, methods=["POST"], access=Access.MANAGER,
        summary="Import products from CSV: all rows or none (422 lists each bad row by line)",
        response_type=ImportResultOut, tags=["catalog"], errors=[409], request_media_type="text/csv",
        max_body=MAX_IMPORT_BYTES),
    Api("/products", list_products, methods=["GET"], access=Access.SIGNED_IN,
        summary="Find products by SKU, barcode or name; by category; low on stock", response_type=ProductPageOut,
        query=(*PRODUCT_FILTERS, *PAGINATION), tags=["catalog"]),
    Api("/products", create_product, methods=["POST"], access=Access.MANAGER,
        summary="Create a product (stock: its initial stock)", request_type=NewProduct, response_type=ProductOut,
        status_code=201, tags=["catalog"], errors=[409], links=PRODUCT_LINKS,
        request_example={"sku": "USB-C-1M", "name": "USB-C cable, 1 m", "price": "9.90", "cost": "3.10",
                         "barcode": "4006381333931", "stock": 25, "min_stock": 5}),
    Api("/products/{product_id:id}", read_product, methods=["GET"], access=Access.SIGNED_IN, summary="A product",
        response_type=ProductOut, tags=["catalog"], errors=[404]),
    Api("/products/{product_id:id}", update_product, methods=["PATCH"], access=Access.MANAGER,
        summary="Change a product (not its stock: 422)", request_type=ProductChanges, response_type=ProductOut,
        structured_body=False,  # read by the endpoint: "stock" gets its own message
        tags=["catalog"], errors=[404, 409], request_example={"price": "10.90", "min_stock": 8}),
    Api("/products/{product_id:id}", delete_product, methods=["DELETE"], access=Access.MANAGER,
        summary="Delete a product (softly: its history stays)", status_code=204, tags=["catalog"], errors=[404]),
    Api("/products/{product_id:id}/stock-movements", list_stock_movements, methods=["GET"],
        access=Access.SIGNED_IN, summary="A product's stock ledger, newest first",
        response_type=StockMovementPageOut, query=PAGINATION, tags=["catalog"], errors=[404]),
    Api("/products/{product_id:id}/stock-movements", record_stock_movement, methods=["POST"],
        access=Access.COUNTER,
        summary="Receive goods (purchase) or, admins only, adjust stock with a reason; 409 below zero",
        request_type=StockChange, request_schema=stock_change_schema(), response_type=StockMovementOut,
        status_code=201, tags=["catalog"],
        errors=[403, 404, 409], request_example={"type": "purchase", "quantity": 10, "reason": "Delivery 4411"}),
    Api("/products/{product_id:id}/units", list_units, methods=["GET"], access=Access.SIGNED_IN,
        summary="A serialized product's units by serial, in a status if asked", response_type=UnitPageOut,
        query=(UNIT_STATUS, *PAGINATION), tags=["catalog"], errors=[404]),
    Api("/units/{serial:serial}", read_unit, methods=["GET"], access=Access.SIGNED_IN,
        summary="A unit by its IMEI or serial: product, status, sale, customer, warranty end, repairs",
        response_type=UnitRecordOut, tags=["catalog"], errors=[404]),
]
