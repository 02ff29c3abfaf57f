"""The SQL executor answers alike on both of its paths, on both SQL dialects: ``Connection.execute``
(a statement's first run, one built per call, long IN-lists and inserts) and the prebuilt path (a kept
statement from its second run on). Which path ran shows in the listeners: the prebuilt path has no
SQLAlchemy execution context."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, bindparam, exc, func, select

from techstore.container import Container
from techstore.infrastructure.sqlalchemy import executor
from techstore.infrastructure.sqlalchemy.types import Money
from tests.support import listening

pytestmark = pytest.mark.adapters("sqlite", "postgres")

metadata = MetaData()
things = Table("executor_things", metadata, Column("id", Integer, primary_key=True),
               Column("name", String(40), nullable=False, unique=True), Column("price", Money, nullable=False))



class Statements:
    """Kept statements, new for each test: a statement is prebuilt from its second run in the process."""

    def __init__(self) -> None:
        self.add = things.insert()
        self.add_returning = things.insert().returning(things.c.id, things.c.price)
        self.add_rows = things.insert().returning(things.c.id, things.c.name)
        self.raise_ = (things.update().where(things.c.price < bindparam("under"))
                       .values(price=things.c.price + Decimal("1.00")).returning(things.c.name))
        self.drop = things.delete().where(things.c.name == bindparam("gone"))
        self.all = select(things.c.name, things.c.price).order_by(things.c.name)
        self.nothing = select(things.c.id).where(things.c.name == "nothing")
        self.prices_of = select(things.c.name, things.c.price).where(
            things.c.name.in_(bindparam("names", expanding=True))).order_by(things.c.name)


@pytest.fixture
def st() -> Statements:
    return Statements()


@pytest.fixture
def db(container: Container) -> Iterator[Connection]:
    engine = container.adapters.engine()
    metadata.create_all(engine)
    try:
        with engine.connect() as connection, connection.begin():
            yield connection
    finally:
        metadata.drop_all(engine)


@pytest.fixture
def paths(container: Container) -> Iterator[list[str]]:
    """The path each statement took, in order: "prebuilt" or "execute" (savepoints left out)."""
    taken: list[str] = []

    def seen(_c: Any, _cur: Any, statement: str, _p: Any, context: Any, _many: bool) -> None:
        if statement.split()[0] not in ("SAVEPOINT", "RELEASE", "ROLLBACK"):
            taken.append("execute" if context else "prebuilt")

    with listening(container, "before_cursor_execute", seen):
        yield taken


def twice(call: Callable[[], Any]) -> tuple[Any, Any]:
    return call(), call()


def test_a_kept_statement_is_prebuilt_from_its_second_run_and_answers_the_same(st: Statements, db: Connection,
                                                                                paths: list[str]) -> None:
    executor.many(db, st.add, [{"name": "cable", "price": Decimal("9.99")},
                               {"name": "case", "price": Decimal("12.50")}])
    executor.many(db, st.add, [{"name": "dock", "price": Decimal("30.00")},
                               {"name": "eraser", "price": Decimal("50.00")}])
    first = executor.first(db, st.add_returning, name="charger", price=Decimal("20.00"))
    second = executor.first(db, st.add_returning, name="mouse", price=Decimal("5.00"))
    assert first is not None and second is not None and isinstance(second[0], int) and second[0] > first[0]
    assert (first[1], second[1]) == (Decimal("20.00"), Decimal("5.00"))
    assert twice(lambda: executor.rows(db, st.all)) == ([
        ("cable", Decimal("9.99")), ("case", Decimal("12.50")), ("charger", Decimal("20.00")),
        ("dock", Decimal("30.00")), ("eraser", Decimal("50.00")), ("mouse", Decimal("5.00"))],) * 2
    assert twice(lambda: executor.scalar(db, st.nothing)) == (None, None)
    raised = sorted(executor.rows(db, st.raise_, under=Decimal("6.00"))) + sorted(
        executor.rows(db, st.raise_, under=Decimal("11.00")))
    assert raised == [("mouse",), ("cable",), ("mouse",)]
    assert [executor.run(db, st.drop, gone=name) for name in ("charger", "nothing")] == [1, 0]
    assert paths == ["execute", "prebuilt", "execute", "prebuilt", "execute", "prebuilt", "execute", "prebuilt",
                     "execute", "prebuilt", "execute", "prebuilt"]


def test_a_statement_built_per_call_always_goes_through_execute(db: Connection, paths: list[str]) -> None:
    for name in ("a", "b", "c"):
        executor.run(db, things.insert().values(name=name, price=Decimal("1.00")))
    assert [executor.scalar(db, select(things.c.name).where(things.c.price == Decimal("1.00"))
                            .order_by(things.c.name.desc())) for _ in range(2)] == ["c", "c"]
    assert paths == ["execute"] * 5


@pytest.mark.parametrize("count", [1, 3, 16, 17, 40])
def test_in_lists_of_any_length_answer_alike(st: Statements, db: Connection, paths: list[str], count: int) -> None:
    names = [f"thing-{k:02d}" for k in range(count)]
    executor.many(db, st.add, [{"name": name, "price": Decimal(k) + Decimal("0.25")} for k, name in enumerate(names)])
    wanted = [*names[::2], "missing"]
    expected = [(name, Decimal(k) + Decimal("0.25")) for k, name in enumerate(names) if k % 2 == 0]
    assert twice(lambda: executor.rows(db, st.prices_of, names=wanted)) == (expected, expected)
    prebuilt = len(wanted) <= executor.MOST
    assert paths[1:] == ["execute", "prebuilt" if prebuilt else "execute"]
    assert executor.scalar(db, select(func.count()).select_from(things)) == count  # each row once, by either path


@pytest.mark.parametrize("count", [1, 5, 16, 17, 30])
def test_inserted_rows_come_back_in_their_order(st: Statements, db: Connection, count: int) -> None:
    new = [{"name": f"n-{(k * 7) % count:02d}-{k}", "price": Decimal("1.00")} for k in range(count)]
    first, second = (executor.inserted(db, st.add_rows, [{**row, "name": f"{row['name']}-{run}"} for row in new])
                     for run in ("a", "b"))
    assert [r[1] for r in first] == [f"{row['name']}-a" for row in new]
    assert [r[1] for r in second] == [f"{row['name']}-b" for row in new]
    ids = [r[0] for r in first + second]
    assert ids == sorted(ids) and len(set(ids)) == 2 * count
    assert executor.inserted(db, st.add_rows, []) == []


def test_a_broken_rule_surfaces_as_sqlalchemys_error_on_either_path(st: Statements, db: Connection,
                                                                   paths: list[str]) -> None:
    executor.run(db, st.add, name="cable", price=Decimal("9.99"))
    for _ in range(2):
        with pytest.raises(exc.IntegrityError), db.begin_nested():
            executor.run(db, st.add, name="cable", price=Decimal("1.00"))
    assert executor.rows(db, st.all) == [("cable", Decimal("9.99"))]
    assert paths == ["execute", "prebuilt", "prebuilt", "execute"]


@pytest.mark.parametrize("count", [3, 40])
def test_many_rows_breaking_a_rule_surface_as_sqlalchemys_error_and_add_nothing(st: Statements, db: Connection,
                                                                                count: int) -> None:
    executor.run(db, st.add, name="cable", price=Decimal("9.99"))
    rows = [{"name": f"n-{k:02d}", "price": Decimal("1.00")} for k in range(count - 1)]
    with pytest.raises(exc.IntegrityError), db.begin_nested():
        executor.many(db, st.add, [*rows, {"name": "cable", "price": Decimal("2.00")}])
    assert executor.rows(db, st.all) == [("cable", Decimal("9.99"))]


def test_listeners_see_each_statement_and_whether_it_runs_many(st: Statements, container: Container,
                                                              db: Connection) -> None:
    seen: list[tuple[str, bool]] = []
    with listening(container, "before_cursor_execute",
                   lambda _c, _cur, statement, _p, _ctx, many: seen.append((statement.split()[0], many))):
        for _ in range(2):
            executor.many(db, st.add, [{"name": f"a{len(seen)}", "price": Decimal("1.00")},
                                     {"name": f"b{len(seen)}", "price": Decimal("2.00")}])
            executor.run(db, st.drop, gone="a0")
        # Up to MOST rows an INSERT is one multi-row statement; beyond, the driver's executemany on SQLite, one
        # COPY on PostgreSQL.
        executor.many(db, st.add, [{"name": f"c{k}", "price": Decimal("3.00")} for k in range(executor.MOST + 1)])
    beyond = ("INSERT", True) if db.dialect.name == "sqlite" else ("COPY", False)
    assert seen == [("INSERT", False), ("DELETE", False)] * 2 + [beyond]
    assert sorted(executor.rows(db, st.all))[-executor.MOST - 1:] == sorted(
        (f"c{k}", Decimal("3.00")) for k in range(executor.MOST + 1))


def test_prebuilt_statements_in_turn_on_one_connection_each_get_their_own_answer(st: Statements, db: Connection,
                                                                                 paths: list[str]) -> None:
    """On PostgreSQL one cursor per connection runs every prebuilt statement: no answer outlives its statement,
    not even past a refused one."""
    executor.run(db, st.add, name="cable", price=Decimal("9.99"))
    for statement in (st.all, st.nothing):  # each prebuilt from here on
        executor.rows(db, statement)
    paths.clear()
    assert executor.rows(db, st.all) == [("cable", Decimal("9.99"))]
    assert executor.run(db, st.add, name="case", price=Decimal("12.50")) == 1
    assert executor.scalar(db, st.nothing) is None
    with pytest.raises(exc.IntegrityError), db.begin_nested():
        executor.run(db, st.add, name="cable", price=Decimal("1.00"))
    assert executor.scalar(db, st.nothing) is None
    assert executor.rows(db, st.all) == [("cable", Decimal("9.99")), ("case", Decimal("12.50"))]
    assert paths == ["prebuilt"] * 6
