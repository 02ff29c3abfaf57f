"""Parked (held) sales: the counter puts a cart aside to serve the next customer, and anyone resumes it
later and sells it through ``PlaceSale``. Parking takes nothing (no stock, no money, no number); a parked
sale is deleted when resumed or dropped. Its inputs are here too (the API reads its bodies into them).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import attrs

from techstore.application.sales.commands import SERIAL, DiscountIn, Notes, Quantity
from techstore.application.sales.ports import SalesUnitOfWork, SalesUnitOfWorkFactory
from techstore.application.shared.constraints import Money, Number, Sign
from techstore.application.shared.idempotency import Finish, Idempotent, KeyedRequest, Outcome
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.identity.users import User
from techstore.domain.sales.parked import Holder, ParkedSale
from techstore.domain.sales.sales import PricedProduct
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import NotFound


@attrs.frozen
class ParkedItem:
    """A line of the cart, as ``POST /sales`` takes it: a product, how many, and its own discount if any.
    ``unit_price`` and ``serials`` are read but not kept yet: give them again when selling the cart."""

    product_id: Annotated[int, Number(minimum=1)]
    quantity: Quantity
    unit_price: Annotated[Decimal, Money(Sign.NOT_NEGATIVE)] | None = None
    discount: DiscountIn | None = None
    serials: list[Annotated[str, SERIAL]] | None = None


@attrs.frozen
class NewParkedSale:
    """The cart being rung up, put aside (``POST /parked-sales``, the till's Park button): its items, the
    customer, the sale's discount and notes. Products and customer must exist, as for a sale."""

    items: list[ParkedItem]
    customer_id: Annotated[int, Number(minimum=1)] | None = None
    discount: DiscountIn | None = None
    notes: Notes | None = None


@attrs.frozen
class HeldCart:
    """A parked sale as the counter lists it: ``stale`` once parked more than a day ago (for clean-up)."""

    parked: ParkedSale
    stale: bool


def parked_not_found(parked_id: int) -> NotFound:
    return NotFound(f"Parked sale {parked_id} does not exist: it was resumed or dropped, or never parked.")


class ParkSale:
    """Anyone who may sell puts the cart aside. The products and the customer are checked as a sale checks
    them (422 naming the field, 409 for a product that cannot be sold); nothing is taken. ``once``: at most
    once per idempotency key, as a sale (a double click on Park parks one cart)."""

    def __init__(self, uow: SalesUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock
        self._idempotent = Idempotent(uow, clock)

    def __call__(self, actor: User, command: NewParkedSale) -> ParkedSale:
        parked, _ = self._park(actor, command)
        return parked

    def once(self, actor: User, command: NewParkedSale, request: KeyedRequest) -> Outcome[ParkedSale]:
        """The same, at most once per ``request``'s key: a retry gets the first parked sale's id."""
        return self._idempotent.run(request, lambda finish: self._park(actor, command, finish))

    def _park(self, actor: User, command: NewParkedSale, finish: Finish | None = None) -> tuple[ParkedSale, int]:
        assert actor.id is not None
        with self._uow() as uow:
            found = uow.stock.sellable([item.product_id for item in command.items])
            products = {pid: PricedProduct(s.id, s.sku, s.name, s.price, s.cost, s.is_sellable)
                        for pid, s in found.items()}
            parked = ParkedSale.park(lines=command.items, products=products, discount=command.discount,
                                     customer_id=command.customer_id,
                                     customer=self._holder(uow, command.customer_id), notes=command.notes,
                                     user_id=actor.id, now=self._clock.now())
            uow.parked_sales.add(parked)
            assert parked.id is not None
            if finish is not None:
                finish(uow, parked.id)
            uow.commit()
        return parked, parked.id

    @staticmethod
    def _holder(uow: SalesUnitOfWork, customer_id: int | None) -> Holder | None:
        customer = None if customer_id is None else uow.accounts.account_holder(customer_id)
        if customer is None or customer_id is None:
            return None
        return Holder(customer_id, customer.name, customer.is_deleted)


class ListParkedSales:
    """The parked sales, newest first; those parked more than a day ago are marked stale."""

    def __init__(self, uow: SalesUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, page: PageRequest) -> Page[HeldCart]:
        with self._uow(read_only=True) as uow:
            found = uow.parked_sales.list(page)
        now = self._clock.now()
        return Page([HeldCart(p, p.is_stale(now)) for p in found.items], found.total, found.limit, found.offset)


class GetParkedSale:
    """One parked sale, to resume it (then sell it through ``POST /sales``) or drop it."""

    def __init__(self, uow: SalesUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, parked_id: int) -> HeldCart:
        with self._uow(read_only=True) as uow:
            parked = uow.parked_sales.get(parked_id)
        if parked is None:
            raise parked_not_found(parked_id)
        return HeldCart(parked, parked.is_stale(self._clock.now()))


class ResumeParkedSale:
    """The till takes a parked sale back: it is read and deleted in one transaction, so of two cashiers
    resuming it at once one gets the cart and the other a 404."""

    def __init__(self, uow: SalesUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, parked_id: int) -> ParkedSale:
        with self._uow() as uow:
            parked = uow.parked_sales.get(parked_id)
            if parked is None or not uow.parked_sales.remove(parked_id):
                raise parked_not_found(parked_id)
            uow.commit()
        return parked


class DropParkedSale:
    """Anyone who may sell drops a parked sale (the customer left): it is deleted; nothing else changes."""

    def __init__(self, uow: SalesUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, parked_id: int) -> None:
        with self._uow() as uow:
            if not uow.parked_sales.remove(parked_id):
                raise parked_not_found(parked_id)
            uow.commit()
