"""Queries compiled once per dialect and run on the driver's own cursor.

``Connection.execute`` costs about 100 µs per statement on top of the driver
(execution context, result metadata, a ``Row`` per row), more than a warm
PostgreSQL takes to answer a lookup by key. The queries every request sends
(the signed-in user, a list page) are built with SQLAlchemy Core like any
other, then run through a ``Query``: its SQL text, parameter order and column
converters are worked out once per dialect, and each call is one ``execute``
on the DBAPI cursor of the same connection, in the same transaction, with
rows handed back as plain tuples. ``before_cursor_execute`` listeners are
still told of each statement (the tests count statements that way). Driver errors still surface as SQLAlchemy's
(``DBAPIError``), with parameters hidden, and a dropped connection is
invalidated as SQLAlchemy would.

Writes on the hot path (a sale's inserts and guarded updates) are built the
same way with ``Statement``: ``run`` (the row count), ``row``/``rows`` for a
``RETURNING``, ``many`` for the driver's own executemany. A prebuilt write
sends exactly what it was built with: columns with a Python-side default or
``onupdate`` get no value (none of our tables has one: defaults are on the
server or given by the caller).

Only for statements of fixed shape: no IN-lists, no post-compiled parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, Delete, Dialect, Insert, Select, Update, exc
from sqlalchemy.sql.compiler import SQLCompiler

T = TypeVar("T")
Convert = Callable[[Any], Any]
Row = tuple[Any, ...]


Buildable = Select[Any] | Insert | Update | Delete


class Query:
    def __init__(self, statement: Buildable, column_keys: Sequence[str] | None = None) -> None:
        self._statement = statement
        self._column_keys = column_keys
        self._compiled: dict[str, _Compiled] = {}

    def rows(self, connection: Connection, **params: Any) -> list[Row]:
        return self._compiled_for(connection).run(connection, params, one=False)[0]

    def row(self, connection: Connection, **params: Any) -> Row | None:
        rows = self._compiled_for(connection).run(connection, params, one=True)[0]
        return rows[0] if rows else None

    def _compiled_for(self, connection: Connection) -> _Compiled:
        dialect = connection.dialect
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            compiled = self._compiled[dialect.name] = _Compiled(self._statement, dialect, self._column_keys)
        return compiled


class Statement(Query):
    """A prebuilt INSERT, UPDATE or DELETE (``row``/``rows`` read its ``RETURNING``).

    ``Statement(table.insert(), columns=[...])`` inserts those columns, each given by its own name."""

    def __init__(self, statement: Insert | Update | Delete, columns: Sequence[str] | None = None) -> None:
        super().__init__(statement, columns)

    def run(self, connection: Connection, **params: Any) -> int:
        """Execute; the number of rows it touched."""
        return self._compiled_for(connection).run(connection, params, one=False)[1]

    def many(self, connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        """The driver's own executemany (psycopg pipelines it, sqlite3 loops in C); no RETURNING."""
        if rows:
            self._compiled_for(connection).run_many(connection, rows)


class _Compiled:
    """One statement for one dialect: text, parameters in the driver's style, converters."""

    def __init__(self, statement: Buildable, dialect: Dialect, column_keys: Sequence[str] | None = None) -> None:
        compiled = statement.compile(dialect=dialect, column_keys=list(column_keys) if column_keys else None)
        assert isinstance(compiled, SQLCompiler)
        if "__[POSTCOMPILE_" in compiled.string:
            raise ValueError("a prebuilt query cannot have IN-lists or post-compiled parameters")
        self.sql = compiled.string
        self.dialect = dialect
        # Values written into the statement itself (``column == 'admin'``); the caller gives the rest.
        self.defaults = {name: bind.effective_value for name, bind in compiled.binds.items() if not bind.required}
        self.order: Sequence[str] | None = compiled.positiontup if dialect.positional else None
        self.binds: dict[str, Convert] = {}
        for name, bind in compiled.binds.items():
            convert = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if convert is not None:
                self.binds[name] = convert
        # What the statement answers: a SELECT's columns, a write's RETURNING (none: nothing to fetch).
        self.columns = [column.type for column in statement.exported_columns]
        # (column index, converter) for the columns that need one; they depend on the driver's
        # column types, so they are known after the first run.
        self.results: list[tuple[int, Convert]] | None = None

    def run(self, connection: Connection, params: Mapping[str, Any], *, one: bool) -> tuple[list[Row], int]:
        """The rows (converted) and the row count."""

        def answer(cursor: Any) -> tuple[list[Any], int]:
            if not self.columns:
                return [], cursor.rowcount
            rows = cursor.fetchmany(1) if one else cursor.fetchall()
            if self.results is None:
                self.results = self._converters(cursor.description)
            return rows, cursor.rowcount

        rows, count = self._on_cursor(connection, self._arguments(params), many=False, then=answer)
        return (self._converted(rows) if rows else []), count

    def run_many(self, connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        self._on_cursor(connection, [self._arguments(params) for params in rows], many=True, then=lambda _: None)

    def _on_cursor(self, connection: Connection, arguments: Any, *, many: bool, then: Callable[[Any], T]) -> T:
        """Execute on a cursor of the connection's driver connection, then ``then(cursor)``; listeners are
        told first, and a driver error surfaces as SQLAlchemy's."""
        dbapi_connection: Any = connection.connection.dbapi_connection
        cursor = dbapi_connection.cursor()
        try:
            if connection.dispatch.before_cursor_execute:  # listeners (statement counts, echo) still see it
                connection.dispatch.before_cursor_execute(connection, cursor, self.sql, arguments, None, many)
            if many:
                cursor.executemany(self.sql, arguments)
            else:
                cursor.execute(self.sql, arguments)
            return then(cursor)
        except self.dialect.loaded_dbapi.Error as error:
            raise self._wrapped(connection, dbapi_connection, cursor, error) from error
        finally:
            cursor.close()

    def _arguments(self, params: Mapping[str, Any]) -> Any:
        values = {**self.defaults, **params}
        for name, convert in self.binds.items():
            values[name] = convert(values[name])
        return [values[name] for name in self.order] if self.order is not None else values

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

    def _wrapped(self, connection: Connection, dbapi_connection: Any, cursor: Any, error: Exception) -> Exception:
        dropped = self.dialect.is_disconnect(error, dbapi_connection, cursor)  # type: ignore[arg-type]
        if dropped:
            connection.invalidate(error)
        return exc.DBAPIError.instance(
            self.sql, None, error, self.dialect.loaded_dbapi.Error,
            hide_parameters=True, connection_invalidated=dropped, dialect=self.dialect,
        )


class PerCount:
    """A statement whose shape depends on a count (an IN-list of n ids, n rows in one INSERT): one prebuilt
    statement per count, built on first use, for counts up to ``most``. Beyond, ``for_count`` answers None
    and the caller falls back to ``Connection.execute`` (a rare, large request)."""

    def __init__(self, build: Callable[[int], Query], most: int = 16) -> None:
        self._build = build
        self._most = most
        self._built: dict[int, Query] = {}

    def for_count(self, count: int) -> Query | None:
        if not 0 < count <= self._most:
            return None
        built = self._built.get(count)
        if built is None:
            built = self._built[count] = self._build(count)
        return built
