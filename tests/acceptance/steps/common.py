"""Who works at the store, time passing, and how an attempt ended."""

from __future__ import annotations

from datetime import timedelta

from pytest_bdd import given, step, then

from techstore.domain.identity.users import Role
from techstore.domain.shared.errors import DomainError, ValidationFailed
from tests.acceptance.steps.grammar import phrase
from tests.acceptance.steps.story import Story, default_password


def _hire(story: Story, username: str, role: str, password: str, full_name: str | None = None) -> None:
    # The trusted bootstrap, as the command line uses it: the scenario's cast exists before it starts.
    story.identity.provision_user()(username, password, full_name=full_name or username.title(), role=Role(role))
    story.passwords[username] = password


@given(phrase('an admin "{username:Q}" with the password "{password:Q}"'))
def _(story: Story, username: str, password: str) -> None:
    _hire(story, username, "admin", password)


@given(phrase('a staff member "{username:Q}" with the password "{password:Q}"'))
def _(story: Story, username: str, password: str) -> None:
    _hire(story, username, "staff", password)


@given(phrase('an admin "{username:Q}"'))
def _(story: Story, username: str) -> None:
    _hire(story, username, "admin", default_password(username))


@given(phrase('a staff member "{username:Q}"'))
def _(story: Story, username: str) -> None:
    _hire(story, username, "staff", default_password(username))


@given(phrase('a staff member "{username:Q}" named "{full_name:Q}"'))
def _(story: Story, username: str, full_name: str) -> None:
    _hire(story, username, "staff", default_password(username), full_name)


@given(phrase('a manager "{username:Q}" with the password "{password:Q}"'))
def _(story: Story, username: str, password: str) -> None:
    _hire(story, username, "manager", password)


@given(phrase('a manager "{username:Q}"'))
def _(story: Story, username: str) -> None:
    _hire(story, username, "manager", default_password(username))


@given(phrase('a technician "{username:Q}"'))
def _(story: Story, username: str) -> None:
    _hire(story, username, "technician", default_password(username))


@step(phrase("{duration:Duration} pass"))
@step(phrase("{duration:Duration} passes"))
def _(story: Story, duration: timedelta) -> None:
    story.clock.advance(duration)


@then("it is accepted")
def _(story: Story) -> None:
    story.accepted()


@then(phrase("it is refused as {kind:Refusal}"))
def _(story: Story, kind: type[DomainError]) -> None:
    story.refused(kind)


@then(phrase('the refusal says "{text:Q}"'))
def _(story: Story, text: str) -> None:
    outcome = story.outcome
    assert isinstance(outcome, DomainError) and text in outcome.detail, outcome


@then(phrase('it is refused as invalid input for "{field:Q}"'))
def _(story: Story, field: str) -> None:
    error = story.refused(ValidationFailed)
    assert isinstance(error, ValidationFailed)
    fields = [e.field for e in error.errors]
    assert field in fields, f"expected a problem with {field!r}, got {error.errors}"


@then(phrase('the refusal says "{words:Q}"'))
def _(story: Story, words: str) -> None:
    outcome = story.outcome
    assert isinstance(outcome, DomainError), f"expected a refusal, got {outcome!r}"
    assert words in outcome.detail, f"{words!r} not in {outcome.detail!r}"
