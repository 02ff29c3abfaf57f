"""In-memory repositories of the identity context. They hand out copies, so
entities changed by a use case reach the store only through ``update``."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import datetime

import attrs

from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.identity.sessions import RefreshToken
from techstore.domain.identity.throttling import RecentFailures
from techstore.domain.identity.users import Role, User, email_key, username_key
from techstore.infrastructure.memory.store import MemoryStore


@attrs.frozen
class LoginAttempt:
    username_key: str
    address: str
    succeeded: bool
    attempted_at: datetime


class MemoryUserRepository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _rows(self) -> dict[int, User]:
        return self._store.table("users", dict)

    def get(self, user_id: int) -> User | None:
        user = self._rows.get(user_id)
        return attrs.evolve(user) if user else None

    def get_signed_in(self, user_id: int, session_id: str) -> User | None:
        tokens: dict[int, RefreshToken] = self._store.table("refresh_tokens", dict)
        live = any(t.family_id == session_id and t.user_id == user_id and t.revoked_at is None
                   for t in tokens.values())
        return self.get(user_id) if live else None

    def get_for_update(self, user_id: int) -> User | None:
        # The unit of work holds the store's lock: every read is already exclusive.
        return self.get(user_id)

    def names(self, user_ids: Collection[int]) -> dict[int, str]:
        rows = self._rows
        return {i: rows[i].full_name or rows[i].username for i in set(user_ids) if i in rows}

    def get_by_username(self, username: str) -> User | None:
        key = username_key(username)
        return next((attrs.evolve(u) for u in self._rows.values() if u.username_key == key), None)

    def get_by_email(self, email: str) -> User | None:
        key = email_key(email)
        return next((attrs.evolve(u) for u in self._rows.values() if key and email_key(u.email) == key), None)

    def list(self, page: PageRequest) -> Page[User]:
        ordered = sorted(self._rows.values(), key=lambda u: u.username_key)
        items = [attrs.evolve(u) for u in ordered[page.offset : page.offset + page.limit]]
        return Page(items=items, total=len(ordered), limit=page.limit, offset=page.offset)

    def add(self, user: User) -> User:
        if any(u.username_key == user.username_key for u in self._rows.values()):
            raise DuplicateKey("username")
        self._refuse_a_taken_email(user)
        user.id = self._store.next_id("users")
        self._rows[user.id] = attrs.evolve(user)
        return user

    def update(self, user: User) -> None:
        assert user.id in self._rows
        self._refuse_a_taken_email(user)
        self._rows[user.id] = attrs.evolve(user)

    def _refuse_a_taken_email(self, user: User) -> None:
        key = email_key(user.email)
        if key and any(u.id != user.id and email_key(u.email) == key for u in self._rows.values()):
            raise DuplicateKey("email")

    def lock_active_admins(self) -> Sequence[int]:
        # The unit of work already holds the store's lock.
        return sorted(u.id for u in self._rows.values() if u.role is Role.ADMIN and u.is_active and u.id is not None)


class MemoryRefreshTokenRepository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _rows(self) -> dict[int, RefreshToken]:
        return self._store.table("refresh_tokens", dict)

    def add(self, token: RefreshToken) -> RefreshToken:
        token.id = self._store.next_id("refresh_tokens")
        self._rows[token.id] = attrs.evolve(token)
        return token

    def get_by_hash(self, token_hash: str) -> RefreshToken | None:
        found = next((t for t in self._rows.values() if t.token_hash == token_hash), None)
        return attrs.evolve(found) if found else None

    def mark_rotated(self, token_id: int, now: datetime) -> bool:
        token = self._rows.get(token_id)
        if token is None or token.rotated_at is not None or token.revoked_at is not None:
            return False
        self._rows[token_id] = attrs.evolve(token, rotated_at=now)
        return True

    def revoke_family(self, family_id: str, now: datetime) -> None:
        self._revoke_where(lambda t: t.family_id == family_id, now)

    def revoke_all_for_user(self, user_id: int, now: datetime) -> None:
        self._revoke_where(lambda t: t.user_id == user_id, now)

    def _revoke_where(self, matches: Callable[[RefreshToken], bool], now: datetime) -> None:
        for token_id, token in list(self._rows.items()):
            if matches(token) and token.revoked_at is None:
                self._rows[token_id] = attrs.evolve(token, revoked_at=now)


class MemoryLoginAttemptRepository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    @property
    def _rows(self) -> list[LoginAttempt]:
        return self._store.table("login_attempts", list)

    def lock_subject(self, key: str) -> None:
        """Nothing to do: the unit of work holds the store's lock."""

    def record(self, *, username_key: str, address: str, succeeded: bool, at: datetime) -> None:
        self._rows.append(LoginAttempt(username_key, address, succeeded, at))

    def recent_failures(self, username_key: str, address: str, since: datetime) -> RecentFailures:
        mine = [a for a in self._rows if a.username_key == username_key]
        # The list is in recording order: from the address, only what came after its last success counts.
        last_success = max((i for i, a in enumerate(mine) if a.succeeded and a.address == address), default=-1)
        return RecentFailures(
            from_address=[a.attempted_at for a in mine[last_success + 1:]
                          if a.address == address and not a.succeeded and a.attempted_at >= since],
            everywhere=[a.attempted_at for a in mine if not a.succeeded and a.attempted_at >= since],
        )


REPOSITORIES = {
    "users": MemoryUserRepository,
    "refresh_tokens": MemoryRefreshTokenRepository,
    "login_attempts": MemoryLoginAttemptRepository,
}
