"""The application container: shared services, the adapter set, one sub-container per context.

The contexts come from ``contexts.CONTEXTS``, so adding one edits nothing here. See
docs/architecture.md, "Adding a context".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from dependency_injector import containers, providers

from techstore.application.shared.health import CheckReadiness
from techstore.container.adapters import MemoryAdapters, SqlAdapters
from techstore.container.contexts import CONTEXTS, Context, navigation_bar
from techstore.infrastructure.clock import SystemClock
from techstore.infrastructure.members import Members
from techstore.infrastructure.ratelimit import build_rate_limit
from techstore.infrastructure.security.events import LoggedSecurityEvents
from techstore.infrastructure.security.passwords import Argon2PasswordHasher
from techstore.infrastructure.security.tokens import JwtTokenService
from techstore.settings import Settings

AdapterSet = Literal["sql", "memory"]

# Every context's members of the unit of work, per adapter set, as declared (before their rules).
SQL_MEMBERS = sum((context.sql for context in CONTEXTS), Members())
MEMORY_MEMBERS = sum((context.memory for context in CONTEXTS), Members())


def members(adapter_set: AdapterSet, settings: Settings, contexts: Sequence[Context] = CONTEXTS) -> Members:
    """Every context's members for ``adapter_set``, each context's passed through its own rule."""
    return sum((context.rule(context.sql if adapter_set == "sql" else context.memory, settings)
                for context in contexts), Members())


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    adapters = providers.DependenciesContainer()

    clock = providers.Singleton(SystemClock)
    hasher = providers.Singleton(Argon2PasswordHasher)
    tokens = providers.Singleton(JwtTokenService, secret_key=settings.provided.secret_key)
    security_events = providers.Singleton(LoggedSecurityEvents)
    zone = providers.Singleton(ZoneInfo, settings.provided.timezone)  # the store's local days

    check_readiness = providers.Singleton(CheckReadiness, database=adapters.database)
    # The API's per-client limit (TECHSTORE_RATE_LIMIT), counted in TECHSTORE_RATE_LIMIT_STORAGE.
    rate_limit = providers.Singleton(
        build_rate_limit, rule=settings.provided.rate_limit, storage_uri=settings.provided.rate_limit_storage,
        database_url=settings.provided.database_url,
    )

    # What the entrypoints assemble from: the routes of every context, the navigation bar.
    contexts = providers.Object(CONTEXTS)
    navigation = providers.Object(navigation_bar(CONTEXTS))

    if TYPE_CHECKING:
        # ``container.<context>`` is added from CONTEXTS below, out of the type checker's sight: a
        # context's sub-container, whose use cases it already typed as ``Any``.
        def __getattr__(self, name: str) -> Any: ...


# What a context's sub-container may ask for: each ``providers.Dependency()`` it declares is handed
# the service of the same name.
SHARED: dict[str, Any] = {
    "uow": Container.adapters.uow.provider,
    "replica": Container.adapters.replica_reads,  # the reads themselves (or None), not a provider of them
    "clock": Container.clock,
    "hasher": Container.hasher,
    "tokens": Container.tokens,
    "events": Container.security_events,
    "zone": Container.zone,
    "settings": Container.settings,
}


def _register(context: Context) -> None:
    """``container.<name>``: the context's sub-container, given what it declares it needs."""
    if context.name in Container.providers:
        raise ValueError(f"context {context.name!r} would hide the container's own {context.name!r}")
    unknown = context.container.dependencies.keys() - SHARED.keys()
    if unknown:
        raise ValueError(f"context {context.name!r} needs {sorted(unknown)}; the container shares {sorted(SHARED)}")
    needs = {name: SHARED[name] for name in context.container.dependencies}
    setattr(Container, context.name, providers.Container(context.container, **needs))


for _context in CONTEXTS:
    _register(_context)


def build_container(settings: Settings, adapter_set: AdapterSet = "sql") -> Container:
    adapters: containers.DeclarativeContainer
    if adapter_set == "sql":
        adapters = SqlAdapters(settings=settings, members=members("sql", settings))
    elif adapter_set == "memory":
        adapters = MemoryAdapters(settings=settings, members=members("memory", settings))
    else:
        raise ValueError(f"unknown adapter set {adapter_set!r}")
    return Container(settings=settings, adapters=adapters)
