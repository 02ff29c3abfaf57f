"""A statement with an IN-list still converts its other parameters: Money to cents and datetimes to text on
SQLite (the expanded shapes once dropped them, comparing 5.00 with 1250 cents)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import Column, Integer, MetaData, Table, bindparam, create_engine, select

from techstore.infrastructure.sqlalchemy import executor as sql
from techstore.infrastructure.sqlalchemy.types import Money, UTCDateTime


def test_an_in_list_statement_converts_its_money_and_time_parameters() -> None:
    metadata = MetaData()
    table = Table("t", metadata, Column("id", Integer, primary_key=True), Column("amount", Money),
                  Column("at", UTCDateTime))
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.begin() as db:
        sql.run(db, table.insert().values(id=1, amount=Decimal("12.50"), at=datetime(2026, 1, 2, tzinfo=UTC)))
        sql.run(db, table.insert().values(id=2, amount=Decimal("3.00"), at=datetime(2026, 1, 3, tzinfo=UTC)))
        sql.run(db, table.insert().values(id=3, amount=Decimal("30.00"), at=datetime(2025, 1, 3, tzinfo=UTC)))
        wanted = select(table.c.id).where(table.c.id.in_(bindparam("ids", expanding=True)),
                                          table.c.amount > bindparam("least"), table.c.at >= bindparam("since"))
        found = sql.rows(db, wanted, ids=[1, 2, 3], least=Decimal("5.00"), since=datetime(2026, 1, 1, tzinfo=UTC))
        again = sql.rows(db, wanted, ids=[2, 3], least=Decimal("5.00"), since=datetime(2026, 1, 1, tzinfo=UTC))
    assert ([tuple(row) for row in found], again) == ([(1,)], [])
