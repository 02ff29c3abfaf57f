"""CPU per prebuilt statement on PostgreSQL, with a cursor made per statement against one kept per connection.

    .venv/bin/python -m bench.prebuilt_cursor [--postgres URL] [--statements 4000] [--rounds 6]

On a scratch database, one transaction runs a lookup by key and a one-row ``UPDATE … RETURNING`` ``--statements``
times each through ``Prebuilt`` (infrastructure/sqlalchemy/prebuilt.py), alternating the two ways round by
round; it prints the median CPU time per statement of each (``time.process_time``: this process only, the
round trips' waits left out) and their ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, create_engine, select, update

from bench import request_path as rp
from techstore.infrastructure.sqlalchemy.prebuilt import Prebuilt


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", default=os.environ.get("TECHSTORE_TEST_POSTGRES_URL", rp.DEFAULT_SERVER))
    parser.add_argument("--statements", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=6)
    return parser.parse_args()


def main() -> None:
    args = _arguments()
    metadata = MetaData()
    table = Table("bench_rows", metadata, Column("id", Integer, primary_key=True), Column("v", Integer),
                  Column("s", String))
    with rp.scratch_database(args.postgres) as url:
        engine = create_engine(url)
        with engine.begin() as connection:
            metadata.create_all(connection)
            connection.execute(table.insert(), [{"id": n, "v": 0, "s": "x"} for n in range(1, 101)])
        lookup = Prebuilt(select(table.c.v, table.c.s).where(table.c.id == 5), engine.dialect)
        write = Prebuilt(update(table).where(table.c.id == 7).values(v=table.c.v + 1).returning(table.c.v),
                         engine.dialect)

        def per_statement(keep: bool) -> float:
            for prebuilt in (lookup, write):
                prebuilt._keeps_cursor = keep
            with engine.begin() as connection:
                return _cpu_per_statement(connection, lookup, write, args.statements)

        spent: dict[bool, list[float]] = {True: [], False: []}
        for round_number in range(args.rounds):
            for keep in (False, True) if round_number % 2 else (True, False):
                spent[keep].append(per_statement(keep))
        engine.dispose()
    made, kept = statistics.median(spent[False]), statistics.median(spent[True])
    print(f"CPU per prebuilt statement on PostgreSQL, median of {args.rounds} rounds of {2 * args.statements}:")
    print(f"  a cursor per statement   {made:6.1f} us")
    print(f"  a cursor kept            {kept:6.1f} us   {kept / made:.2f} of the first")


def _cpu_per_statement(connection: Connection, lookup: Prebuilt, write: Prebuilt, count: int) -> float:
    started = time.process_time()
    for _ in range(count):
        lookup.run(connection, {}, one=True)
        write.run(connection, {}, one=True)
    return (time.process_time() - started) / (2 * count) * 1e6


if __name__ == "__main__":
    main()
