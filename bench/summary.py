"""One table at the end of ``make bench``: every figure the benches left (``bench/figures.py``) against its goal.

    .venv/bin/python -m bench.summary [--dir var/bench]

The goals are issue 29's "Must show" table. A row whose bench did not run (or does not exist yet, or
failed) reads "not measured"; a figure measured on less data than its goal names (the dashboard on
100,000 sales where the goal is 500,000) is shown but not counted as met. Each figure's command is
listed under the table. The exit status is 0 whatever the figures: the table informs, it does not gate.

Figure ids, for a bench to ``record``:

- ``request_path.<memory|redis>.<health|me|users>.c<8|32>.{ratio,p50_ms,p99_ms}`` (bench/request_path.py)
- ``sale.c<4|16>.ratio`` (bench/sale_vs_pgbench.py)
- ``report.postgres.{p50_ms,sales}``, ``dashboard.postgres.{p50_ms,sales}``, ``report.sqlite.{p50_ms,sales}``:
  the sales report over five years, the dashboard on the same data (bench/dashboard.py records the
  dashboard on the data it seeds)
- ``import.<sqlite|postgres>.<create|update>_s`` (bench/catalog_import.py)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import attrs

from bench.figures import figures_dir

NOT_MEASURED = "not measured"
Figures = Mapping[str, float]


@attrs.frozen
class Goal:
    measure: str
    goal: str
    needs: tuple[str, ...]  # the figure ids the row reads
    figure: Callable[[Figures], str]
    met: Callable[[Figures], bool]
    scale: tuple[str, float] | None = None  # (figure id, least value): the data the goal is stated on


def _request_path_goals() -> Iterator[Goal]:
    for storage in ("memory", "redis"):
        for endpoint in ("health", "me", "users"):
            for connections in (8, 32):
                key = f"request_path.{storage}.{endpoint}.c{connections}"
                ratio, p50, p99 = f"{key}.ratio", f"{key}.p50_ms", f"{key}.p99_ms"
                yield Goal(
                    f"request path {endpoint}, c={connections}, {storage} rate limit",
                    "≥ 0.8 of baseline, p99 ≤ 3× p50", (ratio, p50, p99),
                    lambda f, ratio=ratio, p50=p50, p99=p99: (
                        f"{f[ratio]:.2f}, p99 {f[p99]:.2f} ms = {f[p99] / f[p50]:.1f}× p50"),
                    lambda f, ratio=ratio, p50=p50, p99=p99: f[ratio] >= 0.8 and f[p99] <= 3 * f[p50])


def _at_most(key: str, limit: float, unit: str, scale: tuple[str, float] | None = None) -> Callable[..., Goal]:
    def goal(measure: str, goal: str) -> Goal:
        return Goal(measure, goal, (key,), lambda f: f"{f[key]:.0f} {unit}" if unit == "ms" else f"{f[key]:.2f} {unit}",
                    lambda f: f[key] < limit, scale)
    return goal


def _ratio(key: str, least: float) -> Callable[[str, str], Goal]:
    return lambda measure, goal: Goal(measure, goal, (key,), lambda f: f"{f[key]:.2f}", lambda f: f[key] >= least)


GOALS: list[Goal] = [
    *_request_path_goals(),
    _ratio("sale.c4.ratio", 0.5)("sale against pgbench, 4 clients", "≥ 0.5"),
    _ratio("sale.c16.ratio", 0.5)("sale against pgbench, 16 clients", "≥ 0.5"),
    _at_most("report.postgres.p50_ms", 300, "ms", ("report.postgres.sales", 500_000))(
        "sales report, 5 years, PostgreSQL", "p50 < 300 ms on 500,000 sales"),
    _at_most("dashboard.postgres.p50_ms", 100, "ms", ("dashboard.postgres.sales", 500_000))(
        "dashboard, same data, PostgreSQL", "p50 < 100 ms on 500,000 sales"),
    _at_most("report.sqlite.p50_ms", 1000, "ms", ("report.sqlite.sales", 100_000))(
        "sales report, 5 years, SQLite", "p50 < 1 s on 100,000 sales"),
    *(_at_most(f"import.{database}.{kind}_s", 1.0, "s")(f"10,000-row CSV import ({kind}), {label}", "< 1 s")
      for database, label in (("sqlite", "SQLite"), ("postgres", "PostgreSQL")) for kind in ("create", "update")),
]


def load(directory: Path) -> tuple[dict[str, float], dict[str, str]]:
    """Every figure in the directory (the latest measurement of each) and the command that made it."""
    documents = []
    for path in sorted(directory.glob("*.json")):
        try:
            documents.append(json.loads(path.read_text()))
        except (OSError, ValueError) as error:
            print(f"skipping {path}: {error}", file=sys.stderr)
    figures: dict[str, float] = {}
    commands: dict[str, str] = {}
    for document in sorted(documents, key=lambda d: str(d.get("measured_at", ""))):
        for key, value in document.get("figures", {}).items():
            figures[key] = float(value)
            commands[key] = str(document.get("command", "?"))
    return figures, commands


def rows(figures: Figures, commands: Mapping[str, str]) -> tuple[list[tuple[str, str, str, str, str]], list[str]]:
    """(measure, figure, goal, met, note) per goal, and the commands the notes number."""
    table = []
    numbered: list[str] = []
    for goal in GOALS:
        if not all(key in figures for key in goal.needs):
            table.append((goal.measure, NOT_MEASURED, goal.goal, "-", ""))
            continue
        command = commands[goal.needs[0]]
        if command not in numbered:
            numbered.append(command)
        figure, met = goal.figure(figures), "yes" if goal.met(figures) else "no"
        if goal.scale is not None:
            key, least = goal.scale
            measured_on = figures.get(key)
            if measured_on is None or measured_on < least:
                on = "unknown data" if measured_on is None else f"{measured_on:,.0f} sales"
                figure, met = f"{figure} (on {on})", "no (less data)"
        table.append((goal.measure, figure, goal.goal, met, f"[{numbered.index(command) + 1}]"))
    return table, numbered


def render(table: list[tuple[str, str, str, str, str]], commands: list[str]) -> str:
    header = ("measure", "figure", "goal", "met", "cmd")
    widths = [max(len(row[i]) for row in [header, *table]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in [header, tuple("-" * w for w in widths), *table]]
    measured = [row for row in table if row[1] != NOT_MEASURED]
    met = sum(row[3] == "yes" for row in measured)
    lines.append("")
    lines.append(f"{met} of {len(measured)} measured goals met; {len(table) - len(measured)} not measured")
    lines.extend(f"[{number}] {command}" for number, command in enumerate(commands, 1))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, default=None, help="where the benches wrote (TECHSTORE_BENCH_DIR)")
    args = parser.parse_args()
    directory = args.dir or figures_dir()
    figures, commands = load(directory)
    table, numbered = rows(figures, commands)
    print()
    print(f"Summary: issue 29's goals, figures from {directory}")
    print(render(table, numbered))


if __name__ == "__main__":
    main()
