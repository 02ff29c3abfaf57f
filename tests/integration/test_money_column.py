"""The money column round-trips awkward values exactly on every database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, select

from techstore.infrastructure.sqlalchemy.types import Money

AWKWARD = ["0.10", "0.01", "9999999999.99", "-9999999999.99", "1299.90", "0.00", "2.675"[:-1]]


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_money_round_trips_exactly(database: str, tmp_path, request: pytest.FixtureRequest) -> None:
    url = (f"sqlite:///{tmp_path / 'money.db'}" if database == "sqlite"
           else request.getfixturevalue("postgres_server_url"))
    metadata = MetaData()
    amounts = Table("money_probe", metadata, Column("id", Integer, primary_key=True), Column("amount", Money))
    engine = create_engine(url)
    metadata.create_all(engine)
    try:
        with engine.begin() as connection:
            connection.execute(amounts.insert(), [{"amount": Decimal(v)} for v in AWKWARD])
            stored = connection.execute(select(amounts.c.amount).order_by(amounts.c.id)).scalars().all()
        assert [str(v) for v in stored] == [str(Decimal(v)) for v in AWKWARD]
        assert all(isinstance(v, Decimal) for v in stored)
        with pytest.raises(Exception), engine.begin() as connection:  # noqa: B017, PT011
            connection.execute(amounts.insert(), [{"amount": Decimal("1.005")}])
    finally:
        metadata.drop_all(engine)
        engine.dispose()
