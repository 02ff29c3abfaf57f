"""The executor's fast path (private to executor.py): a statement compiled once per dialect and run on the
driver's own cursor.

``Connection.execute`` costs about 100 µs per statement on top of the driver (execution context, result
metadata, a ``Row`` per row), more than a warm PostgreSQL takes to answer a lookup by key. A ``Prebuilt``
works out the SQL text, parameter order and column converters once; each run is one ``execute`` (or
``executemany``) on a DBAPI cursor of the same connection, in the same transaction, with rows handed back as
plain tuples. ``before_cursor_execute`` listeners are still told of each statement (with no execution
context: the tests count statements that way). Driver errors still surface as SQLAlchemy's (``DBAPIError``),
with parameters hidden, and a dropped connection is invalidated as SQLAlchemy would.

An IN-list (an expanding ``bindparam``) is expanded once per number of values. A prebuilt write sends
exactly what it was built with: columns with a Python-side default or ``onupdate`` get no value (none of our
tables has one: defaults are on the server or given by the caller).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence, Sized
from typing import Any, TypeVar

from sqlalchemy import Connection, Delete, Dialect, Insert, Select, Update, exc
from sqlalchemy.sql.compiler import SQLCompiler

T = TypeVar("T")
Convert = Callable[[Any], Any]
Row = tuple[Any, ...]
Buildable = Select[Any] | Insert | Update | Delete


class _Shape:
    """The SQL text, parameter order and bind converters for one set of IN-list lengths."""

    def __init__(self, sql: str, order: Sequence[str] | None, binds: Mapping[str, Convert],
                 expansion: Mapping[str, Sequence[str]], names: Sequence[str] = ()) -> None:
        self.sql, self.order, self.binds, self.expansion = sql, order, binds, expansion
        # Without IN-lists: each parameter the SQL takes (in its order when positional) and its converter, so a
        # row's arguments are one pass (a 10,000-row import builds 10,000 of them).
        self.plan = [(name, binds.get(name)) for name in (order if order is not None else names)]


class Prebuilt:
    """One statement for one dialect."""

    def __init__(self, statement: Buildable, dialect: Dialect, column_keys: Sequence[str] | None = None) -> None:
        compiled = statement.compile(dialect=dialect, column_keys=list(column_keys) if column_keys else None)
        assert isinstance(compiled, SQLCompiler)
        self._compiled = compiled
        self.dialect = dialect
        # psycopg reads a whole answer on execute, so its cursor can be kept for the next statement; SQLite's
        # steps through rows lazily, and one left open mid-answer would hold its statement. (The loop's reads
        # run the same statements through SQLAlchemy's async adapter, whose cursors are made per statement.)
        self._keeps_cursor = dialect.name == "postgresql"
        # By the names the SQL uses (``compiled.binds`` also holds anonymous parameters under a second key).
        named = {name: bind for name, bind in compiled.binds.items() if compiled.bind_names[bind] == name}
        self._names = list(named)
        # Each parameter's bind converter (Money to cents on SQLite, datetimes to text...), by its name.
        self._converts: dict[str, Convert] = {}
        for name, bind in named.items():
            convert = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if convert is not None:
                self._converts[name] = convert
        # Values written into the statement itself (``column == 'admin'``); the caller gives the rest.
        self.defaults = {name: bind.effective_value for name, bind in named.items() if not bind.required}
        self.expanding = sorted(name for name, bind in named.items() if bind.expanding)
        if "__[POSTCOMPILE_" in compiled.string and not self.expanding:
            raise ValueError("only IN-lists may be expanded after compiling")
        self._shapes: dict[tuple[int, ...], _Shape] = {}
        if not self.expanding:
            self._shapes[()] = _Shape(compiled.string, compiled.positiontup if dialect.positional else None,
                                      dict(self._converts), {}, self._names)
        # What the statement answers: a SELECT's columns, a write's RETURNING (none: nothing to fetch).
        self.columns = [column.type for column in statement.exported_columns]
        # (column index, converter) for the columns that need one; they depend on the driver's
        # column types, so they are known after the first run.
        self.results: list[tuple[int, Convert]] | None = None

    def lengths(self, params: Mapping[str, Any]) -> tuple[int, ...]:
        """How many values each IN-list of ``params`` holds (the key to its expanded shape)."""
        return tuple(len(_values(params[name] if name in params else self.defaults[name])) for name in self.expanding)

    def run(self, connection: Connection, params: Mapping[str, Any], *, one: bool) -> tuple[list[Row], int]:
        """The rows (converted) and the row count."""

        def answer(cursor: Any) -> tuple[list[Any], int]:
            if not self.columns:
                return [], cursor.rowcount
            rows = cursor.fetchmany(1) if one else cursor.fetchall()
            if self.results is None:
                self.results = self._converters(cursor.description)
            return rows, cursor.rowcount

        shape = self._shape(self.lengths(params))
        rows, count = self._on_cursor(connection, shape, self._arguments(shape, params), many=False, then=answer)
        return (self._converted(rows) if rows else []), count

    def run_many(self, connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        shape = self._shape(())
        self._on_cursor(connection, shape, [self._arguments(shape, params) for params in rows], many=True,
                        then=lambda _: None)

    def _shape(self, lengths: tuple[int, ...]) -> _Shape:
        shape = self._shapes.get(lengths)
        if shape is None:
            dummy = {**self.defaults, **{name: [None] * n for name, n in zip(self.expanding, lengths, strict=True)}}
            for name in self._names:
                dummy.setdefault(name, None)
            state = self._compiled.construct_expanded_state(dummy)
            expansion = {k: list(v) for k, v in state.parameter_expansion.items()}
            # The expanded state's own processors leave out the parameters that were not expanded (SQLAlchemy
            # 2.1), so every parameter's converter is put back: an IN-list's under each of its expanded names.
            binds: dict[str, Convert] = dict(state.processors)
            for name, convert in self._converts.items():
                for each in expansion.get(name, [name]):
                    binds.setdefault(each, convert)
            shape = self._shapes[lengths] = _Shape(state.statement, state.positiontup, binds, expansion)
        return shape

    def _arguments(self, shape: _Shape, params: Mapping[str, Any]) -> Any:
        values = {**self.defaults, **params} if self.defaults else params
        if not shape.expansion:
            arguments = [value if convert is None else convert(value)
                         for name, convert in shape.plan for value in (values[name],)]
            return arguments if shape.order is not None else dict(zip(self._names, arguments, strict=True))
        values = dict(values)
        for name, expanded in shape.expansion.items():
            values.update(zip(expanded, values.pop(name), strict=True))
        for name, convert in shape.binds.items():
            values[name] = convert(values[name])
        return [values[name] for name in shape.order] if shape.order is not None else values

    def _on_cursor(self, connection: Connection, shape: _Shape, arguments: Any, *, many: bool,
                   then: Callable[[Any], T]) -> T:
        """Execute on a cursor of the connection's driver connection, then ``then(cursor)``; listeners are
        told first, and a driver error surfaces as SQLAlchemy's."""
        pooled = connection.connection
        dbapi_connection: Any = pooled.dbapi_connection
        keeps = self._keeps_cursor and not connection.dialect.is_async
        cursor = _cursor(pooled.info, dbapi_connection) if keeps else dbapi_connection.cursor()
        try:
            if connection.dispatch.before_cursor_execute:  # listeners (statement counts, echo) still see it
                connection.dispatch.before_cursor_execute(connection, cursor, shape.sql, arguments, None, many)
            if many:
                cursor.executemany(shape.sql, arguments)
            else:
                cursor.execute(shape.sql, arguments)
            answer = then(cursor)
        except self.dialect.loaded_dbapi.Error as error:
            wrapped = self._wrapped(connection, dbapi_connection, cursor, shape.sql, error)
            _drop(pooled.info, cursor)
            raise wrapped from error
        except BaseException:
            _drop(pooled.info, cursor)
            raise
        if not keeps:
            cursor.close()
        return answer

    def _converters(self, description: Sequence[Any]) -> list[tuple[int, Convert]]:
        converters = (
            kind.dialect_impl(self.dialect).result_processor(self.dialect, column[1])
            for kind, column in zip(self.columns, description, strict=True)
        )
        return [(i, convert) for i, convert in enumerate(converters) if convert is not None]

    def _converted(self, rows: list[Any]) -> list[Row]:
        converters = self.results
        assert converters is not None
        if not converters:
            return [tuple(row) for row in rows]
        converted = []
        for row in rows:
            values = list(row)
            for i, convert in converters:
                values[i] = convert(values[i])
            converted.append(tuple(values))
        return converted

    def _wrapped(self, connection: Connection, dbapi_connection: Any, cursor: Any, sql: str,
                 error: Exception) -> Exception:
        dropped = self.dialect.is_disconnect(error, dbapi_connection, cursor)  # type: ignore[arg-type]
        if dropped:
            connection.invalidate(error)
        return exc.DBAPIError.instance(
            sql, None, error, self.dialect.loaded_dbapi.Error,
            hide_parameters=True, connection_invalidated=dropped, dialect=self.dialect,
        )


_CURSOR = "techstore.prebuilt.cursor"


def _cursor(info: dict[Any, Any], dbapi_connection: Any) -> Any:
    """The driver connection's cursor for prebuilt statements, made once and kept in the pooled connection's
    ``info`` (which lives as long as the driver connection): a cursor is run by one statement at a time, as
    the connection is, and making and closing one per statement cost about 4 µs of a statement's 32 µs of CPU
    (``bench/prebuilt_cursor.py``). It holds its last answer until the next statement on the connection."""
    kept = info.get(_CURSOR)
    if kept is not None and kept[0] is dbapi_connection and not kept[1].closed:
        return kept[1]
    cursor = dbapi_connection.cursor()
    info[_CURSOR] = (dbapi_connection, cursor)
    return cursor


def _drop(info: dict[Any, Any], cursor: Any) -> None:
    """After a failed statement: a fresh cursor next time, whatever state this one was left in."""
    info.pop(_CURSOR, None)
    cursor.close()


def _values(given: Any) -> Sized:
    """An IN-list's values (a missing one is a bug in the statement's caller)."""
    assert given is not None, "an IN-list parameter was not given"
    values: Sized = given
    return values
