"""Creating users where no one is signed in yet: the first admin, demo data."""

from __future__ import annotations

from techstore.application.identity.ports import IdentityUnitOfWorkFactory, PasswordHasher
from techstore.application.identity.validation import FieldProblems
from techstore.domain.identity.rules import full_name_problem, password_problem, username_problem
from techstore.domain.identity.users import Role, User
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import Conflict


class ProvisionUser:
    """Create a user of any role for a trusted caller (the CLI, demo seeding):
    no acting user is checked, so no HTTP route may reach it.
    Rule: the username must be free and the password must follow the rules."""

    def __init__(self, uow: IdentityUnitOfWorkFactory, hasher: PasswordHasher, clock: Clock) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock

    def __call__(
        self, username: str, password: str, full_name: str = "Administrator", role: Role = Role.ADMIN
    ) -> User:
        problems = FieldProblems()
        problems.check("username", username_problem(username))
        problems.check("full_name", full_name_problem(full_name))
        problems.check("password", password_problem(password))
        problems.raise_if_any()
        now = self._clock.now()
        with self._uow() as uow:
            if uow.users.get_by_username(username) is not None:
                raise Conflict(f"The username {username!r} is taken.")
            user = uow.users.add(
                User(
                    id=None,
                    username=username,
                    full_name=full_name,
                    role=role,
                    password_hash=self._hasher.hash(password),
                    is_active=True,
                    created_at=now,
                    updated_at=now,
                )
            )
            uow.commit()
        return user

    def exists(self, username: str) -> bool:
        with self._uow() as uow:
            return uow.users.get_by_username(username) is not None
