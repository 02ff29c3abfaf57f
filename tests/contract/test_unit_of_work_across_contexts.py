"""One unit of work spans contexts: a use case of one context reaches another
context's port inside its own transaction, and a rollback undoes both.

"loyalty" is a toy context declared only here, the way a real one plugs in:
its repository per adapter set, and a port it offers the others. It is added
to the container's members, not patched into the unit of work.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from dependency_injector import providers
from sqlalchemy import Column, Connection, Integer, MetaData, Table, select

from techstore.container import Container
from techstore.container.root import MEMORY_MEMBERS, SQL_MEMBERS
from techstore.domain.identity.users import User
from techstore.infrastructure.members import Members
from techstore.infrastructure.memory.store import MemoryStore
from tests.contract.conftest import a_user

toy_metadata = MetaData()
points_table = Table(
    "toy_loyalty_points", toy_metadata,
    Column("user_id", Integer, primary_key=True),
    Column("points", Integer, nullable=False),
)


class SqlPoints:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, user_id: int, points: int) -> None:
        self._db.execute(points_table.insert().values(user_id=user_id, points=points))

    def of(self, user_id: int) -> int | None:
        return self._db.execute(select(points_table.c.points).where(points_table.c.user_id == user_id)).scalar()


class MemoryPoints:
    def __init__(self, store: MemoryStore) -> None:
        self._rows: dict[int, int] = store.table("toy_loyalty_points", dict)

    def add(self, user_id: int, points: int) -> None:
        self._rows[user_id] = points

    def of(self, user_id: int) -> int | None:
        return self._rows.get(user_id)


class Rewards:
    """The toy context's port for other contexts: it applies its own rule
    (welcome points) through its own repository, on the caller's unit of work."""

    def __init__(self, uow: Any) -> None:
        self._uow = uow

    def welcome(self, user: User) -> None:
        assert user.id is not None
        self._uow.loyalty_points.add(user.id, 100)


def welcome_new_user(uow: Any, user: User) -> User:
    """A use case of identity that also calls the loyalty context's port."""
    user = uow.users.add(user)
    uow.rewards.welcome(user)
    return user


@pytest.fixture
def with_loyalty(container: Container, adapter_set: str) -> Iterator[Container]:
    toy = {"sql": Members({"loyalty_points": SqlPoints}, {"rewards": Rewards}),
           "memory": Members({"loyalty_points": MemoryPoints}, {"rewards": Rewards})}
    kind = "memory" if adapter_set == "memory" else "sql"
    base = MEMORY_MEMBERS if kind == "memory" else SQL_MEMBERS
    # The adapter set's own ``members`` provider (``container.adapters`` only forwards to it).
    container.adapters.members.last_overriding.override(providers.Object(base + toy[kind]))
    if kind == "sql":
        engine = container.adapters.engine()
        toy_metadata.create_all(engine)
        yield container
        toy_metadata.drop_all(engine)
    else:
        yield container


def test_a_rollback_undoes_both_contexts_writes(with_loyalty: Container) -> None:
    with pytest.raises(RuntimeError), with_loyalty.adapters.uow() as uow:
        user = welcome_new_user(uow, a_user("newcomer"))
        assert uow.loyalty_points.of(user.id) == 100  # both visible inside the transaction
        raise RuntimeError("the sale failed after taking stock")

    with with_loyalty.adapters.uow() as uow:
        assert uow.users.get_by_username("newcomer") is None
        assert uow.loyalty_points.of(user.id) is None


def test_a_commit_keeps_both_contexts_writes(with_loyalty: Container) -> None:
    with with_loyalty.adapters.uow() as uow:
        welcome_new_user(uow, a_user("newcomer"))
        uow.commit()

    with with_loyalty.adapters.uow() as uow:
        stored = uow.users.get_by_username("newcomer")
        assert stored is not None
        assert uow.loyalty_points.of(stored.id) == 100


def test_two_contexts_cannot_declare_the_same_member() -> None:
    with pytest.raises(ValueError, match="users"):
        SQL_MEMBERS + Members({"users": SqlPoints})


def test_a_member_used_outside_its_transaction_is_refused(container: Container) -> None:
    uow = container.adapters.uow()
    with pytest.raises(RuntimeError, match="outside"):
        uow.users  # noqa: B018
