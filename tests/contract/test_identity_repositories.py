"""The identity repositories behave the same on every adapter set (memory, sqlite, postgres).

Each test documents one promise of ``techstore.application.identity.ports``;
the in-memory fakes must keep every one of them, or they drift from SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest

from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import PageRequest
from techstore.domain.identity.sessions import RefreshToken
from techstore.domain.identity.users import Role, User
from tests.contract.conftest import T0, Committed, UnitOfWorkFactory, a_token, a_user, id_of

AddUsers = Callable[..., list[User]]

def _caused_by(error: BaseException | None, kind: type[BaseException]) -> bool:
    while error is not None:
        if isinstance(error, kind) or isinstance(getattr(error, "orig", None), kind):
            return True
        error = error.__cause__ or error.__context__
    return False


def assert_utc(moment: datetime | None) -> None:
    assert moment is not None
    assert moment.tzinfo is not None, "timestamps come back timezone-aware"
    assert moment.utcoffset() == timedelta(0), "timestamps come back in UTC"


# --------------------------------------------------------------------------- users


class TestUserRepository:
    def test_add_returns_the_user_with_a_new_id(self, committed: Committed) -> None:
        with committed() as unit:
            first = unit.users.add(a_user("alice"))
            second = unit.users.add(a_user("bob"))
        assert isinstance(first.id, int)
        assert isinstance(second.id, int)
        assert first.id != second.id

    def test_names_are_the_full_names_of_the_ids_asked_for_and_only_those(
            self, add_users: AddUsers, uow: UnitOfWorkFactory) -> None:
        alice, bob, _ = add_users(a_user("alice", full_name="Alice Smith"), a_user("bob", full_name="Bob Jones"),
                                  a_user("carol", full_name="Carol"))
        with uow() as unit:
            assert unit.users.names([id_of(alice), id_of(bob), 999_999]) == {
                id_of(alice): "Alice Smith", id_of(bob): "Bob Jones"}
            assert unit.users.names([]) == {}

    def test_get_returns_equal_data_with_utc_timestamps(self, add_users: AddUsers, uow: UnitOfWorkFactory) -> None:
        stored = a_user("Alice.Smith", role=Role.ADMIN, full_name="Alice Smith")
        [added] = add_users(stored)
        with uow() as unit:
            fetched = unit.users.get(id_of(added))
        assert fetched == added
        assert fetched is not added
        assert fetched.created_at == T0
        assert fetched.updated_at == T0 + timedelta(seconds=1, microseconds=654321)
        assert_utc(fetched.created_at)
        assert_utc(fetched.updated_at)
        assert fetched.role is Role.ADMIN

    def test_a_timestamp_in_another_zone_comes_back_as_the_same_instant(
        self, add_users: AddUsers, uow: UnitOfWorkFactory
    ) -> None:
        plus_two = timezone(timedelta(hours=2))
        [added] = add_users(a_user("zoned", created_at=datetime(2026, 3, 1, 23, 30, 0, 1, tzinfo=plus_two)))
        with uow() as unit:
            fetched = unit.users.get(id_of(added))
        assert fetched is not None
        assert fetched.created_at == datetime(2026, 3, 1, 21, 30, 0, 1, tzinfo=UTC)

    def test_a_timestamp_in_another_zone_comes_back_in_utc(self, add_users: AddUsers, uow: UnitOfWorkFactory) -> None:
        plus_two = timezone(timedelta(hours=2))
        [added] = add_users(a_user("zoned", created_at=datetime(2026, 3, 1, 23, 30, tzinfo=plus_two)))
        with uow() as unit:
            fetched = unit.users.get(id_of(added))
        assert fetched is not None
        assert_utc(fetched.created_at)

    def test_a_naive_timestamp_is_refused(self, uow: UnitOfWorkFactory) -> None:
        with uow() as unit, pytest.raises(Exception) as raised:  # noqa: PT011 - SQLAlchemy wraps it
            unit.users.add(a_user("naive", created_at=datetime(2026, 3, 1, 9, 0)))
        assert _caused_by(raised.value, ValueError), raised.value

    def test_get_of_an_unknown_id_is_none(self, add_users: AddUsers, uow: UnitOfWorkFactory) -> None:
        [added] = add_users(a_user("alice"))
        with uow() as unit:
            assert unit.users.get(id_of(added) + 1000) is None

    @pytest.mark.parametrize("asked", ["alice.smith", "ALICE.SMITH", "Alice.Smith", "aLiCe.SmItH"])
    def test_get_by_username_ignores_case(self, asked: str, add_users: AddUsers, uow: UnitOfWorkFactory) -> None:
        [added, _other] = add_users(a_user("Alice.Smith"), a_user("alice.smyth"))
        with uow() as unit:
            fetched = unit.users.get_by_username(asked)
        assert fetched == added
        assert fetched is not None and fetched.username == "Alice.Smith", "the username keeps its spelling"
        assert_utc(fetched.created_at)

    def test_get_by_username_of_an_unknown_name_is_none(self, add_users: AddUsers, uow: UnitOfWorkFactory) -> None:
        add_users(a_user("alice"))
        with uow() as unit:
            assert unit.users.get_by_username("alicia") is None
            assert unit.users.get_by_username("alic") is None

    @pytest.mark.parametrize("taken", ["alice", "ALICE", "Alice"])
    def test_add_of_a_username_differing_only_in_case_is_a_conflict(
        self, taken: str, add_users: AddUsers, uow: UnitOfWorkFactory
    ) -> None:
        add_users(a_user("aLice"))
        with uow() as unit, pytest.raises(DuplicateKey) as refused:
            unit.users.add(a_user(taken))
        assert refused.value.key == "username"

    def test_a_conflict_leaves_the_rest_of_the_unit_of_work_usable(
        self, add_users: AddUsers, uow: UnitOfWorkFactory
    ) -> None:
        add_users(a_user("alice"))
        with uow() as unit:
            bob = unit.users.add(a_user("bob"))
            with pytest.raises(DuplicateKey):
                unit.users.add(a_user("ALICE"))
            carol = unit.users.add(a_user("carol"))
            unit.commit()
        with uow() as unit:
            assert unit.users.get(id_of(bob)) == bob
            assert unit.users.get(id_of(carol)) == carol
            assert unit.users.list(PageRequest()).total == 3

    def test_list_pages_are_ordered_by_username_ignoring_case_with_the_right_total(
        self, add_users: AddUsers, uow: UnitOfWorkFactory
    ) -> None:
        add_users(*(a_user(name) for name in ["dave", "Bob", "eve", "alice", "Carol"]))
        with uow() as unit:
            pages = [unit.users.list(PageRequest(limit=2, offset=offset)) for offset in (0, 2, 4, 6)]
            everything = unit.users.list(PageRequest())
        assert [[u.username for u in page.items] for page in pages] == [
            ["alice", "Bob"],
            ["Carol", "dave"],
            ["eve"],
            [],
        ]
        assert [page.total for page in pages] == [5, 5, 5, 5]
        assert [(page.limit, page.offset) for page in pages] == [(2, 0), (2, 2), (2, 4), (2, 6)]
        assert [u.username for u in everything.items] == ["alice", "Bob", "Carol", "dave", "eve"]
        assert everything.total == 5
        for user in everything.items:
            assert_utc(user.created_at)
            assert_utc(user.updated_at)

    def test_list_orders_punctuation_and_digits_the_same_everywhere(
        self, add_users: AddUsers, uow: UnitOfWorkFactory
    ) -> None:
        # Usernames may hold . _ @ - and digits. A natural-language collation on
        # PostgreSQL (en_US) would ignore punctuation and order these differently
        # from SQLite and the in-memory fake, which compare code points.
        names = ["ab", "a_c", "a.d", "a-b", "a@z", "a1", "A0"]
        add_users(*(a_user(name) for name in names))
        with uow() as unit:
            listed = [u.username for u in unit.users.list(PageRequest()).items]
        assert listed == sorted(names, key=str.casefold)

    def test_list_of_an_empty_store(self, uow: UnitOfWorkFactory) -> None:
        with uow() as unit:
            page = unit.users.list(PageRequest(limit=10, offset=0))
        assert list(page.items) == []
        assert page.total == 0

    def test_update_persists_every_changed_field(
        self, add_users: AddUsers, uow: UnitOfWorkFactory, committed: Committed
    ) -> None:
        [alice, bob] = add_users(a_user("alice", role=Role.ADMIN), a_user("bob"))
        later = T0 + timedelta(days=3, microseconds=7)
        with committed() as unit:
            changed = unit.users.get(id_of(alice))
            assert changed is not None
            changed.full_name = "Alice Renamed"
            changed.role = Role.STAFF
            changed.is_active = False
            changed.password_hash = "$argon2id$another-hash"
            changed.updated_at = later
            unit.users.update(changed)
        with uow() as unit:
            fetched = unit.users.get(id_of(alice))
            untouched = unit.users.get(id_of(bob))
            by_name = unit.users.get_by_username("ALICE")
        assert fetched == changed
        assert by_name == changed
        assert fetched is not None
        assert (fetched.full_name, fetched.role, fetched.is_active) == ("Alice Renamed", Role.STAFF, False)
        assert fetched.password_hash == "$argon2id$another-hash"
        assert fetched.created_at == T0, "update keeps the creation time"
        assert fetched.updated_at == later
        assert_utc(fetched.updated_at)
        assert untouched == bob

    def test_entities_handed_out_are_not_the_stored_rows(
        self, add_users: AddUsers, uow: UnitOfWorkFactory
    ) -> None:
        # A use case that changes an entity and then fails must not have changed the store.
        [alice] = add_users(a_user("alice"))
        with uow() as unit:
            fetched = unit.users.get(id_of(alice))
            assert fetched is not None
            fetched.full_name = "Changed but never updated"
            again = unit.users.get(id_of(alice))
        assert again == alice

    def test_lock_active_admins_returns_the_active_admins_only_by_id(
        self, add_users: AddUsers, uow: UnitOfWorkFactory
    ) -> None:
        added = add_users(
            a_user("staff1"),
            a_user("admin1", role=Role.ADMIN),
            a_user("retired-admin", role=Role.ADMIN, is_active=False),
            a_user("inactive-staff", is_active=False),
            a_user("admin2", role=Role.ADMIN),
        )
        by_name = {u.username: u.id for u in added}
        with uow() as unit:
            locked = list(unit.users.lock_active_admins())
        assert locked == sorted([by_name["admin1"], by_name["admin2"]])

    def test_lock_active_admins_with_no_admin_is_empty(self, add_users: AddUsers, uow: UnitOfWorkFactory) -> None:
        add_users(a_user("staff1"), a_user("old-admin", role=Role.ADMIN, is_active=False))
        with uow() as unit:
            assert list(unit.users.lock_active_admins()) == []

    def test_lock_active_admins_sees_changes_made_in_its_own_unit_of_work(
        self, add_users: AddUsers, uow: UnitOfWorkFactory
    ) -> None:
        [admin1, admin2] = add_users(a_user("admin1", role=Role.ADMIN), a_user("admin2", role=Role.ADMIN))
        with uow() as unit:
            demoted = unit.users.get(id_of(admin1))
            assert demoted is not None
            demoted.role = Role.STAFF
            unit.users.update(demoted)
            assert list(unit.users.lock_active_admins()) == [admin2.id]


# ------------------------------------------------------------------ refresh tokens


@pytest.fixture
def two_users(add_users: AddUsers) -> tuple[User, User]:
    alice, bob = add_users(a_user("alice"), a_user("bob"))
    return alice, bob


def _stored_tokens(uow: UnitOfWorkFactory, hashes: list[str]) -> dict[str, RefreshToken]:
    found = {}
    with uow() as unit:
        for token_hash in hashes:
            token = unit.refresh_tokens.get_by_hash(token_hash)
            assert token is not None, token_hash
            found[token_hash] = token
    return found


class TestSignedInUser:
    """``users.get_signed_in``: the user only while that sign-in (refresh-token family) of theirs is live."""

    def test_a_live_rotated_or_revoked_family_and_another_users_family(
        self, two_users: tuple[User, User], committed: Committed, uow: UnitOfWorkFactory
    ) -> None:
        alice, bob = two_users
        with committed() as unit:
            unit.refresh_tokens.add(a_token(alice, "rotated", "hash-1", rotated_at=T0))
            unit.refresh_tokens.add(a_token(alice, "rotated", "hash-2"))
            unit.refresh_tokens.add(a_token(alice, "ended", "hash-3"))
            unit.refresh_tokens.add(a_token(bob, "bobs", "hash-4"))
        with committed() as unit:
            unit.refresh_tokens.revoke_family("ended", T0)
        with uow() as unit:
            assert unit.users.get_signed_in(id_of(alice), "rotated") == alice
            assert unit.users.get_signed_in(id_of(alice), "ended") is None
            assert unit.users.get_signed_in(id_of(alice), "bobs") is None
            assert unit.users.get_signed_in(id_of(alice), "unknown") is None
            assert unit.users.get_signed_in(id_of(bob) + 1000, "bobs") is None


class TestRefreshTokenRepository:
    def test_add_returns_an_id_and_get_by_hash_returns_equal_data(
        self, two_users: tuple[User, User], committed: Committed, uow: UnitOfWorkFactory
    ) -> None:
        alice, _ = two_users
        with committed() as unit:
            first = unit.refresh_tokens.add(a_token(alice, "family-1", "hash-1"))
            second = unit.refresh_tokens.add(a_token(alice, "family-1", "hash-2"))
        assert isinstance(first.id, int) and isinstance(second.id, int)
        assert first.id != second.id
        with uow() as unit:
            fetched = unit.refresh_tokens.get_by_hash("hash-1")
        assert fetched == first
        assert fetched is not None
        assert fetched.issued_at == T0
        assert fetched.expires_at == T0 + timedelta(days=14)
        assert fetched.rotated_at is None and fetched.revoked_at is None
        assert_utc(fetched.issued_at)
        assert_utc(fetched.expires_at)

    def test_get_by_hash_round_trips_rotation_and_revocation_times(
        self, two_users: tuple[User, User], committed: Committed, uow: UnitOfWorkFactory
    ) -> None:
        alice, _ = two_users
        rotated = T0 + timedelta(minutes=5, microseconds=1)
        revoked = T0 + timedelta(minutes=9, microseconds=999999)
        with committed() as unit:
            token = unit.refresh_tokens.add(
                a_token(alice, "family-1", "hash-1", rotated_at=rotated, revoked_at=revoked)
            )
        with uow() as unit:
            fetched = unit.refresh_tokens.get_by_hash("hash-1")
        assert fetched == token
        assert fetched is not None
        assert fetched.rotated_at == rotated and fetched.revoked_at == revoked
        assert_utc(fetched.rotated_at)
        assert_utc(fetched.revoked_at)

    def test_get_by_hash_of_an_unknown_hash_is_none(
        self, two_users: tuple[User, User], committed: Committed, uow: UnitOfWorkFactory
    ) -> None:
        alice, _ = two_users
        with committed() as unit:
            unit.refresh_tokens.add(a_token(alice, "family-1", "hash-1"))
        with uow() as unit:
            assert unit.refresh_tokens.get_by_hash("hash-") is None
            assert unit.refresh_tokens.get_by_hash("HASH-1") is None

    def test_mark_rotated_is_true_once_then_false(
        self, two_users: tuple[User, User], committed: Committed, uow: UnitOfWorkFactory
    ) -> None:
        alice, _ = two_users
        now = T0 + timedelta(hours=1, microseconds=42)
        with committed() as unit:
            token = unit.refresh_tokens.add(a_token(alice, "family-1", "hash-1"))
            sibling = unit.refresh_tokens.add(a_token(alice, "family-1", "hash-2"))
        with committed() as unit:
            assert unit.refresh_tokens.mark_rotated(id_of(token), now) is True
            assert unit.refresh_tokens.mark_rotated(id_of(token), now + timedelta(seconds=1)) is False
        with committed() as unit:
            assert unit.refresh_tokens.mark_rotated(id_of(token), now + timedelta(seconds=2)) is False
        stored = _stored_tokens(uow, ["hash-1", "hash-2"])
        assert stored["hash-1"].rotated_at == now, "the first rotation's time is kept"
        assert_utc(stored["hash-1"].rotated_at)
        assert stored["hash-1"].revoked_at is None
        assert stored["hash-2"] == sibling, "only the token asked for is rotated"

    def test_mark_rotated_of_a_revoked_token_is_false(
        self, two_users: tuple[User, User], committed: Committed, uow: UnitOfWorkFactory
    ) -> None:
        alice, _ = two_users
        with committed() as unit:
            token = unit.refresh_tokens.add(
                a_token(alice, "family-1", "hash-1", revoked_at=T0 + timedelta(minutes=1))
            )
        with committed() as unit:
            assert unit.refresh_tokens.mark_rotated(id_of(token), T0 + timedelta(minutes=2)) is False
        assert _stored_tokens(uow, ["hash-1"])["hash-1"].rotated_at is None

    def test_mark_rotated_of_an_unknown_id_is_false(
        self, two_users: tuple[User, User], committed: Committed
    ) -> None:
        alice, _ = two_users
        with committed() as unit:
            token = unit.refresh_tokens.add(a_token(alice, "family-1", "hash-1"))
        with committed() as unit:
            assert unit.refresh_tokens.mark_rotated(id_of(token) + 1000, T0) is False

    def test_revoke_family_revokes_exactly_that_family(
        self, two_users: tuple[User, User], committed: Committed, uow: UnitOfWorkFactory
    ) -> None:
        alice, bob = two_users
        earlier = T0 + timedelta(minutes=1)
        now = T0 + timedelta(hours=2, microseconds=5)
        with committed() as unit:
            for token in [
                a_token(alice, "family-a", "a-1", rotated_at=T0),
                a_token(alice, "family-a", "a-2"),
                a_token(alice, "family-a", "a-3", revoked_at=earlier),
                a_token(alice, "family-b", "b-1"),
                a_token(bob, "family-c", "c-1"),
            ]:
                unit.refresh_tokens.add(token)
        before = _stored_tokens(uow, ["b-1", "c-1"])
        with committed() as unit:
            unit.refresh_tokens.revoke_family("family-a", now)
        after = _stored_tokens(uow, ["a-1", "a-2", "a-3", "b-1", "c-1"])
        assert after["a-1"].revoked_at == now
        assert after["a-1"].rotated_at == T0, "revoking keeps the rotation time"
        assert after["a-2"].revoked_at == now
        assert after["a-3"].revoked_at == earlier, "an already revoked token keeps its revocation time"
        assert after["b-1"] == before["b-1"]
        assert after["c-1"] == before["c-1"]
        assert_utc(after["a-2"].revoked_at)

    def test_revoke_family_of_an_unknown_family_changes_nothing(
        self, two_users: tuple[User, User], committed: Committed, uow: UnitOfWorkFactory
    ) -> None:
        alice, _ = two_users
        with committed() as unit:
            token = unit.refresh_tokens.add(a_token(alice, "family-a", "a-1"))
        with committed() as unit:
            unit.refresh_tokens.revoke_family("family-x", T0)
        assert _stored_tokens(uow, ["a-1"])["a-1"] == token

    def test_revoke_all_for_user_revokes_every_family_of_that_user_only(
        self, two_users: tuple[User, User], committed: Committed, uow: UnitOfWorkFactory
    ) -> None:
        alice, bob = two_users
        earlier = T0 + timedelta(minutes=1)
        now = T0 + timedelta(hours=3)
        with committed() as unit:
            for token in [
                a_token(alice, "family-a", "a-1"),
                a_token(alice, "family-a", "a-2", rotated_at=T0),
                a_token(alice, "family-b", "b-1"),
                a_token(alice, "family-b", "b-2", revoked_at=earlier),
                a_token(bob, "family-c", "c-1"),
                a_token(bob, "family-c", "c-2", rotated_at=T0),
            ]:
                unit.refresh_tokens.add(token)
        before = _stored_tokens(uow, ["c-1", "c-2"])
        with committed() as unit:
            unit.refresh_tokens.revoke_all_for_user(id_of(alice), now)
        after = _stored_tokens(uow, ["a-1", "a-2", "b-1", "b-2", "c-1", "c-2"])
        assert [after[h].revoked_at for h in ("a-1", "a-2", "b-1")] == [now, now, now]
        assert after["b-2"].revoked_at == earlier
        assert after["a-2"].rotated_at == T0
        assert after["c-1"] == before["c-1"]
        assert after["c-2"] == before["c-2"]


# ------------------------------------------------------------------ login attempts

WINDOW = timedelta(minutes=15)


def minutes_ago(minutes: float) -> datetime:
    return T0 - timedelta(minutes=minutes)


class TestLoginAttemptRepository:
    @staticmethod
    def record_all(committed: Committed, attempts: list[tuple[str, str, bool, datetime]]) -> None:
        with committed() as unit:
            for key, address, succeeded, at in attempts:
                unit.login_attempts.record(username_key=key, address=address, succeeded=succeeded, at=at)

    def test_failures_without_a_success_are_those_in_the_window(
        self, committed: Committed, uow: UnitOfWorkFactory
    ) -> None:
        self.record_all(committed, [
            ("alice", "10.0.0.1", False, minutes_ago(20)),  # before the window
            ("alice", "10.0.0.1", False, minutes_ago(15)),  # exactly at ``since``: counts
            ("alice", "10.0.0.2", False, minutes_ago(3)),  # another address: only everywhere
            ("alice", "10.0.0.1", False, T0),
            ("alice", "10.0.0.10", False, T0),  # not a prefix match of the address
            ("bob", "10.0.0.1", False, minutes_ago(1)),  # another username
            ("alice2", "10.0.0.1", False, minutes_ago(1)),  # a longer key, not a prefix match
        ])
        with uow() as unit:
            failures = unit.login_attempts.recent_failures("alice", "10.0.0.1", T0 - WINDOW)
        assert sorted(failures.from_address) == [minutes_ago(15), T0]
        assert sorted(failures.everywhere) == [minutes_ago(15), minutes_ago(3), T0, T0]
        for failure in [*failures.from_address, *failures.everywhere]:
            assert_utc(failure)

    def test_from_an_address_only_failures_after_its_last_success_count(
        self, committed: Committed, uow: UnitOfWorkFactory
    ) -> None:
        self.record_all(committed, [
            ("alice", "10.0.0.1", False, minutes_ago(12)),
            ("alice", "10.0.0.1", True, minutes_ago(10)),
            ("alice", "10.0.0.1", False, minutes_ago(9)),
            ("alice", "10.0.0.1", True, minutes_ago(6)),  # the pair's last success
            ("alice", "10.0.0.1", False, minutes_ago(6)),  # same instant, recorded after it: counts
            ("alice", "10.0.0.2", True, minutes_ago(5)),  # a success elsewhere forgives nothing here
            ("alice", "10.0.0.1", False, minutes_ago(4)),
            ("alice", "10.0.0.1", False, minutes_ago(1)),
            ("bob", "10.0.0.1", True, minutes_ago(0.5)),  # another username's success
        ])
        with uow() as unit:
            failures = unit.login_attempts.recent_failures("alice", "10.0.0.1", T0 - WINDOW)
            elsewhere = unit.login_attempts.recent_failures("alice", "10.0.0.2", T0 - WINDOW)
        assert sorted(failures.from_address) == [minutes_ago(6), minutes_ago(4), minutes_ago(1)]
        # Everywhere, successes forgive nothing: the ceiling is for guessers at many addresses.
        everything = [minutes_ago(12), minutes_ago(9), minutes_ago(6), minutes_ago(4), minutes_ago(1)]
        assert sorted(failures.everywhere) == everything
        assert list(elsewhere.from_address) == []
        assert sorted(elsewhere.everywhere) == everything

    def test_a_success_before_the_window_still_resets_the_count(
        self, committed: Committed, uow: UnitOfWorkFactory
    ) -> None:
        self.record_all(committed, [
            ("alice", "10.0.0.1", False, minutes_ago(40)),
            ("alice", "10.0.0.1", True, minutes_ago(30)),
            ("alice", "10.0.0.1", False, minutes_ago(20)),
            ("alice", "10.0.0.1", False, minutes_ago(2)),
        ])
        with uow() as unit:
            recent = unit.login_attempts.recent_failures("alice", "10.0.0.1", T0 - WINDOW)
            hour = unit.login_attempts.recent_failures("alice", "10.0.0.1", T0 - timedelta(hours=1))
        assert list(recent.from_address) == [minutes_ago(2)]
        assert sorted(hour.from_address) == [minutes_ago(20), minutes_ago(2)]
        assert sorted(hour.everywhere) == [minutes_ago(40), minutes_ago(20), minutes_ago(2)]

    def test_after_a_final_success_none_count_from_that_address(
        self, committed: Committed, uow: UnitOfWorkFactory
    ) -> None:
        self.record_all(committed, [
            ("alice", "10.0.0.1", False, minutes_ago(3)),
            ("alice", "10.0.0.1", False, minutes_ago(2)),
            ("alice", "10.0.0.1", True, minutes_ago(1)),
        ])
        with uow() as unit:
            failures = unit.login_attempts.recent_failures("alice", "10.0.0.1", T0 - WINDOW)
            nobody = unit.login_attempts.recent_failures("nobody", "10.0.0.1", T0 - WINDOW)
        assert list(failures.from_address) == []
        assert sorted(failures.everywhere) == [minutes_ago(3), minutes_ago(2)]
        assert (list(nobody.from_address), list(nobody.everywhere)) == ([], [])

    def test_lock_subject_can_be_taken_again_in_the_same_and_in_later_units_of_work(
        self, committed: Committed, uow: UnitOfWorkFactory
    ) -> None:
        with committed() as unit:
            unit.login_attempts.lock_subject("alice")
            unit.login_attempts.lock_subject("alice")
            unit.login_attempts.lock_subject("bob")
            unit.login_attempts.record(username_key="alice", address="10.0.0.1", succeeded=False, at=T0)
        with committed() as unit:
            unit.login_attempts.lock_subject("alice")
            unit.login_attempts.record(username_key="alice", address="10.0.0.1", succeeded=False, at=T0)
        with uow() as unit:
            unit.login_attempts.lock_subject("carol")  # and left without commit
        with uow() as unit:
            assert list(unit.login_attempts.recent_failures("alice", "10.0.0.1", T0 - WINDOW).everywhere) == [T0, T0]
