"""The OpenAPI 3.1 document, generated from the routes' declarations.

Schemas come from the attrs request and response classes through msgspec,
which emits JSON Schema 2020-12, the dialect OpenAPI 3.1 uses; the limits the
converter enforces are stated from the same markers (``schemas``). Path ids,
query parameters, links and examples come from the route declarations.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, cast, get_args, get_origin

from starlette.routing import BaseRoute

from techstore.domain.identity.roles import Role
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.params import ID_SCHEMA, SERIAL_SCHEMA
from techstore.entrypoints.http.problems import TITLES
from techstore.entrypoints.http.routing import ApiRoute, Link, QueryDeclaration, walk
from techstore.entrypoints.http.schemas import REF, components

_PARAM = re.compile(r"{([a-zA-Z_][a-zA-Z0-9_]*)(?::([a-z]+))?}")
_STRING = {"type": "string"}
_PARAM_SCHEMAS: dict[str | None, dict[str, Any]] = {"id": ID_SCHEMA, "serial": SERIAL_SCHEMA, "str": _STRING,
                                                     None: _STRING}
# Errors any operation with a JSON body may answer, besides 422.
BODY_ERRORS = (413, 415)
# Any request may be refused by the HTTP server before the app sees it (a malformed header such
# as an empty Content-Length): uvicorn answers 400 in plain text.
MALFORMED_REQUEST = {"description": "The HTTP request itself is malformed (answered by the HTTP server)",
                     "content": {"text/plain": {"schema": {"type": "string"}}}}
HEADERS = {
    201: {"Location": "The created resource's path"},
    401: {"WWW-Authenticate": "Bearer"},
    429: {"Retry-After": "Seconds to wait before trying again"},
}

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}


def api_routes(routes: Sequence[BaseRoute]) -> list[tuple[str, ApiRoute]]:
    return [(path, route) for path, route in walk(routes) if isinstance(route, ApiRoute)]


def build_openapi(routes: Sequence[BaseRoute], *, title: str, version: str) -> dict[str, Any]:
    documented = [(p, r) for p, r in api_routes(routes) if r.documented]
    schemas = _schemas(documented)
    paths: dict[str, dict[str, Any]] = {}
    for path, route in documented:
        openapi_path, parameters = _path_parameters(path)
        for method in sorted(route.methods or ()):
            if method == "HEAD":
                continue
            paths.setdefault(openapi_path, {})[method.lower()] = _operation(route, parameters)
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "paths": paths,
        "components": {
            "schemas": {**schemas, "Problem": PROBLEM_SCHEMA},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }


def _schemas(routes: list[tuple[str, ApiRoute]]) -> dict[str, Any]:
    requests = {r.request_type for _, r in routes if r.request_type is not None}
    responses = {_element(r.response_type) for _, r in routes if r.response_type is not None}
    return components(requests, responses)


def _ref(kind: type) -> dict[str, str]:
    return {"$ref": REF.format(name=kind.__name__)}


def _element(kind: Any) -> type:
    """The class of a response, or of its elements when it is a plain list (``list[X]``)."""
    return cast(type, get_args(kind)[0]) if get_origin(kind) is list else cast(type, kind)


def _response_schema(kind: Any) -> dict[str, Any]:
    if get_origin(kind) is list:
        return {"type": "array", "items": _ref(_element(kind))}
    return _ref(kind)


def _path_parameters(path: str) -> tuple[str, list[dict[str, Any]]]:
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": dict(_PARAM_SCHEMAS.get(kind or None, _STRING))}
        for name, kind in _PARAM.findall(path)
    ]
    return _PARAM.sub(r"{\1}", path), parameters


def _operation(route: ApiRoute, path_parameters: list[dict[str, Any]]) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": route.name,
        "summary": route.summary,
        "tags": list(route.tags),
        "parameters": path_parameters + [_query_parameter(q) for q in route.query],
        "responses": _responses(route),
    }
    if route.request_type is not None:
        media: dict[str, Any] = {"schema": route.request_schema or _ref(route.request_type)}
        if route.request_example is not None:
            media["example"] = route.request_example
        operation["requestBody"] = {"required": True, "content": {"application/json": media}}
    elif route.request_media_type is not None:
        operation["requestBody"] = {"required": True,
                                    "content": {route.request_media_type: {"schema": {"type": "string"}}}}
    if route.access is not Access.PUBLIC:
        operation["security"] = [{"bearer": []}]
        # Who may call it, from the route's one declaration (as the guard and docs/security.md read it).
        roles = [role.value for role in Role if route.access.admits(role)]
        operation["x-roles"] = roles
        operation["description"] = f"Roles: {', '.join(roles)}."
    else:
        operation["security"] = []
    return operation


def _query_parameter(param: QueryDeclaration) -> dict[str, Any]:
    return {"name": param.name, "in": getattr(param, "location", "query"),
            "required": getattr(param, "required", False), "schema": param.schema, "description": param.description}


def _responses(route: ApiRoute) -> dict[str, Any]:
    success: dict[str, Any] = {"description": TITLES.get(route.status_code, "Success")}
    if route.status_code == 204:
        success = {"description": "No content"}
    elif route.response_type is not None:
        content = {route.response_media_type: {"schema": _response_schema(route.response_type)}}
        success = {"description": "Success", "content": content}
    elif route.response_media_type != "application/json":
        success = {"description": "Success", "content": {route.response_media_type: {"schema": {"type": "string"}}}}
    success.update(_headers(route.status_code))
    if route.links:
        success["links"] = {name: _link(link) for name, link in route.links.items()}
    responses: dict[str, Any] = {str(route.status_code): success}
    codes = set(route.errors)
    has_body = route.request_type is not None or route.request_media_type is not None
    if has_body or route.query:
        codes.add(422)
    if has_body:
        codes.update(BODY_ERRORS)
    if route.access is not Access.PUBLIC:
        codes.add(401)
    if route.access.roles != frozenset(Role):
        codes.add(403)  # a signed-in role the route does not admit
    if route.rate_limited:
        codes.add(429)
    responses["400"] = MALFORMED_REQUEST
    for code in sorted(codes):
        responses[str(code)] = {
            "description": TITLES.get(code, "Error"),
            "content": {"application/problem+json": {"schema": {"$ref": REF.format(name="Problem")}}},
            **_headers(code),
        }
    return responses


def _headers(status: int) -> dict[str, Any]:
    if status not in HEADERS:
        return {}
    return {"headers": {name: {"description": description, "required": True, "schema": {"type": "string"}}
                        for name, description in HEADERS[status].items()}}


def _link(link: Link) -> dict[str, Any]:
    described: dict[str, Any] = {"operationId": link.operation_id}
    if link.parameters:
        described["parameters"] = dict(link.parameters)
    if link.request_body is not None:
        described["requestBody"] = link.request_body
    if link.description:
        described["description"] = link.description
    return described
