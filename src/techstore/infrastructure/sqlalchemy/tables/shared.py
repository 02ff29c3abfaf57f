"""Tables every context may use: gap-free counters and idempotency keys."""

from sqlalchemy import Column, Integer, PrimaryKeyConstraint, String, Table

from techstore.infrastructure.sqlalchemy.metadata import metadata
from techstore.infrastructure.sqlalchemy.types import UTCDateTime

# One row per sequence (``sale``, later ``return``, ``repair``); made on first use.
counters = Table(
    "counters",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("value", Integer, nullable=False),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("scope", String(200), nullable=False),  # who asked what: user id, method, path
    Column("key", String(200), nullable=False),
    Column("fingerprint", String(64), nullable=False),  # sha256 of the canonical request body
    Column("state", String(16), nullable=False),  # in_flight, or made (its operation committed)
    Column("made", Integer, nullable=True),  # the id of what the operation made, set in its transaction
    Column("created_at", UTCDateTime, nullable=False),  # the first claim: the key lives 24 h from it
    Column("claimed_at", UTCDateTime, nullable=False),  # the current claim (a takeover renews it)
    PrimaryKeyConstraint("scope", "key", name="pk_idempotency_keys"),
)
