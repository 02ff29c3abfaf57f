"""CPU time spent during a run by the app's processes, PostgreSQL's and the load generator, read from Linux's
``/proc`` (user and system time, in the kernel's clock ticks).

A thread samples ``/proc/<pid>/stat`` of every process four times a second and keeps what each process had
spent when last seen, so a PostgreSQL backend that ends with its client (pgbench's do) still counts, less its
last quarter second at most. The load generator (wrk, pgbench) is a child that has ended when the run does: its
time comes from ``getrusage(RUSAGE_CHILDREN)``. Elsewhere than Linux, ``measuring`` yields ``None``.
"""

from __future__ import annotations

import os
import resource
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs

PROC = Path("/proc")
EVERY_SECONDS = 0.25


@attrs.frozen
class CpuSpent:
    """Seconds of CPU (user and system) during the run."""

    app: float  # the server's processes: those of its session
    postgres: float  # every ``postgres`` process: backends, WAL writer, checkpointer
    load: float  # the load generator (ended children of this process)


@attrs.define
class _Seen:
    first: dict[int, int] = attrs.field(factory=dict)  # pid -> ticks when first seen (0 if born during the run)
    last: dict[int, int] = attrs.field(factory=dict)
    group: dict[int, str] = attrs.field(factory=dict)


@contextmanager
def measuring(app_session: int) -> Iterator[list[CpuSpent]]:
    """CPU spent inside the ``with`` block; the yielded list holds its one ``CpuSpent`` once the block ends."""
    spent: list[CpuSpent] = []
    if not (PROC / "self" / "stat").exists():
        yield spent
        return
    seen, stop = _Seen(), threading.Event()
    _sample(seen, app_session, started=True)
    children = _children_seconds()
    sampler = threading.Thread(target=_sample_until, args=(seen, app_session, stop), daemon=True)
    sampler.start()
    try:
        yield spent
    finally:
        stop.set()
        sampler.join()
        _sample(seen, app_session, started=False)
        ticks = os.sysconf("SC_CLK_TCK")
        by_group = {"app": 0, "postgres": 0}
        for pid, last in seen.last.items():
            by_group[seen.group[pid]] += last - seen.first.get(pid, 0)
        spent.append(CpuSpent(by_group["app"] / ticks, by_group["postgres"] / ticks,
                              _children_seconds() - children))


def _sample_until(seen: _Seen, app_session: int, stop: threading.Event) -> None:
    while not stop.wait(EVERY_SECONDS):
        _sample(seen, app_session, started=False)


def _sample(seen: _Seen, app_session: int, *, started: bool) -> None:
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended between the listing and the read
            continue
        pid = int(entry.name)
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        session, ticks = int(fields[3]), int(fields[11]) + int(fields[12])
        group = "app" if session == app_session else "postgres" if comm.startswith("postgres") else None
        if group is None:
            continue
        if started:
            seen.first[pid] = ticks
        seen.last[pid] = ticks
        seen.group[pid] = group


def _children_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
