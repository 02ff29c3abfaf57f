"""Reading the money journal (``GET /journal``): managers and admins only; entries never change."""

from __future__ import annotations

from techstore.application.cash.commands import JournalQuery
from techstore.application.cash.ports import CashUnitOfWorkFactory, JournalFilter
from techstore.application.shared.pages import Page, PageRequest
from techstore.application.shared.periods import days
from techstore.domain.cash.journal import JournalEntry
from techstore.domain.identity.users import User, require_admin


class ListJournal:
    def __init__(self, uow: CashUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, query: JournalQuery, page: PageRequest) -> Page[JournalEntry]:
        require_admin(actor)
        start, end = days(query.first, query.last)
        wanted = JournalFilter(start, end, query.method, query.kind, query.cash_session_id)
        with self._uow(read_only=True) as uow:
            return uow.journal.list(wanted, page)
