"""The one way repositories run SQL.

A repository builds SQLAlchemy Core statements and hands them here, on the connection it was given, with
their parameters: ``rows``, ``first``, ``one``, ``scalar``, ``run`` (the row count), ``many`` (one statement,
many rows: a multi-row VALUES, the driver's executemany, or COPY on PostgreSQL) and ``inserted`` (a multi-row
INSERT's RETURNING). Rows come back as tuples (or ``Row``s, which unpack and index the same), whichever path
ran them.

Two paths, chosen here and nowhere else:

- **Prebuilt.** A statement the repository keeps (built once, at import, so the same object runs again) is
  compiled once per dialect on its second run and from then on sent on the driver's cursor (prebuilt.py):
  about 100 µs less per statement than ``Connection.execute``, which is what the request path's benchmark
  measures. ``FOR UPDATE`` reads and writes alike. An IN-list of up to ``MOST`` values, and an ``inserted``
  of up to ``MOST`` rows, is prebuilt once per length.
- **``Connection.execute``** for the rest: a statement built per call (a filtered list page: SQLAlchemy's own
  compiled cache serves it), an IN-list or an ``inserted`` beyond ``MOST`` (a rare, large request), a
  ``text()`` statement, and a statement's first run (most statements a process builds run once).

Either path sends one statement per call: statement counts do not depend on the path.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Delete, Insert, Select, Table, Update, bindparam
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.dml import ValuesBase
from sqlalchemy.sql.expression import Executable

from techstore.infrastructure.sqlalchemy.prebuilt import Prebuilt

# The longest IN-list, and the most rows of one ``inserted``, prebuilt (one compiled statement per length).
MOST = 16

_PREBUILDABLE = (Select, Insert, Update, Delete)
# Per statement (dropped with it): None once seen; then, per dialect and column keys, its Prebuilt, or False
# when it cannot be prebuilt.
_Built = dict[tuple[str, tuple[str, ...] | None], Prebuilt | bool]
_seen: weakref.WeakKeyDictionary[Executable, _Built | None] = weakref.WeakKeyDictionary()
# ``inserted`` per statement: its multi-row VALUES form per count of rows and their column names.
_multi: weakref.WeakKeyDictionary[Executable, dict[tuple[int, tuple[str, ...]], Insert]] = \
    weakref.WeakKeyDictionary()
# ``many`` on PostgreSQL (COPY) per table: its columns' bind processors per column names.
_copying: weakref.WeakKeyDictionary[Table, dict[tuple[str, ...], list[Any]]] = weakref.WeakKeyDictionary()


def rows(db: Connection, statement: Executable, /, **params: Any) -> list[Any]:
    prebuilt = _prebuilt(db, statement, params)
    if prebuilt is not None:
        return prebuilt.run(db, params, one=False)[0]
    return list(db.execute(statement, params).all())


def first(db: Connection, statement: Executable, /, **params: Any) -> Any | None:
    """The first row, or None."""
    prebuilt = _prebuilt(db, statement, params)
    if prebuilt is not None:
        found = prebuilt.run(db, params, one=True)[0]
        return found[0] if found else None
    return db.execute(statement, params).first()


def one(db: Connection, statement: Executable, /, **params: Any) -> Any:
    """The row of a query that always answers one (an aggregate)."""
    row = first(db, statement, **params)
    assert row is not None, "a query of one row answered none"
    return row


def scalar(db: Connection, statement: Executable, /, **params: Any) -> Any:
    """The first column of the first row (a count, an INSERT's RETURNING id), or None without a row."""
    row = first(db, statement, **params)
    return None if row is None else row[0]


def run(db: Connection, statement: Executable, /, **params: Any) -> int:
    """Execute a write; the number of rows an UPDATE or DELETE touched. (An INSERT's count is -1 through
    ``Connection.execute`` on psycopg: an INSERT that must say whether it inserted uses RETURNING.)"""
    prebuilt = _prebuilt(db, statement, params)
    if prebuilt is not None:
        return prebuilt.run(db, params, one=False)[1]
    return int(db.execute(statement, params).rowcount)


def many(db: Connection, statement: Executable, parameter_sets: Sequence[Mapping[str, Any]]) -> None:
    """One statement, many parameter sets; no RETURNING. A plain ``table.insert()`` of up to ``MOST`` rows (a
    sale's lines, payments, journal entries) is sent as one multi-row VALUES: psycopg's executemany would open
    a pipeline for them, which costs more Python than the rows themselves. Anything else is the driver's
    executemany (psycopg pipelines it, sqlite3 loops in C). On PostgreSQL more rows of a plain INSERT go as
    one COPY (``_copy``)."""
    if not parameter_sets:
        return
    if isinstance(statement, Insert) and len(parameter_sets) <= MOST:
        names = tuple(parameter_sets[0])
        values = {f"{name}_{k}": row[name] for k, row in enumerate(parameter_sets) for name in names}
        run(db, _multi_row(statement, names, len(parameter_sets)), **values)
        return
    if isinstance(statement, Insert) and db.dialect.name == "postgresql":
        _copy(db, statement, tuple(parameter_sets[0]), parameter_sets)
        return
    prebuilt = _prebuilt(db, statement, parameter_sets[0], eager=True)
    if prebuilt is not None:
        prebuilt.run_many(db, parameter_sets)
    else:
        db.execute(statement, list(parameter_sets))


def inserted(db: Connection, statement: Insert, new: Sequence[Mapping[str, Any]]) -> list[Any]:
    """Insert the rows ``new`` with one statement; their RETURNING rows, in the order of ``new``.

    ``statement`` is a plain ``table.insert().returning(...)`` whose first column is the primary key. Up to
    ``MOST`` rows it is sent as one multi-row VALUES (prebuilt per number of rows; ids rise in the order of
    the rows, and the rows come back sorted by them); beyond, as SQLAlchemy's executemany with
    ``sort_by_parameter_order``."""
    if not new:
        return []
    names = tuple(new[0])
    if len(new) > MOST:
        ordered = _forms(statement).get((0, ()))
        if ordered is None:
            table = statement.table
            assert isinstance(table, Table)
            ordered = _forms(statement)[0, ()] = table.insert().returning(*statement.exported_columns,
                                                                          sort_by_parameter_order=True)
        return list(db.execute(ordered, list(new)).all())
    values = {f"{name}_{k}": row[name] for k, row in enumerate(new) for name in names}
    return sorted(rows(db, _multi_row(statement, names, len(new)), **values), key=lambda row: row[0])


def _forms(statement: Insert) -> dict[tuple[int, tuple[str, ...]], Insert]:
    forms = _multi.get(statement)
    if forms is None:
        forms = _multi[statement] = {}
    return forms


def _copy(db: Connection, statement: Insert, names: tuple[str, ...],
          parameter_sets: Sequence[Mapping[str, Any]]) -> None:
    """PostgreSQL: the rows through ``COPY t (a, b) FROM STDIN``, in their order (their ids rise with it). A
    10,000-row import is one stream that psycopg formats in C, where an executemany is 10,000 statements for
    the server to plan and run, and arrays for ``unnest`` were dumped element by element in Python. Each value
    still goes through its column type's bind processing (money's places, UTC times), as any statement's; a
    refusal (a duplicate key) is raised as SQLAlchemy's, as ``Connection.execute`` would."""
    import psycopg

    table = statement.table
    assert isinstance(table, Table)
    processors = _copy_processors(db, table, names)
    command = f"COPY {table.name} ({', '.join(names)}) FROM STDIN"
    raw = db.connection.driver_connection
    assert isinstance(raw, psycopg.Connection)
    try:
        with raw.cursor() as cursor, cursor.copy(command) as copy:
            if db.dispatch.before_cursor_execute:  # listeners (statement counts, echo) see it, as a prebuilt's
                db.dispatch.before_cursor_execute(db, cursor, command, parameter_sets, None, False)
            for row in parameter_sets:
                copy.write_row([row[name] if process is None or row[name] is None else process(row[name])
                                for name, process in zip(names, processors, strict=True)])
    except psycopg.Error as error:
        raise DBAPIError.instance(command, None, error, psycopg.Error) from None


def _copy_processors(db: Connection, table: Table, names: tuple[str, ...]) -> list[Any]:
    found = _copying.get(table, {}).get(names)
    if found is None:
        found = [table.c[name].type.dialect_impl(db.dialect).bind_processor(db.dialect) for name in names]
        _copying.setdefault(table, {})[names] = found
    return found


def _multi_row(statement: Insert, names: tuple[str, ...], count: int) -> Insert:
    """``statement`` (a plain ``table.insert()``) for ``count`` rows of the columns ``names``, one VALUES
    tuple each, its parameters named ``{name}_{k}``: built once per shape, so it is prebuilt like any other."""
    forms = _forms(statement)
    multi = forms.get((count, names))
    if multi is None:
        table = statement.table
        assert isinstance(table, Table)
        multi = forms[count, names] = statement.values(
            [{name: bindparam(f"{name}_{k}", type_=table.c[name].type) for name in names} for k in range(count)])
    return multi


def _prebuilt(db: Connection, statement: Executable, params: Mapping[str, Any], *,
              eager: bool = False) -> Prebuilt | None:
    """The statement's prebuilt form, or None: run it through ``Connection.execute``. ``eager``: build it on its
    first run (many rows to send: compiling once costs less than SQLAlchemy's work per row)."""
    if not isinstance(statement, _PREBUILDABLE):
        return None
    built = _seen.get(statement)
    if built is None:
        if statement not in _seen and not eager:  # a first run: remember the statement, build nothing yet
            _seen[statement] = None
            return None
        built = _seen[statement] = {}
    keys = tuple(params) if isinstance(statement, ValuesBase) else None  # the columns an INSERT or UPDATE sets
    key = (db.dialect.name, keys)
    prebuilt = built.get(key)
    if prebuilt is None:
        prebuilt = built[key] = _build(statement, db, keys)
    if prebuilt is False:
        return None
    assert isinstance(prebuilt, Prebuilt)
    if prebuilt.expanding and any(n > MOST for n in prebuilt.lengths(params)):
        return None
    return prebuilt


def _build(statement: Executable, db: Connection, keys: tuple[str, ...] | None) -> Prebuilt | bool:
    assert isinstance(statement, _PREBUILDABLE)
    try:
        return Prebuilt(statement, db.dialect, keys)
    except ValueError:  # a post-compiled parameter other than an IN-list
        return False
