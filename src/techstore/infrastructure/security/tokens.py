"""Signed access tokens (JWT, HS256, through joserfc) and opaque refresh tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
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
# Access tokens whose signature and claims were checked, kept to answer their next requests: checking an
# HS256 token through joserfc costs about 70 µs, a tenth of an API read's own CPU here (issue 29).
VERIFIED_KEPT = 4096


class JwtTokenService:
    def __init__(self, secret_key: str) -> None:
        self._key = OctKey.import_key(secret_key.encode())
        # Refresh tokens are stored as keyed digests: a leaked table is useless alone.
        self._digest_key = hashlib.sha256(b"refresh-token:" + secret_key.encode()).digest()
        # token -> (its exp, its claims): only a token byte for byte equal to one verified with this key is
        # found here, and its expiry is still checked on every read. Whether its sign-in is still live is
        # not a property of the token: the caller asks the database every time (ADR 0008).
        self._verified: dict[str, tuple[int, AccessClaims]] = {}
        self._verified_lock = threading.Lock()

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
        known = self._verified.get(token)
        if known is not None and int(now.timestamp()) < known[0]:  # joserfc's rule: expired once now >= exp
            return known[1]
        claims = self._verify_access_token(token, now)
        with self._verified_lock:
            if len(self._verified) >= VERIFIED_KEPT:
                del self._verified[next(iter(self._verified))]  # the oldest kept
            self._verified[token] = (int(claims.expires_at.timestamp()), claims)
        return claims

    def _verify_access_token(self, token: str, now: datetime) -> AccessClaims:
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
