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
from techstore.domain.identity.users import User
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
    stock_change_schema,
)
from techstore.entrypoints.api.guard import Api, as_caller, signed_in
from techstore.entrypoints.api.pagination import PAGINATION, page_request
from techstore.entrypoints.api.responses import created, json_response, no_content
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.json_body import (
    body_as,
    parse_json,
    read_body,
    read_upload,
    require_media_type,
    structure,
)
from techstore.entrypoints.http.routing import Link
from techstore.entrypoints.http.services import services

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

async def list_categories(request: Request) -> Response:
    page_asked = page_request(request)
    catalog = services(request).catalog

    def work(caller: User | None) -> Response:
        page = catalog.list_categories()(signed_in(caller), page_asked)
        return json_response(CategoryPageOut([CategoryOut.of(c) for c in page.items], page.total, page.limit,
                                             page.offset))

    return await as_caller(request, work)


async def create_category(request: Request) -> Response:
    raw = await read_body(request)
    catalog = services(request).catalog

    def work(caller: User | None) -> Response:
        category = catalog.create_category()(signed_in(caller), body_as(raw, NewCategory))
        return created(CategoryOut.of(category), location=f"/api/v1/categories/{category.id}")

    return await as_caller(request, work)


async def read_category(request: Request) -> Response:
    category_id: int = request.path_params["category_id"]
    catalog = services(request).catalog

    def work(caller: User | None) -> Response:
        return json_response(CategoryOut.of(catalog.get_category()(signed_in(caller), category_id)))

    return await as_caller(request, work)


async def update_category(request: Request) -> Response:
    raw, category_id = await read_body(request), request.path_params["category_id"]
    catalog = services(request).catalog

    def work(caller: User | None) -> Response:
        category = catalog.update_category()(signed_in(caller), category_id, body_as(raw, CategoryChanges))
        return json_response(CategoryOut.of(category))

    return await as_caller(request, work)


async def delete_category(request: Request) -> Response:
    category_id: int = request.path_params["category_id"]
    catalog = services(request).catalog

    def work(caller: User | None) -> Response:
        catalog.delete_category()(signed_in(caller), category_id)
        return no_content()

    return await as_caller(request, work)


# ---------------------------------------------------------------- products

async def list_products(request: Request) -> Response:
    page_asked, query = page_request(request), product_query(request)
    catalog = services(request).catalog

    def work(caller: User | None) -> Response:
        page = catalog.search_products()(signed_in(caller), query, page_asked)
        return json_response(ProductPageOut([ProductOut.of(p) for p in page.items], page.total, page.limit,
                                            page.offset))

    return await as_caller(request, work)


async def create_product(request: Request) -> Response:
    raw = await read_body(request)
    catalog = services(request).catalog

    def work(caller: User | None) -> Response:
        product = catalog.create_product()(signed_in(caller), body_as(raw, NewProduct))
        return created(ProductOut.of(product), location=f"/api/v1/products/{product.id}")

    return await as_caller(request, work)


async def read_product(request: Request) -> Response:
    product_id: int = request.path_params["product_id"]
    catalog = services(request).catalog

    def work(caller: User | None) -> Response:
        return json_response(ProductOut.of(catalog.get_product()(signed_in(caller), product_id)))

    return await as_caller(request, work)


async def update_product(request: Request) -> Response:
    raw, product_id = await read_body(request), request.path_params["product_id"]
    catalog = services(request).catalog

    def work(caller: User | None) -> Response:
        data = parse_json(raw)
        if not isinstance(data, dict):
            raise ValidationFailed.single("body", "must be a JSON object")
        if "stock" in data:
            raise ValidationFailed.single("stock", STOCK_IS_NOT_EDITED)
        changes = structure(data, ProductChanges)
        # The fields sent are the fields changed: null clears an optional one.
        product = catalog.update_product()(signed_in(caller), product_id, changes, given=frozenset(data))
        return json_response(ProductOut.of(product))

    return await as_caller(request, work)


async def delete_product(request: Request) -> Response:
    product_id: int = request.path_params["product_id"]
    catalog = services(request).catalog

    def work(caller: User | None) -> Response:
        catalog.delete_product()(signed_in(caller), product_id)
        return no_content()

    return await as_caller(request, work)


# ---------------------------------------------------------------- stock

async def list_stock_movements(request: Request) -> Response:
    page_asked, product_id = page_request(request), request.path_params["product_id"]
    catalog = services(request).catalog

    def work(caller: User | None) -> Response:
        page = catalog.list_stock_movements()(signed_in(caller), product_id, page_asked)
        return json_response(StockMovementPageOut([StockMovementOut.of(m) for m in page.items], page.total,
                                                  page.limit, page.offset))

    return await as_caller(request, work)


async def record_stock_movement(request: Request) -> Response:
    raw, product_id = await read_body(request), request.path_params["product_id"]
    catalog = services(request).catalog

    def work(caller: User | None) -> Response:
        movement = catalog.record_stock_movement()(signed_in(caller), product_id, body_as(raw, StockChange))
        return created(StockMovementOut.of(movement),
                       location=f"/api/v1/products/{product_id}/stock-movements?limit=1")

    return await as_caller(request, work)


# ---------------------------------------------------------------- CSV

async def export_products(request: Request) -> Response:
    catalog = services(request).catalog

    def work(caller: User | None) -> Response:
        text = catalog.export_products()(signed_in(caller))
        return Response(text, media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="products.csv"'})

    return await as_caller(request, work)


async def import_products(request: Request) -> Response:
    raw = await read_upload(request, max_bytes=MAX_IMPORT_BYTES)
    catalog = services(request).catalog

    def work(caller: User | None) -> Response:
        require_media_type(request, CSV_TYPES)
        return json_response(ImportResultOut.of(catalog.import_products()(signed_in(caller), raw)))

    return await as_caller(request, work)


routes = [
    Api("/categories", list_categories, methods=["GET"], access=Access.SIGNED_IN, summary="List categories",
        response_type=CategoryPageOut, query=PAGINATION, tags=["catalog"]),
    Api("/categories", create_category, methods=["POST"], access=Access.SIGNED_IN, summary="Create a category",
        request_type=NewCategory, response_type=CategoryOut, status_code=201, tags=["catalog"], errors=[409],
        links=CATEGORY_LINKS, request_example={"name": "Phones", "description": "Smartphones and feature phones"}),
    Api("/categories/{category_id:id}", read_category, methods=["GET"], access=Access.SIGNED_IN,
        summary="A category", response_type=CategoryOut, tags=["catalog"], errors=[404]),
    Api("/categories/{category_id:id}", update_category, methods=["PATCH"], access=Access.SIGNED_IN,
        summary="Rename a category or change its description", request_type=CategoryChanges,
        response_type=CategoryOut, tags=["catalog"], errors=[404, 409],
        request_example={"description": "Phones and their accessories"}),
    Api("/categories/{category_id:id}", delete_category, methods=["DELETE"], access=Access.ADMIN,
        summary="Delete a category (409 while products use it)", status_code=204, tags=["catalog"],
        errors=[404, 409]),
    Api("/products/export.csv", export_products, methods=["GET"], access=Access.SIGNED_IN,
        summary="The catalogue as CSV", tags=["catalog"], response_media_type="text/csv",
        reads_on_loop=False),  # the whole catalogue: long enough to hold up every other request
    Api("/products/import", import_products, methods=["POST"], access=Access.ADMIN,
        summary="Import products from CSV: all rows or none (422 lists each bad row by line)",
        response_type=ImportResultOut, tags=["catalog"], errors=[409], request_media_type="text/csv"),
    Api("/products", list_products, methods=["GET"], access=Access.SIGNED_IN,
        summary="Find products by SKU, barcode or name; by category; low on stock", response_type=ProductPageOut,
        query=(*PRODUCT_FILTERS, *PAGINATION), tags=["catalog"]),
    Api("/products", create_product, methods=["POST"], access=Access.SIGNED_IN,
        summary="Create a product (stock: its initial stock)", request_type=NewProduct, response_type=ProductOut,
        status_code=201, tags=["catalog"], errors=[409], links=PRODUCT_LINKS,
        request_example={"sku": "USB-C-1M", "name": "USB-C cable, 1 m", "price": "9.90", "cost": "3.10",
                         "barcode": "4006381333931", "stock": 25, "min_stock": 5}),
    Api("/products/{product_id:id}", read_product, methods=["GET"], access=Access.SIGNED_IN, summary="A product",
        response_type=ProductOut, tags=["catalog"], errors=[404]),
    Api("/products/{product_id:id}", update_product, methods=["PATCH"], access=Access.SIGNED_IN,
        summary="Change a product (not its stock: 422)", request_type=ProductChanges, response_type=ProductOut,
        tags=["catalog"], errors=[404, 409], request_example={"price": "10.90", "min_stock": 8}),
    Api("/products/{product_id:id}", delete_product, methods=["DELETE"], access=Access.ADMIN,
        summary="Delete a product (softly: its history stays)", status_code=204, tags=["catalog"], errors=[404]),
    Api("/products/{product_id:id}/stock-movements", list_stock_movements, methods=["GET"],
        access=Access.SIGNED_IN, summary="A product's stock ledger, newest first",
        response_type=StockMovementPageOut, query=PAGINATION, tags=["catalog"], errors=[404]),
    Api("/products/{product_id:id}/stock-movements", record_stock_movement, methods=["POST"],
        access=Access.SIGNED_IN,
        summary="Receive goods (purchase) or, admins only, adjust stock with a reason; 409 below zero",
        request_type=StockChange, request_schema=stock_change_schema(), response_type=StockMovementOut,
        status_code=201, tags=["catalog"],
        errors=[403, 404, 409], request_example={"type": "purchase", "quantity": 10, "reason": "Delivery 4411"}),
]
