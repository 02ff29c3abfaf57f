"""SQL repositories of the customers context: rows in, entities out.

Statements are built once, at import, with bound parameters; rows are
unpacked positionally, once. A list is one statement (its total rides along).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Select, bindparam, func, or_, select
from sqlalchemy.exc import IntegrityError

from techstore.application.customers.ports import BrokenAccount, Period
from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.customers.accounts import Movement, MovementType
from techstore.domain.customers.customers import Customer
from techstore.domain.shared.payments import PaymentMethod
from techstore.infrastructure.sqlalchemy import executor as sql
from techstore.infrastructure.sqlalchemy.tables.customers import account_movements as m
from techstore.infrastructure.sqlalchemy.tables.customers import customers as c
from techstore.infrastructure.sqlalchemy.types import Money

ZERO = Decimal("0.00")
# Open ends of a period, as bounds every database compares correctly.
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)

_CUSTOMER_COLUMNS = (
    c.c.id, c.c.name, c.c.email, c.c.phone, c.c.address, c.c.notes, c.c.credit_limit, c.c.balance,
    c.c.created_at, c.c.updated_at, c.c.deleted_at, c.c.tax_id, c.c.accepts_email,
)
_CUSTOMER_BY_ID = select(*_CUSTOMER_COLUMNS).where(c.c.id == bindparam("customer_id"))
# FOR NO KEY UPDATE: movements on one account still queue, but a row that merely refers to the customer
# (a sale's foreign key takes FOR KEY SHARE on it) is not blocked; with FOR UPDATE, two sales on account
# would each hold that share while waiting for the other's product lock, and deadlock.
_CUSTOMER_BY_ID_FOR_UPDATE = _CUSTOMER_BY_ID.with_for_update(key_share=True)
_LIVE_COUNT = select(func.count()).select_from(c).where(
    c.c.deleted_at.is_(None), c.c.search_key.like(bindparam("pattern"), escape="\\"))
_HOLDERS = select(c.c.email_key, c.c.phone_key).where(
    c.c.deleted_at.is_(None),
    c.c.id != bindparam("besides"),
    or_(c.c.email_key == bindparam("email_key"), c.c.phone_key == bindparam("phone_key")),
)
_SET_BALANCE = c.update().where(c.c.id == bindparam("customer_id")).values(
    balance=bindparam("balance", type_=Money()), updated_at=bindparam("updated_at"))


def _customer_page(dialect: str) -> Select[Any]:
    # Byte order everywhere: PostgreSQL's locale collations would sort differently from SQLite.
    key = c.c.search_key.collate("C") if dialect == "postgresql" else c.c.search_key
    return (
        select(*_CUSTOMER_COLUMNS, func.count().over().label("total"))
        .where(c.c.deleted_at.is_(None), c.c.search_key.like(bindparam("pattern"), escape="\\"))
        .order_by(key, c.c.id)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


_CUSTOMER_PAGE = {dialect: _customer_page(dialect) for dialect in ("postgresql", "sqlite")}


def _customer(row: Any) -> Customer:
    (customer_id, name, email, phone, address, notes, credit_limit, balance, created_at, updated_at,
     deleted_at, tax_id, accepts_email) = row[:13]
    return Customer(customer_id, name, email, phone, address, notes, credit_limit, balance, created_at,
                    updated_at, deleted_at, tax_id, bool(accepts_email))


def _customer_values(customer: Customer) -> dict[str, Any]:
    return {
        "name": customer.name, "email": customer.email, "email_key": customer.email_key,
        "phone": customer.phone, "phone_key": customer.phone_key, "address": customer.address,
        "tax_id": customer.tax_id, "accepts_email": customer.accepts_email,
        "notes": customer.notes, "credit_limit": customer.credit_limit, "search_key": customer.search_key,
        "updated_at": customer.updated_at, "deleted_at": customer.deleted_at,
    }


def like_pattern(term: str) -> str:
    """``term`` anywhere, its own ``%``, ``_`` and ``\\`` taken literally."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# ``search_key`` is four lines (``Customer.search_key``): the folded name first, then the email, the phone and the
# phone's key. A term (one line) followed by three more line breaks lies in the name.
_AFTER_THE_NAME = "\n%" * 3


def customers_named(term: str) -> Select[Any]:
    """The ids of the customers (deleted ones too) whose name holds ``term`` (folded as ``search_key`` is),
    as a subquery other adapters filter by (the sales list's search) without reading the table themselves."""
    return select(c.c.id).where(c.c.search_key.like(like_pattern(term) + _AFTER_THE_NAME, escape="\\"))


def duplicate_key_of(error: IntegrityError) -> str | None:
    message = str(error.orig)
    for key in ("email", "phone"):
        if f"{key}_key" in message:
            return key
    return None


class SqlCustomerRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def get(self, customer_id: int) -> Customer | None:
        row = sql.first(self._db, _CUSTOMER_BY_ID, customer_id=customer_id)
        return _customer(row) if row else None

    def get_for_update(self, customer_id: int) -> Customer | None:
        row = sql.first(self._db, _CUSTOMER_BY_ID_FOR_UPDATE, customer_id=customer_id)
        return _customer(row) if row else None

    def search(self, term: str, page: PageRequest) -> Page[Customer]:
        pattern = like_pattern(term)
        rows = sql.rows(self._db, _CUSTOMER_PAGE[self._db.dialect.name], pattern=pattern, limit=page.limit,
                        offset=page.offset)
        if rows:
            total = rows[0][-1]
        else:  # past the end (or none): no row carries the total, so count apart
            total = sql.scalar(self._db, _LIVE_COUNT, pattern=pattern) if page.offset else 0
        return Page([_customer(row) for row in rows], total, page.limit, page.offset)

    def add(self, customer: Customer) -> Customer:
        values = {**_customer_values(customer), "balance": customer.balance, "created_at": customer.created_at}
        customer.id = self._write(c.insert().values(**values).returning(c.c.id), returning=True)
        return customer

    def update(self, customer: Customer) -> None:
        self._write(c.update().where(c.c.id == customer.id).values(**_customer_values(customer)), returning=False)

    def set_balance(self, customer_id: int, balance: Decimal, updated_at: datetime) -> None:
        sql.run(self._db, _SET_BALANCE, customer_id=customer_id, balance=balance, updated_at=updated_at)

    def holder_of(self, *, email_key: str | None, phone_key: str | None, besides: int | None) -> str | None:
        rows = sql.rows(self._db, _HOLDERS, email_key=email_key, phone_key=phone_key,
                        besides=besides if besides is not None else 0)
        if any(email_key is not None and row[0] == email_key for row in rows):
            return "email"
        return "phone" if rows else None

    def _write(self, statement: Any, *, returning: bool) -> Any:
        """Run an insert or update (its RETURNING value, if ``returning``); ``DuplicateKey`` for a taken email
        or phone."""
        try:
            with self._db.begin_nested():
                if returning:
                    return sql.scalar(self._db, statement)
                sql.run(self._db, statement)
                return None
        except IntegrityError as error:
            key = duplicate_key_of(error)
            if key is None:
                raise
            raise DuplicateKey(key) from None


_MOVEMENT_COLUMNS = (
    m.c.id, m.c.customer_id, m.c.type, m.c.amount, m.c.balance_before, m.c.balance_after, m.c.description,
    m.c.created_by, m.c.created_at, m.c.sale_id, m.c.repair_id, m.c.method, m.c.reverses_id,
)
_MOVEMENT_BY_ID = select(*_MOVEMENT_COLUMNS).where(m.c.id == bindparam("movement_id"))
_REVERSAL_OF = select(*_MOVEMENT_COLUMNS).where(m.c.reverses_id == bindparam("charge_id"))
_IN_PERIOD = (m.c.customer_id == bindparam("customer_id"), m.c.created_at >= bindparam("start"),
              m.c.created_at < bindparam("end"))
_STATEMENT_ROWS = (
    select(*_MOVEMENT_COLUMNS, func.count().over().label("total"))
    .where(*_IN_PERIOD)
    .order_by(m.c.id)
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)
_STATEMENT_COUNT = select(func.count()).select_from(m).where(*_IN_PERIOD)


def _balance_before(bound: str) -> Any:
    """The balance the customer's last movement before the bound left (NULL: none yet)."""
    return (
        select(m.c.balance_after)
        .where(m.c.customer_id == bindparam("customer_id"), m.c.created_at < bindparam(bound))
        .order_by(m.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


_BALANCES_AT = select(_balance_before("start").label("opening"), _balance_before("end").label("closing"))
_ZERO = bindparam("zero", ZERO, type_=Money())
_SUMS_OFF = (
    select(c.c.id, c.c.name, c.c.balance, func.coalesce(func.sum(m.c.amount), _ZERO).label("total"))
    .select_from(c.outerjoin(m, m.c.customer_id == c.c.id))
    .group_by(c.c.id, c.c.name, c.c.balance)
    .having(c.c.balance != func.coalesce(func.sum(m.c.amount), _ZERO))
    .order_by(c.c.id)
)
_CHAIN = select(
    m.c.customer_id, m.c.id, m.c.amount, m.c.balance_before, m.c.balance_after,
    func.lag(m.c.balance_after, type_=Money()).over(partition_by=m.c.customer_id, order_by=m.c.id).label("previous"),
).subquery()
_CHAIN_BREAKS = (
    select(_CHAIN.c.customer_id, c.c.name, _CHAIN.c.id, _CHAIN.c.balance_before, _CHAIN.c.balance_after,
           _CHAIN.c.amount, _CHAIN.c.previous)
    .join(c, c.c.id == _CHAIN.c.customer_id)
    .where(or_(_CHAIN.c.balance_before != func.coalesce(_CHAIN.c.previous, _ZERO),
               _CHAIN.c.balance_after != _CHAIN.c.balance_before + _CHAIN.c.amount))
    .order_by(_CHAIN.c.customer_id, _CHAIN.c.id)
)


def _movement(row: Any) -> Movement:
    (movement_id, customer_id, kind, amount, before, after, description, created_by, created_at, sale_id,
     repair_id, method, reverses_id) = row[:13]
    return Movement(movement_id, customer_id, MovementType(kind), amount, before, after, description, created_by,
                    created_at, sale_id, repair_id, PaymentMethod(method) if method else None, reverses_id)


def chain_problem(movement_id: int, before: Decimal, after: Decimal, amount: Decimal,
                  previous: Decimal | None) -> str:
    expected = ZERO if previous is None else previous
    if before != expected:
        return f"movement {movement_id} starts at {before}, but the previous one left {expected}"
    return f"movement {movement_id}: {before} + {amount} is not {after}"


class SqlMovementRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, movement: Movement) -> Movement:
        values = {
            "customer_id": movement.customer_id, "type": movement.type.value, "amount": movement.amount,
            "balance_before": movement.balance_before, "balance_after": movement.balance_after,
            "description": movement.description, "method": movement.method.value if movement.method else None,
            "sale_id": movement.sale_id, "repair_id": movement.repair_id, "reverses_id": movement.reverses_id,
            "created_by": movement.created_by, "created_at": movement.created_at,
        }
        movement.id = sql.scalar(self._db, m.insert().values(**values).returning(m.c.id))
        return movement

    def get(self, movement_id: int) -> Movement | None:
        row = sql.first(self._db, _MOVEMENT_BY_ID, movement_id=movement_id)
        return _movement(row) if row else None

    def reversal_of(self, charge_id: int) -> Movement | None:
        row = sql.first(self._db, _REVERSAL_OF, charge_id=charge_id)
        return _movement(row) if row else None

    def statement(self, customer_id: int, period: Period, page: PageRequest) -> tuple[Decimal, Decimal,
                                                                                         Page[Movement]]:
        bounds = {"customer_id": customer_id, "start": period.start or EARLIEST, "end": period.end or LATEST}
        opening, closing = sql.one(self._db, _BALANCES_AT, **bounds)
        rows = sql.rows(self._db, _STATEMENT_ROWS, **bounds, limit=page.limit, offset=page.offset)
        if rows:
            total = rows[0][-1]
        else:
            total = sql.scalar(self._db, _STATEMENT_COUNT, **bounds) if page.offset else 0
        movements = Page([_movement(row) for row in rows], total, page.limit, page.offset)
        return (opening if opening is not None else ZERO), (closing if closing is not None else ZERO), movements

    def broken_accounts(self) -> Sequence[BrokenAccount]:
        broken = [
            BrokenAccount(customer_id, name, f"balance {balance} is not the sum of its movements, {total}")
            for customer_id, name, balance, total in sql.rows(self._db, _SUMS_OFF)
        ]
        for customer_id, name, movement_id, before, after, amount, previous in sql.rows(self._db, _CHAIN_BREAKS):
            broken.append(BrokenAccount(customer_id, name, chain_problem(movement_id, before, after, amount,
                                                                         previous)))
        return sorted(broken, key=lambda b: b.customer_id)


REPOSITORIES = {
    "customers": SqlCustomerRepository,
    "account_movements": SqlMovementRepository,
}
