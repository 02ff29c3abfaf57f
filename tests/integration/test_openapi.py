"""The OpenAPI document is generated from the routes and describes every one of them."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.testclient import TestClient

from techstore.container import build_container
from techstore.entrypoints.app import create_app
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.openapi import api_routes
from tests.support import settings_for_tests


def _client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(build_container(settings_for_tests(tmp_path), "memory")))


def test_every_api_route_is_in_the_document(tmp_path: Path) -> None:
    client = _client(tmp_path)
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    declared = {
        (method.lower(), re.sub(r"{(\w+)(:\w+)?}", r"{\1}", path))
        for path, route in api_routes(client.app.routes)  # type: ignore[attr-defined]
        if route.documented
        for method in route.methods or ()
        if method != "HEAD"
    }
    documented = {(m, p) for p, ops in document["paths"].items() for m in ops}
    assert declared == documented
    assert ("post", "/api/v1/auth/token") in documented
    assert ("patch", "/api/v1/users/{user_id}") in documented


def test_document_declares_bearer_security_per_operation(tmp_path: Path) -> None:
    document = _client(tmp_path).get("/api/v1/openapi.json").json()
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert document["paths"]["/api/v1/users"]["get"]["security"] == [{"bearer": []}]
    assert document["paths"]["/api/v1/auth/token"]["post"]["security"] == []
    assert document["paths"]["/health"]["get"]["security"] == []


def test_schemas_come_from_the_declared_types(tmp_path: Path) -> None:
    document = _client(tmp_path).get("/api/v1/openapi.json").json()
    user = document["components"]["schemas"]["UserOut"]
    assert set(user["required"]) == {"id", "username", "full_name", "role", "is_active", "created_at"}
    assert user["properties"]["role"] == {"enum": ["admin", "staff"]}
    create = document["paths"]["/api/v1/users"]["post"]
    body_schema = create["requestBody"]["content"]["application/json"]["schema"]
    assert body_schema == {"$ref": "#/components/schemas/NewUser"}
    assert "409" in create["responses"] and "422" in create["responses"]
    for ref in re.findall(r'"\$ref": "#/components/schemas/(\w+)"', str(document).replace("'", '"')):
        assert ref in document["components"]["schemas"]


def test_docs_page_uses_local_assets_only(tmp_path: Path) -> None:
    page = _client(tmp_path).get("/api/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith(("/", "http://testserver/")) for s in sources), sources
    assert "<script>" not in page.text


def test_every_route_is_public_or_guarded(tmp_path: Path) -> None:
    for _, route in api_routes(_client(tmp_path).app.routes):  # type: ignore[attr-defined]
        assert isinstance(route.access, Access)
