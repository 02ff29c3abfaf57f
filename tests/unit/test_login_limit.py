"""The sliding window behind the login limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from techstore.domain.identity.throttling import (
    PER_USERNAME,
    PER_USERNAME_AND_ADDRESS,
    LoginLimit,
    LoginLimits,
    RecentFailures,
    wait_in_words,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


PAIR = PER_USERNAME_AND_ADDRESS


def test_four_failures_do_not_limit() -> None:
    assert PAIR.retry_after([NOW - timedelta(minutes=m) for m in range(4)], NOW) is None


def test_five_failures_limit_until_the_oldest_leaves_the_window() -> None:
    failures = [NOW - timedelta(minutes=m) for m in (10, 8, 6, 4, 2)]
    assert PAIR.retry_after(failures, NOW) == 5 * 60
    assert PAIR.retry_after(failures, NOW + timedelta(minutes=5)) is None


def test_failures_outside_the_window_do_not_count() -> None:
    failures = [NOW - timedelta(minutes=m) for m in (40, 30, 20, 16, 1)]
    assert PAIR.retry_after(failures, NOW) is None


def test_the_limits_are_five_per_username_and_address_and_fifty_per_username() -> None:
    assert (PAIR.max_failures, PAIR.window) == (5, timedelta(minutes=15))
    assert (PER_USERNAME.max_failures, PER_USERNAME.window) == (50, timedelta(minutes=15))


def test_five_failures_from_elsewhere_do_not_limit_this_address() -> None:
    elsewhere = [NOW - timedelta(minutes=1)] * 5
    assert LoginLimits().retry_after(RecentFailures(from_address=[], everywhere=elsewhere), NOW) is None


def test_five_failures_from_this_address_limit_it() -> None:
    mine = [NOW - timedelta(minutes=m) for m in (10, 8, 6, 4, 2)]
    assert LoginLimits().retry_after(RecentFailures(from_address=mine, everywhere=mine), NOW) == 5 * 60


def test_fifty_failures_from_anywhere_limit_every_address() -> None:
    spread = [NOW - timedelta(seconds=10 * n) for n in range(50)]
    assert LoginLimits().retry_after(RecentFailures(from_address=[], everywhere=spread[:49]), NOW) is None
    assert LoginLimits().retry_after(RecentFailures(from_address=[], everywhere=spread), NOW) == 15 * 60 - 490


def test_the_longer_of_the_two_waits_is_the_answer() -> None:
    mine = [NOW - timedelta(minutes=10)] * 5  # frees in 5 minutes
    spread = [NOW - timedelta(minutes=1)] * 50  # frees in 14 minutes
    assert LoginLimits().retry_after(RecentFailures(from_address=mine, everywhere=spread), NOW) == 14 * 60


def test_retry_after_is_at_least_one_second() -> None:
    limit = LoginLimit(max_failures=1, window=timedelta(seconds=10))
    assert limit.retry_after([NOW - timedelta(seconds=9, milliseconds=999)], NOW) == 1


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (745, "in 13 minutes"),
        (900, "in 15 minutes"),
        (60, "in 1 minute"),
        (61, "in 2 minutes"),
        (120, "in 2 minutes"),
        (59, "in a moment"),
        (1, "in a moment"),
        (0, "now"),
    ],
)
def test_wait_in_words_rounds_up_to_whole_minutes(seconds: int, words: str) -> None:
    assert wait_in_words(seconds) == words


def test_usernames_fold_only_ascii_letters() -> None:
    from techstore.domain.identity.users import username_key

    assert username_key(" Sam ") == username_key("sam") == "sam"
    assert username_key("ſam") != username_key("sam")  # long s: casefold() would map it to "s"
    assert username_key("\u212a") != username_key("k")  # Kelvin sign


def test_full_names_are_one_line_of_printable_text_whoever_creates_the_user() -> None:
    from techstore.domain.identity.rules import full_name_problem

    assert full_name_problem("Ada Lovelace") is None
    assert full_name_problem("Ada\u00a0Lovelace") is None  # a no-break space is text
    for bad in ("Ada\x00", "Ada\nLovelace", "Ada\x85"):
        assert full_name_problem(bad) == "must be one line, without control characters"
