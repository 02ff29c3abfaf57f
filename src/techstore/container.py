"""The composition root: the one place that knows every concrete class.

``Container`` wires use cases to ports; the adapter set (SQL or in-memory) is
a sub-container chosen by ``build_container``, the way dependency-injector's
"use cases" example swaps ``Adapters`` for ``TestAdapters``.
"""

from __future__ import annotations

from typing import Literal

from dependency_injector import containers, providers

from techstore.application.identity.authentication import (
    AuthenticateAccessToken,
    LogIn,
    LogOut,
    RefreshSession,
)
from techstore.application.identity.passwords import ChangeOwnPassword
from techstore.application.identity.provisioning import ProvisionUser
from techstore.application.identity.users import CreateUser, GetUser, ListUsers, UpdateUser
from techstore.application.shared.health import CheckReadiness
from techstore.infrastructure.clock import SystemClock
from techstore.infrastructure.memory.probe import MemoryDatabaseProbe
from techstore.infrastructure.memory.schema import NoSchema
from techstore.infrastructure.memory.store import MemoryStore
from techstore.infrastructure.memory.uow import MemoryUnitOfWork
from techstore.infrastructure.security.passwords import Argon2PasswordHasher
from techstore.infrastructure.security.tokens import JwtTokenService
from techstore.infrastructure.sqlalchemy.engine import build_engine
from techstore.infrastructure.sqlalchemy.probe import SqlDatabaseProbe
from techstore.infrastructure.sqlalchemy.schema import AlembicSchema
from techstore.infrastructure.sqlalchemy.uow import SqlUnitOfWork
from techstore.settings import Settings

AdapterSet = Literal["sql", "memory"]


class SqlAdapters(containers.DeclarativeContainer):
    """SQLite or PostgreSQL, whichever ``database_url`` names."""

    settings = providers.Dependency(instance_of=Settings)
    engine = providers.Singleton(build_engine, url=settings.provided.database_url)
    uow = providers.Factory(SqlUnitOfWork, engine=engine)
    database = providers.Singleton(SqlDatabaseProbe, engine=engine)
    schema = providers.Singleton(AlembicSchema, database_url=settings.provided.database_url)


class MemoryAdapters(containers.DeclarativeContainer):
    """Plain Python collections: fast, and a real implementation of every port."""

    settings = providers.Dependency(instance_of=Settings)
    store = providers.Singleton(MemoryStore)
    uow = providers.Factory(MemoryUnitOfWork, store=store)
    database = providers.Singleton(MemoryDatabaseProbe)
    schema = providers.Singleton(NoSchema)


class IdentityContainer(containers.DeclarativeContainer):
    uow = providers.Dependency()
    clock = providers.Dependency()
    hasher = providers.Dependency()
    tokens = providers.Dependency()

    log_in = providers.Singleton(LogIn, uow=uow, hasher=hasher, tokens=tokens, clock=clock)
    refresh_session = providers.Singleton(RefreshSession, uow=uow, tokens=tokens, clock=clock)
    log_out = providers.Singleton(LogOut, uow=uow, tokens=tokens, clock=clock)
    authenticate = providers.Singleton(AuthenticateAccessToken, uow=uow, tokens=tokens, clock=clock)
    list_users = providers.Singleton(ListUsers, uow=uow)
    get_user = providers.Singleton(GetUser, uow=uow)
    create_user = providers.Singleton(CreateUser, uow=uow, hasher=hasher, clock=clock)
    update_user = providers.Singleton(UpdateUser, uow=uow, hasher=hasher, clock=clock)
    change_own_password = providers.Singleton(ChangeOwnPassword, uow=uow, hasher=hasher, clock=clock)
    provision_user = providers.Singleton(ProvisionUser, uow=uow, hasher=hasher, clock=clock)


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    adapters = providers.DependenciesContainer()

    clock = providers.Singleton(SystemClock)
    hasher = providers.Singleton(Argon2PasswordHasher)
    tokens = providers.Singleton(JwtTokenService, secret_key=settings.provided.secret_key)

    check_readiness = providers.Singleton(CheckReadiness, database=adapters.database)
    identity = providers.Container(
        IdentityContainer,
        uow=adapters.uow.provider,
        clock=clock,
        hasher=hasher,
        tokens=tokens,
    )


def build_container(settings: Settings, adapter_set: AdapterSet = "sql") -> Container:
    adapters: containers.DeclarativeContainer
    if adapter_set == "sql":
        adapters = SqlAdapters(settings=settings)
    elif adapter_set == "memory":
        adapters = MemoryAdapters(settings=settings)
    else:
        raise ValueError(f"unknown adapter set {adapter_set!r}")
    return Container(settings=settings, adapters=adapters)
