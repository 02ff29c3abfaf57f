"""The coarser per-address login limit, and logs that never carry secrets."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from techstore.application.identity.authentication import PER_ADDRESS
from techstore.application.identity.commands import Credentials
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
    assert '"path": "/api/v1/auth/token"' in logged
    for secret in (PASSWORD, pair["access_token"], pair["refresh_token"]):
        assert secret not in logged
