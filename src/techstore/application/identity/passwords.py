"""Every user may change their own password."""

from __future__ import annotations

from techstore.application.identity.commands import PasswordChange
from techstore.application.identity.ports import IdentityUnitOfWorkFactory, PasswordHasher, TokenService
from techstore.application.identity.sessions import TokenPair, issue_tokens, revoke_refresh_tokens
from techstore.domain.identity.rules import password_problem
from techstore.domain.identity.users import User
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import AuthenticationFailed, FieldProblems

WRONG_CURRENT_PASSWORD = "does not match your current password"


class ChangeOwnPassword:
    """Rule: the current password must be given; the new one follows the password
    rules. Every session of the user ends, so a stolen session cannot outlive it;
    the caller gets a fresh session in the same transaction (no second sign-in)."""

    def __init__(
        self, uow: IdentityUnitOfWorkFactory, hasher: PasswordHasher, tokens: TokenService, clock: Clock
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._tokens = tokens
        self._clock = clock

    def __call__(self, actor: User, command: PasswordChange) -> TokenPair:
        now = self._clock.now()
        assert actor.id is not None
        with self._uow() as uow:
            user = uow.users.get_for_update(actor.id)
            if user is None or not user.is_active:
                raise AuthenticationFailed("The session has ended; please sign in again.")
            # Both mistakes are reported together, so the form shows every one at once.
            problems = FieldProblems()
            problems.check("new_password", password_problem(command.new_password))
            if not self._hasher.verify(user.password_hash, command.current_password):
                problems.check("current_password", WRONG_CURRENT_PASSWORD)
            problems.raise_if_any()
            user.set_own_password(command.new_password, hash_password=self._hasher.hash, now=now)
            revoke_refresh_tokens(uow, user, now)
            uow.users.update(user)
            pair = issue_tokens(uow, self._tokens, user, now)
            uow.commit()
        return pair
