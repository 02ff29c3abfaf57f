"""SQL repositories of the identity context: rows in, entities out.

Statements that run on every request are built once, at import, with bound
parameters (building a select costs more than running it on a warm
connection); rows are unpacked positionally, once.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

import attrs
from sqlalchemy import ColumnElement, Connection, Select, and_, bindparam, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.identity.sessions import RefreshToken
from techstore.domain.identity.throttling import RecentFailures
from techstore.domain.identity.users import Role, User, email_key, username_key
from techstore.infrastructure.sqlalchemy import executor as sql
from techstore.infrastructure.sqlalchemy.tables.identity import (
    login_attempts,
    login_subjects,
    refresh_tokens,
    users,
)

_USER_COLUMNS = (
    users.c.id, users.c.username, users.c.full_name, users.c.role, users.c.password_hash,
    users.c.is_active, users.c.created_at, users.c.updated_at, users.c.token_version,
    users.c.email, users.c.totp_secret, users.c.totp_enabled,
)
_USER_BY_ID = select(*_USER_COLUMNS).where(users.c.id == bindparam("user_id"))
_USER_BY_ID_FOR_UPDATE = _USER_BY_ID.with_for_update()
# Every authenticated request: the user, only while the sign-in its token names is live (a family
# is revoked as a whole, and no token row is ever deleted). The check rides in the user's statement
# on the family index, so a request still costs one statement (ADR 0008).
_SESSION_LIVE = (select(refresh_tokens.c.id)
                 .where(refresh_tokens.c.family_id == bindparam("session_id"),
                        refresh_tokens.c.user_id == users.c.id, refresh_tokens.c.revoked_at.is_(None))
                 .exists())
_USER_SIGNED_IN = _USER_BY_ID.where(_SESSION_LIVE)
_USER_BY_KEY = select(*_USER_COLUMNS).where(users.c.username_key == bindparam("key"))
_USER_BY_EMAIL = select(*_USER_COLUMNS).where(users.c.email_key == bindparam("key"))
_USER_COUNT = select(func.count()).select_from(users)
_USER_NAMES = select(users.c.id, users.c.full_name, users.c.username).where(
    users.c.id.in_(bindparam("user_ids", expanding=True)))


def _user_page(dialect: str) -> Select[Any]:
    # Byte order everywhere: PostgreSQL's locale collations would sort "a_c" before "a-b".
    key = users.c.username_key.collate("C") if dialect == "postgresql" else users.c.username_key
    # The total rides along on every row (a window count): one statement per page.
    return (
        select(*_USER_COLUMNS, func.count().over().label("total"))
        .order_by(key)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


_USER_PAGE = {dialect: _user_page(dialect) for dialect in ("postgresql", "sqlite")}
_ACTIVE_ADMINS_FOR_UPDATE = (
    select(users.c.id)
    .where(users.c.role == Role.ADMIN.value, users.c.is_active.is_(True))
    .order_by(users.c.id)
    .with_for_update()
)
_TOKEN_COLUMNS = tuple(refresh_tokens.c)
_TOKEN_BY_HASH = select(*_TOKEN_COLUMNS).where(refresh_tokens.c.token_hash == bindparam("token_hash"))
_ROTATE = refresh_tokens.update().where(
    refresh_tokens.c.id == bindparam("token_id"),
    refresh_tokens.c.rotated_at.is_(None),
    refresh_tokens.c.revoked_at.is_(None),
).values(rotated_at=bindparam("now"))
_RECORD_ATTEMPT = login_attempts.insert()
# Every password check: the username's failures in the window, each marked whether it counts for
# the asking address (from there, after that pair's last success). By id, not time: attempts are
# recorded in order under the per-username lock, and a failure in the same instant as a success
# must still count. A success before the window cannot matter (the failures after it are what
# is in the window), so both parts ride the (username_key, attempted_at) index.
_LAST_PAIR_SUCCESS = (
    select(func.max(login_attempts.c.id))
    .where(login_attempts.c.username_key == bindparam("key"), login_attempts.c.address == bindparam("address"),
           login_attempts.c.succeeded.is_(True), login_attempts.c.attempted_at >= bindparam("since"))
    .scalar_subquery()
)
_RECENT_FAILURES = select(
    login_attempts.c.attempted_at,
    and_(login_attempts.c.address == bindparam("address"),
         login_attempts.c.id > func.coalesce(_LAST_PAIR_SUCCESS, 0)),
).where(
    login_attempts.c.username_key == bindparam("key"),
    login_attempts.c.succeeded.is_(False),
    login_attempts.c.attempted_at >= bindparam("since"),
)
_SUBJECT_FOR_UPDATE = select(login_subjects.c.username_key).where(
    login_subjects.c.username_key == bindparam("key")).with_for_update()
_NEW_SUBJECT = {
    "postgresql": pg_insert(login_subjects).values(username_key=bindparam("key")).on_conflict_do_nothing(),
    "sqlite": sqlite_insert(login_subjects).values(username_key=bindparam("key")).on_conflict_do_nothing(),
}


def _user(row: Any) -> User:
    (user_id, username, full_name, role, password_hash, is_active, created_at, updated_at,
     token_version, email, totp_secret, totp_enabled) = row[:12]
    return User(user_id, username, full_name, Role(role), password_hash, is_active, created_at, updated_at,
                token_version, email, totp_secret, bool(totp_enabled))


def _user_values(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "username_key": username_key(user.username),
        "full_name": user.full_name,
        "role": user.role.value,
        "password_hash": user.password_hash,
        "is_active": user.is_active,
        "created_at": user.created_at,
        "updated_at": user.updated_at,
        "token_version": user.token_version,
        "email": user.email,
        "email_key": email_key(user.email),
        "totp_secret": user.totp_secret,
        "totp_enabled": user.totp_enabled,
    }


def _duplicate(error: IntegrityError) -> DuplicateKey:
    """Which unique key a refused insert or update broke (the email's, else the username's); any other
    integrity error is not a duplicate and goes up as it is."""
    orig = error.orig
    unique = getattr(orig, "sqlstate", None) == "23505" or "UNIQUE constraint failed" in str(orig)
    if not unique:
        raise error
    return DuplicateKey("email" if "email" in str(orig) else "username")


class SqlUserRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def get(self, user_id: int) -> User | None:
        row = sql.first(self._db, _USER_BY_ID, user_id=user_id)
        return _user(row) if row else None

    def get_signed_in(self, user_id: int, session_id: str) -> User | None:
        row = sql.first(self._db, _USER_SIGNED_IN, user_id=user_id, session_id=session_id)
        return _user(row) if row else None

    def get_for_update(self, user_id: int) -> User | None:
        row = sql.first(self._db, _USER_BY_ID_FOR_UPDATE, user_id=user_id)
        return _user(row) if row else None

    def names(self, user_ids: Collection[int]) -> dict[int, str]:
        if not user_ids:
            return {}
        rows = sql.rows(self._db, _USER_NAMES, user_ids=sorted(set(user_ids)))
        return {user_id: full_name or username for user_id, full_name, username in rows}

    def get_by_username(self, username: str) -> User | None:
        row = sql.first(self._db, _USER_BY_KEY, key=username_key(username))
        return _user(row) if row else None

    def get_by_email(self, email: str) -> User | None:
        row = sql.first(self._db, _USER_BY_EMAIL, key=email_key(email))
        return _user(row) if row else None

    def list(self, page: PageRequest) -> Page[User]:
        rows = sql.rows(self._db, _USER_PAGE[self._db.dialect.name], limit=page.limit, offset=page.offset)
        if rows:
            total = rows[0][-1]
        else:  # past the end (or no users): no row carries the total, so count apart
            total = int(sql.scalar(self._db, _USER_COUNT)) if page.offset else 0
        return Page(items=[_user(row) for row in rows], total=total, limit=page.limit, offset=page.offset)

    def add(self, user: User) -> User:
        try:
            with self._db.begin_nested():
                new_id = sql.scalar(self._db, users.insert().values(**_user_values(user)).returning(users.c.id))
        except IntegrityError as error:
            raise _duplicate(error) from None
        user.id = new_id
        return user

    def update(self, user: User) -> None:
        values = _user_values(user)
        del values["created_at"]
        try:
            with self._db.begin_nested():
                sql.run(self._db, users.update().where(users.c.id == user.id).values(**values))
        except IntegrityError as error:
            raise _duplicate(error) from None

    def lock_active_admins(self) -> Sequence[int]:
        return [row[0] for row in sql.rows(self._db, _ACTIVE_ADMINS_FOR_UPDATE)]


def _refresh_token(row: Any) -> RefreshToken:
    # The columns are named after the entity's fields.
    return RefreshToken(**{column.name: value for column, value in zip(_TOKEN_COLUMNS, row, strict=True)})


class SqlRefreshTokenRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, token: RefreshToken) -> RefreshToken:
        values = attrs.asdict(token, recurse=False)
        del values["id"]
        token.id = sql.scalar(self._db, refresh_tokens.insert().values(**values).returning(refresh_tokens.c.id))
        return token

    def get_by_hash(self, token_hash: str) -> RefreshToken | None:
        row = sql.first(self._db, _TOKEN_BY_HASH, token_hash=token_hash)
        return _refresh_token(row) if row else None

    def mark_rotated(self, token_id: int, now: datetime) -> bool:
        # A guarded update: of two concurrent refreshes, exactly one sees rowcount 1.
        return sql.run(self._db, _ROTATE, token_id=token_id, now=now) == 1

    def revoke_family(self, family_id: str, now: datetime) -> None:
        self._revoke_where(refresh_tokens.c.family_id == family_id, now)

    def revoke_all_for_user(self, user_id: int, now: datetime) -> None:
        self._revoke_where(refresh_tokens.c.user_id == user_id, now)

    def _revoke_where(self, condition: ColumnElement[bool], now: datetime) -> None:
        sql.run(self._db, refresh_tokens.update().where(condition, refresh_tokens.c.revoked_at.is_(None))
                .values(revoked_at=now))


class SqlLoginAttemptRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def lock_subject(self, key: str) -> None:
        sql.run(self._db, _NEW_SUBJECT[self._db.dialect.name], key=key)
        sql.rows(self._db, _SUBJECT_FOR_UPDATE, key=key)

    def record(self, *, username_key: str, address: str, succeeded: bool, at: datetime) -> None:
        sql.run(self._db, _RECORD_ATTEMPT, username_key=username_key, address=address, succeeded=succeeded,
                attempted_at=at)

    def recent_failures(self, username_key: str, address: str, since: datetime) -> RecentFailures:
        pair: list[datetime] = []
        everywhere: list[datetime] = []
        for at, from_address in sql.rows(self._db, _RECENT_FAILURES, key=username_key, address=address,
                                         since=since):
            everywhere.append(at)
            if from_address:
                pair.append(at)
        return RecentFailures(from_address=pair, everywhere=everywhere)


REPOSITORIES = {
    "users": SqlUserRepository,
    "refresh_tokens": SqlRefreshTokenRepository,
    "login_attempts": SqlLoginAttemptRepository,
}
