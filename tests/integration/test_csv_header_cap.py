"""F4 (issue 21): an import whose header names 200,000 columns is refused at once with 422 naming the cap;
checking the header was quadratic, and a million columns pinned a worker for minutes."""

from __future__ import annotations

import time

import pytest
from starlette.testclient import TestClient

from techstore.application.catalog.csv_format import MAX_COLUMNS
from techstore.container import Container
from techstore.domain.identity.users import Role

PASSWORD = "import-password-1"


@pytest.mark.timeout(30)
@pytest.mark.adapters("memory")
def test_an_import_with_a_huge_header_answers_422_quickly(client: TestClient, container: Container) -> None:
    container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    token = client.post("/api/v1/auth/token", json={"username": "boss", "password": PASSWORD}).json()
    headers = {"Authorization": f"Bearer {token['access_token']}", "Content-Type": "text/csv"}
    body = ("sku,name,price" + ",x" * 200_000 + "\nA-1,Cable,1.00\n").encode()
    started = time.perf_counter()
    answer = client.post("/api/v1/products/import", content=body, headers=headers)
    assert time.perf_counter() - started < 5
    assert answer.status_code == 422, answer.text
    [error] = answer.json()["errors"]
    assert error["field"] == "line 1" and f"at most {MAX_COLUMNS} columns" in error["message"]
