"""The cash drawer's wiring: its repository, the ``cash_drawer`` port (its rule on sessions comes from the
settings: ``ruled`` is the context's members rule in ``contexts.CONTEXTS``), and its use cases."""

from __future__ import annotations

from collections.abc import Callable

from dependency_injector import containers, providers

from techstore.application.cash.drawer_range import drawer_in_range_port
from techstore.application.cash.sessions import (
    AddMovement,
    CloseSession,
    CurrentSession,
    GetSession,
    ListSessions,
    OpenSession,
)
from techstore.domain.shared.clock import Clock
from techstore.infrastructure.members import Members
from techstore.infrastructure.memory.repositories import cash as memory
from techstore.infrastructure.sqlalchemy.repositories import cash as sql
from techstore.settings import Settings

PORTS = {"cash_drawer": drawer_in_range_port(required=False)}
SQL_MEMBERS = Members(repositories=sql.REPOSITORIES, ports=PORTS)
MEMORY_MEMBERS = Members(repositories=memory.REPOSITORIES, ports=PORTS)


def ruled(members: Members, settings: Settings) -> Members:
    """The cash context's ``members`` with its ``cash_drawer`` port refusing cash without a session,
    if the store says so (``TECHSTORE_REQUIRE_CASH_SESSION``)."""
    if not settings.require_cash_session:
        return members
    return Members(members.repositories, {**members.ports, "cash_drawer": drawer_in_range_port(required=True)})


class CashContainer(containers.DeclarativeContainer):
    uow: providers.Dependency[Callable[[], object]] = providers.Dependency()
    clock: providers.Dependency[Clock] = providers.Dependency()

    open_session = providers.Singleton(OpenSession, uow=uow, clock=clock)
    current_session = providers.Singleton(CurrentSession, uow=uow)
    get_session = providers.Singleton(GetSession, uow=uow)
    list_sessions = providers.Singleton(ListSessions, uow=uow)
    add_movement = providers.Singleton(AddMovement, uow=uow, clock=clock)
    close_session = providers.Singleton(CloseSession, uow=uow, clock=clock)
