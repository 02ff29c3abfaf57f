"""Refreshing a session on a device, replaying an old refresh token, signing out."""

from __future__ import annotations

from pytest_bdd import step, then, when

from techstore.application.identity.sessions import TokenPair
from techstore.domain.shared.errors import AuthenticationFailed
from tests.acceptance.steps.grammar import phrase
from tests.acceptance.steps.story import Story


def _refresh(story: Story, device: str, refresh_token: str) -> None:
    outcome = story.attempt(story.identity.refresh_session(), refresh_token)
    if isinstance(outcome, TokenPair):
        story.sessions[device].append(outcome)


@step(phrase("the {device:Device} refreshes its session"))
def _(story: Story, device: str) -> None:
    _refresh(story, device, story.pair_on(device).refresh_token)


@when(phrase("someone presents the {device:Device}'s previous refresh token again"))
def _(story: Story, device: str) -> None:
    _refresh(story, device, story.sessions[device][-2].refresh_token)


@when(phrase("the {device:Device} signs out"))
def _(story: Story, device: str) -> None:
    story.attempt(story.identity.log_out(), story.pair_on(device).refresh_token)


@when("someone signs out with a made-up refresh token")
def _(story: Story) -> None:
    story.attempt(story.identity.log_out(), "not-a-token-the-store-ever-gave")


@then(phrase('the {device:Device} is signed in as "{username:Q}"'))
def _(story: Story, device: str, username: str) -> None:
    assert story.user_on(device).username == username


@then(phrase("the {device:Device} can still refresh its session"))
def _(story: Story, device: str) -> None:
    before = story.pair_on(device)
    _refresh(story, device, before.refresh_token)
    story.accepted()
    assert story.user_on(device).id == before.user.id


@then(phrase("the {device:Device}'s refresh token no longer works"))
def _(story: Story, device: str) -> None:
    story.attempt(story.identity.refresh_session(), story.pair_on(device).refresh_token)
    story.refused(AuthenticationFailed)


@then(phrase("the {device:Device}'s previous refresh token no longer works"))
def _(story: Story, device: str) -> None:
    story.attempt(story.identity.refresh_session(), story.sessions[device][-2].refresh_token)
    story.refused(AuthenticationFailed)


@then(phrase("the {device:Device}'s access token is no longer accepted"))
def _(story: Story, device: str) -> None:
    story.attempt(story.identity.authenticate(), story.pair_on(device).access_token)
    story.refused(AuthenticationFailed)
