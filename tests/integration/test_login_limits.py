"""The coarser per-address login limit, and logs that never carry secrets."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from techstore.application.identity.commands import Credentials
from techstore.application.identity.throttle import PER_ADDRESS
from techstore.container import Container
from techstore.domain.identity.users import Role
from techstore.domain.shared.errors import AuthenticationFailed, TooManyAttempts

PASSWORD = "limits-password-1"


def test_one_address_guessing_many_usernames_is_limited(container: Container) -> None:
    log_in = container.identity.log_in()
    container.identity.provision_user()("boss", PASSWORD, role=Role.ADMIN)
    for n in range(PER_ADDRESS.max_failures):
        with pytest.raises(AuthenticationFailed):
            log_in(Credentials(f"guess{n}", "wrong-password"), "203.0.113.9")
    with pytest.raises(TooManyAttempts):
        log_in(Credentials("boss", PASSWORD), "203.0.113.9")
    # Another address is not affected.
    assert log_in(Credentials("boss", PASSWORD), "198.51.100.1").user.username == "boss"


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
