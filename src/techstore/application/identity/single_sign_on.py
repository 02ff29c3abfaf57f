"""Signing in through an OpenID Connect provider: its verified email names an active user.

The protocol (redirects, state, nonce, PKCE, the ID token's signature) is the web edge's business
(``entrypoints/web/single_sign_on.py``); this use case only decides whom the provider's answer signs in.
No account is ever created by signing in: an admin gives a user their email first.
"""

from __future__ import annotations

from techstore.application.identity.ports import IdentityUnitOfWorkFactory, TokenService
from techstore.application.identity.sessions import TokenPair, issue_tokens
from techstore.application.shared import security_events as events
from techstore.application.shared.security_events import NoSecurityEvents, SecurityEvents
from techstore.domain.identity.rules import EMAIL_MAX_LENGTH
from techstore.domain.identity.users import email_key
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import AuthenticationFailed

NO_ACTIVE_USER = "No active user has that email."
UNVERIFIED_EMAIL = "The provider has not verified that email."


class SignInByEmail:
    """Issue a session, as a password sign-in does, to the active user whose email the provider vouches for.

    Rules: the provider must have verified the email (``email_verified`` true), else it proves nothing; the
    email must be an active user's (case-insensitively). Refusals are security events, naming the account
    only when it exists (never the email, which is personal data)."""

    def __init__(self, uow: IdentityUnitOfWorkFactory, tokens: TokenService, clock: Clock,
                 events: SecurityEvents | None = None) -> None:
        self._uow = uow
        self._tokens = tokens
        self._clock = clock
        self._events = events or NoSecurityEvents()

    def __call__(self, email: str | None, *, verified: bool, address: str) -> TokenPair:
        key = email_key(email) if email is not None and len(email) <= EMAIL_MAX_LENGTH else None
        if key is None:
            self._refused("no_email", None, address)
            raise AuthenticationFailed(NO_ACTIVE_USER)
        if not verified:
            self._refused("unverified_email", None, address)
            raise AuthenticationFailed(UNVERIFIED_EMAIL)
        with self._uow() as uow:
            user = uow.users.get_by_email(key)
            if user is None or not user.is_active:
                target = None if user is None else f"user:{user.id}"
                self._refused("unknown_email" if user is None else "inactive_user", target, address)
                raise AuthenticationFailed(NO_ACTIVE_USER)
            pair = issue_tokens(uow, self._tokens, user, self._clock.now())
            uow.commit()
        return pair

    def _refused(self, reason: str, target: str | None, address: str) -> None:
        self._events.record(events.SIGN_IN_FAILED, actor_id=None, target=target, reason=reason,
                            address=address, method="single_sign_on")
