"""The two adapter sets. Each builds one unit of work holding every context's members."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from typing import Any

from dependency_injector import containers, providers
from sqlalchemy import Engine

from techstore.infrastructure.members import Members
from techstore.infrastructure.memory.probe import MemoryDatabaseProbe
from techstore.infrastructure.memory.schema import NoSchema
from techstore.infrastructure.memory.store import MemoryStore
from techstore.infrastructure.memory.uow import MemoryUnitOfWork
from techstore.infrastructure.sqlalchemy import tables  # noqa: F401  (importing it registers every table on metadata)
from techstore.infrastructure.sqlalchemy.engine import build_engine, build_read_engine, build_replica_engine
from techstore.infrastructure.sqlalchemy.loop_reads import LoopReads
from techstore.infrastructure.sqlalchemy.metadata import metadata
from techstore.infrastructure.sqlalchemy.probe import SqlDatabaseProbe
from techstore.infrastructure.sqlalchemy.replica import ReplicaLag, SqlReplicaReads
from techstore.infrastructure.sqlalchemy.schema import AlembicSchema
from techstore.infrastructure.sqlalchemy.uow import SharedReads, SqlUnitOfWork
from techstore.settings import Settings


def engine_resource(url: str, threads: int) -> Iterator[Engine]:
    """The engine lives as long as the container: its pool is closed at shutdown."""
    engine = build_engine(url, threads=threads)
    try:
        yield engine
    finally:
        engine.dispose()


def read_engine_resource(engine: Engine, threads: int) -> Iterator[Engine]:
    reads = build_read_engine(engine, threads=threads)
    try:
        yield reads
    finally:
        if reads is not engine:
            reads.dispose()


def replica_engine_resource(url: str, threads: int) -> Iterator[Engine | None]:
    """The replica's engine (TECHSTORE_REPLICA_DATABASE_URL), or None when there is no replica."""
    if not url:
        yield None
        return
    engine = build_replica_engine(url, threads=threads)
    try:
        yield engine
    finally:
        engine.dispose()


def replica_reads_for(replica: Engine | None, primary: Engine, members: Members, max_lag: int
                      ) -> SqlReplicaReads | None:
    """What the reports read on the replica through, or None: they read the primary."""
    if replica is None:
        return None
    return SqlReplicaReads(replica, members, ReplicaLag(primary, replica, max_lag))


def loop_reads_for(engine: Engine) -> LoopReads | None:
    """Reads on the event loop need an async driver: PostgreSQL's psycopg has one; SQLite's
    would only hide a thread, so on SQLite every request takes the worker threads."""
    return LoopReads(engine) if engine.dialect.name == "postgresql" else None


def sql_engines(adapters: Any) -> list[Engine]:
    """Every engine a request may use, for statement counters to listen on: writes and reads have a
    pool each on PostgreSQL (``build_read_engine``), and so do reads on a replica and reads on the event
    loop while an app's lifespan runs (``loop_reads``)."""
    engines = [adapters.engine(), adapters.read_engine()]
    replica = adapters.replica_engine()  # the reports' reads on a streaming replica, when configured
    if replica is not None:
        engines.append(replica)
    loop_reads = adapters.loop_reads()
    if loop_reads is not None and loop_reads.started:
        engines.append(loop_reads.sync_engine)
    return list({id(engine): engine for engine in engines}.values())


class SqlAdapters(containers.DeclarativeContainer):
    """SQLite or PostgreSQL, whichever ``database_url`` names."""

    settings = providers.Dependency(instance_of=Settings)
    members: providers.Dependency[Members] = providers.Dependency(instance_of=Members)
    engine = providers.Resource(
        engine_resource, url=settings.provided.database_url, threads=settings.provided.worker_threads
    )
    read_engine = providers.Resource(read_engine_resource, engine=engine, threads=settings.provided.worker_threads)
    uow = providers.Factory(SqlUnitOfWork, engine=engine, read_engine=read_engine, members=members)
    # The reports' reads on a streaming replica (TECHSTORE_REPLICA_DATABASE_URL), or None.
    replica_engine = providers.Resource(
        replica_engine_resource, url=settings.provided.replica_database_url, threads=settings.provided.worker_threads
    )
    replica_reads = providers.Singleton(replica_reads_for, replica=replica_engine, primary=read_engine,
                                        members=members, max_lag=settings.provided.replica_max_lag)
    # Around one request's work: its read-only units of work share one connection.
    shared_reads = providers.Factory(SharedReads, read_engine=read_engine)
    # Read-only API requests on the event loop (started and stopped by the app's lifespan), or None.
    loop_reads = providers.Singleton(loop_reads_for, engine=engine)
    database = providers.Singleton(SqlDatabaseProbe, engine=engine)
    schema = providers.Singleton(AlembicSchema, database_url=settings.provided.database_url)
    # The tables themselves, for the one writer outside the use cases: the bulk demo history (``demo seed --sales``).
    tables = providers.Object(metadata.tables)


class MemoryAdapters(containers.DeclarativeContainer):
    """Plain Python collections: fast, and a real implementation of every port."""

    settings = providers.Dependency(instance_of=Settings)
    members: providers.Dependency[Members] = providers.Dependency(instance_of=Members)
    store = providers.Singleton(MemoryStore)
    uow = providers.Factory(MemoryUnitOfWork, store=store, members=members)
    replica_reads: providers.Object[None] = providers.Object(None)  # one store: no replica
    shared_reads = providers.Factory(nullcontext)
    loop_reads: providers.Object[LoopReads | None] = providers.Object(None)  # no event-loop reads in memory
    database = providers.Singleton(MemoryDatabaseProbe)
    schema = providers.Singleton(NoSchema)
