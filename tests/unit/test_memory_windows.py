"""The in-process rate limit: fixed windows per client, as ``limits``' fixed window counts them."""

from __future__ import annotations

from limits import parse

from techstore.infrastructure.ratelimit import MemoryWindows, build_rate_limit


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_gets_its_allowance_per_window_and_the_seconds_left_after() -> None:
    clock = Clock()
    windows = MemoryWindows(parse("3/minute"), clock)
    assert [windows.hit("ann") for _ in range(3)] == [None, None, None]
    clock.now += 20.5
    assert windows.hit("ann") == 40  # whole seconds until the window that began at 1000 ends
    assert windows.hit("bob") is None  # each client counts apart
    clock.now += 39.5
    assert windows.hit("ann") is None  # a new window
    assert [windows.hit("ann") for _ in range(3)] == [None, None, 60]


def test_windows_of_clients_gone_quiet_are_swept() -> None:
    clock = Clock()
    windows = MemoryWindows(parse("5/second"), clock)
    for n in range(100):
        windows.hit(f"client-{n}")
    assert len(windows) == 100
    clock.now += 1.5
    windows.hit("late")
    assert len(windows) == 1


def test_memory_storage_is_counted_in_process() -> None:
    assert isinstance(build_rate_limit("10/minute", "memory://", "sqlite:///x.sqlite3"), MemoryWindows)
