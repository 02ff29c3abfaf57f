"""SQLAlchemy Core table definitions, one module per context.

Importing this package registers every table on ``metadata``: each module in it is imported, so a
new context's tables module needs no line here (the migrations' environment sees it too).
"""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
