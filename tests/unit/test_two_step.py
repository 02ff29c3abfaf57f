"""The rules of two-step sign-in, and the codes' arithmetic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from techstore.domain.identity import two_step
from techstore.domain.identity.users import Role, User
from techstore.domain.shared.errors import Conflict, PermissionDenied
from techstore.infrastructure.security.one_time_codes import PyotpCodes

NOW = datetime(2026, 3, 1, 12, 0, 10, tzinfo=UTC)
STEP = timedelta(seconds=30)


def a_user(role: Role) -> User:
    return User(1, "mia", "Mia", role, "hash", True, NOW, NOW)


@pytest.mark.parametrize(("role", "may"), [(Role.ADMIN, True), (Role.MANAGER, True), (Role.STAFF, False),
                                           (Role.TECHNICIAN, False)])
def test_only_admins_and_managers_may_use_it(role: Role, may: bool) -> None:
    user = a_user(role)
    assert two_step.may_use(user) is may
    if not may:
        with pytest.raises(PermissionDenied):
            two_step.start(user, "SECRET", NOW)
        assert user.totp_secret is None


def test_setting_up_stores_a_secret_not_yet_asked_then_a_confirmation_turns_it_on() -> None:
    user = a_user(Role.MANAGER)
    two_step.start(user, "SECRET", NOW)
    assert (user.totp_secret, user.totp_enabled, two_step.is_enrolling(user)) == ("SECRET", False, True)
    two_step.confirm(user, NOW)
    assert user.totp_enabled and not two_step.is_enrolling(user)
    with pytest.raises(Conflict):
        two_step.start(user, "OTHER", NOW)  # on: turn it off first
    assert user.totp_secret == "SECRET"


def test_confirming_needs_a_pending_set_up() -> None:
    with pytest.raises(Conflict):
        two_step.confirm(a_user(Role.ADMIN), NOW)


def test_turning_off_forgets_the_secret() -> None:
    user = a_user(Role.ADMIN)
    two_step.start(user, "SECRET", NOW)
    two_step.confirm(user, NOW)
    two_step.turn_off(user, NOW)
    assert (user.totp_secret, user.totp_enabled) == (None, False)


def test_codes_are_six_digits() -> None:
    assert two_step.is_code("012345")
    assert not any(two_step.is_code(text) for text in ("12345", "1234567", "12345a", "١٢٣٤٥٦"))


def test_a_code_is_valid_one_step_either_way_and_only_once() -> None:
    codes = PyotpCodes()
    secret = codes.new_secret()
    totp = pyotp.TOTP(secret)
    assert codes.accept(secret, totp.at(NOW), NOW, user_id=1)
    assert not codes.accept(secret, totp.at(NOW), NOW, user_id=1), "a replay within its window"
    assert codes.accept(secret, totp.at(NOW), NOW, user_id=2), "another user's code is theirs"
    assert codes.accept(secret, totp.at(NOW - STEP), NOW, user_id=1)
    assert codes.accept(secret, totp.at(NOW + STEP), NOW, user_id=1)
    assert not codes.accept(secret, totp.at(NOW - 2 * STEP), NOW, user_id=1)
    assert not codes.accept(secret, totp.at(NOW + 2 * STEP), NOW, user_id=1)
    assert not codes.accept(secret, "١٢٣٤٥٦", NOW, user_id=1)


def test_the_provisioning_uri_names_the_store_and_the_account() -> None:
    codes = PyotpCodes()
    secret = codes.new_secret()
    uri = codes.provisioning_uri(secret, "mia")
    assert uri.startswith("otpauth://totp/TechStore:mia?")
    assert f"secret={secret}" in uri and "issuer=TechStore" in uri
