"""The OpenAPI document and the human docs page, both public."""

from __future__ import annotations

from starlette.responses import JSONResponse, Response
from starlette.templating import Jinja2Templates

from techstore.entrypoints.api.guard import Api
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.openapi import build_openapi
from techstore.entrypoints.http.routing import ApiRoute
from techstore.entrypoints.http.seam import Call

API_TITLE = "TechStore API"
API_VERSION = "1.0.0"


def openapi_document(call: Call) -> Response:
    request = call.request
    document = request.app.state.openapi
    if document is None:
        document = build_openapi(request.app.routes, title=API_TITLE, version=API_VERSION)
        request.app.state.openapi = document
    return JSONResponse(document)


def docs_route(templates: Jinja2Templates) -> ApiRoute:
    def api_docs(call: Call) -> Response:
        return templates.TemplateResponse(call.request, "api_docs.html", {})

    return Api("/api/docs", api_docs, methods=["GET"], access=Access.PUBLIC, summary="API documentation page",
               include_in_schema=False, rate_limited=False, pure=True)


openapi_route = Api("/openapi.json", openapi_document, methods=["GET"], access=Access.PUBLIC,
                    summary="This document", include_in_schema=False, rate_limited=False, pure=True)
