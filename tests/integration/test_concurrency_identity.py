"""Identity rules hold under real concurrency, on SQLite and PostgreSQL.

Every test starts real threads together (a ``threading.Barrier``); each thread
calls a use case through the container, so each call opens its own unit of
work on its own connection, as concurrent HTTP requests do. PostgreSQL runs
them truly in parallel (READ COMMITTED, row locks); SQLite serialises writers
(``BEGIN IMMEDIATE`` and a busy timeout), so it must come to the same answers.

The ``adapters`` marker narrows the usual ``container`` fixture to the SQL sets.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

import pytest
from dependency_injector import providers

from techstore.application.identity.commands import Credentials, UserChanges
from techstore.application.identity.sessions import TokenPair
from techstore.application.identity.users import LAST_ADMIN
from techstore.container import Container
from techstore.domain.identity.throttling import PER_USERNAME_AND_ADDRESS
from techstore.domain.identity.users import Role, User, username_key
from techstore.domain.shared.errors import AuthenticationFailed, Conflict, TooManyAttempts
from techstore.infrastructure.security.passwords import Argon2PasswordHasher

PASSWORD = "correct horse battery"
# Each test stays within a few seconds; these bound every wait so a regression
# (a deadlock, a lock never released) fails fast instead of hanging the suite.
WAIT_SECONDS = 15
pytestmark = [pytest.mark.timeout(60), pytest.mark.adapters("sqlite", "postgres")]


def run_together(calls: Sequence[Callable[[], Any]]) -> list[Any]:
    """Run every call in its own thread, released at once; each result or the exception it raised."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        barrier.wait(timeout=WAIT_SECONDS)
        try:
            return call()
        except Exception as error:  # noqa: BLE001 - the outcome is what the test checks
            return error

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(run, call) for call in calls]
        return [future.result(timeout=WAIT_SECONDS) for future in futures]


def kinds(outcomes: Sequence[Any]) -> Counter[str]:
    return Counter(type(outcome).__name__ for outcome in outcomes)


def unexpected(outcomes: Sequence[Any], *expected: type) -> list[Any]:
    return [o for o in outcomes if not isinstance(o, expected)]


# ---------------------------------------------------------------- refresh rotation


@pytest.mark.parametrize("racers", [2, 8])
def test_concurrent_refreshes_of_one_token_let_exactly_one_win_and_revoke_the_family(
    container: Container, racers: int
) -> None:
    identity = container.identity
    identity.provision_user()("alice", PASSWORD, full_name="Alice", role=Role.STAFF)
    log_in, refresh = identity.log_in(), identity.refresh_session()
    tokens = container.tokens()

    for _round in range(5):
        pair = log_in(Credentials("alice", PASSWORD), "unknown")
        outcomes = run_together([partial(refresh, pair.refresh_token)] * racers)

        assert unexpected(outcomes, TokenPair, AuthenticationFailed) == []
        winners = [o for o in outcomes if isinstance(o, TokenPair)]
        assert len(winners) == 1, kinds(outcomes)
        assert kinds(outcomes)["AuthenticationFailed"] == racers - 1
        [winner] = winners
        # A loser presented a token that had been rotated: the whole family is revoked.
        with container.adapters.uow() as uow:
            presented = uow.refresh_tokens.get_by_hash(tokens.digest(pair.refresh_token))
            newest = uow.refresh_tokens.get_by_hash(tokens.digest(winner.refresh_token))
        assert presented is not None and newest is not None
        assert presented.family_id == newest.family_id
        assert presented.rotated_at is not None
        assert presented.revoked_at is not None
        assert newest.revoked_at is not None, "the winner's new refresh token dies with its family"
        with pytest.raises(AuthenticationFailed):
            refresh(winner.refresh_token)
        with pytest.raises(AuthenticationFailed):
            refresh(pair.refresh_token)


# ------------------------------------------------------------------- brute force


@pytest.mark.parametrize("username", ["victim", "nobody-by-that-name"])
def test_concurrent_wrong_passwords_are_all_counted(container: Container, username: str) -> None:
    """20 guesses at once from one address: exactly ``max_failures`` are checked, the rest are refused."""
    identity = container.identity
    identity.provision_user()("victim", PASSWORD, full_name="Victim", role=Role.STAFF)
    log_in = identity.log_in()
    guesses = [
        # Different spellings of one username share one lock and one count (for one address).
        partial(log_in, Credentials(username.upper() if i % 2 else username, f"wrong guess {i:02d}"),
                "198.51.100.7")
        for i in range(20)
    ]

    outcomes = run_together(guesses)

    assert unexpected(outcomes, AuthenticationFailed, TooManyAttempts) == []
    assert kinds(outcomes) == {
        "AuthenticationFailed": PER_USERNAME_AND_ADDRESS.max_failures,
        "TooManyAttempts": 20 - PER_USERNAME_AND_ADDRESS.max_failures,
    }
    window_start = container.clock().now() - PER_USERNAME_AND_ADDRESS.window
    with container.adapters.uow() as uow:
        recorded = uow.login_attempts.recent_failures(username_key(username), "198.51.100.7", window_start)
    assert len(recorded.everywhere) == PER_USERNAME_AND_ADDRESS.max_failures, \
        "refused attempts are not recorded as checked"
    # Even the right password is refused from there until the window passes.
    with pytest.raises(TooManyAttempts):
        log_in(Credentials(username, PASSWORD), "198.51.100.7")


# --------------------------------------------------------------- last active admin

REMOVALS: dict[str, UserChanges] = {
    "demote": UserChanges(role="staff"),
    "deactivate": UserChanges(is_active=False),
}


def _restore_admins(container: Container, admins: Sequence[User]) -> None:
    with container.adapters.uow() as uow:
        for admin in admins:
            assert admin.id is not None
            stored = uow.users.get(admin.id)
            assert stored is not None
            stored.role, stored.is_active = Role.ADMIN, True
            uow.users.update(stored)
        uow.commit()


def _active_admins(container: Container) -> list[int]:
    with container.adapters.uow() as uow:
        return list(uow.users.lock_active_admins())


@pytest.mark.parametrize(
    ("a_removes_b", "b_removes_a"),
    [("demote", "demote"), ("deactivate", "deactivate"), ("demote", "deactivate")],
)
def test_two_admins_removing_each_other_leave_exactly_one(
    container: Container, a_removes_b: str, b_removes_a: str
) -> None:
    identity = container.identity
    create = identity.provision_user()
    a = create("admin-a", PASSWORD, full_name="Admin A")
    b = create("admin-b", PASSWORD, full_name="Admin B")
    update = identity.update_user()
    assert a.id is not None and b.id is not None

    for _round in range(8):
        outcomes = run_together([
            partial(update, a, b.id, REMOVALS[a_removes_b]),
            partial(update, b, a.id, REMOVALS[b_removes_a]),
        ])

        assert unexpected(outcomes, User, Conflict) == []
        assert kinds(outcomes) == {"User": 1, "Conflict": 1}, outcomes
        [refused] = [o for o in outcomes if isinstance(o, Conflict)]
        assert refused.detail == LAST_ADMIN
        [removed] = [o for o in outcomes if isinstance(o, User)]
        survivor = a if removed.id == b.id else b
        assert _active_admins(container) == [survivor.id]
        _restore_admins(container, [a, b])


def test_a_ring_of_admins_removing_each_other_leaves_exactly_one(container: Container) -> None:
    """Four admins, each demoting the next one at the same moment: three succeed, one is refused."""
    identity = container.identity
    create = identity.provision_user()
    admins = [create(f"admin-{n}", PASSWORD, full_name=f"Admin {n}") for n in range(4)]
    update = identity.update_user()
    next_ids = [admin.id for admin in admins[1:] + admins[:1]]

    for _round in range(5):
        outcomes = run_together([
            partial(update, actor, next_id, REMOVALS["demote"])
            for actor, next_id in zip(admins, next_ids, strict=True)
            if next_id is not None
        ])

        assert unexpected(outcomes, User, Conflict) == []
        assert kinds(outcomes) == {"User": 3, "Conflict": 1}, outcomes
        assert len(_active_admins(container)) == 1
        _restore_admins(container, admins)


# ------------------------------------------------------------------- lost updates


class GatedHasher:
    """Argon2 (cheap), except that hashing ``gated_password`` waits to be released:
    it holds a use case between reading a user and writing it back."""

    def __init__(self, gated_password: str) -> None:
        self._inner = Argon2PasswordHasher(time_cost=1, memory_cost=1024)
        self._gated_password = gated_password
        self.entered = threading.Event()
        self.release = threading.Event()

    def hash(self, password: str) -> str:
        if password == self._gated_password:
            self.entered.set()
            assert self.release.wait(WAIT_SECONDS), "never released"
        return self._inner.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        return self._inner.verify(password_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        return self._inner.needs_rehash(password_hash)


@pytest.mark.adapters("postgres")
def test_a_password_reset_racing_a_deactivation_does_not_reactivate_the_user(container: Container) -> None:
    # PostgreSQL only: SQLite serialises the two units of work, so there the
    # deactivation simply waits for the reset and this interleaving cannot happen.
    gate = GatedHasher(gated_password="reset password 123")
    container.hasher.override(providers.Object(gate))
    identity = container.identity
    admin = identity.provision_user()("boss", PASSWORD, full_name="Boss")
    clerk = identity.provision_user()("clerk", PASSWORD, full_name="Clerk", role=Role.STAFF)
    update = identity.update_user()
    assert clerk.id is not None

    with ThreadPoolExecutor(max_workers=2) as pool:
        reset = pool.submit(update, admin, clerk.id, UserChanges(password="reset password 123"))
        assert gate.entered.wait(WAIT_SECONDS)
        # The reset has read the clerk (still active) and is hashing; meanwhile the clerk is
        # deactivated. Without a row lock the deactivation commits at once and the reset then
        # writes the old flag back; with it, the deactivation waits for the reset.
        deactivation = pool.submit(update, admin, clerk.id, UserChanges(is_active=False))
        time.sleep(0.5)
        gate.release.set()
        reset.result(timeout=WAIT_SECONDS)
        deactivation.result(timeout=WAIT_SECONDS)

    with container.adapters.uow() as uow:
        stored = uow.users.get(clerk.id)
    assert stored is not None
    assert stored.is_active is False, "the deactivation was undone by the concurrent password reset"
