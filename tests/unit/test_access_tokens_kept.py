"""Access tokens verified once are kept for their next requests (``JwtTokenService``, issue 29): keeping
them must never let through a token that a full check would refuse."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from techstore.domain.identity.sessions import ACCESS_TOKEN_LIFETIME
from techstore.domain.identity.users import Role, User
from techstore.domain.shared.errors import AuthenticationFailed
from techstore.infrastructure.security import tokens
from techstore.infrastructure.security.tokens import JwtTokenService

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
SECRET = "a-secret-of-forty-characters-for-tests!!"


def _user(user_id: int = 7) -> User:
    return User(id=user_id, username=f"user{user_id}", full_name="A User", role=Role.ADMIN, password_hash="x",
                is_active=True, created_at=NOW, updated_at=NOW, token_version=3)


def test_a_kept_token_still_expires_at_its_exp() -> None:
    service = JwtTokenService(SECRET)
    token = service.issue_access_token(_user(), NOW, "family")
    assert service.read_access_token(token, NOW).user_id == 7
    last_second = NOW + ACCESS_TOKEN_LIFETIME - timedelta(seconds=1)
    assert service.read_access_token(token, last_second).token_version == 3
    for later in (NOW + ACCESS_TOKEN_LIFETIME, NOW + ACCESS_TOKEN_LIFETIME + timedelta(days=1)):
        with pytest.raises(AuthenticationFailed):
            service.read_access_token(token, later)


def test_a_token_altered_or_signed_with_another_key_is_refused_though_the_original_was_read() -> None:
    service = JwtTokenService(SECRET)
    token = service.issue_access_token(_user(), NOW, "family")
    service.read_access_token(token, NOW)
    head, claims, signature = token.split(".")
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    with pytest.raises(AuthenticationFailed):
        service.read_access_token(f"{head}.{claims}.{flipped}", NOW)
    with pytest.raises(AuthenticationFailed):
        JwtTokenService(SECRET.upper()).read_access_token(token, NOW)  # another store's key
    assert service.read_access_token(token, NOW).session_id == "family"


def test_the_tokens_kept_are_bounded_and_every_token_still_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "VERIFIED_KEPT", 4)
    service = JwtTokenService(SECRET)
    issued = [service.issue_access_token(_user(n), NOW, f"family-{n}") for n in range(1, 11)]
    for _ in range(2):
        assert [service.read_access_token(token, NOW).user_id for token in issued] == list(range(1, 11))
    assert len(service._verified) <= 4
