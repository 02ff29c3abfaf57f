"""The login limits per username and address and per username, and logs that never carry secrets."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from techstore.application.identity.commands import Credentials
from techstore.container import Container
from techstore.domain.identity.throttling import PER_USERNAME, PER_USERNAME_AND_ADDRESS
from techstore.domain.identity.users import Role
from techstore.domain.shared.errors import AuthenticationFailed, TooManyAttempts

PASSWORD = "limits-password-1"


def test_a_guesser_at_one_address_does_not_lock_the_owner_out_elsewhere(container: Container) -> None:
    log_in = container.identity.log_in()
    container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    for n in range(PER_USERNAME_AND_ADDRESS.max_failures):
        with pytest.raises(AuthenticationFailed):
            log_in(Credentials("boss", f"wrong-password-{n}"), "203.0.113.9")
    with pytest.raises(TooManyAttempts):
        log_in(Credentials("boss", PASSWORD), "203.0.113.9")
    assert log_in(Credentials("boss", PASSWORD), "198.51.100.1").user.username == "boss"
    # The owner's sign-in elsewhere does not give the guesser more tries.
    with pytest.raises(TooManyAttempts):
        log_in(Credentials("boss", PASSWORD), "203.0.113.9")


def test_fifty_failures_from_many_addresses_lock_the_username_everywhere(container: Container) -> None:
    log_in = container.identity.log_in()
    provision = container.identity.provision_user()
    provision("boss", PASSWORD, role=Role.ADMIN)
    provision("clerk", PASSWORD, role=Role.STAFF)
    for n in range(PER_USERNAME.max_failures):  # 4 from each address: no pair reaches its limit
        with pytest.raises(AuthenticationFailed):
            log_in(Credentials("boss", f"wrong-password-{n}"), f"198.51.100.{n // 4}")
    for address in ("192.0.2.1", "198.51.100.0"):
        with pytest.raises(TooManyAttempts) as refused:
            log_in(Credentials("boss", PASSWORD), address)
        assert refused.value.retry_after == PER_USERNAME.window.total_seconds()
    assert log_in(Credentials("clerk", PASSWORD), "198.51.100.0").user.username == "clerk"


@pytest.mark.adapters("memory")
def test_logs_carry_no_passwords_or_tokens(container: Container, client: TestClient,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    pair = client.post("/api/v1/auth/token", json={"username": "boss", "password": PASSWORD}).json()
    client.get("/api/v1/me", headers={"Authorization": f"Bearer {pair['access_token']}"})
    client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    client.get("/api/v1/me?token=" + pair["access_token"])
    logged = capsys.readouterr().out
    assert any(json.loads(line).get("path") == "/api/v1/auth/token" for line in logged.splitlines())
    for secret in (PASSWORD, pair["access_token"], pair["refresh_token"]):
        assert secret not in logged


@pytest.mark.adapters("sqlite", "postgres")
def test_guessing_the_current_password_over_the_api_is_limited(container: Container, client: TestClient) -> None:
    """A stolen access token does not make guessing the password any faster (issue 7, item 7)."""
    container.identity.provision_user()("clerk", PASSWORD, role=Role.STAFF)
    pair = client.post("/api/v1/auth/token", json={"username": "clerk", "password": PASSWORD}).json()
    headers = {"Authorization": f"Bearer {pair['access_token']}"}
    guesses = [
        client.post("/api/v1/me/password", headers=headers,
                    json={"current_password": f"guess number {n}", "new_password": "another-password-2"})
        for n in range(6)
    ]
    assert [g.status_code for g in guesses] == [422] * 5 + [429]
    assert int(guesses[-1].headers["Retry-After"]) > 0
    # The streak locks signing in as well, right password or not.
    again = client.post("/api/v1/auth/token", json={"username": "clerk", "password": PASSWORD})
    assert again.status_code == 429
