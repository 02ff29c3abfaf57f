"""Signing in, and the limit on failed attempts."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

from pytest_bdd import given, step, then, when

from techstore.application.identity.sessions import TokenPair
from techstore.domain.shared.errors import AuthenticationFailed, TooManyAttempts
from tests.acceptance.steps.grammar import phrase
from tests.acceptance.steps.story import SHOP_FLOOR, Story

# No pair reaches its own limit: what is left is the ceiling for the username.
GUESSES_PER_ADDRESS = 4


def _wrong_guesses(story: Story, count: int, username: str, gap: timedelta | None = None,
                   address: str = SHOP_FLOOR) -> None:
    for number in range(1, count + 1):
        if gap is not None and number > 1:
            story.clock.advance(gap)
        story.attempt(story.log_in, username, f"wrong-guess-{number:04d}", address)
        story.refused(AuthenticationFailed)


def many_addresses(count: int) -> list[str]:
    """Where ``count`` guesses come from, a few from each (none is the shop floor's)."""
    return [f"198.51.100.{number // GUESSES_PER_ADDRESS + 1}" for number in range(count)]


@step(phrase('"{username:Q}" signs in with the password "{password:Q}"'))
def _(story: Story, username: str, password: str) -> None:
    story.attempt(story.log_in, username, password)


@given(phrase('"{username:Q}" has signed in on the {device:Device}'))
def _(story: Story, username: str, device: str) -> None:
    story.sessions[device] = [story.log_in(username, story.passwords[username])]


@step(phrase('someone has tried {count:d} wrong passwords for "{username:Q}" in a row'))
def _(story: Story, count: int, username: str) -> None:
    _wrong_guesses(story, count, username)


@step(phrase('someone at "{address:Q}" has tried {count:d} wrong passwords for "{username:Q}" in a row'))
def _(story: Story, address: str, count: int, username: str) -> None:
    _wrong_guesses(story, count, username, address=address)


@step(phrase('someone has tried {count:d} wrong passwords for "{username:Q}" from many addresses'))
def _(story: Story, count: int, username: str) -> None:
    for number, address in enumerate(many_addresses(count), start=1):
        story.attempt(story.log_in, username, f"spread-guess-{number:04d}", address)
        story.refused(AuthenticationFailed)


@step(phrase('someone at "{address:Q}" signs in as "{username:Q}" with the password "{password:Q}"'))
def _(story: Story, address: str, username: str, password: str) -> None:
    story.attempt(story.log_in, username, password, address)


@step(phrase('someone has tried {count:d} wrong passwords for "{username:Q}", one every {gap:Duration}'))
def _(story: Story, count: int, username: str, gap: timedelta) -> None:
    _wrong_guesses(story, count, username, gap)


@when(phrase('someone tries {count:d} more wrong passwords for "{username:Q}" while it is locked'))
def _(story: Story, count: int, username: str) -> None:
    for number in range(1, count + 1):
        story.attempt(story.log_in, username, f"locked-guess-{number:04d}")
        story.refused(TooManyAttempts)


@then(phrase('"{username:Q}" is signed in'))
def _(story: Story, username: str) -> None:
    pair = story.accepted()
    assert isinstance(pair, TokenPair)
    assert story.identity.authenticate()(pair.access_token).username == username


@then(phrase('"{username:Q}" can sign in with the password "{password:Q}"'))
def _(story: Story, username: str, password: str) -> None:
    story.attempt(story.log_in, username, password)
    assert story.accepted().user.username == username


@then(phrase('"{username:Q}" cannot sign in with the password "{password:Q}"'))
def _(story: Story, username: str, password: str) -> None:
    story.attempt(story.log_in, username, password)
    story.refused(AuthenticationFailed)


@then("both attempts are refused with the same message")
def _(story: Story) -> None:
    first, second = story.outcomes[-2:]
    assert isinstance(first, AuthenticationFailed) and isinstance(second, AuthenticationFailed)
    assert first.detail == second.detail


@then(phrase("the answer says to try again in about {wait:Duration}"))
def _(story: Story, wait: timedelta) -> None:
    error = story.refused(TooManyAttempts)
    assert isinstance(error, TooManyAttempts)
    assert abs(error.retry_after - wait.total_seconds()) <= 60, f"retry after {error.retry_after} s"


@then("the access token is a JWT signed with HS256 or EdDSA")
def _(story: Story) -> None:
    token = story.accepted().access_token
    header_part = token.split(".")[0]
    header = json.loads(base64.urlsafe_b64decode(header_part + "=" * (-len(header_part) % 4)))
    assert header["alg"] in {"HS256", "EdDSA"}
    assert len(token.split(".")) == 3


@then(phrase("the access token is valid for {lifetime:Duration}"))
def _(story: Story, lifetime: timedelta) -> None:
    assert story.accepted().expires_in == lifetime.total_seconds()


@then(phrase('the store keeps "{username:Q}"\'s password only as an Argon2id hash'))
def _(story: Story, username: str) -> None:
    user = story.stored_user(username)
    assert user is not None
    assert user.password_hash.startswith("$argon2id$")
    assert story.passwords[username] not in user.password_hash
