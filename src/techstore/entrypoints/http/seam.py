"""The one request seam: where an endpoint's work runs, and what it is handed.

An endpoint is a plain synchronous function of one ``Call`` (the request's
inputs, already checked: the caller, the structured body or the form, the
path and query) returning a response. It never names threads, greenlets or
the event loop. The API's and the pages' guards (``api/guard.py``,
``web/guard.py``) read what must be read on the loop (the body, within its
limits) and then hand one function to ``run``, which:

- runs it on the event loop when the route only reads and the adapters can
  (``loop_reads``: PostgreSQL under the app's lifespan) and nothing in it
  waits on other I/O (a rate limit kept in Redis);
- runs it otherwise in one worker thread, inside the adapters' request scope,
  so its read-only units of work share one connection: one trip, one
  connection, however many use cases the request touches.

A route that only reads runs with writes refused (``reading_only``) on every
adapter set, so a GET that writes fails in the memory and SQLite suites, not
only under PostgreSQL's loop reads. Domain errors raised by the work reach
the app's exception handlers (``entrypoints/errors.py``), which map them.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import attrs
from starlette.datastructures import FormData, QueryParams
from starlette.requests import Request

from techstore.application.shared.unit_of_work import reading_only
from techstore.domain.identity.users import User
from techstore.entrypoints.http.threads import workers

if TYPE_CHECKING:  # the container sits above this layer; only its type is named here
    from techstore.container import Container

R = TypeVar("R")


class LoopReads(Protocol):
    async def run(self, work: Callable[[], R]) -> R: ...


@attrs.frozen
class Call:
    """What an endpoint is given: the request's inputs, read and checked by its guard."""

    request: Request
    services: Container
    caller: User | None = None
    body: Any = None  # the route's declared request type, structured (API)
    raw: bytes = b""  # the body as sent, when the route reads it itself (a CSV upload)
    form: FormData = attrs.field(factory=FormData)  # the posted form (pages)

    @property
    def user(self) -> User:
        """The signed-in caller of a route that requires one (its guard saw to it)."""
        assert self.caller is not None, "route declared PUBLIC but needs a user"
        return self.caller

    def path(self, name: str) -> Any:
        return self.request.path_params[name]

    @property
    def query(self) -> QueryParams:
        return self.request.query_params

    def field(self, name: str) -> str:
        """A posted text field, or "" when missing (files are not text)."""
        value = self.form.get(name)
        return value if isinstance(value, str) else ""

    def fields(self) -> dict[str, str]:
        """The posted text fields."""
        return {name: value for name, value in self.form.items() if isinstance(value, str)}


Endpoint = Callable[[Call], Any]


def services(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


async def run(request: Request, work: Callable[[], R], *, read_only: bool, on_loop: bool) -> R:
    """``work()`` for this request: on the loop when ``on_loop`` and the adapters can, else in one
    worker thread (see the module's rules); with writes refused throughout when ``read_only``."""
    container = services(request)
    if on_loop:
        # Set by the app's lifespan on the loop it serves (None on adapters without it).
        loop_reads: LoopReads | None = request.scope.get("state", {}).get("loop_reads")
        if loop_reads is not None:
            return await loop_reads.run(lambda: _guarded(work, read_only))

    def in_thread() -> R:
        with container.adapters.shared_reads():
            return _guarded(work, read_only)

    return await workers.run(in_thread)


def _guarded(work: Callable[[], R], read_only: bool) -> R:
    with reading_only() if read_only else nullcontext():
        return work()
