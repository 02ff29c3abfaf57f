"""The pool: no ping in steady use, a dead idle connection replaced unseen (issue 8)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, event, exc, text

from techstore.container import Container
from techstore.infrastructure.sqlalchemy import engine as engine_module

pytestmark = pytest.mark.adapters("postgres")


def _kill_idle_connections(url: str) -> None:
    """The server ends every other connection to the database (a restart, a failover)."""
    killer = create_engine(url, isolation_level="AUTOCOMMIT")
    with killer.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    killer.dispose()


def test_a_connection_in_steady_use_is_not_pinged(container: Container) -> None:
    engine = container.adapters.engine()
    sent: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: sent.append(args[2]))
    for _ in range(3):
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    assert sent == ["SELECT 1"] * 3


@pytest.mark.parametrize("idle_ping", [True, False])
def test_a_dead_idle_connection_is_replaced_unseen(
    container: Container, monkeypatch: pytest.MonkeyPatch, idle_ping: bool
) -> None:
    engine = container.adapters.engine()
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))  # one connection now waits in the pool
    _kill_idle_connections(engine.url.render_as_string(hide_password=False))
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 0.0 if idle_ping else 1e9)

    with engine.connect() as connection:
        if idle_ping:
            assert connection.execute(text("SELECT 1")).scalar_one() == 1
        else:  # the control: without the idle ping the request would have failed
            with pytest.raises(exc.OperationalError):
                connection.execute(text("SELECT 1"))
