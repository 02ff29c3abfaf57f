"""Column types that keep money exact and times in UTC on every database."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, Numeric
from sqlalchemy.types import TypeDecorator, TypeEngine

# Decimal(...).scaleb(-2) keeps the value exact; float never takes part.


class _Exact(TypeDecorator[Decimal]):
    """An exact decimal of ``PLACES`` places: NUMERIC(``PRECISION``, places) on PostgreSQL; a whole number of
    the smallest unit on SQLite, whose driver binds Numeric through float. More places than that are refused,
    never rounded."""

    PLACES: int
    PRECISION: int
    WHAT: str

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(self.PRECISION, self.PLACES, asdecimal=True))

    _UNIT: Decimal  # 10 ** -PLACES, made once per class: results are decoded by the hundred thousand

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._UNIT = Decimal(1).scaleb(-cls.PLACES)

    @property
    def _unit(self) -> Decimal:
        return self._UNIT

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError(f"{self.WHAT} must be a Decimal, got {type(value).__name__}")
        exact = value.quantize(self._unit)
        if exact != value:
            raise ValueError(f"{self.WHAT} must have at most {self.PLACES} decimals: {value}")
        if dialect.name == "sqlite":
            return int(exact.scaleb(self.PLACES))
        return exact

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":  # a whole number scaled down has exactly PLACES places already
            return Decimal(int(value)).scaleb(-self.PLACES)
        return Decimal(value).quantize(self._UNIT)


class Money(_Exact):
    """An amount: NUMERIC(12,2) on PostgreSQL; integer cents on SQLite."""

    impl = Numeric(12, 2)
    cache_ok = True  # read off each class itself, not inherited
    PLACES, PRECISION, WHAT = 2, 12, "money"


class Percent(_Exact):
    """A tax rate's percent, 0 to 100 with three decimals: NUMERIC(6,3) on PostgreSQL; integer thousandths on
    SQLite."""

    impl = Numeric(6, 3)
    cache_ok = True
    PLACES, PRECISION, WHAT = 3, 6, "a percent"


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes in and out; SQLite stores them naive."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is not UTC:  # the clock's own are UTC already: an import binds thousands of them
            if value.tzinfo is None:
                raise ValueError("datetimes must be timezone-aware")
            value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
