"""The staff web pages: the session in cookies, CSRF on every form, who may open what."""

from __future__ import annotations

import re
from datetime import timedelta

from pytest_bdd import given, then, when
from starlette.testclient import TestClient

from tests.acceptance.steps.grammar import phrase
from tests.acceptance.steps.story import Story

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
SESSION_COOKIES = ("ts_access", "ts_refresh")


def _login_form_token(client: TestClient) -> str:
    page = client.get("/login")
    assert page.status_code == 200
    found = CSRF_FIELD.search(page.text)
    assert found, "the login form carries no CSRF token"
    return found.group(1)


def client_at(client: TestClient, address: str) -> TestClient:
    """Another browser on the same app, calling from ``address``."""
    return TestClient(client.app, raise_server_exceptions=False, client=(address, 50000))


def _submit_login(story: Story, client: TestClient, username: str, password: str, csrf_token: str | None) -> None:
    form = {"username": username, "password": password, "next": "/"}
    if csrf_token is not None:
        form["csrf_token"] = csrf_token
    story.answered(client.post("/login", data=form, follow_redirects=False))


def _set_cookies(story: Story) -> dict[str, str]:
    """Each cookie the last answer set, by name, with its attributes."""
    cookies = {}
    for header in story.answer.headers.get_list("set-cookie"):
        name = header.split("=", 1)[0]
        cookies[name] = header
    return cookies


@when(phrase('"{username:Q}" signs in on the login page with the password "{password:Q}"'))
def _(story: Story, client: TestClient, username: str, password: str) -> None:
    _submit_login(story, client, username, password, _login_form_token(client))


@given(phrase('the login page has refused {count:d} wrong passwords for "{username:Q}"'))
def _(story: Story, client: TestClient, count: int, username: str) -> None:
    for number in range(1, count + 1):
        _submit_login(story, client, username, f"wrong-guess-{number:04d}", _login_form_token(client))
        assert story.answer.status_code == 401


@given(phrase('someone at "{address:Q}" has had {count:d} wrong passwords for "{username:Q}" refused '
              'by the login page'))
def _(story: Story, client: TestClient, address: str, count: int, username: str) -> None:
    elsewhere = client_at(client, address)
    for number in range(1, count + 1):
        _submit_login(story, elsewhere, username, f"wrong-guess-{number:04d}", _login_form_token(elsewhere))
        assert story.answer.status_code == 401
    _submit_login(story, elsewhere, username, story.passwords[username], _login_form_token(elsewhere))
    assert story.answer.status_code == 429, "the guesser's own address is locked"


@when(phrase('"{username:Q}" sends the login form without its CSRF token'))
def _(story: Story, client: TestClient, username: str) -> None:
    _login_form_token(client)  # the browser has the CSRF cookie; the form lacks the token
    _submit_login(story, client, username, story.passwords[username], None)


@when(phrase('"{username:Q}" sends the login form with a forged CSRF token'))
def _(story: Story, client: TestClient, username: str) -> None:
    _login_form_token(client)
    _submit_login(story, client, username, story.passwords[username], "f" * 64)


@when(phrase('the browser opens "{path:Q}"'))
@when(phrase('an anonymous visitor opens "{path:Q}"'))
def _(story: Story, client: TestClient, path: str) -> None:
    story.answered(client.get(path, follow_redirects=False))


@then(phrase('the browser is sent to "{path:Q}"'))
def _(story: Story, path: str) -> None:
    assert story.answer.status_code == 303, story.answer.status_code
    assert story.answer.headers["location"] == path


@then(phrase("the page answers {status:d}"))
def _(story: Story, status: int) -> None:
    assert story.answer.status_code == status


@then(phrase("the page says to retry after about {wait:Duration}"))
def _(story: Story, wait: timedelta) -> None:
    assert abs(int(story.answer.headers["Retry-After"]) - wait.total_seconds()) <= 60


@then("the session is kept in HttpOnly, SameSite=Lax cookies")
def _(story: Story) -> None:
    cookies = _set_cookies(story)
    for name in SESSION_COOKIES:
        assert name in cookies, f"no {name} cookie was set"
        attributes = [part.strip().lower() for part in cookies[name].split(";")[1:]]
        assert "httponly" in attributes and "samesite=lax" in attributes, cookies[name]


@then("no session was started")
def _(story: Story) -> None:
    assert not set(SESSION_COOKIES) & set(_set_cookies(story))
