"""The sliding window behind the login limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from techstore.domain.identity.throttling import PER_USERNAME, LoginLimit, wait_in_words

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_four_failures_do_not_limit() -> None:
    assert PER_USERNAME.retry_after([NOW - timedelta(minutes=m) for m in range(4)], NOW) is None


def test_five_failures_limit_until_the_oldest_leaves_the_window() -> None:
    failures = [NOW - timedelta(minutes=m) for m in (10, 8, 6, 4, 2)]
    assert PER_USERNAME.retry_after(failures, NOW) == 5 * 60
    assert PER_USERNAME.retry_after(failures, NOW + timedelta(minutes=5)) is None


def test_failures_outside_the_window_do_not_count() -> None:
    failures = [NOW - timedelta(minutes=m) for m in (40, 30, 20, 16, 1)]
    assert PER_USERNAME.retry_after(failures, NOW) is None


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
