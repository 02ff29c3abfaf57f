"""The application container: shared services, the adapter set, one sub-container per context.

Adding a context: one line in ``SQL_MEMBERS`` / ``MEMORY_MEMBERS`` (its
repositories and ports join the unit of work) and one sub-container line in
``Container``. See docs/architecture.md, "Adding a context".
"""

from __future__ import annotations

from typing import Literal
from zoneinfo import ZoneInfo

from dependency_injector import containers, providers

from techstore.application.shared.health import CheckReadiness
from techstore.container import cash as cash_wiring
from techstore.container import catalog as catalog_wiring
from techstore.container import customers as customers_wiring
from techstore.container import identity as identity_wiring
from techstore.container import repairs as repairs_wiring
from techstore.container import reports as reports_wiring
from techstore.container import sales as sales_wiring
from techstore.container.adapters import MemoryAdapters, SqlAdapters
from techstore.infrastructure.clock import SystemClock
from techstore.infrastructure.ratelimit import build_rate_limit
from techstore.infrastructure.security.events import LoggedSecurityEvents
from techstore.infrastructure.security.passwords import Argon2PasswordHasher
from techstore.infrastructure.security.tokens import JwtTokenService
from techstore.settings import Settings

AdapterSet = Literal["sql", "memory"]

# Every context's members of the unit of work, per adapter set.
SQL_MEMBERS = identity_wiring.SQL_MEMBERS + catalog_wiring.SQL_MEMBERS
MEMORY_MEMBERS = identity_wiring.MEMORY_MEMBERS + catalog_wiring.MEMORY_MEMBERS
SQL_MEMBERS += customers_wiring.SQL_MEMBERS + repairs_wiring.SQL_MEMBERS
MEMORY_MEMBERS += customers_wiring.MEMORY_MEMBERS + repairs_wiring.MEMORY_MEMBERS
SQL_MEMBERS += sales_wiring.SQL_MEMBERS
MEMORY_MEMBERS += sales_wiring.MEMORY_MEMBERS
SQL_MEMBERS += cash_wiring.SQL_MEMBERS
MEMORY_MEMBERS += cash_wiring.MEMORY_MEMBERS
SQL_MEMBERS += reports_wiring.SQL_MEMBERS
MEMORY_MEMBERS += reports_wiring.MEMORY_MEMBERS


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    adapters = providers.DependenciesContainer()

    clock = providers.Singleton(SystemClock)
    hasher = providers.Singleton(Argon2PasswordHasher)
    tokens = providers.Singleton(JwtTokenService, secret_key=settings.provided.secret_key)
    security_events = providers.Singleton(LoggedSecurityEvents)

    check_readiness = providers.Singleton(CheckReadiness, database=adapters.database)
    # The API's per-client limit (TECHSTORE_RATE_LIMIT), counted in TECHSTORE_RATE_LIMIT_STORAGE.
    rate_limit = providers.Singleton(
        build_rate_limit, rule=settings.provided.rate_limit, storage_uri=settings.provided.rate_limit_storage,
        database_url=settings.provided.database_url,
    )

    # One sub-container per context.
    identity = providers.Container(
        identity_wiring.IdentityContainer, uow=adapters.uow.provider, clock=clock, hasher=hasher, tokens=tokens,
        events=security_events,
    )
    catalog = providers.Container(catalog_wiring.CatalogContainer, uow=adapters.uow.provider, clock=clock,
                                  events=security_events)
    customers = providers.Container(customers_wiring.CustomersContainer, uow=adapters.uow.provider, clock=clock,
                                    events=security_events)
    sales = providers.Container(sales_wiring.SalesContainer, uow=adapters.uow.provider, clock=clock,
                                events=security_events)
    repairs = providers.Container(repairs_wiring.RepairsContainer, uow=adapters.uow.provider, clock=clock,
                                  tracking_lookups=settings.provided.tracking_lookups)
    cash = providers.Container(cash_wiring.CashContainer, uow=adapters.uow.provider, clock=clock)
    zone = providers.Singleton(ZoneInfo, settings.provided.timezone)
    reports = providers.Container(reports_wiring.ReportsContainer, uow=adapters.uow.provider, clock=clock, zone=zone)


def build_container(settings: Settings, adapter_set: AdapterSet = "sql") -> Container:
    adapters: containers.DeclarativeContainer
    if adapter_set == "sql":
        adapters = SqlAdapters(settings=settings, members=cash_wiring.ruled(SQL_MEMBERS, settings))
    elif adapter_set == "memory":
        adapters = MemoryAdapters(settings=settings, members=cash_wiring.ruled(MEMORY_MEMBERS, settings))
    else:
        raise ValueError(f"unknown adapter set {adapter_set!r}")
    return Container(settings=settings, adapters=adapters)
