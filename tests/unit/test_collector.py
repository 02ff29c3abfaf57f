"""The garbage collector paused for a batch: resumed when the last batch ends, left as it was found."""

from __future__ import annotations

import gc
import threading

from techstore.application.shared.collector import collector_paused


def test_the_collector_waits_for_every_batch_under_way_then_resumes() -> None:
    assert gc.isenabled()
    first_in, second_done = threading.Event(), threading.Event()
    seen: list[bool] = []

    def other_batch() -> None:
        first_in.wait()
        with collector_paused():
            seen.append(gc.isenabled())
        second_done.set()

    thread = threading.Thread(target=other_batch)
    thread.start()
    with collector_paused():
        seen.append(gc.isenabled())
        first_in.set()
        second_done.wait(timeout=10)
        seen.append(gc.isenabled())  # the other batch ended first: still paused for this one
    thread.join()
    assert seen == [False, False, False] and gc.isenabled()


def test_a_collector_paused_before_stays_paused() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_error_in_the_batch_still_resumes_the_collector() -> None:
    try:
        with collector_paused():
            raise RuntimeError("bad row")
    except RuntimeError:
        pass
    assert gc.isenabled()
