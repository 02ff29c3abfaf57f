"""Prebuilt statements do what ``Connection.execute`` would, on both SQL dialects."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, bindparam, exc, select

from techstore.container import Container
from techstore.infrastructure.sqlalchemy.prebuilt import Query, Statement
from techstore.infrastructure.sqlalchemy.types import Money
from tests.support import listening

pytestmark = pytest.mark.adapters("sqlite", "postgres")

metadata = MetaData()
things = Table("prebuilt_things", metadata, Column("id", Integer, primary_key=True),
               Column("name", String(40), nullable=False, unique=True), Column("price", Money, nullable=False))

_ADD = Statement(things.insert(), columns=["name", "price"])
_ADD_RETURNING = Statement(things.insert().returning(things.c.id, things.c.price), columns=["name", "price"])
_RAISE = Statement(things.update().where(things.c.price < bindparam("under"))
                   .values(price=things.c.price + Decimal("1.00")).returning(things.c.name))
_DROP = Statement(things.delete().where(things.c.name == bindparam("gone")))
_ALL = Query(select(things.c.name, things.c.price).order_by(things.c.name))


@pytest.fixture
def db(container: Container) -> Iterator[Connection]:
    engine = container.adapters.engine()
    metadata.create_all(engine)
    try:
        with engine.connect() as connection, connection.begin():
            yield connection
    finally:
        metadata.drop_all(engine)


def test_writes_return_counts_rows_and_converted_values(db: Connection) -> None:
    _ADD.many(db, [{"name": "cable", "price": Decimal("9.99")}, {"name": "case", "price": Decimal("12.50")}])
    row = _ADD_RETURNING.row(db, name="charger", price=Decimal("20.00"))
    assert row is not None and isinstance(row[0], int) and row[1] == Decimal("20.00")
    assert sorted(_RAISE.rows(db, under=Decimal("15.00"))) == [("cable",), ("case",)]
    assert _DROP.run(db, gone="charger") == 1
    assert _DROP.run(db, gone="nothing") == 0
    assert _ALL.rows(db) == [("cable", Decimal("10.99")), ("case", Decimal("13.50"))]


def test_a_broken_rule_surfaces_as_sqlalchemys_error(db: Connection) -> None:
    _ADD.run(db, name="cable", price=Decimal("9.99"))
    with pytest.raises(exc.IntegrityError), db.begin_nested():
        _ADD.run(db, name="cable", price=Decimal("1.00"))
    assert _ALL.rows(db) == [("cable", Decimal("9.99"))]


def test_listeners_see_each_statement(container: Container, db: Connection) -> None:
    seen: list[tuple[str, bool]] = []
    with listening(container, "before_cursor_execute",
                   lambda _c, _cur, statement, _p, _ctx, many: seen.append((statement.split()[0], many))):
        _ADD.many(db, [{"name": "a", "price": Decimal("1.00")}, {"name": "b", "price": Decimal("2.00")}])
        _DROP.run(db, gone="a")
    assert seen == [("INSERT", True), ("DELETE", False)]
