"""The sales context's wiring: its repository, the shared number sequences and idempotency keys (which
returns and repairs will use too), and its use cases. ``stock`` and ``accounts`` come from the
catalog's and the customers' members."""

from __future__ import annotations

from collections.abc import Callable

from dependency_injector import containers, providers

from techstore.application.identity.approvers import CheckApprover
from techstore.application.identity.ports import PasswordHasher
from techstore.application.sales.parked import (
    DropParkedSale,
    GetParkedSale,
    ListParkedSales,
    ParkSale,
    ResumeParkedSale,
)
from techstore.application.sales.point_of_sale import FindProductByCode, FindUnitBySerial, QuoteSale
from techstore.application.sales.returns import GetReturn, ListReturns, MakeReturn, QuoteReturn, ReturnsOfSale
from techstore.application.sales.sales import GetSale, ListSales, PlaceSale, VoidSale
from techstore.application.shared.security_events import SecurityEvents
from techstore.domain.sales.approvals import ApprovalLimits
from techstore.domain.shared.clock import Clock
from techstore.infrastructure.members import Members
from techstore.infrastructure.memory.repositories import parked_sales as memory_parked
from techstore.infrastructure.memory.repositories import sales as memory
from techstore.infrastructure.memory.repositories import shared as memory_shared
from techstore.infrastructure.sqlalchemy.repositories import parked_sales as sql_parked
from techstore.infrastructure.sqlalchemy.repositories import sales as sql
from techstore.infrastructure.sqlalchemy.repositories import shared as sql_shared
from techstore.settings import Settings

SQL_MEMBERS = Members(repositories={**sql.REPOSITORIES, **sql_parked.REPOSITORIES, **sql_shared.REPOSITORIES})
MEMORY_MEMBERS = Members(repositories={**memory.REPOSITORIES, **memory_parked.REPOSITORIES,
                                       **memory_shared.REPOSITORIES})


class SalesContainer(containers.DeclarativeContainer):
    uow: providers.Dependency[Callable[[], object]] = providers.Dependency()
    clock: providers.Dependency[Clock] = providers.Dependency()
    events: providers.Dependency[SecurityEvents] = providers.Dependency()
    settings: providers.Dependency[Settings] = providers.Dependency()
    hasher: providers.Dependency[PasswordHasher] = providers.Dependency()

    # TECHSTORE_DISCOUNT_LIMIT_PERCENT, TECHSTORE_REFUND_LIMIT; the approver's password is the identity context's.
    limits = providers.Singleton(ApprovalLimits, discount_percent=settings.provided.discount_limit_percent,
                                 refund=settings.provided.refund_limit)
    check_approver = providers.Singleton(CheckApprover, uow=uow, hasher=hasher, clock=clock, events=events)
    place_sale = providers.Singleton(PlaceSale, uow=uow, clock=clock,
                                     prices_include_tax=settings.provided.prices_include_tax, limits=limits,
                                     approvers=check_approver)
    void_sale = providers.Singleton(VoidSale, uow=uow, clock=clock, events=events)
    get_sale = providers.Singleton(GetSale, uow=uow)
    list_sales = providers.Singleton(ListSales, uow=uow)
    find_product_by_code = providers.Singleton(FindProductByCode, uow=uow)
    find_unit_by_serial = providers.Singleton(FindUnitBySerial, uow=uow)
    quote_sale = providers.Singleton(QuoteSale, uow=uow, prices_include_tax=settings.provided.prices_include_tax)
    make_return = providers.Singleton(MakeReturn, uow=uow, clock=clock, limits=limits, approvers=check_approver)
    get_return = providers.Singleton(GetReturn, uow=uow)
    returns_of_sale = providers.Singleton(ReturnsOfSale, uow=uow)
    list_returns = providers.Singleton(ListReturns, uow=uow)
    quote_return = providers.Singleton(QuoteReturn, uow=uow)
    park_sale = providers.Singleton(ParkSale, uow=uow, clock=clock)
    list_parked_sales = providers.Singleton(ListParkedSales, uow=uow, clock=clock)
    get_parked_sale = providers.Singleton(GetParkedSale, uow=uow, clock=clock)
    resume_parked_sale = providers.Singleton(ResumeParkedSale, uow=uow)
    drop_parked_sale = providers.Singleton(DropParkedSale, uow=uow)
