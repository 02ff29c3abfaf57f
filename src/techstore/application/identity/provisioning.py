"""Creating users where no one is signed in yet: the first admin, demo data."""

from __future__ import annotations

from techstore.application.identity.ports import IdentityUnitOfWorkFactory, PasswordHasher
from techstore.application.identity.users import add_user
from techstore.domain.identity.users import Role, User
from techstore.domain.shared.clock import Clock


class ProvisionUser:
    """Create a user of any role for a trusted caller (the CLI, demo seeding):
    no acting user is checked, so no HTTP route may reach it. The user obeys
    the same rules as one an admin creates."""

    def __init__(self, uow: IdentityUnitOfWorkFactory, hasher: PasswordHasher, clock: Clock) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock

    def __call__(
        self, username: str, password: str, full_name: str = "Administrator", role: Role = Role.ADMIN
    ) -> User:
        user = User.create(
            username=username,
            full_name=full_name,
            role=role.value,
            password=password,
            hash_password=self._hasher.hash,
            now=self._clock.now(),
        )
        with self._uow() as uow:
            user = add_user(uow, user)
            uow.commit()
        return user

    def exists(self, username: str) -> bool:
        with self._uow(read_only=True) as uow:
            return uow.users.get_by_username(username) is not None
