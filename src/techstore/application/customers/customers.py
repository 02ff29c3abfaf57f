"""Staff register, find, change and delete customers.

Rules: at least one of email or phone; email unique case-insensitively and
phone unique once normalised, among non-deleted customers (409 naming the
field); deleting is refused while the balance is not zero or a repair is open.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs

from techstore.application.customers.accounts import customer_not_found
from techstore.application.customers.commands import SEARCH, CustomerChanges, NewCustomer
from techstore.application.customers.ports import CustomersUnitOfWork, CustomersUnitOfWorkFactory
from techstore.application.shared import security_events as events
from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import Page, PageRequest
from techstore.application.shared.security_events import NoSecurityEvents, SecurityEvents
from techstore.domain.customers.customers import DETAILS, Customer, search_term
from techstore.domain.identity.users import User, require_admin, require_manager
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import Conflict, PermissionDenied, ValidationFailed

TAKEN = {
    "email": "Another customer already has the email {value}.",
    "phone": "Another customer already has the phone number {value}.",
}


def duplicate(key: str, customer: Customer) -> Conflict:
    return Conflict(TAKEN[key].format(value=getattr(customer, key)), field=key)


def live_customer(uow: CustomersUnitOfWork, customer_id: int, *, for_update: bool = False) -> Customer:
    """A customer who exists and is not deleted (deleted ones are not found)."""
    repository = uow.customers
    customer = repository.get_for_update(customer_id) if for_update else repository.get(customer_id)
    if customer is None or customer.is_deleted:
        raise customer_not_found(customer_id)
    return customer


def _check_unique(uow: CustomersUnitOfWork, customer: Customer) -> None:
    taken = uow.customers.holder_of(email_key=customer.email_key, phone_key=customer.phone_key,
                                    besides=customer.id)
    if taken is not None:
        raise duplicate(taken, customer)


class SearchCustomers:
    def __init__(self, uow: CustomersUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, query: str, page: PageRequest) -> Page[Customer]:
        problem = SEARCH.problem(query)
        if problem is not None:
            raise ValidationFailed.single("q", problem)
        with self._uow(read_only=True) as uow:
            return uow.customers.search(search_term(query), page)


class GetCustomer:
    def __init__(self, uow: CustomersUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, customer_id: int) -> Customer:
        with self._uow(read_only=True) as uow:
            return live_customer(uow, customer_id)

    def even_deleted(self, actor: User, customer_id: int) -> Customer:
        """For admins, a deleted customer too (to restore them); others get the live ones only."""
        if not actor.is_admin:
            return self(actor, customer_id)
        with self._uow(read_only=True) as uow:
            customer = uow.customers.get(customer_id)
        if customer is None:
            raise customer_not_found(customer_id)
        return customer


class RegisterCustomer:
    """Rule: a new customer's credit limit, when the caller does not give one, is the store's default
    (``TECHSTORE_DEFAULT_CREDIT_LIMIT``: 0 unless configured, so no sale on account until someone sets a
    limit; ``None``: no limit). ``given`` names the fields the caller sent (an API body's keys): a
    ``credit_limit`` sent as null means no limit, one not sent means the default. Without ``given``
    (callers in code) every field of the command counts as given."""

    def __init__(self, uow: CustomersUnitOfWorkFactory, clock: Clock,
                 default_credit_limit: Decimal | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._default_credit_limit = default_credit_limit

    def __call__(self, actor: User, command: NewCustomer, given: Iterable[str] | None = None) -> Customer:
        details = attrs.asdict(command)
        if given is not None and "credit_limit" not in given:
            details["credit_limit"] = self._default_credit_limit
        if details["credit_limit"] != self._default_credit_limit:
            _may_set_credit_limits(actor)
        customer = Customer.create(details, now=self._clock.now())
        with self._uow() as uow:
            _check_unique(uow, customer)
            try:
                customer = uow.customers.add(customer)
            except DuplicateKey as error:  # taken by a concurrent request since the check
                raise duplicate(error.key, customer) from None
            uow.commit()
        return customer


def _may_set_credit_limits(actor: User) -> None:
    """How much a customer may owe is the owner's decision, not the counter's: staff register and edit
    customers with the store's default limit, a manager or an admin sets another."""
    if not actor.is_manager:
        raise PermissionDenied("Only a manager or an admin may set a customer's credit limit.")


class UpdateCustomer:
    """Replaces the details in ``given`` (the fields the caller sent); ``None`` clears an optional one."""

    def __init__(self, uow: CustomersUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, customer_id: int, changes: CustomerChanges,
                 given: Iterable[str] = DETAILS) -> Customer:
        details = {field: getattr(changes, field) for field in given if field in DETAILS}
        if details.get("name", "") is None:  # the name is never cleared: null leaves it alone
            del details["name"]
        with self._uow() as uow:
            customer = live_customer(uow, customer_id, for_update=True)
            if "credit_limit" in details and details["credit_limit"] != customer.credit_limit:
                _may_set_credit_limits(actor)
            customer.change(details, now=self._clock.now())
            _check_unique(uow, customer)
            try:
                uow.customers.update(customer)
            except DuplicateKey as error:
                raise duplicate(error.key, customer) from None
            uow.commit()
        return customer


class DeleteCustomer:
    def __init__(self, uow: CustomersUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, customer_id: int) -> None:
        require_manager(actor)  # the counter registers and edits customers; deleting is a manager's call
        with self._uow() as uow:
            # The lock keeps a movement from landing between the balance check and the delete.
            customer = live_customer(uow, customer_id, for_update=True)
            customer.delete(open_repairs=uow.open_repairs.count_for(customer_id), now=self._clock.now())
            uow.customers.update(customer)
            uow.commit()


class RestoreCustomer:
    """An admin undoes a soft delete: the customer is listed, found and charged again. Refused (409) when
    they are not deleted, or when their email or phone now belongs to another customer (naming the field).
    Under the customer's row lock, as a delete and every movement take it. A security event."""

    def __init__(self, uow: CustomersUnitOfWorkFactory, clock: Clock, events: SecurityEvents | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._events = events or NoSecurityEvents()

    def __call__(self, actor: User, customer_id: int) -> Customer:
        require_admin(actor)
        assert actor.id is not None
        with self._uow() as uow:
            customer = uow.customers.get_for_update(customer_id)
            if customer is None:
                raise customer_not_found(customer_id)
            customer.restore(now=self._clock.now())
            _check_unique(uow, customer)
            try:
                uow.customers.update(customer)
            except DuplicateKey as error:  # taken by a concurrent request since the check
                raise duplicate(error.key, customer) from None
            uow.commit()
        self._events.record(events.CUSTOMER_RESTORED, actor_id=actor.id, target=f"customer:{customer_id}")
        return customer
