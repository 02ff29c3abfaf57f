"""Idempotency keys on every adapter set: a new key is claimed on its first try, in a process that never
claimed one before (a fresh statement: the executor's first-run path), then made and replayed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from techstore.application.shared.idempotency import ClaimState, KeyedRequest
from techstore.container import Container
from techstore.infrastructure.sqlalchemy.repositories import shared

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
KEYED = KeyedRequest("1 POST /api/v1/sales", "key-1", "f" * 64)


@pytest.fixture(autouse=True)
def fresh_statements(monkeypatch: pytest.MonkeyPatch) -> None:
    """New statement objects, as a new process has: their first run takes the executor's other path."""
    monkeypatch.setattr(shared, "_CLAIM", {name: statement._clone() for name, statement in shared._CLAIM.items()})


def test_a_new_key_is_claimed_made_and_replayed(container: Container) -> None:
    with container.adapters.uow() as uow:
        claim = uow.idempotency_keys.claim(KEYED, NOW)
        uow.commit()
    assert claim.state is ClaimState.CLAIMED and claim.claimed_at == NOW
    with container.adapters.uow() as uow:
        assert uow.idempotency_keys.complete(KEYED, NOW, 42)
        uow.commit()
    with container.adapters.uow() as uow:
        again = uow.idempotency_keys.claim(KEYED, NOW + timedelta(seconds=1))
        uow.commit()
    assert (again.state, again.made) == (ClaimState.DONE, 42)


def test_a_claim_in_flight_is_refused_and_another_request_under_the_key_too(container: Container) -> None:
    with container.adapters.uow() as uow:
        uow.idempotency_keys.claim(KEYED, NOW)
        uow.commit()
    with container.adapters.uow() as uow:
        assert uow.idempotency_keys.claim(KEYED, NOW + timedelta(seconds=1)).state is ClaimState.IN_FLIGHT
        other = KeyedRequest(KEYED.scope, KEYED.key, "0" * 64)
        assert uow.idempotency_keys.claim(other, NOW + timedelta(seconds=1)).state is ClaimState.OTHER_REQUEST
