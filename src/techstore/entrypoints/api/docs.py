"""The OpenAPI document and the human docs page, both public."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.templating import Jinja2Templates

from techstore.entrypoints.api.guard import Api
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.openapi import build_openapi
from techstore.entrypoints.http.routing import ApiRoute

API_TITLE = "TechStore API"
API_VERSION = "1.0.0"


async def openapi_document(request: Request) -> Response:
    document = request.app.state.openapi
    if document is None:
        document = build_openapi(request.app.routes, title=API_TITLE, version=API_VERSION)
        request.app.state.openapi = document
    return JSONResponse(document)


def docs_route(templates: Jinja2Templates) -> ApiRoute:
    async def api_docs(request: Request) -> Response:
        return templates.TemplateResponse(request, "api_docs.html", {})

    return Api("/api/docs", api_docs, methods=["GET"], access=Access.PUBLIC,
                    summary="API documentation page", include_in_schema=False, rate_limited=False)


openapi_route = Api("/openapi.json", openapi_document, methods=["GET"], access=Access.PUBLIC,
                         summary="This document", include_in_schema=False, rate_limited=False)
