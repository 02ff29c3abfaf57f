"""Contract tests: the same repository tests on every adapter set.

Every test here asks for ``container``, which ``tests/conftest.py`` parametrises
over memory, sqlite and postgres; the fixtures below only shorten the tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime, timedelta

import pytest

from techstore.application.identity.ports import IdentityUnitOfWork
from techstore.container import Container
from techstore.domain.identity.sessions import RefreshToken
from techstore.domain.identity.users import Role, User

# Microseconds on purpose: every adapter must round-trip them exactly.
T0 = datetime(2026, 1, 5, 9, 30, 15, 123456, tzinfo=UTC)


def a_user(
    username: str,
    *,
    role: Role = Role.STAFF,
    is_active: bool = True,
    full_name: str | None = None,
    created_at: datetime = T0,
    updated_at: datetime | None = None,
) -> User:
    return User(
        id=None,
        username=username,
        full_name=full_name or f"{username} Example",
        role=role,
        password_hash=f"$argon2id$fake-hash-of-{username}",
        is_active=is_active,
        created_at=created_at,
        updated_at=updated_at or created_at + timedelta(seconds=1, microseconds=654321),
    )


def id_of(entity: User | RefreshToken) -> int:
    """The id of a stored entity (stored entities always have one)."""
    assert entity.id is not None
    return entity.id


def a_token(
    user: User,
    family_id: str,
    token_hash: str,
    *,
    issued_at: datetime = T0,
    rotated_at: datetime | None = None,
    revoked_at: datetime | None = None,
) -> RefreshToken:
    return RefreshToken(
        id=None,
        user_id=id_of(user),
        family_id=family_id,
        token_hash=token_hash,
        issued_at=issued_at,
        expires_at=issued_at + timedelta(days=14),
        rotated_at=rotated_at,
        revoked_at=revoked_at,
    )


UnitOfWorkFactory = Callable[[], IdentityUnitOfWork]
Committed = Callable[[], AbstractContextManager[IdentityUnitOfWork]]


@pytest.fixture
def uow(container: Container) -> UnitOfWorkFactory:
    """A fresh unit of work of the adapter set under test, for ``with uow() as unit:``."""
    return lambda: container.adapters.uow()


@pytest.fixture
def committed(container: Container) -> Committed:
    """``with committed() as u:`` runs the block in a unit of work and commits it."""

    @contextmanager
    def run() -> Iterator[IdentityUnitOfWork]:
        with container.adapters.uow() as unit:
            yield unit
            unit.commit()

    return run


@pytest.fixture
def add_users(committed: Committed) -> Callable[..., list[User]]:
    """Store users in one committed unit of work; returns them with their ids."""

    def add(*users: User) -> list[User]:
        with committed() as unit:
            return [unit.users.add(user) for user in users]

    return add
