"""Leases of the Redis rate limit: several processes take hits from one shared count in batches, and
together never admit more than a window's amount (infrastructure/ratelimit.py, ``Leases``)."""

from __future__ import annotations

import random

from techstore.infrastructure.ratelimit import LEASE_MOST, Leases


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


class SharedCount:
    """What Redis holds for one client's fixed window: INCRBY, the window starting at its first count."""

    def __init__(self, clock: Clock, seconds: int) -> None:
        self.clock, self.seconds = clock, seconds
        self.count, self.ends, self.round_trips = 0, 0.0, 0

    def incr(self, amount: int) -> int:
        self.round_trips += 1
        if self.clock() >= self.ends:
            self.count, self.ends = 0, self.clock() + self.seconds
        self.count += amount
        return self.count


def hit(leases: Leases, redis: SharedCount, client: str = "user:1") -> int | None:
    """What ``RedisRateLimit.hit`` does, with the shared count in place of Redis."""
    here = leases.answer_here(client)
    if here is not None:
        return here or None
    asked = leases.to_ask(client)
    counted = redis.incr(asked)
    ends = leases.ends(client, asked, counted) or redis.ends
    return leases.settle(client, asked, counted, ends)


def test_processes_together_admit_exactly_the_amount_and_ask_redis_far_less_than_once_a_request_or_a_refusal() -> None:
    clock = Clock()
    redis = SharedCount(clock, 60)
    processes = [Leases(1_000, 60, clock) for _ in range(3)]
    chooser = random.Random(7)
    answers = [hit(chooser.choice(processes), redis) for _ in range(1_500)]
    admitted = answers.count(None)
    assert admitted <= 1_000
    assert admitted >= 1_000 - 3 * 2  # at most the last small leases, still held, are unspent
    assert redis.round_trips < 1_000 / 8  # batches far from the limit; a spent window refuses here
    assert {answer for answer in answers if answer is not None} == {60}  # the window's wait


def test_near_the_limit_every_request_asks_redis_so_a_small_limit_is_exact() -> None:
    clock = Clock()
    redis = SharedCount(clock, 60)
    first, second = Leases(4, 60, clock), Leases(4, 60, clock)
    answers = [hit(first if n % 2 else second, redis) for n in range(6)]
    assert answers == [None] * 4 + [60, 60]
    assert redis.round_trips == 5  # one each, but for the hit after the one that spent the window
    assert hit(first, redis) == hit(second, redis) == 60 and redis.round_trips == 5


def test_a_lease_ends_with_its_window_and_the_next_window_counts_afresh() -> None:
    clock = Clock()
    redis = SharedCount(clock, 60)
    leases = Leases(10_000, 60, clock)
    assert hit(leases, redis) is None
    assert redis.count == LEASE_MOST  # taken ahead: the window had everything left
    clock.now += 59
    assert hit(leases, redis) is None and redis.round_trips == 1  # spent from the lease
    clock.now += 1
    assert hit(leases, redis) is None and redis.round_trips == 2  # the window ended with its lease
    assert redis.count == LEASE_MOST


def test_a_refused_client_is_told_when_the_window_ends() -> None:
    clock = Clock()
    redis = SharedCount(clock, 60)
    leases = Leases(2, 60, clock)
    assert [hit(leases, redis) for _ in range(2)] == [None, None]
    clock.now += 20.5
    assert hit(leases, redis) == 40
