"""``Idempotency-Key`` on the creating endpoints of the sales context (sales, returns)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import msgspec
from starlette.responses import Response

from techstore.application.shared.idempotency import KEY_MAX_LENGTH, Answer, KeyedRequest, Outcome
from techstore.entrypoints.api.responses import json_response
from techstore.entrypoints.http.converter import converter
from techstore.entrypoints.http.json_body import parse_json
from techstore.entrypoints.http.routing import HeaderParam
from techstore.entrypoints.http.seam import Call

T = TypeVar("T")
_encode = msgspec.json.Encoder().encode

IDEMPOTENCY_KEY = HeaderParam(
    "Idempotency-Key",
    {"type": "string", "minLength": 1, "maxLength": KEY_MAX_LENGTH, "pattern": "^[!-~]([ -~]*[!-~])?$"},
    "A fresh key per attempt (a UUID, say): a retry with the same key and body replays the first answer "
    "(header Idempotent-Replayed: true) and never sells or refunds twice; "
    "the same key with another body is refused (422); a key whose request is still running gets 409. "
    "Keys live 24 hours.",
)


def fingerprint(raw: bytes) -> str:
    """The sha256 of the body as JSON in one canonical form (key order and spacing do not matter)."""
    canonical = json.dumps(parse_json(raw), sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class Keyed(Protocol):
    """A use case that makes something at most once per key (``PlaceSale``, ``MakeReturn``)."""

    def remember(self, request: KeyedRequest, answer: Answer) -> None: ...


def keyed_answer(use_case: Keyed, outcome: Outcome[T], keyed: KeyedRequest, *,
                 render: Callable[[T], Any], read: Callable[[int], T], location: Callable[[int], str]) -> Response:
    """201 with what was made now (its answer remembered on the key), or a retry's replay: the first
    answer byte for byte (or, had it never been remembered, what was made, as it now stands)."""
    headers = {"Location": location(outcome.made)} if outcome.made else {}
    if not outcome.replayed:
        assert outcome.value is not None
        body = _encode(converter.unstructure(render(outcome.value)))
        use_case.remember(keyed, Answer(201, body.decode()))
        return Response(body, status_code=201, headers=headers, media_type="application/json")
    headers["Idempotent-Replayed"] = "true"
    if outcome.answer is not None:
        return Response(outcome.answer.body, status_code=outcome.answer.status, headers=headers,
                        media_type="application/json")
    return json_response(render(read(outcome.made)), status_code=201, headers=headers)


def keyed_request(call: Call, key: str) -> KeyedRequest:
    """The attempt: who asked what (user, method, path), the client's key, the body's fingerprint."""
    return KeyedRequest(f"{call.user.id} POST {call.request.url.path}", key, fingerprint(call.raw))
