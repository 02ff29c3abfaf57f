"""The one request seam (issue 21): read-only routes cannot write on any adapter set, a POS sale is one
trip to the worker threads, bodies are checked (size, UTF-8, control characters) before anything reads
them, a client that leaves is not an error, and a keyed sale's replay is its first answer byte for byte."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.testclient import TestClient

from techstore.application.catalog.commands import NewCategory, NewProduct
from techstore.application.shared.unit_of_work import WriteRefused, reading_only
from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.entrypoints.api.guard import Api
from techstore.entrypoints.app import create_app
from techstore.entrypoints.http import threads
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.seam import Call
from techstore.entrypoints.web.guard import Page
from tests.integration.test_web_session import csrf_from
from tests.support import run_async

PASSWORD = "seam-password-1"


@pytest.fixture
def boss(container: Container) -> Any:
    return container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN, full_name="Bo Boss")


def _sign_in(client: TestClient, username: str = "boss") -> str:
    token = csrf_from(client.get("/login").text)
    answer = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text[:300]
    return csrf_from(client.get("/customers/new").text)


def _bearer(client: TestClient, username: str = "boss") -> dict[str, str]:
    pair = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD}).json()
    return {"Authorization": f"Bearer {pair['access_token']}"}


# ---------------------------------------------------------------- read-only routes

def _writes_a_category(call: Call) -> Response:
    call.services.catalog.create_category()(call.user, NewCategory(f"Written {uuid.uuid4().hex[:8]}"))
    return Response("wrote")


def _with_probes(container: Container) -> Starlette:
    app = create_app(container)
    app.router.routes.insert(0, Page("/probe-writes", _writes_a_category, access=Access.SIGNED_IN))
    api = next(route for route in app.router.routes if getattr(route, "path", "") == "/api/v1")
    api.app.routes.insert(0, Api("/probe-writes", _writes_a_category, methods=["GET"],  # type: ignore[attr-defined]
                                 access=Access.SIGNED_IN, summary="probe", include_in_schema=False))
    return app


@pytest.mark.adapters("memory", "sqlite", "postgres")
def test_a_unit_of_work_that_may_write_is_refused_inside_a_read_only_request(container: Container) -> None:
    with reading_only():
        with container.adapters.uow(read_only=True):
            pass  # reads are what a read-only request is for
        with pytest.raises(WriteRefused):
            with container.adapters.uow():
                pass
    with container.adapters.uow():
        pass  # outside it, writes open as ever


@pytest.mark.adapters("memory", "sqlite", "postgres")
def test_a_get_that_writes_fails_on_every_adapter_set_and_writes_nothing(container: Container, boss: Any) -> None:
    with TestClient(_with_probes(container), raise_server_exceptions=False) as client:
        _sign_in(client)
        assert client.get("/probe-writes").status_code == 500
        assert client.get("/api/v1/probe-writes", headers=_bearer(client)).status_code == 500
    assert container.catalog.list_categories()(boss, _everything()).total == 0


def _everything() -> Any:
    from techstore.application.shared.pages import PageRequest

    return PageRequest(limit=100)


# ---------------------------------------------------------------- one trip

@pytest.mark.adapters("sqlite", "postgres")
def test_a_sale_at_the_point_of_sale_is_one_trip_to_the_worker_threads(
        container: Container, boss: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    case = container.catalog.create_product()(boss, NewProduct(sku="CASE", name="Phone case",
                                                               price=Decimal("12.50"), stock=10))
    trips: list[str] = []
    real_run = threads.workers.run

    async def counted(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        trips.append(getattr(function, "__name__", "?"))
        return await real_run(function, *args, **kwargs)

    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        token = _sign_in(client)
        monkeypatch.setattr(threads.workers, "run", counted)
        form = {"csrf_token": token, "code": "CASE", "action": "sell", "line_product_id": str(case.id),
                "line_quantity": "1", "pay_cash": "12.50", "key": "pos-one-trip"}
        sold = client.post("/sales/new", data=form, follow_redirects=False)
    assert sold.status_code == 303, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", sold.text))[-2500:]
    assert "/receipt" in sold.headers["location"]
    assert len(trips) == 1


# ---------------------------------------------------------------- bodies checked before they are read

def _asgi(app: Starlette, method: str, path: str, headers: list[tuple[bytes, bytes]], chunks: list[bytes],
          *, disconnect_after: int | None = None) -> tuple[int, int]:
    """Send a request straight to the app; the status answered and how many body bytes the app read."""
    read = 0
    sent: list[dict[str, Any]] = []
    pending = list(chunks)

    async def receive() -> dict[str, Any]:
        nonlocal read
        if disconnect_after is not None and read >= disconnect_after:
            return {"type": "http.disconnect"}
        if not pending:
            await asyncio.sleep(3600)
        chunk = pending.pop(0)
        read += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": bool(pending)}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": headers, "client": ("127.0.0.1", 5000), "server": ("testserver", 80), "scheme": "http",
             "root_path": "", "http_version": "1.1", "app": app, "state": {}}

    async def main() -> None:
        await asyncio.wait_for(app(scope, receive, send), timeout=30)

    run_async(main())
    start = next(message for message in sent if message["type"] == "http.response.start")
    return start["status"], read


@pytest.mark.adapters("memory")
def test_an_anonymous_upload_is_refused_before_its_body_is_read(container: Container) -> None:
    app = create_app(container)
    huge = str(300 * 1024 * 1024).encode()
    headers = [(b"content-type", b"multipart/form-data; boundary=x"), (b"content-length", huge)]
    upload = [b"--x\r\n" + b"a" * 65536] * 4
    assert _asgi(app, "POST", "/products/import", headers, upload) == (403, 0)  # no CSRF secret: 403, unread
    with_secret = [*headers, (b"cookie", b"ts_csrf=" + b"s" * 43)]
    assert _asgi(app, "POST", "/products/import", with_secret, upload) == (303, 0)  # no session: to the login
    assert _asgi(app, "POST", "/login", headers, upload) == (403, 0)


@pytest.mark.adapters("memory")
def test_a_form_past_its_limit_is_413(container: Container, boss: Any) -> None:
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        token = _sign_in(client)
        big = client.post("/customers/new", data={"csrf_token": token, "name": "x" * (1024 * 1024 + 1)})
        assert big.status_code == 413
        assert "text/html" in big.headers["content-type"]


@pytest.mark.adapters("memory", "sqlite")
def test_invalid_utf8_in_a_form_is_refused_and_stores_nothing(container: Container, boss: Any) -> None:
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        token = _sign_in(client)
        answer = client.post("/customers/new", content=f"csrf_token={token}&name=Ana%ED%A0%80Silva",
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert answer.status_code == 422
        assert "UTF-8" in answer.text
    assert container.customers.search_customers()(boss, "", _everything()).total == 0


@pytest.mark.adapters("sqlite", "postgres")
def test_a_nul_in_the_point_of_sale_and_the_parts_form_is_422_not_500(container: Container, boss: Any) -> None:
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        token = _sign_in(client)
        assert client.get("/sales/new/products", params={"code": "\x00"}).status_code == 422
        added = client.post("/sales/new", data={"csrf_token": token, "code": "\x00", "action": "add"})
        assert added.status_code == 422
        parts = client.post("/repairs/1/parts", data={"csrf_token": token, "product": "\x00", "quantity": "1"})
        assert parts.status_code == 422


@pytest.mark.adapters("memory")
def test_a_client_that_leaves_mid_body_is_not_an_error(container: Container, boss: Any,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    app = create_app(container)
    headers = [(b"content-type", b"application/json"), (b"content-length", b"1000"),
               (b"authorization", b"Bearer whatever")]
    status, _ = _asgi(app, "POST", "/api/v1/customers", headers, [b'{"name": "An', b"a"], disconnect_after=5)
    assert status != 500
    logged = capsys.readouterr().out
    assert "unhandled error" not in logged and "Traceback" not in logged


# ---------------------------------------------------------------- idempotent replays

@pytest.mark.adapters("memory", "sqlite", "postgres")
def test_a_replay_is_the_first_answer_byte_for_byte_even_after_the_sale_changed(
        container: Container, boss: Any) -> None:
    product = container.catalog.create_product()(boss, NewProduct(sku="CASE", name="Case", price=Decimal("12.50"),
                                                                  stock=10))
    body = {"items": [{"product_id": product.id, "quantity": 1}], "payments": [{"method": "cash", "amount": "12.50"}],
            "tendered": "20.00"}  # kept with the sale: the replay answers them as placed
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        headers = {**_bearer(client), "Idempotency-Key": "replay-1"}
        first = client.post("/api/v1/sales", json=body, headers=headers)
        assert first.status_code == 201
        sale_id = first.json()["id"]
        voided = client.post(f"/api/v1/sales/{sale_id}/void", json={"reason": "test"}, headers=_bearer(client))
        assert voided.status_code == 200 and voided.json()["status"] == "voided"
        again = client.post("/api/v1/sales", json=body, headers=headers)
    assert again.status_code == 201
    assert again.content == first.content
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["location"] == first.headers["location"] == f"/api/v1/sales/{sale_id}"
    replayed = json.loads(again.content)
    assert replayed["status"] == "completed" and (replayed["tendered"], replayed["change"]) == ("20.00", "7.50")
