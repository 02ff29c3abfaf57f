"""The OpenAPI 3.1 document, generated from the routes' declarations.

Schemas come from the attrs request and response classes through msgspec,
which emits JSON Schema 2020-12, the dialect OpenAPI 3.1 uses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import msgspec
from starlette.routing import BaseRoute

from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.problems import TITLES
from techstore.entrypoints.http.routing import ApiRoute, QueryParam, walk

REF = "#/components/schemas/{name}"
_PARAM = re.compile(r"{([a-zA-Z_][a-zA-Z0-9_]*)(?::([a-z]+))?}")
_PARAM_SCHEMAS = {"int": {"type": "integer"}, "str": {"type": "string"}, None: {"type": "string"}}

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
    types = {t for _, r in routes for t in (r.request_type, r.response_type) if t is not None}
    if not types:
        return {}
    _, components = msgspec.json.schema_components(sorted(types, key=lambda t: t.__name__), ref_template=REF)
    return components


def _ref(kind: type) -> dict[str, str]:
    return {"$ref": REF.format(name=kind.__name__)}


def _path_parameters(path: str) -> tuple[str, list[dict[str, Any]]]:
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": _PARAM_SCHEMAS.get(kind, {"type": "string"})}
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
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _ref(route.request_type)}},
        }
    if route.access is not Access.PUBLIC:
        operation["security"] = [{"bearer": []}]
    else:
        operation["security"] = []
    return operation


def _query_parameter(param: QueryParam) -> dict[str, Any]:
    return {"name": param.name, "in": "query", "required": False, "schema": param.schema,
            "description": param.description}


def _responses(route: ApiRoute) -> dict[str, Any]:
    success: dict[str, Any] = {"description": TITLES.get(route.status_code, "Success")}
    if route.status_code == 204:
        success = {"description": "No content"}
    elif route.response_type is not None:
        content = {route.response_media_type: {"schema": _ref(route.response_type)}}
        success = {"description": "Success", "content": content}
    responses: dict[str, Any] = {str(route.status_code): success}
    codes = set(route.errors)
    if route.request_type is not None or route.query:
        codes.add(422)
    if route.access is not Access.PUBLIC:
        codes.add(401)
    if route.access is Access.ADMIN:
        codes.add(403)
    for code in sorted(codes):
        responses[str(code)] = {
            "description": TITLES.get(code, "Error"),
            "content": {"application/problem+json": {"schema": {"$ref": REF.format(name="Problem")}}},
        }
    return responses
