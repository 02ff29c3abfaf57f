"""Admins manage users: create, list, change role, deactivate, reset passwords."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from techstore.application.identity.commands import NewUser, UserChanges
from techstore.application.identity.ports import IdentityUnitOfWork, IdentityUnitOfWorkFactory, PasswordHasher
from techstore.application.identity.sessions import revoke_refresh_tokens
from techstore.application.shared import security_events as events
from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import Page, PageRequest
from techstore.application.shared.security_events import NoSecurityEvents, SecurityEvents
from techstore.domain.identity import two_step
from techstore.domain.identity.users import User, removes_an_admin, require_admin
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import Conflict, NotFound

LAST_ADMIN = "The last active admin cannot be deactivated or demoted."


def username_taken(username: str) -> Conflict:
    return Conflict(f"The username {username!r} is taken.", field="username")


def email_taken(email: str | None) -> Conflict:
    return Conflict(f"Another user already has the email {email}.", field="email")


def _taken(key: str, user: User) -> Conflict:
    return email_taken(user.email) if key == "email" else username_taken(user.username)


def _check_email_free(uow: IdentityUnitOfWork, user: User) -> None:
    if user.email is None:
        return
    holder = uow.users.get_by_email(user.email)
    if holder is not None and holder.id != user.id:
        raise email_taken(user.email)


def add_user(uow: IdentityUnitOfWork, user: User) -> User:
    """Store a new user. Rule: usernames, and emails when given, are unique case-insensitively (409)."""
    if uow.users.get_by_username(user.username) is not None:
        raise username_taken(user.username)
    _check_email_free(uow, user)
    try:
        return uow.users.add(user)
    except DuplicateKey as error:  # taken by a concurrent request since the checks above
        raise _taken(error.key, user) from None


class ListUsers:
    def __init__(self, uow: IdentityUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, page: PageRequest) -> Page[User]:
        require_admin(actor)
        with self._uow(read_only=True) as uow:
            return uow.users.list(page)


class GetUser:
    def __init__(self, uow: IdentityUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, user_id: int) -> User:
        require_admin(actor)
        with self._uow(read_only=True) as uow:
            user = uow.users.get(user_id)
        if user is None:
            raise NotFound(f"User {user_id} does not exist.")
        return user


class GetUserName:
    """A colleague's full name, for anyone signed in: receipts and ledgers name who did what.
    Only the name: the rest of a user's record is for admins (``GetUser``)."""

    def __init__(self, uow: IdentityUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, user_id: int) -> str:
        if actor.id == user_id:
            return actor.full_name
        with self._uow(read_only=True) as uow:
            user = uow.users.get(user_id)
        if user is None:
            raise NotFound(f"User {user_id} does not exist.")
        return user.full_name


class GetUserNames:
    """The names of the colleagues a page lists (who opened a drawer, who moved a repair on), for anyone
    signed in, in one statement for the whole page. An id of no user reads "user <id>"."""

    def __init__(self, uow: IdentityUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, user_ids: Collection[int]) -> dict[int, str]:
        wanted = {i for i in user_ids if i != actor.id}
        names: dict[int, str] = {}
        if wanted:
            with self._uow(read_only=True) as uow:
                names = uow.users.names(wanted)
        if actor.id is not None and actor.id in set(user_ids):
            names[actor.id] = actor.full_name or actor.username
        return {i: names.get(i, f"user {i}") for i in user_ids}


class CreateUser:
    """Admins create users of either role."""

    def __init__(self, uow: IdentityUnitOfWorkFactory, hasher: PasswordHasher, clock: Clock,
                 events: SecurityEvents | None = None) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock
        self._events = events or NoSecurityEvents()

    def __call__(self, actor: User, command: NewUser) -> User:
        require_admin(actor)
        user = User.create(
            username=command.username,
            full_name=command.full_name,
            role=command.role,
            password=command.password,
            hash_password=self._hasher.hash,
            now=self._clock.now(),
            email=command.email,
        )
        with self._uow() as uow:
            user = add_user(uow, user)
            uow.commit()
        self._events.record(events.USER_CREATED, actor_id=actor.id, target=f"user:{user.id}", role=user.role.value)
        return user


class UpdateUser:
    """Admins change a user's name, role, active flag or password, or reset their two-step sign-in.

    Rules: the last active admin cannot be deactivated or demoted (409); an email another user has is
    refused (409 naming "email");
    deactivating a user or resetting their password ends their sessions.
    Role changes, deactivations, reactivations and resets are security events.
    """

    def __init__(self, uow: IdentityUnitOfWorkFactory, hasher: PasswordHasher, clock: Clock,
                 events: SecurityEvents | None = None) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock
        self._events = events or NoSecurityEvents()

    def __call__(self, actor: User, user_id: int, changes: UserChanges) -> User:
        require_admin(actor)
        now = self._clock.now()
        may_remove_an_admin = removes_an_admin(role=changes.role, is_active=changes.is_active)
        with self._uow() as uow:
            # Lock order: active admins (by id), then the user; the same in every use case.
            admins = uow.users.lock_active_admins() if may_remove_an_admin else ()
            user = uow.users.get_for_update(user_id)
            if user is None:
                raise NotFound(f"User {user_id} does not exist.")
            if user.is_active_admin and may_remove_an_admin:
                self._keep_one_admin(admins, user)
            role_before, active_before = user.role, user.is_active
            two_step_reset = bool(changes.totp_reset) and user.totp_secret is not None
            sessions_ended = user.change(
                now=now,
                hash_password=self._hasher.hash,
                full_name=changes.full_name,
                role=changes.role,
                is_active=changes.is_active,
                password=changes.password,
                email=changes.email,
            )
            if sessions_ended:
                revoke_refresh_tokens(uow, user, now)
            if changes.totp_reset:
                two_step.turn_off(user, now)
            _check_email_free(uow, user)
            try:
                uow.users.update(user)
            except DuplicateKey as error:  # taken by a concurrent request since the check
                raise _taken(error.key, user) from None
            uow.commit()
        self._report(actor, user, role_before.value, active_before, password_reset=changes.password is not None)
        if two_step_reset:
            self._events.record(events.TWO_STEP_RESET, actor_id=actor.id, target=f"user:{user.id}")
        return user

    def _report(self, actor: User, user: User, role_before: str, active_before: bool, *,
                password_reset: bool) -> None:
        target = f"user:{user.id}"
        if user.role.value != role_before:
            self._events.record(events.ROLE_CHANGED, actor_id=actor.id, target=target, role_before=role_before,
                                role_after=user.role.value)
        if user.is_active != active_before:
            self._events.record(events.USER_REACTIVATED if user.is_active else events.USER_DEACTIVATED,
                                actor_id=actor.id, target=target)
        if password_reset:
            self._events.record(events.PASSWORD_RESET, actor_id=actor.id, target=target)

    @staticmethod
    def _keep_one_admin(active_admins: Sequence[int], user: User) -> None:
        if not [i for i in active_admins if i != user.id]:
            raise Conflict(LAST_ADMIN)
