"""A customer's history: their sales, returns, repairs and payments on account, newest first."""

from __future__ import annotations

from techstore.application.customers.accounts import customer_not_found
from techstore.application.customers.customers import live_customer
from techstore.application.customers.ports import CustomersUnitOfWorkFactory, HistoryItem
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.identity.users import User


class GetHistory:
    """Readable wherever the customer is: everyone reads a live customer's (a deleted one is not found, as
    ``GetCustomer`` has it); ``even_deleted`` lets admins read a deleted customer's too, on the page that
    restores them. One read of the customer, one statement for the page of history."""

    def __init__(self, uow: CustomersUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, customer_id: int, page: PageRequest) -> Page[HistoryItem]:
        with self._uow(read_only=True) as uow:
            live_customer(uow, customer_id)
            return uow.customer_history.of(customer_id, page)

    def even_deleted(self, actor: User, customer_id: int, page: PageRequest) -> Page[HistoryItem]:
        if not actor.is_admin:
            return self(actor, customer_id, page)
        with self._uow(read_only=True) as uow:
            if uow.customers.get(customer_id) is None:
                raise customer_not_found(customer_id)
            return uow.customer_history.of(customer_id, page)
