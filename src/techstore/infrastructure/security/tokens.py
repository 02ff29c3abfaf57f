"""Signed access tokens (JWT, HS256, through joserfc) and opaque refresh tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey

from techstore.application.identity.ports import AccessClaims
from techstore.domain.identity.sessions import ACCESS_TOKEN_LIFETIME, SECOND_STEP_LIFETIME
from techstore.domain.identity.users import User
from techstore.domain.shared.errors import AuthenticationFailed

ALGORITHM = "HS256"
ISSUER = "techstore"
AUDIENCE = "techstore-api"
INVALID = "The access token is missing, invalid or expired."
# A half-done sign-in (password right, one-time code to come) is a token of its own audience: it can
# never pass for an access token, nor an access token for it.
SECOND_STEP_AUDIENCE = "techstore-second-step"
SECOND_STEP_EXPIRED = "The sign-in took too long or is not valid; please start again."


class JwtTokenService:
    def __init__(self, secret_key: str) -> None:
        self._key = OctKey.import_key(secret_key.encode())
        # Refresh tokens are stored as keyed digests: a leaked table is useless alone.
        self._digest_key = hashlib.sha256(b"refresh-token:" + secret_key.encode()).digest()

    def issue_access_token(self, user: User, now: datetime, session_id: str) -> str:
        issued = int(now.timestamp())
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": str(user.id),
            "role": user.role.value,
            "ver": user.token_version,
            "sid": session_id,
            "iat": issued,
            "exp": issued + int(ACCESS_TOKEN_LIFETIME.total_seconds()),
            "jti": secrets.token_hex(8),
        }
        return jwt.encode({"alg": ALGORITHM}, claims, self._key, algorithms=[ALGORITHM])

    def read_access_token(self, token: str, now: datetime) -> AccessClaims:
        try:
            decoded = jwt.decode(token, self._key, algorithms=[ALGORITHM])
            # decode() checks only the signature: expiry and audience are checked here.
            jwt.JWTClaimsRegistry(
                now=int(now.timestamp()),
                iss={"essential": True, "value": ISSUER},
                aud={"essential": True, "value": AUDIENCE},
                sub={"essential": True},
                exp={"essential": True},
            ).validate(decoded.claims)
            user_id = int(decoded.claims["sub"])
            version = decoded.claims["ver"]
            session_id = decoded.claims["sid"]
            if type(version) is not int or type(session_id) is not str:
                raise ValueError("ver or sid")
        except (JoseError, ValueError, TypeError, KeyError):
            raise AuthenticationFailed(INVALID) from None
        return AccessClaims(
            user_id=user_id,
            token_version=version,
            expires_at=datetime.fromtimestamp(decoded.claims["exp"], UTC),
            session_id=session_id,
        )

    def new_refresh_secret(self) -> str:
        return secrets.token_urlsafe(32)

    def digest(self, secret: str) -> str:
        return hmac.new(self._digest_key, secret.encode(), hashlib.sha256).hexdigest()

    def issue_second_step(self, user: User, now: datetime) -> str:
        issued = int(now.timestamp())
        claims = {
            "iss": ISSUER,
            "aud": SECOND_STEP_AUDIENCE,
            "sub": str(user.id),
            "ver": user.token_version,
            "iat": issued,
            "exp": issued + int(SECOND_STEP_LIFETIME.total_seconds()),
        }
        return jwt.encode({"alg": ALGORITHM}, claims, self._key, algorithms=[ALGORITHM])

    def read_second_step(self, token: str, now: datetime) -> tuple[int, int]:
        try:
            decoded = jwt.decode(token, self._key, algorithms=[ALGORITHM])
            jwt.JWTClaimsRegistry(
                now=int(now.timestamp()),
                iss={"essential": True, "value": ISSUER},
                aud={"essential": True, "value": SECOND_STEP_AUDIENCE},
                sub={"essential": True},
                exp={"essential": True},
            ).validate(decoded.claims)
            user_id = int(decoded.claims["sub"])
            version = decoded.claims["ver"]
            if type(version) is not int:
                raise ValueError("ver")
        except (JoseError, ValueError, TypeError, KeyError):
            raise AuthenticationFailed(SECOND_STEP_EXPIRED) from None
        return user_id, version
