"""Contract tests: the same repository tests on every adapter set.

Every test here asks for ``container``, which ``tests/conftest.py`` parametrises
over memory, sqlite and postgres; the fixtures below only shorten the tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from techstore.application.catalog.commands import NewProduct
from techstore.application.identity.ports import IdentityUnitOfWork
from techstore.container import Container
from techstore.domain.customers.customers import Customer
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


@pytest.fixture
def staff(container: Container) -> User:
    """A stored user: the rows of the sales, repairs and cash tables name who made them."""
    return container.identity.provision_user()("staff", "staff-password-1", role=Role.ADMIN)


@pytest.fixture
def product_ids(container: Container, staff: User) -> list[int]:
    """Three stored products (A-1, B-1, C-1): sale, return and repair lines name them."""
    made = [container.catalog.create_product()(staff, NewProduct(sku=sku, name=f"Product {sku}",
                                                                 price=Decimal("9.90"), stock=50))
            for sku in ("A-1", "B-1", "C-1")]
    return [id_of_stored(p.id) for p in made]


def id_of_stored(value: int | None) -> int:
    assert value is not None
    return value


def a_customer(name: str = "Ana Silva", *, phone: str | None = "+351 912 345 678", email: str | None = None,
               credit_limit: str | None = None, now: datetime = T0) -> Customer:
    return Customer.create({"name": name, "phone": phone, "email": email,
                            "credit_limit": None if credit_limit is None else Decimal(credit_limit)}, now=now)


@pytest.fixture
def customer_id(container: Container) -> int:
    """A stored customer: sales on account and repairs name one."""
    with container.adapters.uow() as unit:
        stored = unit.customers.add(a_customer())
        unit.commit()
    return id_of_stored(stored.id)
