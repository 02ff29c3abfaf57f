"""The repairs context's wiring: its repository and rate-limit counter, its answer to the customers
context (``open_repairs``), and its use cases. ``stock``, ``accounts`` and ``numbers`` come from the
catalog's, the customers' and the sales' members."""

from __future__ import annotations

from collections.abc import Callable

from dependency_injector import containers, providers

from techstore.application.repairs.deposits import CancelRepair, DeliverRepair, TakeDeposit
from techstore.application.repairs.lines import AddLine, RemoveLine, UsePart
from techstore.application.repairs.open_repairs import OpenRepairsCount
from techstore.application.repairs.quotes import AnswerQuote
from techstore.application.repairs.repairs import (
    ChangeRepair,
    FindSoldUnit,
    GetRepair,
    ListRepairs,
    MoveRepair,
    RepairHistory,
    TakeRepairIn,
)
from techstore.application.repairs.terms import RepairTerms
from techstore.application.repairs.tracking import AnswerOnline, TrackingLimit, TrackRepair
from techstore.domain.shared.clock import Clock
from techstore.infrastructure.members import Members
from techstore.infrastructure.memory.repositories import repairs as memory
from techstore.infrastructure.sqlalchemy.repositories import repairs as sql
from techstore.settings import Settings

PORTS = {"open_repairs": OpenRepairsCount}
SQL_MEMBERS = Members(repositories=sql.REPOSITORIES, ports=PORTS)
MEMORY_MEMBERS = Members(repositories=memory.REPOSITORIES, ports=PORTS)


class RepairsContainer(containers.DeclarativeContainer):
    uow: providers.Dependency[Callable[[], object]] = providers.Dependency()
    clock: providers.Dependency[Clock] = providers.Dependency()
    settings: providers.Dependency[Settings] = providers.Dependency()

    terms = providers.Singleton(RepairTerms, prices_include_tax=settings.provided.prices_include_tax,
                                warranty_days=settings.provided.repair_warranty_days,
                                public_url=settings.provided.public_url, store_name=settings.provided.store_name)
    tracking_limit = providers.Singleton(TrackingLimit, lookups=settings.provided.tracking_lookups)

    take_repair_in = providers.Singleton(TakeRepairIn, uow=uow, clock=clock, terms=terms)
    change_repair = providers.Singleton(ChangeRepair, uow=uow, clock=clock, terms=terms)
    move_repair = providers.Singleton(MoveRepair, uow=uow, clock=clock, terms=terms)
    add_line = providers.Singleton(AddLine, uow=uow, clock=clock, terms=terms)
    remove_line = providers.Singleton(RemoveLine, uow=uow, clock=clock)
    use_part = providers.Singleton(UsePart, uow=uow, clock=clock, terms=terms)
    answer_quote = providers.Singleton(AnswerQuote, uow=uow, clock=clock, terms=terms)
    take_deposit = providers.Singleton(TakeDeposit, uow=uow, clock=clock)
    deliver_repair = providers.Singleton(DeliverRepair, uow=uow, clock=clock, terms=terms)
    cancel_repair = providers.Singleton(CancelRepair, uow=uow, clock=clock, terms=terms)
    get_repair = providers.Singleton(GetRepair, uow=uow)
    find_sold_unit = providers.Singleton(FindSoldUnit, uow=uow, clock=clock)
    list_repairs = providers.Singleton(ListRepairs, uow=uow)
    repair_history = providers.Singleton(RepairHistory, uow=uow)
    track_repair = providers.Singleton(TrackRepair, uow=uow, clock=clock, limit=tracking_limit)
    answer_online = providers.Singleton(AnswerOnline, uow=uow, clock=clock, limit=tracking_limit, terms=terms)
