"""The identity unit of work is one transaction on every adapter set:
``commit()`` keeps everything, leaving without it keeps nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from techstore.application.identity.ports import IdentityUnitOfWork
from techstore.application.shared.pages import PageRequest
from techstore.domain.identity.users import Role, User
from tests.contract.conftest import T0, Committed, UnitOfWorkFactory, a_token, a_user, id_of

WINDOW = timedelta(minutes=15)
LATER = T0 + timedelta(hours=1)
SUCCESS = T0 + timedelta(minutes=30)


class Boom(Exception):
    pass


@pytest.fixture
def existing(add_users: Callable[..., list[User]], committed: Committed) -> User:
    """A user with one live refresh token and one failed login, all committed."""
    [alice] = add_users(a_user("alice", role=Role.ADMIN))
    with committed() as unit:
        unit.refresh_tokens.add(a_token(alice, "family-a", "a-1"))
        unit.login_attempts.record(username_key="alice", address="10.0.0.1", succeeded=False, at=T0)
    return alice


def change_everything(unit: IdentityUnitOfWork, alice: User) -> None:
    """Touch every table: new rows and changes to existing ones."""
    unit.users.add(a_user("bob"))
    changed = unit.users.get(id_of(alice))
    assert changed is not None
    changed.full_name = "Changed"
    changed.role = Role.STAFF
    changed.updated_at = LATER
    unit.users.update(changed)
    stored = unit.refresh_tokens.get_by_hash("a-1")
    assert stored is not None
    assert unit.refresh_tokens.mark_rotated(id_of(stored), LATER)
    unit.refresh_tokens.add(a_token(alice, "family-a", "a-2", issued_at=LATER))
    unit.refresh_tokens.add(a_token(alice, "family-b", "b-1", issued_at=LATER))
    unit.refresh_tokens.revoke_family("family-b", LATER)
    unit.login_attempts.lock_subject("alice")
    unit.login_attempts.record(username_key="alice", address="10.0.0.1", succeeded=True, at=SUCCESS)
    unit.login_attempts.record(username_key="alice", address="10.0.0.1", succeeded=False, at=LATER)
    # Inside the transaction, its own changes are visible.
    assert unit.users.get_by_username("BOB") is not None
    assert list(unit.users.lock_active_admins()) == []
    failures = unit.login_attempts.recent_failures("alice", "10.0.0.1", T0 - WINDOW)
    assert list(failures.from_address) == [LATER]
    assert sorted(failures.everywhere) == [T0, LATER]


def assert_nothing_changed(uow: UnitOfWorkFactory, alice: User) -> None:
    with uow() as unit:
        assert unit.users.get(id_of(alice)) == alice
        assert unit.users.get_by_username("bob") is None
        assert unit.users.list(PageRequest()).total == 1
        assert list(unit.users.lock_active_admins()) == [alice.id]
        token = unit.refresh_tokens.get_by_hash("a-1")
        assert token is not None and token.rotated_at is None and token.revoked_at is None
        assert unit.refresh_tokens.get_by_hash("a-2") is None
        assert unit.refresh_tokens.get_by_hash("b-1") is None
        failures = unit.login_attempts.recent_failures("alice", "10.0.0.1", T0 - WINDOW)
        assert (list(failures.from_address), list(failures.everywhere)) == ([T0], [T0])


def test_leaving_without_commit_rolls_back_users_tokens_and_attempts(
    existing: User, uow: UnitOfWorkFactory
) -> None:
    with uow() as unit:
        change_everything(unit, existing)
    assert_nothing_changed(uow, existing)


def test_an_exception_rolls_back_users_tokens_and_attempts(existing: User, uow: UnitOfWorkFactory) -> None:
    with pytest.raises(Boom), uow() as unit:
        change_everything(unit, existing)
        raise Boom
    assert_nothing_changed(uow, existing)


def test_commit_persists_users_tokens_and_attempts(existing: User, uow: UnitOfWorkFactory) -> None:
    with uow() as unit:
        change_everything(unit, existing)
        unit.commit()
    with uow() as unit:
        alice = unit.users.get(id_of(existing))
        assert alice is not None
        assert (alice.full_name, alice.role, alice.updated_at) == ("Changed", Role.STAFF, LATER)
        assert unit.users.get_by_username("bob") is not None
        assert unit.users.list(PageRequest()).total == 2
        assert list(unit.users.lock_active_admins()) == []
        rotated = unit.refresh_tokens.get_by_hash("a-1")
        assert rotated is not None and rotated.rotated_at == LATER and rotated.revoked_at is None
        fresh = unit.refresh_tokens.get_by_hash("a-2")
        assert fresh is not None and fresh.rotated_at is None and fresh.revoked_at is None
        revoked = unit.refresh_tokens.get_by_hash("b-1")
        assert revoked is not None and revoked.revoked_at == LATER
        failures = unit.login_attempts.recent_failures("alice", "10.0.0.1", T0 - WINDOW)
        assert list(failures.from_address) == [LATER]
        assert sorted(failures.everywhere) == [T0, LATER]


def test_an_exception_after_commit_keeps_what_was_committed(existing: User, uow: UnitOfWorkFactory) -> None:
    with pytest.raises(Boom), uow() as unit:
        change_everything(unit, existing)
        unit.commit()
        raise Boom
    with uow() as unit:
        assert unit.users.get_by_username("bob") is not None
        assert unit.refresh_tokens.get_by_hash("a-2") is not None


def test_units_of_work_one_after_another_see_committed_work_only(uow: UnitOfWorkFactory) -> None:
    with uow() as unit:
        kept = unit.users.add(a_user("kept"))
        unit.commit()
    with uow() as unit:
        unit.users.add(a_user("dropped"))
    with uow() as unit:
        assert unit.users.get(id_of(kept)) == kept
        assert unit.users.get_by_username("dropped") is None
        # A name freed by a rollback can be taken.
        unit.users.add(a_user("DROPPED"))
        unit.commit()
    with uow() as unit:
        assert [u.username for u in unit.users.list(PageRequest()).items] == ["DROPPED", "kept"]
