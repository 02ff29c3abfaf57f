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

Only for reads of fixed shape: no IN-lists, no post-compiled parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Dialect, Select, exc
from sqlalchemy.sql.compiler import SQLCompiler

Convert = Callable[[Any], Any]
Row = tuple[Any, ...]


class Query:
    def __init__(self, statement: Select[Any]) -> None:
        self._statement = statement
        self._compiled: dict[str, _Compiled] = {}

    def rows(self, connection: Connection, **params: Any) -> list[Row]:
        return self._run(connection, params, one=False)

    def row(self, connection: Connection, **params: Any) -> Row | None:
        rows = self._run(connection, params, one=True)
        return rows[0] if rows else None

    def _run(self, connection: Connection, params: Mapping[str, Any], *, one: bool) -> list[Row]:
        dialect = connection.dialect
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            compiled = self._compiled[dialect.name] = _Compiled(self._statement, dialect)
        return compiled.run(connection, params, one=one)


class _Compiled:
    """One statement for one dialect: text, parameters in the driver's style, converters."""

    def __init__(self, statement: Select[Any], dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
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
        self.columns = [column.type for column in statement.selected_columns]
        # (column index, converter) for the columns that need one; they depend on the driver's
        # column types, so they are known after the first run.
        self.results: list[tuple[int, Convert]] | None = None

    def run(self, connection: Connection, params: Mapping[str, Any], *, one: bool) -> list[Row]:
        values = {**self.defaults, **params}
        for name, convert in self.binds.items():
            values[name] = convert(values[name])
        arguments: Any = [values[name] for name in self.order] if self.order is not None else values
        dbapi_connection: Any = connection.connection.dbapi_connection
        cursor = dbapi_connection.cursor()
        try:
            if connection.dispatch.before_cursor_execute:  # listeners (statement counts, echo) still see it
                connection.dispatch.before_cursor_execute(connection, cursor, self.sql, arguments, None, False)
            cursor.execute(self.sql, arguments)
            rows = cursor.fetchmany(1) if one else cursor.fetchall()
            if self.results is None:
                self.results = self._converters(cursor.description)
        except self.dialect.loaded_dbapi.Error as error:
            raise self._wrapped(connection, dbapi_connection, cursor, error) from error
        finally:
            cursor.close()
        return self._converted(rows)

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
