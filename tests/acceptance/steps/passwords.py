"""Everyone changing their own password."""

from __future__ import annotations

from pytest_bdd import given, when

from techstore.application.identity.commands import PasswordChange
from tests.acceptance.steps.grammar import phrase
from tests.acceptance.steps.story import Story

GUESSER = "198.51.100.7"  # where the holder of a stolen session guesses from


@when(phrase('"{username:Q}" changes their password from "{current:Q}" to "{new:Q}"'))
def _(story: Story, username: str, current: str, new: str) -> None:
    command = PasswordChange(current_password=current, new_password=new)
    actor = story.held.get(username) or story.actor(username)
    outcome = story.attempt(story.identity.change_own_password(), actor, command, "192.0.2.1")
    if outcome is None:
        story.passwords[username] = new


@given(phrase('someone holding "{username:Q}"\'s session has tried {count:d} wrong current passwords'))
def _(story: Story, username: str, count: int) -> None:
    stolen = story.held[username] = story.actor(username)  # one session, used for every guess
    for n in range(count):
        command = PasswordChange(current_password=f"guess number {n}", new_password="a-new-password-9")
        story.attempt(story.identity.change_own_password(), stolen, command, GUESSER)


@when(phrase('they change "{username:Q}"\'s password from "{current:Q}" to "{new:Q}" with that session'))
def _(story: Story, username: str, current: str, new: str) -> None:
    command = PasswordChange(current_password=current, new_password=new)
    story.attempt(story.identity.change_own_password(), story.held[username], command, GUESSER)
