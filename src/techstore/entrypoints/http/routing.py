"""Routes that carry their access rule and, for the API, their declared types.

``ApiRoute`` and ``PageRoute`` wrap the endpoint in the guard for their kind
(bearer token or session cookie) so authorisation happens in one place, and
keep what the OpenAPI document and the access-matrix test read back.

Both read integers in paths with the ``id`` convertor (``{x:int}`` is read
as ``{x:id}``), and answer a method no route at the path has with 405 and an
``Allow`` header naming the methods of every route at that path.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from typing import Any, Protocol

import attrs
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Mount, Route, Router, compile_path
from starlette.types import Receive, Scope, Send

from techstore.entrypoints.http import params  # noqa: F401 - registers the "id" path convertor
from techstore.entrypoints.http.access import Access

Endpoint = Callable[[Request], Awaitable[Response]]
# A guard turns a route's endpoint (a plain function of a ``seam.Call``) into Starlette's endpoint.
Guard = Callable[[Any, "PageRoute"], Endpoint]
ApiGuard = Callable[[Any, "ApiRoute"], Endpoint]
MAX_JSON_BODY = 1024 * 1024
MAX_FORM_BODY = 1024 * 1024
_SAFE_METHODS = frozenset({"GET", "HEAD"})
_INT_PARAMETER = re.compile(r"{([a-zA-Z_][a-zA-Z0-9_]*):int}")


class QueryDeclaration(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def schema(self) -> dict[str, Any]: ...
    @property
    def description(self) -> str: ...


@attrs.frozen
class QueryParam:
    """A query parameter the endpoint reads itself (see ``params.IntQuery`` for whole numbers)."""

    name: str
    schema: dict[str, Any]
    description: str = ""


@attrs.frozen
class HeaderParam:
    """A request header the endpoint reads itself (``Idempotency-Key``), declared with the query."""

    name: str
    schema: dict[str, Any]
    description: str = ""
    location: str = "header"


@attrs.frozen
class Link:
    """An OpenAPI link from a route's success answer to the operation ``operation_id``
    (the target endpoint's name), e.g. ``{"user_id": "$response.body#/id"}``."""

    operation_id: str
    parameters: Mapping[str, str] = attrs.field(factory=dict)
    request_body: Any = None
    description: str = ""


def with_ids(path: str) -> str:
    """Every whole number in a path is an id: ``{user_id:int}`` becomes ``{user_id:id}``."""
    return _INT_PARAMETER.sub(r"{\1:id}", path)


@functools.lru_cache(maxsize=1024)
def _path_regex(path: str) -> re.Pattern[str]:
    return compile_path(path)[0]


def allowed_methods(scope: Scope) -> list[str]:
    """The methods of every route of the app whose path matches this request's path."""
    path = scope["path"]
    root = scope.get("app_root_path", "")
    if root and path.startswith(root):
        path = path[len(root):]
    methods: set[str] = set()
    for full_path, route in walk(getattr(scope.get("app"), "routes", ())):
        if isinstance(route, Route) and route.methods and _path_regex(full_path).match(path):
            methods |= route.methods
    return sorted(methods)


class _Route(Route):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.methods and scope["method"] not in self.methods:
            allowed = allowed_methods(scope) or sorted(self.methods)
            detail = f"{scope['method']} is not allowed here; use {', '.join(allowed)}."
            raise HTTPException(405, detail, headers={"Allow": ", ".join(allowed)})
        await super().handle(scope, receive, send)


class ApiRoute(_Route):
    def __init__(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        methods: Sequence[str],
        access: Access,
        summary: str,
        guard: ApiGuard,
        request_type: type | None = None,
        response_type: Any = None,  # a class, or list[class] for a plain list
        status_code: int = 200,
        query: Sequence[QueryDeclaration] = (),
        tags: Sequence[str] = (),
        errors: Sequence[int] = (),
        include_in_schema: bool = True,
        response_media_type: str = "application/json",
        links: Mapping[str, Link] | None = None,
        request_example: Any = None,
        request_media_type: str | None = None,
        request_schema: Mapping[str, Any] | None = None,
        rate_limited: bool = True,
        read_only: bool | None = None,
        pure: bool = False,
        heavy: bool = False,
        structured_body: bool = True,
        max_body: int = MAX_JSON_BODY,
    ) -> None:
        self.access = access
        # Its work only reads: writes are refused, and it may run on the event loop (seam.py).
        # By default a route that only answers GET.
        self.read_only = set(methods) <= _SAFE_METHODS if read_only is None else read_only
        # Answers without any I/O (liveness): no caller, no body, no trip.
        self.pure = pure
        # A long read (a whole export): a worker thread, never the event loop other requests wait on.
        self.heavy = heavy
        # The body is structured into ``request_type`` for the endpoint; False: it reads ``call.raw``.
        self.structured_body = structured_body
        self.max_body = max_body
        # Counted against the API's rate limit (429); health checks and the API's documents are not.
        self.rate_limited = rate_limited
        self.summary = summary
        self.request_type = request_type
        self.response_type = response_type
        self.status_code = status_code
        self.query = tuple(query)
        self.tags = tuple(tags)
        self.errors = tuple(errors)
        self.response_media_type = response_media_type
        self.documented = include_in_schema
        self.links = dict(links or {})
        self.request_example = request_example
        # A body that is not JSON (a CSV file): documented as text of this media type.
        self.request_media_type = request_media_type
        # Stated by hand where JSON Schema must tie one field's limits to another's value.
        self.request_schema = dict(request_schema) if request_schema is not None else None
        super().__init__(
            with_ids(path),
            guard(endpoint, self),
            methods=list(methods),
            name=endpoint.__name__,
            include_in_schema=include_in_schema,
        )


class PageRoute(_Route):
    def __init__(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        methods: Sequence[str] = ("GET",),
        access: Access,
        guard: Guard,
        name: str | None = None,
        read_only: bool | None = None,
        max_body: int = MAX_FORM_BODY,
    ) -> None:
        self.access = access
        # Its work only reads (writes refused); by default a page that only answers GET.
        self.read_only = set(methods) <= _SAFE_METHODS if read_only is None else read_only
        self.max_body = max_body  # a posted form's limit (413 past it); an upload's is larger
        super().__init__(
            with_ids(path), guard(endpoint, self), methods=list(methods), name=name or endpoint.__name__
        )


def walk(routes: Sequence[BaseRoute], prefix: str = "") -> Iterator[tuple[str, BaseRoute]]:
    """Every route with its full path, looking inside mounts."""
    for route in routes:
        if isinstance(route, Mount) and route.routes:
            yield from walk(route.routes, prefix + route.path)
        else:
            yield prefix + getattr(route, "path", ""), route


class IndexedRouter(Router):
    """A router that tries only the routes that can match: those whose path starts with the request's
    first segment (``/sales/…``), and those whose first segment is a parameter, in their declared order.

    Starlette's router tries every route in turn, a regex match each; with a hundred routes under
    ``/api/v1`` a request to one of the last paid for all of them before its own (issue 8). A request
    no candidate answers goes to Starlette's own handling (trailing-slash redirects, 404) unchanged."""

    _index: dict[str, list[BaseRoute]]
    _unindexed: list[BaseRoute]
    _indexed_count = -1

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().app(scope, receive, send)
            return
        scope.setdefault("router", self)
        partial: tuple[BaseRoute, Scope] | None = None
        for route in self._candidates(_route_path(scope)):
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                scope["route"] = route
                scope.update(child_scope)
                await route.handle(scope, receive, send)
                return
            if match is Match.PARTIAL and partial is None:
                partial = route, child_scope
        if partial is not None:  # the path is served, not with this method: the route answers 405
            route, child_scope = partial
            scope["route"] = route
            scope.update(child_scope)
            await route.handle(scope, receive, send)
            return
        await super().app(scope, receive, send)

    def _candidates(self, path: str) -> list[BaseRoute]:
        if self._indexed_count != len(self.routes):
            self._build_index()
        return self._index.get(_first_segment(path), self._unindexed)

    def _build_index(self) -> None:
        firsts = [_first_segment(getattr(route, "path", "")) for route in self.routes]
        self._unindexed = [route for route, first in zip(self.routes, firsts, strict=True) if "{" in first]
        self._index = {
            segment: [route for route, first in zip(self.routes, firsts, strict=True)
                      if first == segment or "{" in first]
            for segment in set(firsts) if "{" not in segment
        }
        self._indexed_count = len(self.routes)


def _route_path(scope: Scope) -> str:
    """The path below the mount this router serves (what Starlette's routes match against)."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root) and path[len(root):len(root) + 1] in ("/", ""):
        return path[len(root):]
    return path


def _first_segment(path: str) -> str:
    return path.split("/", 2)[1] if path.startswith("/") else path
