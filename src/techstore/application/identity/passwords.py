"""Every user may change their own password."""

from __future__ import annotations

from techstore.application.identity.commands import ChangePasswordCommand
from techstore.application.identity.ports import IdentityUnitOfWorkFactory, PasswordHasher
from techstore.application.identity.sessions import end_all_sessions
from techstore.application.identity.validation import FieldProblems
from techstore.domain.identity.rules import password_problem
from techstore.domain.identity.users import User
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import AuthenticationFailed


class ChangeOwnPassword:
    """Rule: the current password must be given; the new one follows the password
    rules. Every session of the user ends, so a stolen session cannot outlive it."""

    def __init__(self, uow: IdentityUnitOfWorkFactory, hasher: PasswordHasher, clock: Clock) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock

    def __call__(self, actor: User, command: ChangePasswordCommand) -> None:
        problems = FieldProblems()
        problems.check("new_password", password_problem(command.new_password))
        now = self._clock.now()
        with self._uow() as uow:
            assert actor.id is not None
            user = uow.users.get_for_update(actor.id)
            if user is None or not user.is_active:
                raise AuthenticationFailed("The session has ended; please sign in again.")
            if not self._hasher.verify(user.password_hash, command.current_password):
                problems.check("current_password", "does not match your current password")
            problems.raise_if_any()
            user.password_hash = self._hasher.hash(command.new_password)
            end_all_sessions(uow, user, now)
            user.updated_at = now
            uow.users.update(user)
            uow.commit()
