"""Routes that carry their access rule and, for the API, their declared types.

``ApiRoute`` and ``PageRoute`` wrap the endpoint in the guard for their kind
(bearer token or session cookie) so authorisation happens in one place, and
keep what the OpenAPI document and the access-matrix test read back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Any

import attrs
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route

from techstore.entrypoints.http.access import Access

Endpoint = Callable[[Request], Awaitable[Response]]
Guard = Callable[[Endpoint, Access], Endpoint]


@attrs.frozen
class QueryParam:
    name: str
    schema: dict[str, Any]
    description: str = ""


class ApiRoute(Route):
    def __init__(
        self,
        path: str,
        endpoint: Endpoint,
        *,
        methods: Sequence[str],
        access: Access,
        summary: str,
        guard: Guard,
        request_type: type | None = None,
        response_type: type | None = None,
        status_code: int = 200,
        query: Sequence[QueryParam] = (),
        tags: Sequence[str] = (),
        errors: Sequence[int] = (),
        include_in_schema: bool = True,
        response_media_type: str = "application/json",
    ) -> None:
        self.access = access
        self.summary = summary
        self.request_type = request_type
        self.response_type = response_type
        self.status_code = status_code
        self.query = tuple(query)
        self.tags = tuple(tags)
        self.errors = tuple(errors)
        self.response_media_type = response_media_type
        self.documented = include_in_schema
        super().__init__(
            path,
            guard(endpoint, access),
            methods=list(methods),
            name=endpoint.__name__,
            include_in_schema=include_in_schema,
        )


class PageRoute(Route):
    def __init__(
        self,
        path: str,
        endpoint: Endpoint,
        *,
        methods: Sequence[str] = ("GET",),
        access: Access,
        guard: Guard,
        name: str | None = None,
    ) -> None:
        self.access = access
        super().__init__(
            path, guard(endpoint, access), methods=list(methods), name=name or endpoint.__name__
        )


def walk(routes: Sequence[BaseRoute], prefix: str = "") -> Iterator[tuple[str, BaseRoute]]:
    """Every route with its full path, looking inside mounts."""
    for route in routes:
        if isinstance(route, Mount) and route.routes:
            yield from walk(route.routes, prefix + route.path)
        else:
            yield prefix + getattr(route, "path", ""), route
