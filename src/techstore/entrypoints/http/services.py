"""How entrypoints reach the container the app was built with."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from starlette.requests import Request

from techstore.entrypoints.http.threads import workers

if TYPE_CHECKING:  # the container sits above this layer; only its type is named here
    from techstore.container import Container

R = TypeVar("R")


def services(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


async def call(use_case: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """Run a synchronous use case in a worker thread, off the event loop."""
    return await workers.run(use_case, *args, **kwargs)
