"""Python's cyclic garbage collector, paused for a batch that builds many objects at once.

A 10,000-row CSV import makes a few hundred thousand objects that all live until it ends: the collector
would walk them again and again as they pile up (a quarter of the import's time on SQLite, measured with
``bench.catalog_import``), and finds no cycle among them. Reference counting still frees everything as usual;
only the search for cycles waits until the last batch under way ends. Process-wide (the collector is), so
batches on several threads count: the first one pauses it, the last one to end resumes it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_batches = 0
_was_enabled = True


@contextmanager
def collector_paused() -> Iterator[None]:
    global _batches, _was_enabled
    with _lock:
        if _batches == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _batches += 1
    try:
        yield
    finally:
        with _lock:
            _batches -= 1
            if _batches == 0 and _was_enabled:
                gc.enable()
