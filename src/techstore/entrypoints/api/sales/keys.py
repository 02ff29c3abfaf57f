"""``Idempotency-Key`` on the creating endpoints of the sales context (sales, returns)."""

from __future__ import annotations

import hashlib
import json

from techstore.application.shared.idempotency import KEY_MAX_LENGTH
from techstore.entrypoints.http.json_body import parse_json
from techstore.entrypoints.http.routing import HeaderParam

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
