"""SQLAlchemy Core table definitions, one module per context.

Importing this package registers every table on ``metadata``.
"""

from techstore.infrastructure.sqlalchemy.tables import (
    cash,  # noqa: F401
    catalog,  # noqa: F401
    customers,  # noqa: F401
    identity,  # noqa: F401
    repairs,  # noqa: F401
    sales,  # noqa: F401
    shared,  # noqa: F401
)
