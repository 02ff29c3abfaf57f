"""Admins manage users: create, list, change role, deactivate, reset passwords."""

from __future__ import annotations

from collections.abc import Sequence

from techstore.application.identity.commands import CreateUserCommand, UpdateUserCommand
from techstore.application.identity.ports import IdentityUnitOfWorkFactory, PasswordHasher
from techstore.application.identity.sessions import end_all_sessions
from techstore.application.identity.validation import FieldProblems
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.identity.rules import (
    full_name_problem,
    password_problem,
    role_problem,
    username_problem,
)
from techstore.domain.identity.users import Role, User, require_admin
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import Conflict, NotFound

LAST_ADMIN = "The last active admin cannot be deactivated or demoted."


class ListUsers:
    def __init__(self, uow: IdentityUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, page: PageRequest) -> Page[User]:
        require_admin(actor)
        with self._uow() as uow:
            return uow.users.list(page)


class GetUser:
    def __init__(self, uow: IdentityUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, user_id: int) -> User:
        require_admin(actor)
        with self._uow() as uow:
            user = uow.users.get(user_id)
        if user is None:
            raise NotFound(f"User {user_id} does not exist.")
        return user


class CreateUser:
    """Admins create users. Rule: usernames are unique case-insensitively (409)."""

    def __init__(self, uow: IdentityUnitOfWorkFactory, hasher: PasswordHasher, clock: Clock) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock

    def __call__(self, actor: User, command: CreateUserCommand) -> User:
        require_admin(actor)
        problems = FieldProblems()
        problems.check("username", username_problem(command.username))
        problems.check("full_name", full_name_problem(command.full_name))
        problems.check("role", role_problem(command.role))
        problems.check("password", password_problem(command.password))
        problems.raise_if_any()
        now = self._clock.now()
        user = User(
            id=None,
            username=command.username,
            full_name=command.full_name.strip(),
            role=Role(command.role),
            password_hash=self._hasher.hash(command.password),
            is_active=True,
            created_at=now,
            updated_at=now,
        )
        with self._uow() as uow:
            if uow.users.get_by_username(command.username) is not None:
                raise Conflict(f"The username {command.username!r} is taken.")
            user = uow.users.add(user)
            uow.commit()
        return user


class UpdateUser:
    """Admins change a user's name, role, active flag or password.

    Rules: the last active admin cannot be deactivated or demoted (409);
    deactivating a user or resetting their password ends their sessions.
    """

    def __init__(self, uow: IdentityUnitOfWorkFactory, hasher: PasswordHasher, clock: Clock) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock

    def __call__(self, actor: User, command: UpdateUserCommand) -> User:
        require_admin(actor)
        self._validate(command)
        now = self._clock.now()
        with self._uow() as uow:
            removes_an_admin = self._may_remove_an_admin(command)
            # Lock order: active admins (by id), then the user; the same in every use case.
            admins = uow.users.lock_active_admins() if removes_an_admin else ()
            user = uow.users.get_for_update(command.user_id)
            if user is None:
                raise NotFound(f"User {command.user_id} does not exist.")
            if user.is_active_admin and removes_an_admin:
                self._keep_one_admin(admins, user)
            self._apply(user, command)
            if command.is_active is False or command.password is not None:
                end_all_sessions(uow, user, now)
            user.updated_at = now
            uow.users.update(user)
            uow.commit()
        return user

    @staticmethod
    def _validate(command: UpdateUserCommand) -> None:
        problems = FieldProblems()
        if command.full_name is not None:
            problems.check("full_name", full_name_problem(command.full_name))
        if command.role is not None:
            problems.check("role", role_problem(command.role))
        if command.password is not None:
            problems.check("password", password_problem(command.password))
        problems.raise_if_any()

    @staticmethod
    def _may_remove_an_admin(command: UpdateUserCommand) -> bool:
        demoted = command.role is not None and command.role != Role.ADMIN.value
        return demoted or command.is_active is False

    @staticmethod
    def _keep_one_admin(active_admins: Sequence[int], user: User) -> None:
        if not [i for i in active_admins if i != user.id]:
            raise Conflict(LAST_ADMIN)

    def _apply(self, user: User, command: UpdateUserCommand) -> None:
        if command.full_name is not None:
            user.full_name = command.full_name.strip()
        if command.role is not None:
            user.role = Role(command.role)
        if command.is_active is not None:
            user.is_active = command.is_active
        if command.password is not None:
            user.password_hash = self._hasher.hash(command.password)
