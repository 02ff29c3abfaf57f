"""Single sign-on against a real OpenID provider on loopback (oidc-provider-mock, in a thread).

The app runs in Starlette's test client (httpx); the provider's authorization page is answered with a form
post, as a person choosing an account would. (This provider does not check PKCE's verifier; the requests
are checked to carry the S256 challenge.) Its ID tokens are signed, carry the nonce, and name the
claims each account was given here (email, email_verified)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import attrs
import httpx
import pytest
from oidc_provider_mock import User as ProviderAccount
from oidc_provider_mock import run_server_in_thread
from starlette.testclient import TestClient

from techstore.application.identity.commands import Credentials, UserChanges
from techstore.container import Container, build_container
from techstore.domain.identity.users import Role
from techstore.entrypoints.app import create_app
from techstore.infrastructure.clock import ManualClock
from tests.support import prepare, settings_for_tests

PROVIDER_NAME = "Test ID"
ACCOUNTS = [
    ProviderAccount(sub="ana", claims={"email": "Ana@Example.com", "email_verified": True}),
    ProviderAccount(sub="unverified", claims={"email": "ana@example.com", "email_verified": False}),
    ProviderAccount(sub="no-claim", claims={"email": "ana@example.com"}),
    ProviderAccount(sub="stranger", claims={"email": "nobody@example.com", "email_verified": True}),
    ProviderAccount(sub="gone", claims={"email": "gone@example.com", "email_verified": True}),
]


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """The provider's issuer URL. It refuses an authorization request without a nonce."""
    with run_server_in_thread(require_nonce=True, user_claims=ACCOUNTS) as server:
        yield f"http://localhost:{server.server_port}"


def sso_container(tmp_path: Path, issuer: str) -> Container:
    settings = attrs.evolve(settings_for_tests(tmp_path), oidc_issuer=issuer, oidc_client_id="techstore",
                            oidc_client_secret="client-secret-for-tests", oidc_name=PROVIDER_NAME)
    container = prepare(build_container(settings, "memory"), ManualClock())
    create = container.identity.provision_user()
    ana = create("ana", "ana-password-1", full_name="Ana Admin", role=Role.ADMIN)
    gone = create("gone", "gone-password-1", full_name="Gone Staff", role=Role.STAFF)
    admin = container.identity.log_in()(Credentials("ana", "ana-password-1"), "unknown").user
    update = container.identity.update_user()
    assert ana.id is not None and gone.id is not None
    update(admin, ana.id, UserChanges(email="ana@example.com"))
    update(admin, gone.id, UserChanges(email="gone@example.com", is_active=False))
    return container


@pytest.fixture
def client(tmp_path: Path, provider: str) -> Iterator[TestClient]:
    container = sso_container(tmp_path, provider)
    with TestClient(create_app(container), raise_server_exceptions=False, follow_redirects=False) as test_client:
        yield test_client
    container.shutdown_resources()


def start(client: TestClient, next_url: str | None = None) -> str:
    """The provider's authorization address the login page's link leads to."""
    response = client.get("/auth/oidc/login" + (f"?{urlencode({'next': next_url})}" if next_url else ""))
    assert response.status_code == 302, response.text
    return response.headers["location"]


def choose(authorization_url: str, sub: str) -> str:
    """The person picks an account at the provider: the address it sends the browser back to."""
    answer = httpx.post(authorization_url, data={"sub": sub}, follow_redirects=False)
    assert answer.status_code == 302, answer.text
    return answer.headers["location"]


def sign_in(client: TestClient, sub: str, next_url: str | None = None) -> httpx.Response:
    return client.get(choose(start(client, next_url), sub))


def login_page_message(client: TestClient, response: httpx.Response) -> str:
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?sso=")
    assert "ts_access" not in response.headers.get("set-cookie", "")
    return client.get(response.headers["location"]).text


def test_the_authorization_request_uses_pkce_state_and_nonce(client: TestClient, provider: str) -> None:
    response = client.get("/auth/oidc/login")
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == provider + "/oauth2/authorize"
    query = parse_qs(location.query)
    assert query["response_type"] == ["code"] and query["client_id"] == ["techstore"]
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    assert len(query["state"][0]) >= 20 and len(query["nonce"][0]) >= 20
    assert set(query["scope"][0].split()) == {"openid", "email"}
    assert query["redirect_uri"] == ["http://testserver/auth/oidc/callback"]
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("ts_oidc=") and "path=/auth/oidc" in cookie
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower() and "secure" not in cookie.lower()


def test_a_verified_email_of_an_active_user_signs_them_in(client: TestClient) -> None:
    assert f"Sign in with {PROVIDER_NAME}" in client.get("/login").text
    response = sign_in(client, "ana", next_url="/users")
    assert response.status_code == 303 and response.headers["location"] == "/users"
    cookies = response.headers.get_list("set-cookie")
    for name in ("ts_access", "ts_refresh", "ts_csrf"):
        cookie = next(c for c in cookies if c.startswith(name + "="))
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    flow = next(c for c in cookies if c.startswith("ts_oidc="))
    assert "1970" in flow  # the flow's cookie is cleared: its state and nonce are used up
    users = client.get("/users")
    assert users.status_code == 200 and "Ana Admin" in users.text
    # The same session as a password sign-in: signing out ends it.
    client.post("/logout", data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', users.text)[1]})
    assert client.get("/users").headers["location"].startswith("/login?next=")


def test_an_email_no_user_has_is_refused(client: TestClient) -> None:
    assert "No active user has that email" in login_page_message(client, sign_in(client, "stranger"))
    assert client.get("/users").headers["location"].startswith("/login?next=")


def test_a_deactivated_users_email_is_refused(client: TestClient) -> None:
    assert "No active user has that email" in login_page_message(client, sign_in(client, "gone"))


@pytest.mark.parametrize("sub", ["unverified", "no-claim"])
def test_an_email_the_provider_has_not_verified_is_refused(client: TestClient, sub: str) -> None:
    assert "The provider has not verified that email" in login_page_message(client, sign_in(client, sub))


def test_a_tampered_state_is_refused(client: TestClient) -> None:
    back = urlsplit(choose(start(client), "ana"))
    query = parse_qs(back.query)
    tampered = f"{back.path}?{urlencode({'code': query['code'][0], 'state': query['state'][0] + 'x'})}"
    assert "The sign-in could not be verified, try again" in login_page_message(client, client.get(tampered))
    # The state is used once: the genuine answer after that is refused as well.
    assert "could not be verified" in login_page_message(client, client.get(back.path + "?" + back.query))


def test_a_callback_this_browser_did_not_start_is_refused(client: TestClient, tmp_path: Path,
                                                          provider: str) -> None:
    back = choose(start(client), "ana")
    stranger = TestClient(client.app, follow_redirects=False)
    assert "could not be verified" in login_page_message(stranger, stranger.get(back))


def test_a_code_issued_for_another_nonce_is_refused(client: TestClient) -> None:
    """An attacker's code (issued to their own sign-in, with their nonce) slipped into the victim's callback
    with the victim's state: the ID token's nonce is not the one the victim's browser holds."""
    attacker = TestClient(client.app, follow_redirects=False)
    attackers_code = parse_qs(urlsplit(choose(start(attacker), "ana")).query)["code"][0]
    victims_state = parse_qs(urlsplit(start(client)).query)["state"][0]
    injected = client.get("/auth/oidc/callback?" + urlencode({"code": attackers_code, "state": victims_state}))
    assert "could not be verified" in login_page_message(client, injected)


def test_the_provider_declining_is_refused(client: TestClient) -> None:
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    declined = client.get("/auth/oidc/callback?" + urlencode({"error": "access_denied", "state": state}))
    assert "could not be verified" in login_page_message(client, declined)


def test_an_unreachable_provider_is_said_so(tmp_path: Path) -> None:
    container = sso_container(tmp_path, "http://127.0.0.1:9")  # the discard port: nothing answers
    with TestClient(create_app(container), raise_server_exceptions=False, follow_redirects=False) as client:
        answer = client.get("/auth/oidc/login")
        assert "could not be reached" in login_page_message(client, answer)
    container.shutdown_resources()


def test_without_single_sign_on_the_pages_lead_to_the_login_page(tmp_path: Path) -> None:
    container = prepare(build_container(settings_for_tests(tmp_path), "memory"))
    with TestClient(create_app(container), follow_redirects=False) as client:
        assert "Sign in with" not in client.get("/login").text
        for path in ("/auth/oidc/login", "/auth/oidc/callback?code=x&state=y"):
            response = client.get(path)
            assert response.status_code == 303 and response.headers["location"] == "/login"
            assert "set-cookie" not in response.headers
    container.shutdown_resources()


@pytest.mark.parametrize("reason", ["<script>alert(1)</script>", "nonsense"])
def test_the_login_page_shows_only_known_reasons(tmp_path: Path, reason: str) -> None:
    container = prepare(build_container(settings_for_tests(tmp_path), "memory"))
    with TestClient(create_app(container)) as client:
        page = client.get("/login?" + urlencode({"sso": reason})).text
        assert "<script>alert" not in page and 'role="alert"' not in page
    container.shutdown_resources()
