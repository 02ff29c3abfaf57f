"""The same rules through the HTTP API (API.md, "Auth" and "Users")."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from pytest_bdd import given, then, when
from starlette.testclient import TestClient
from structlog.testing import capture_logs

from tests.acceptance.steps.grammar import phrase
from tests.acceptance.steps.story import Story
from tests.acceptance.steps.web import client_at

API = "/api/v1"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _request_token(story: Story, client: TestClient, username: str, password: str) -> Any:
    """Asks for a token from the client's address (the test client's: "unknown")."""
    story.typed_passwords.add(password)
    answer = story.answered(client.post(f"{API}/auth/token", json={"username": username, "password": password}))
    if answer.status_code == 200:
        story.api_pairs.setdefault(username, []).append(answer.json())
    return answer


def _access_token(story: Story, client: TestClient, username: str) -> str:
    """The user's newest API access token, signing in through the API first if they have none."""
    if username not in story.api_pairs:
        assert _request_token(story, client, username, story.passwords[username]).status_code == 200
    return str(story.api_pairs[username][-1]["access_token"])


def _exchange(story: Story, client: TestClient, username: str, refresh_token: str) -> Any:
    answer = story.answered(client.post(f"{API}/auth/refresh", json={"refresh_token": refresh_token}))
    if answer.status_code == 200:
        story.api_pairs[username].append(answer.json())
    return answer


@pytest.fixture
def captured_logs(client: TestClient) -> Iterator[list[dict[str, Any]]]:
    """Everything the app logs from now on. Depends on ``client`` so the app has
    configured its logging before the capture starts."""
    with capture_logs() as entries:
        yield entries


# Signing in, refreshing, signing out

@when(phrase('"{username:Q}" asks the API for a token with the password "{password:Q}"'))
def _(story: Story, client: TestClient, username: str, password: str) -> None:
    _request_token(story, client, username, password)


@given(phrase('the API has refused {count:d} wrong passwords for "{username:Q}"'))
def _(story: Story, client: TestClient, count: int, username: str) -> None:
    for number in range(1, count + 1):
        assert _request_token(story, client, username, f"wrong-guess-{number:04d}").status_code == 401


@given(phrase('someone at "{address:Q}" has had {count:d} wrong passwords for "{username:Q}" refused by the API'))
def _(story: Story, client: TestClient, address: str, count: int, username: str) -> None:
    elsewhere = client_at(client, address)
    for number in range(1, count + 1):
        assert _request_token(story, elsewhere, username, f"wrong-guess-{number:04d}").status_code == 401


@when(phrase('someone at "{address:Q}" asks the API for a token for "{username:Q}" with the password "{password:Q}"'))
def _(story: Story, client: TestClient, address: str, username: str, password: str) -> None:
    _request_token(story, client_at(client, address), username, password)


@given(phrase('"{username:Q}" has signed in through the API'))
def _(story: Story, client: TestClient, username: str) -> None:
    assert _request_token(story, client, username, story.passwords[username]).status_code == 200


@when(phrase('"{username:Q}" refreshes through the API'))
def _(story: Story, client: TestClient, username: str) -> None:
    _exchange(story, client, username, story.api_pairs[username][-1]["refresh_token"])


@when(phrase('someone presents "{username:Q}"\'s previous refresh token to the API again'))
def _(story: Story, client: TestClient, username: str) -> None:
    _exchange(story, client, username, story.api_pairs[username][-2]["refresh_token"])


@then(phrase('the API refuses "{username:Q}"\'s newest refresh token with {status:d}'))
def _(story: Story, client: TestClient, username: str, status: int) -> None:
    assert _exchange(story, client, username, story.api_pairs[username][-1]["refresh_token"]).status_code == status


@when(phrase('"{username:Q}" signs out through the API'))
def _(story: Story, client: TestClient, username: str) -> None:
    refresh_token = story.api_pairs[username][-1]["refresh_token"]
    story.answered(client.post(f"{API}/auth/logout", json={"refresh_token": refresh_token}))


@when(phrase('"{username:Q}" changes their password from "{current:Q}" to "{new:Q}" through the API'))
def _(story: Story, client: TestClient, username: str, current: str, new: str) -> None:
    story.typed_passwords |= {current, new}
    answer = story.answered(client.post(
        f"{API}/me/password",
        json={"current_password": current, "new_password": new},
        headers=_bearer(_access_token(story, client, username)),
    ))
    if answer.status_code == 204:
        story.passwords[username] = new


# Who is signed in, and who may see users

@then(phrase('the API knows "{username:Q}"\'s access token as "{expected:Q}"'))
def _(story: Story, client: TestClient, username: str, expected: str) -> None:
    answer = client.get(f"{API}/me", headers=_bearer(story.api_pairs[username][-1]["access_token"]))
    assert answer.status_code == 200, answer.text
    assert answer.json()["username"] == expected


@then(phrase('the API refuses "{username:Q}"\'s access token with {status:d}'))
def _(story: Story, client: TestClient, username: str, status: int) -> None:
    answer = client.get(f"{API}/me", headers=_bearer(story.api_pairs[username][-1]["access_token"]))
    assert answer.status_code == status, answer.text


@when("an anonymous visitor asks the API for the users")
def _(story: Story, client: TestClient) -> None:
    story.answered(client.get(f"{API}/users"))


@when(phrase('"{username:Q}" asks the API for the users'))
def _(story: Story, client: TestClient, username: str) -> None:
    story.answered(client.get(f"{API}/users", headers=_bearer(_access_token(story, client, username))))


@when(phrase('"{actor:Q}" adds the staff member "{username:Q}" with the password "{password:Q}" through the API'))
def _(story: Story, client: TestClient, actor: str, username: str, password: str) -> None:
    body = {"username": username, "full_name": username.title(), "role": "staff", "password": password}
    story.typed_passwords.add(password)
    headers = _bearer(_access_token(story, client, actor))
    answer = story.answered(client.post(f"{API}/users", json=body, headers=headers))
    if answer.status_code == 201:
        story.passwords[username] = password


@when(phrase('"{actor:Q}" changes "{username:Q}" through the API with {changes}'))
def _(story: Story, client: TestClient, actor: str, username: str, changes: str) -> None:
    story.answered(client.patch(
        f"{API}/users/{story.user_id(username)}",
        json=json.loads(changes),
        headers=_bearer(_access_token(story, client, actor)),
    ))


# The answers

@then(phrase("the API answers {status:d}"))
def _(story: Story, status: int) -> None:
    assert story.answer.status_code == status, story.answer.text


@then(phrase("the API answers {status:d} with a problem document"))
def _(story: Story, status: int) -> None:
    assert story.answer.status_code == status, story.answer.text
    assert story.answer.headers["content-type"].startswith("application/problem+json")
    problem = story.answer.json()
    assert problem["status"] == status and problem["title"] and problem["detail"]


@then(phrase("the answer is a bearer token pair whose access token lasts {lifetime:Duration}"))
def _(story: Story, lifetime: timedelta) -> None:
    pair = story.answer.json()
    assert pair["token_type"] == "bearer"
    assert pair["expires_in"] == lifetime.total_seconds()
    assert pair["access_token"] and pair["refresh_token"]


@then(phrase("the answer says to retry after about {wait:Duration}"))
def _(story: Story, wait: timedelta) -> None:
    assert abs(int(story.answer.headers["Retry-After"]) - wait.total_seconds()) <= 60


@then(phrase("the answer lists {count:d} users"))
def _(story: Story, count: int) -> None:
    page = story.answer.json()
    assert page["total"] == count and len(page["items"]) == count


@then(phrase('the answer is the new user "{username:Q}"'))
def _(story: Story, username: str) -> None:
    assert story.answer.json()["username"] == username


@then(phrase('"{actor:Q}" can read the new user back at the address in the Location header'))
def _(story: Story, client: TestClient, actor: str) -> None:
    created = story.answer.json()
    location = story.answer.headers["Location"]
    assert location.endswith(f"{API}/users/{created['id']}")
    read_back = client.get(location, headers=_bearer(_access_token(story, client, actor)))
    assert read_back.status_code == 200 and read_back.json() == created


# Passwords stay secret

@given("the store's logs are being watched")
def _(captured_logs: list[dict[str, Any]]) -> None:
    pass


@then("no answer and no log line shows a password or its hash")
def _(story: Story, captured_logs: list[dict[str, Any]]) -> None:
    assert captured_logs, "the app logged nothing, so this check would prove nothing"
    assert story.typed_passwords, "no password was typed, so this check would prove nothing"
    logged = json.dumps(captured_logs, default=str)
    answered = "\n".join(answer.text for answer in story.answers)
    hashes = [user.password_hash for user in story.stored_users()]
    for secret in [*story.typed_passwords, *hashes]:
        assert secret not in logged, "a password or a password hash was logged"
        assert secret not in answered, "a password or a password hash was answered"
    for answer in story.answers:
        if answer.content:
            assert not any("password" in key for key in _keys(answer.json())), answer.text


def _keys(document: Any) -> Iterator[str]:
    if isinstance(document, dict):
        for key, value in document.items():
            yield key
            yield from _keys(value)
    elif isinstance(document, list):
        for item in document:
            yield from _keys(item)
