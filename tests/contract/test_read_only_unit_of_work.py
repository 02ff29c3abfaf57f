"""Queries run in a read-only unit of work: no write lock, no commit."""

from __future__ import annotations

import threading

import pytest

from techstore.container import Container
from tests.contract.conftest import a_user
from tests.support import listening


def test_a_read_only_unit_of_work_sees_committed_rows_and_cannot_commit(container: Container) -> None:
    with container.adapters.uow() as uow:
        uow.users.add(a_user("alice"))
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        assert uow.users.get_by_username("alice") is not None
        with pytest.raises(RuntimeError, match="read-only"):
            uow.commit()


@pytest.mark.adapters("sqlite", "postgres")
def test_a_read_does_not_wait_for_a_writer(container: Container) -> None:
    """On SQLite a writer holds the database's write lock (BEGIN IMMEDIATE) for its whole
    transaction; a read must not queue behind it (before: it waited up to the busy timeout)."""
    with container.adapters.uow() as uow:
        uow.users.add(a_user("alice"))
        uow.commit()
    writer_has_lock, reader_done = threading.Event(), threading.Event()

    def write() -> None:
        with container.adapters.uow() as uow:
            uow.users.add(a_user("bob"))
            writer_has_lock.set()
            reader_done.wait(10)  # hold the write transaction open until the read is over

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert writer_has_lock.wait(10)
        finished = threading.Event()

        def read() -> None:
            with container.adapters.uow(read_only=True) as uow:
                assert uow.users.get_by_username("alice") is not None
                assert uow.users.get_by_username("bob") is None  # not committed
            finished.set()

        reader = threading.Thread(target=read)
        reader.start()
        assert finished.wait(5), "the read waited for the writer"
        reader.join()
    finally:
        reader_done.set()
        writer.join()


@pytest.mark.adapters("sqlite", "postgres")
def test_reads_inside_shared_reads_use_one_connection(container: Container) -> None:
    """Authentication and the use case of one request check out one connection between them."""
    with container.adapters.uow() as uow:
        uow.users.add(a_user("alice"))
        uow.commit()
    checkouts: list[object] = []

    def checked_out(*args: object) -> None:
        checkouts.append(args)

    with listening(container, "checkout", checked_out):
        with container.adapters.shared_reads():
            for _ in range(3):
                with container.adapters.uow(read_only=True) as uow:
                    assert uow.users.get_by_username("alice") is not None
            with container.adapters.uow() as uow:  # a writer still has its own transaction
                uow.users.add(a_user("bob"))
                uow.commit()
    assert len(checkouts) == 2  # one for the three reads, one for the write


@pytest.mark.adapters("sqlite", "postgres")
def test_reads_after_a_commit_in_the_same_request_see_it(container: Container) -> None:
    """A request that authenticates (a read), writes, then reads again sees its own write."""
    with container.adapters.shared_reads():
        with container.adapters.uow(read_only=True) as uow:
            assert uow.users.get_by_username("carol") is None  # the shared snapshot starts here
        with container.adapters.uow() as uow:
            uow.users.add(a_user("carol"))
            uow.commit()
        with container.adapters.uow(read_only=True) as uow:
            assert uow.users.get_by_username("carol") is not None
