"""Liveness and readiness (API.md, "Health")."""

from __future__ import annotations

from typing import Literal

import attrs
from starlette.responses import Response

from techstore.entrypoints.api.guard import Api
from techstore.entrypoints.api.responses import json_response
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.seam import Call


@attrs.frozen
class HealthOut:
    status: Literal["ok"]


@attrs.frozen
class ReadinessOut:
    status: Literal["ok", "unavailable"]
    database: Literal["ok", "unreachable"]


# Liveness answers the same bytes every time: built once (load balancers ask often; issue 29).
_ALIVE = json_response(HealthOut("ok")).body


def health(call: Call) -> Response:
    return Response(_ALIVE, media_type="application/json")


def readiness(call: Call) -> Response:
    if call.services.check_readiness()():
        return json_response(ReadinessOut("ok", "ok"))
    return json_response(ReadinessOut("unavailable", "unreachable"), status_code=503)


routes = [
    Api("/health", health, methods=["GET"], access=Access.PUBLIC,
             summary="The process is alive", response_type=HealthOut, tags=["health"], rate_limited=False,
             pure=True),
    Api("/health/ready", readiness, methods=["GET"], access=Access.PUBLIC,
             summary="The database is reachable (503 when not)", response_type=ReadinessOut,
             tags=["health"], errors=[503], rate_limited=False),
]
