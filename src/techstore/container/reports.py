"""The reports' wiring: the read-only ``reports`` and ``money_audit`` query ports and the use cases, which count
the store's local days (``TECHSTORE_TIMEZONE``); and the answer to the customers context's ``customer_history``
query (it reads sales, returns, repairs and movements, which only the reports context reads together)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo

from dependency_injector import containers, providers

from techstore.application.reports.money_check import CheckMoney
from techstore.application.reports.reports import ListReceivables, SalesReportFor, ShowDashboard
from techstore.application.reports.rollups import RollUpReports
from techstore.domain.shared.clock import Clock
from techstore.infrastructure.members import Members
from techstore.infrastructure.memory.repositories import customer_history as memory_history
from techstore.infrastructure.memory.repositories import money_audit as memory_audit
from techstore.infrastructure.memory.repositories import report_rollups as memory_rollups
from techstore.infrastructure.memory.repositories import reports as memory
from techstore.infrastructure.sqlalchemy.repositories import customer_history as sql_history
from techstore.infrastructure.sqlalchemy.repositories import money_audit as sql_audit
from techstore.infrastructure.sqlalchemy.repositories import report_rollups as sql_rollups
from techstore.infrastructure.sqlalchemy.repositories import reports as sql

SQL_MEMBERS = Members(repositories={**sql.REPOSITORIES, **sql_audit.REPOSITORIES, **sql_history.REPOSITORIES,
                                    **sql_rollups.REPOSITORIES})
MEMORY_MEMBERS = Members(repositories={**memory.REPOSITORIES, **memory_audit.REPOSITORIES,
                                       **memory_history.REPOSITORIES, **memory_rollups.REPOSITORIES})


class ReportsContainer(containers.DeclarativeContainer):
    uow: providers.Dependency[Callable[[], object]] = providers.Dependency()
    # Reads on a streaming replica for the reports and the dashboard, or None (the money check reads the primary).
    replica: providers.Dependency[object] = providers.Dependency()
    clock: providers.Dependency[Clock] = providers.Dependency()
    zone: providers.Dependency[tzinfo] = providers.Dependency()

    sales_report = providers.Singleton(SalesReportFor, uow=uow, zone=zone, replica=replica)
    receivables = providers.Singleton(ListReceivables, uow=uow, replica=replica)
    dashboard = providers.Singleton(ShowDashboard, uow=uow, clock=clock, zone=zone, replica=replica)
    check_money = providers.Singleton(CheckMoney, uow=uow, clock=clock, zone=zone)
    roll_up = providers.Singleton(RollUpReports, uow=uow, clock=clock, zone=zone)
