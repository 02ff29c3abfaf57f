"""Login sessions: a short-lived access token and a rotating refresh token."""

from __future__ import annotations

import secrets
from datetime import datetime

import attrs

from techstore.application.identity.ports import IdentityUnitOfWork, TokenService
from techstore.domain.identity.sessions import (
    ACCESS_TOKEN_LIFETIME,
    REFRESH_TOKEN_LIFETIME,
    RefreshToken,
)
from techstore.domain.identity.users import User


@attrs.frozen
class TokenPair:
    access_token: str = attrs.field(repr=False)
    refresh_token: str = attrs.field(repr=False)
    expires_in: int
    user: User
    # The sign-in this pair belongs to (the refresh-token family); pages bind CSRF tokens to it.
    session_id: str = attrs.field(repr=False)


def revoke_refresh_tokens(uow: IdentityUnitOfWork, user: User, now: datetime) -> None:
    """The second half of ending a user's sessions: ``User.end_sessions`` ends
    their access tokens (through the version they carry), this their refresh tokens."""
    assert user.id is not None
    uow.refresh_tokens.revoke_all_for_user(user.id, now)


def issue_tokens(
    uow: IdentityUnitOfWork,
    tokens: TokenService,
    user: User,
    now: datetime,
    family_id: str | None = None,
) -> TokenPair:
    """Store a new refresh token (in a new family unless continuing one) and sign an access token."""
    assert user.id is not None
    secret = tokens.new_refresh_secret()
    family_id = family_id or secrets.token_hex(16)
    uow.refresh_tokens.add(
        RefreshToken(
            id=None,
            user_id=user.id,
            family_id=family_id,
            token_hash=tokens.digest(secret),
            issued_at=now,
            expires_at=now + REFRESH_TOKEN_LIFETIME,
        )
    )
    return TokenPair(
        access_token=tokens.issue_access_token(user, now, family_id),
        refresh_token=secret,
        expires_in=int(ACCESS_TOKEN_LIFETIME.total_seconds()),
        user=user,
        session_id=family_id,
    )
