"""The Starlette application, built by a factory from the container."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

import anyio.to_thread
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from techstore.entrypoints.api import docs, health
from techstore.entrypoints.errors import exception_handlers, unexpected_error
from techstore.entrypoints.http import threads
from techstore.entrypoints.http.logging import configure_logging
from techstore.entrypoints.http.middleware import (
    RequestContextMiddleware,
)
from techstore.entrypoints.http.routing import IndexedRouter
from techstore.entrypoints.web.templates import STATIC_DIR, templates_for

if TYPE_CHECKING:
    from techstore.container import Container
    from techstore.container.contexts import Context


# Every context's routes, from the one list of contexts (container/contexts.py) the container holds.
def api_v1_routes(contexts: Sequence[Context]) -> list[BaseRoute]:
    return [docs.openapi_route, *(route for context in contexts for route in context.api)]


def page_routes(contexts: Sequence[Context]) -> list[BaseRoute]:
    return [route for context in contexts for route in context.pages]


def create_app(container: Container) -> Starlette:
    settings = container.settings()
    configure_logging(settings.log_level)
    threads.workers.size(settings.worker_threads)  # use cases run there, as many at once as the pool holds

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, object]]:
        # Starlette's own thread work (static files) is held to the same number.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        # Everything loaded so far (modules, tables, templates) lives as long as the process: out of the
        # collector's sight, a full collection no longer walks it while requests wait (their p99).
        gc.freeze()
        # Read-only API requests run on this loop from now on. Every request this loop serves carries
        # it in its state; a request on another loop (a test client without its lifespan) does not.
        loop_reads = container.adapters.loop_reads()
        loop_rate_limit = None
        if loop_reads is not None:
            await loop_reads.start()
            # A rate limit kept in Redis gets a client of this loop's, so those reads stay here too.
            loop_rate_limit = container.rate_limit().on_loop()
        yield {"loop_reads": loop_reads, "loop_rate_limit": loop_rate_limit}
        if loop_rate_limit is not None:
            await loop_rate_limit.close()
        if loop_reads is not None:
            await loop_reads.stop()
        container.shutdown_resources()
        gc.unfreeze()  # what this app held may be collected again (tests build many apps in one process)

    routes: list[BaseRoute] = [
        *health.routes,
        Mount("/api/v1", app=IndexedRouter(api_v1_routes(container.contexts()))),
        docs.docs_route(templates_for(settings.locale)),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
        *page_routes(container.contexts()),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(RequestContextMiddleware, on_error=unexpected_error, production=settings.is_production),
        ],
        exception_handlers=exception_handlers,
        lifespan=lifespan,
    )
    # Requests try only the routes their first path segment can reach (routing.IndexedRouter).
    app.router = IndexedRouter(routes, lifespan=lifespan)
    app.state.container = container
    app.state.settings = settings
    app.state.openapi = None
    return app
