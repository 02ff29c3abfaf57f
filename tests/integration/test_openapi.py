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


def test_each_operation_names_the_roles_its_route_declares(tmp_path: Path) -> None:
    """The document says who may call an operation (x-roles, and 403 among its answers) from the same
    declaration the guard enforces."""
    paths = _client(tmp_path).get("/api/v1/openapi.json").json()["paths"]
    assert paths["/api/v1/users"]["get"]["x-roles"] == ["admin"]
    assert paths["/api/v1/sales/{sale_id}/void"]["post"]["x-roles"] == ["admin", "manager"]
    assert paths["/api/v1/sales"]["post"]["x-roles"] == ["admin", "manager", "staff"]
    assert paths["/api/v1/repairs"]["post"]["x-roles"] == ["admin", "manager", "staff", "technician"]
    assert "403" in paths["/api/v1/sales"]["post"]["responses"]
    assert "403" not in paths["/api/v1/me"]["get"]["responses"]
    assert "x-roles" not in paths["/api/v1/auth/token"]["post"]


def test_schemas_come_from_the_declared_types(tmp_path: Path) -> None:
    document = _client(tmp_path).get("/api/v1/openapi.json").json()
    user = document["components"]["schemas"]["UserOut"]
    assert set(user["required"]) == {"id", "username", "full_name", "role", "is_active", "created_at", "email"}
    assert user["properties"]["role"] == {"enum": ["admin", "manager", "staff", "technician"]}
    # A user's email: optional, an address or "" (none), at most 254 characters, the same rule as the code's.
    for kind in ("NewUser", "UserChanges"):
        email = document["components"]["schemas"][kind]["properties"]["email"]["anyOf"][0]
        assert email["maxLength"] == 254
        assert re.search(email["pattern"], "ana@example.com") and re.search(email["pattern"], "")
        assert not re.search(email["pattern"], "not-an-email")
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


def _document(tmp_path: Path) -> dict:
    return _client(tmp_path).get("/api/v1/openapi.json").json()


def test_the_limits_the_code_enforces_are_stated(tmp_path: Path) -> None:
    schemas = _document(tmp_path)["components"]["schemas"]
    username = schemas["NewUser"]["properties"]["username"]
    assert username["pattern"] == "^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$"
    assert (username["minLength"], username["maxLength"]) == (2, 64)
    password = schemas["NewUser"]["properties"]["password"]
    assert (password["minLength"], password["maxLength"]) == (10, 256)
    full_name = schemas["NewUser"]["properties"]["full_name"]
    assert (full_name["minLength"], full_name["maxLength"]) == (1, 120) and "pattern" in full_name
    assert schemas["PasswordChange"]["properties"]["new_password"]["minLength"] == 10
    # Every string refuses control characters; every request object refuses unknown fields.
    assert schemas["RefreshRequest"]["properties"]["refresh_token"]["not"] == {"pattern": "[\\x00-\\x1f\\x7f-\\x9f]"}
    for name in ("Credentials", "NewUser", "UserChanges", "PasswordChange", "RefreshRequest"):
        assert schemas[name]["additionalProperties"] is False, name


def test_every_marker_on_a_request_field_is_in_its_schema(tmp_path: Path) -> None:
    from typing import Annotated, get_args, get_origin, get_type_hints

    import attrs

    from techstore.application.shared.constraints import markers
    from techstore.entrypoints.http.schemas import marker_schema

    client = _client(tmp_path)
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    checked = 0
    for _, route in api_routes(client.app.routes):  # type: ignore[attr-defined]
        if route.request_type is None or not route.documented:
            continue
        hints = get_type_hints(route.request_type, include_extras=True)
        for field in attrs.fields(route.request_type):
            hint = hints[field.name]
            is_list = get_origin(hint) is list  # a list of marked items (serials): the marker is its items'
            is_union = get_origin(hint) is not Annotated and not is_list
            options = [a for a in get_args(hint) if a is not type(None)] if is_union or is_list else [hint]
            for option in options:
                if get_origin(option) is Annotated and markers(get_args(option)[1:]):
                    stated = dict(schemas[route.request_type.__name__]["properties"][field.name])
                    stated.pop("default", None)  # a field's default is stated beside its limits
                    if is_list:
                        stated = dict(stated["items"])
                    expected = marker_schema(markers(get_args(option)[1:])[0])
                    assert expected == stated or expected in stated.get("anyOf", []), (route.name, field.name)
                    checked += 1
    assert checked >= 5


def test_ids_and_pages_state_their_ranges(tmp_path: Path) -> None:
    paths = _document(tmp_path)["paths"]
    (user_id,) = paths["/api/v1/users/{user_id}"]["get"]["parameters"]
    assert user_id["schema"] == {"type": "integer", "minimum": 1, "maximum": 2147483647}
    query = {p["name"]: p["schema"] for p in paths["/api/v1/users"]["get"]["parameters"]}
    assert query["limit"] == {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}
    assert query["offset"] == {"type": "integer", "minimum": 0, "maximum": 2147483647, "default": 0}


def test_operations_with_a_body_declare_413_415_and_422(tmp_path: Path) -> None:
    for path, operations in _document(tmp_path)["paths"].items():
        for method, operation in operations.items():
            has_body = "requestBody" in operation
            assert "400" in operation["responses"], (method, path)  # uvicorn's answer to malformed HTTP
            for code in ("413", "415", "422"):
                assert (code in operation["responses"]) == has_body or code == "422", (method, path, code)


def test_links_lead_to_operations_that_exist(tmp_path: Path) -> None:
    document = _document(tmp_path)
    operations = {op["operationId"]: op for ops in document["paths"].values() for op in ops.values()}
    links = [link for op in operations.values() for answer in op["responses"].values()
             for link in answer.get("links", {}).values()]
    assert len(links) >= 5
    for link in links:
        target = operations[link["operationId"]]
        assert set(link.get("parameters", {})) <= {p["name"] for p in target["parameters"]}
        assert ("requestBody" in link) <= ("requestBody" in target)
    created = document["paths"]["/api/v1/users"]["post"]["responses"]["201"]
    assert created["links"]["GetUser"] == {"operationId": "read_user", "parameters": {"user_id": "$response.body#/id"},
                                           "description": "Read this user"}
    assert created["headers"]["Location"]["required"] is True


def test_request_examples_are_accepted_by_the_code_and_the_schema(tmp_path: Path) -> None:
    import jsonschema_rs

    from techstore.entrypoints.http.json_body import structure

    client = _client(tmp_path)
    document = client.get("/api/v1/openapi.json").json()
    examples = 0
    for _, route in api_routes(client.app.routes):  # type: ignore[attr-defined]
        if route.request_example is None:
            continue
        structure(route.request_example, route.request_type)
        schema = {"$ref": f"#/components/schemas/{route.request_type.__name__}", "components": document["components"]}
        assert jsonschema_rs.validator_for(schema).is_valid(route.request_example), route.name
        examples += 1
    assert examples >= 3


def test_restoring_a_customer_states_who_may_and_every_refusal(tmp_path: Path) -> None:
    document = _client(tmp_path).get("/api/v1/openapi.json").json()
    restore = document["paths"]["/api/v1/customers/{customer_id}/restore"]["post"]
    assert restore["security"] == [{"bearer": []}]
    assert "requestBody" not in restore
    ok = restore["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/CustomerOut"}
    assert {"401", "403", "404", "409"} <= set(restore["responses"])
    assert "not deleted" in restore["summary"] and "email or phone" in restore["summary"]
    assert "409" in document["paths"]["/api/v1/sales/{sale_id}/void"]["post"]["responses"]
    assert "409" in document["paths"]["/api/v1/cash-sessions/{session_id}/movements"]["post"]["responses"]


def test_the_sign_in_and_user_changes_state_their_two_step_fields(tmp_path: Path) -> None:
    schemas = _client(tmp_path).get("/api/v1/openapi.json").json()["components"]["schemas"]
    otp = schemas["Credentials"]["properties"]["otp"]
    assert "otp" not in schemas["Credentials"].get("required", [])
    assert "[0-9]{6}" in str(otp)
    assert "totp_reset" in schemas["UserChanges"]["properties"]
