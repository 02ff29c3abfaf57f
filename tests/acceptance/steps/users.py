"""Admins managing users, and what the store then holds."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, parsers, then, when

from techstore.application.identity.commands import NewUser, UserChanges
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.identity.users import User
from tests.acceptance.steps.grammar import phrase
from tests.acceptance.steps.story import Story, default_password

# "an active admin", "an inactive staff member", ...
STATE = r"an? (?P<state>(?:in)?active (?:admin|manager|staff member|technician))"


def _create(story: Story, actor: str, username: str, full_name: str, role: str, password: str) -> None:
    command = NewUser(username, full_name, role, password)  # type: ignore[arg-type]  # scenarios try bad roles
    outcome = story.attempt(story.identity.create_user(), story.actor(actor), command)
    if isinstance(outcome, User):
        story.passwords[username] = password


def _update(story: Story, actor: str, username: str, **changes: Any) -> None:
    changes_ = UserChanges(**changes)
    outcome = story.attempt(story.identity.update_user(), story.actor(actor), story.user_id(username), changes_)
    if isinstance(outcome, User) and "password" in changes:
        story.passwords[username] = changes["password"]


def _describe(user: User) -> dict[str, str]:
    return {
        "username": user.username,
        "full name": user.full_name,
        "role": user.role.value,
        "active": "yes" if user.is_active else "no",
    }


def _state_of(user: User) -> str:
    activity = "active" if user.is_active else "inactive"
    return f"{activity} {'staff member' if user.role.value == 'staff' else user.role.value}"


# Creating

@when(phrase('"{actor:Q}" creates the {role:Role} "{username:Q}" named "{full_name:Q}" '
             'with the password "{password:Q}"'))
def _(story: Story, actor: str, role: str, username: str, full_name: str, password: str) -> None:
    _create(story, actor, username, full_name, role, password)


@when(phrase('"{actor:Q}" creates the {role:Role} "{username:Q}"'))
def _(story: Story, actor: str, role: str, username: str) -> None:
    _create(story, actor, username, username.title(), role, default_password(username))


@when(phrase('"{actor:Q}" creates a user "{username:Q}" named "{full_name:Q}" with the role "{role:Q}" '
             'and the password "{password:Q}"'))
def _(story: Story, actor: str, username: str, full_name: str, role: str, password: str) -> None:
    _create(story, actor, username, full_name, role, password)


# Changing

@given(phrase('"{actor:Q}" has deactivated "{username:Q}"'))
def _(story: Story, actor: str, username: str) -> None:
    _update(story, actor, username, is_active=False)
    story.accepted()


@when(phrase('"{actor:Q}" deactivates "{username:Q}"'))
def _(story: Story, actor: str, username: str) -> None:
    _update(story, actor, username, is_active=False)


@when(phrase('"{actor:Q}" reactivates "{username:Q}"'))
def _(story: Story, actor: str, username: str) -> None:
    _update(story, actor, username, is_active=True)


@when(phrase('"{actor:Q}" makes "{username:Q}" an admin'))
def _(story: Story, actor: str, username: str) -> None:
    _update(story, actor, username, role="admin")


@when(phrase('"{actor:Q}" makes "{username:Q}" a staff member'))
def _(story: Story, actor: str, username: str) -> None:
    _update(story, actor, username, role="staff")


@when(phrase('"{actor:Q}" gives "{username:Q}" the role "{role:Q}"'))
def _(story: Story, actor: str, username: str, role: str) -> None:
    _update(story, actor, username, role=role)


@when(phrase('"{actor:Q}" renames "{username:Q}" to "{full_name:Q}"'))
def _(story: Story, actor: str, username: str, full_name: str) -> None:
    _update(story, actor, username, full_name=full_name)


@when(phrase('"{actor:Q}" resets "{username:Q}"\'s password to "{password:Q}"'))
def _(story: Story, actor: str, username: str, password: str) -> None:
    _update(story, actor, username, password=password)


@when(phrase('"{actor:Q}" renames user number {user_id:d} to "{full_name:Q}"'))
def _(story: Story, actor: str, user_id: int, full_name: str) -> None:
    story.attempt(story.identity.update_user(), story.actor(actor), user_id, UserChanges(full_name=full_name))


# Looking

@when(phrase('"{actor:Q}" lists the users'))
def _(story: Story, actor: str) -> None:
    story.attempt(story.identity.list_users(), story.actor(actor), PageRequest())


@when(phrase('"{actor:Q}" looks up "{username:Q}"'))
def _(story: Story, actor: str, username: str) -> None:
    story.attempt(story.identity.get_user(), story.actor(actor), story.user_id(username))


@when(phrase('"{actor:Q}" looks up user number {user_id:d}'))
def _(story: Story, actor: str, user_id: int) -> None:
    story.attempt(story.identity.get_user(), story.actor(actor), user_id)


@when(phrase("the {device:Device} lists the users"))
def _(story: Story, device: str) -> None:
    # Acting with the token the device already holds, not with a fresh sign-in.
    story.attempt(story.identity.list_users(), story.user_on(device), PageRequest())


@then(phrase("the list shows {count:d} users"))
def _(story: Story, count: int) -> None:
    page = story.accepted()
    assert isinstance(page, Page)
    assert page.total == count and len(page.items) == count


@then(parsers.re(r'the user shown is "(?P<username>[^"]*)", ' + STATE + r' named "(?P<full_name>[^"]*)"'))
def _(story: Story, username: str, state: str, full_name: str) -> None:
    user = story.accepted()
    assert isinstance(user, User)
    assert (user.username, user.full_name, _state_of(user)) == (username, full_name, state)


# What the store holds

@then(parsers.re(r'"(?P<username>[^"]*)" is (?:still )?' + STATE))
def _(story: Story, username: str, state: str) -> None:
    user = story.stored_user(username)
    assert user is not None, f"no user {username!r}"
    assert _state_of(user) == state


@then(phrase('there is no user "{username:Q}"'))
def _(story: Story, username: str) -> None:
    assert story.stored_user(username) is None


@then("the users are:")
@then("the users are still:")
def _(story: Story, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    expected = [dict(zip(header, row, strict=True)) for row in rows]
    assert [_describe(u) for u in story.stored_users()] == expected
