"""Tables of the taxes context. Categories and products name a rate (``tax_rate_id``, in the catalog's tables)."""

from sqlalchemy import Boolean, Column, Index, Integer, String, Table

from techstore.infrastructure.sqlalchemy.metadata import metadata
from techstore.infrastructure.sqlalchemy.types import Percent, UTCDateTime

tax_rates = Table(
    "tax_rates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(60), nullable=False),
    # The folded name: unique, so names are unique whatever their letter case.
    Column("name_key", String(60), nullable=False, unique=True),
    Column("percent", Percent, nullable=False),
    Column("is_default", Boolean, nullable=False),
    Column("is_active", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# At most one default, whatever runs at once (the use cases keep it at exactly one): a partial unique index,
# which PostgreSQL and SQLite both have.
Index("uq_tax_rates_one_default", tax_rates.c.is_default, unique=True,
      postgresql_where=tax_rates.c.is_default, sqlite_where=tax_rates.c.is_default)
