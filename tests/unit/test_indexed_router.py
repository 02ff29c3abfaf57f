"""The indexed router answers exactly as Starlette's own would."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import BaseRoute, Mount, Route, Router
from starlette.testclient import TestClient

from techstore.entrypoints.http.routing import IndexedRouter


def _says(text: str):  # type: ignore[no-untyped-def]
    async def endpoint(request: Request) -> PlainTextResponse:
        return PlainTextResponse(f"{text} {dict(request.path_params)}")
    return endpoint


def _routes() -> list[BaseRoute]:
    inner = [Route("/sales", _says("sales")), Route("/sales/{n:int}", _says("sale")),
             Route("/{kind}/count", _says("count")), Route("/users", _says("users"), methods=["POST"])]
    return [Route("/", _says("home")), Mount("/api", app=IndexedRouter(inner)), Route("/a", _says("a")),
            Route("/{page}", _says("page")), Route("/a/b", _says("a/b"))]


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/"), ("GET", "/a"), ("GET", "/a/b"), ("GET", "/about"), ("GET", "/api/sales"),
    ("GET", "/api/sales/7"), ("GET", "/api/sales/x"), ("GET", "/api/users"), ("POST", "/api/users"),
    ("GET", "/api/repairs/count"), ("GET", "/api/sales/count"), ("GET", "/api/nothing"), ("GET", "/a/"),
    ("GET", "/api/sales/"), ("GET", "/x/y/z"),
])
def test_same_answer_as_starlettes_router(method: str, path: str) -> None:
    ours = Starlette()
    ours.router = IndexedRouter(_routes())
    theirs = Starlette(routes=_plain(_routes()))
    answers = []
    for app in (ours, theirs):
        with TestClient(app, follow_redirects=False) as client:
            answer = client.request(method, path)
            answers.append((answer.status_code, answer.text, answer.headers.get("location")))
    assert answers[0] == answers[1]


def _plain(routes: list[BaseRoute]) -> list[BaseRoute]:
    """The same routes, with Starlette's own router inside the mount."""
    return [Mount(r.path, app=Router(r.routes)) if isinstance(r, Mount) else r for r in routes]
