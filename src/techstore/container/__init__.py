"""The composition root: the one place that knows every concrete class.

``root.Container`` holds one sub-container per bounded context (the
"decoupled packages" example of dependency-injector); the adapter set (SQL
or in-memory) is a sub-container chosen by ``build_container``, the way the
"use cases" example swaps ``Adapters`` for ``TestAdapters``.
"""

from techstore.container.root import AdapterSet, Container, build_container

__all__ = ["AdapterSet", "Container", "build_container"]
