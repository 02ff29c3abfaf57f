"""Where each bench leaves its figures for ``bench/summary.py`` (``make bench`` prints the table at the end).

A bench calls ``record(name, figures)`` once it has measured: ``figures`` maps a measure's id (the ids
``bench/summary.py`` states goals for, e.g. ``sale.c4.ratio``) to a number, and ``context`` says on what
it was measured (how many sales, which rate-limit storage). They land in ``<dir>/<name>.json``, the
directory being ``TECHSTORE_BENCH_DIR`` (the Makefile sets it) or ``var/bench``. The command that made
them is kept beside them, so the table can say how to measure each again. A bench run alone writes
there too; a bench that fails writes nothing, and its rows read "not measured".
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
import time
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIR_VARIABLE = "TECHSTORE_BENCH_DIR"
_PASSWORD = re.compile(r"(://[^/:@\s]*:)[^@\s]*@")  # a database or Redis URL's password, left out of the command


def figures_dir() -> Path:
    return Path(os.environ.get(DIR_VARIABLE) or ROOT / "var" / "bench")


def record(name: str, figures: Mapping[str, float], context: Mapping[str, object] | None = None) -> Path:
    """Write (replacing) ``<dir>/<name>.json``; returns its path."""
    directory = figures_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.json"
    command = "python -m " + " ".join(shlex.quote(part) for part in [_module(), *sys.argv[1:]])
    document = {
        "bench": name,
        "command": _PASSWORD.sub(r"\1***@", command),
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "context": dict(context or {}),
        "figures": {key: float(value) for key, value in figures.items()},
    }
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(document, indent=2, default=str) + "\n")
    temporary.replace(path)  # a reader never sees half a file
    print(f"figures written to {path}", file=sys.stderr)
    return path


def _module() -> str:
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    return spec.name if spec is not None else Path(sys.argv[0]).stem
