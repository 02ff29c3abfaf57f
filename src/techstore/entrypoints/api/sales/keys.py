"""``Idempotency-Key`` on the creating endpoints of the sales context (sales, returns, parked sales)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from starlette.responses import Response

from techstore.application.shared.idempotency import KEY_MAX_LENGTH, KeyedRequest, Outcome
from techstore.entrypoints.api.responses import json_response
from techstore.entrypoints.http.json_body import parse_json
from techstore.entrypoints.http.routing import HeaderParam
from techstore.entrypoints.http.seam import Call

T = TypeVar("T")

_KEY_SCHEMA = {"type": "string", "minLength": 1, "maxLength": KEY_MAX_LENGTH, "pattern": "^[!-~]([ -~]*[!-~])?$"}
_KEY_RULES = ("the same key with another body is refused (422); a key whose request is still running gets 409. "
              "Keys live 24 hours.")
IDEMPOTENCY_KEY = HeaderParam(
    "Idempotency-Key", _KEY_SCHEMA,
    "A fresh key per attempt (a UUID, say): a retry with the same key and body replays the first answer "
    "(header Idempotent-Replayed: true) and never sells or refunds twice; " + _KEY_RULES,
)
PARK_IDEMPOTENCY_KEY = HeaderParam(
    "Idempotency-Key", _KEY_SCHEMA,
    "A fresh key per attempt (a UUID, say): a retry with the same key and body (a double click) replays the "
    "first answer (header Idempotent-Replayed: true) and never parks the cart twice; once that parked sale was "
    "resumed or dropped, a retry gets 409 and parks nothing; " + _KEY_RULES,
)


def fingerprint(raw: bytes) -> str:
    """The sha256 of the body as JSON in one canonical form (key order and spacing do not matter), without an
    approver's password: a fast unsalted hash of it must never be stored."""
    body = parse_json(raw)
    if isinstance(body, dict) and isinstance(body.get("approval"), dict):
        body = {**body, "approval": {k: v for k, v in body["approval"].items() if k != "password"}}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def keyed_answer(outcome: Outcome[T], *, render: Callable[[T], Any], read: Callable[[int], T],
                 location: Callable[[int], str]) -> Response:
    """201 with what was made now, or a retry's replay: what the first attempt made, as it was made (the
    first answer byte for byte; ``read`` gives it back as it was made)."""
    made = outcome.value if not outcome.replayed else read(outcome.made)
    assert made is not None
    headers = {"Location": location(outcome.made)}
    if outcome.replayed:
        headers["Idempotent-Replayed"] = "true"
    return json_response(render(made), status_code=201, headers=headers)


def keyed_request(call: Call, key: str) -> KeyedRequest:
    """The attempt: who asked what (user, method, path), the client's key, the body's fingerprint."""
    return KeyedRequest(f"{call.user.id} POST {call.request.url.path}", key, fingerprint(call.raw))
