"""The access matrix (docs/security.md), written from the routes' own declarations: what each role may call.

``make access-matrix`` rewrites the table in docs/security.md; tests/integration/test_access_matrix.py checks the
document still says what the router enforces, and walks every route as each role.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from starlette.routing import BaseRoute

from techstore.domain.identity.roles import Role
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.routing import ApiRoute, PageRoute, walk

START = "<!-- access-matrix:start (make access-matrix writes this table) -->"
END = "<!-- access-matrix:end -->"
COLUMNS = (Role.TECHNICIAN, Role.STAFF, Role.MANAGER, Role.ADMIN)


def rows(routes: Sequence[BaseRoute]) -> Iterable[tuple[str, str, Access]]:
    """(method, path, access) of every guarded route, pages and API, in path order."""
    found = {(method, path, route.access)
             for path, route in walk(routes) if isinstance(route, ApiRoute | PageRoute)
             for method in route.methods or () if method != "HEAD"}
    return sorted(found, key=lambda row: (not row[1].startswith("/api"), row[1], row[0]))


def markdown(routes: Sequence[BaseRoute]) -> str:
    head = "| method | path | anonymous | " + " | ".join(role.value for role in COLUMNS) + " |"
    lines = [head, "| --- | --- | --- | " + " | ".join("---" for _ in COLUMNS) + " |"]
    for method, path, access in rows(routes):
        cells = ["yes" if access is Access.PUBLIC else "–"]
        cells += ["yes" if access.admits(role) else "–" for role in COLUMNS]
        shown = re.sub(r"{([a-z_]+):[a-z]+}", r"{\1}", path)
        lines.append(f"| {method} | `{shown}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def rewrite(document: str, routes: Sequence[BaseRoute]) -> str:
    """``document`` with the table between the markers replaced by the routes' matrix."""
    before, rest = document.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{markdown(routes)}\n{END}{after}"


def write(path: Path, routes: Sequence[BaseRoute]) -> None:
    path.write_text(rewrite(path.read_text(), routes))
