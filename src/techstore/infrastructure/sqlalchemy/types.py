"""Column types that keep money exact and times in UTC on every database."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, Integer, Numeric
from sqlalchemy.types import TypeDecorator, TypeEngine

from techstore.domain.shared.money import CENT

# Decimal(...).scaleb(-2) keeps the value exact; float never takes part.
_CENTS_PER_UNIT = 100


class Money(TypeDecorator[Decimal]):
    """NUMERIC(12,2) on PostgreSQL; integer cents on SQLite, whose driver binds
    Numeric through float."""

    impl = Numeric(12, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(12, 2, asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError(f"money must be a Decimal, got {type(value).__name__}")
        exact = value.quantize(CENT)
        if exact != value:
            raise ValueError(f"money must have at most two decimals: {value}")
        if dialect.name == "sqlite":
            return int(exact.scaleb(2))
        return exact

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return Decimal(int(value)).scaleb(-2).quantize(CENT)
        return Decimal(value).quantize(CENT)


_THOUSANDTHS = Decimal("0.001")


class Percent(TypeDecorator[Decimal]):
    """A tax rate's percent, 0 to 100 with three decimals: NUMERIC(6,3) on PostgreSQL; integer thousandths on
    SQLite, whose driver binds Numeric through float."""

    impl = Numeric(6, 3)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(Integer())
        return dialect.type_descriptor(Numeric(6, 3, asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError(f"a percent must be a Decimal, got {type(value).__name__}")
        exact = value.quantize(_THOUSANDTHS)
        if exact != value:
            raise ValueError(f"a percent must have at most three decimals: {value}")
        if dialect.name == "sqlite":
            return int(exact.scaleb(3))
        return exact

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return Decimal(int(value)).scaleb(-3).quantize(_THOUSANDTHS)
        return Decimal(value).quantize(_THOUSANDTHS)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes in and out; SQLite stores them naive."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
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
