"""Everyone changing their own password."""

from __future__ import annotations

from pytest_bdd import when

from techstore.application.identity.commands import PasswordChange
from tests.acceptance.steps.grammar import phrase
from tests.acceptance.steps.story import Story


@when(phrase('"{username:Q}" changes their password from "{current:Q}" to "{new:Q}"'))
def _(story: Story, username: str, current: str, new: str) -> None:
    command = PasswordChange(current_password=current, new_password=new)
    outcome = story.attempt(story.identity.change_own_password(), story.actor(username), command)
    if outcome is None:
        story.passwords[username] = new
