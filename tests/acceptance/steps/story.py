"""What one scenario remembers: who exists, their passwords, the sessions
each device holds, and what happened to the last things tried."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from techstore.application.identity.commands import Credentials
from techstore.application.identity.sessions import TokenPair
from techstore.application.shared.pages import MAX_LIMIT, PageRequest
from techstore.container import Container
from techstore.domain.identity.users import User
from techstore.domain.shared.errors import DomainError
from techstore.infrastructure.clock import ManualClock

SHOP_FLOOR = "10.0.0.7"  # where sign-ins in the scenarios come from
BACK_OFFICE = "10.0.0.2"  # where the acting user signs in before each action


def default_password(username: str) -> str:
    return f"{username.lower()}-password-1"


@attrs.define
class Story:
    container: Container
    clock: ManualClock
    passwords: dict[str, str] = attrs.Factory(dict)
    # Each device's token pairs, newest last: refreshing adds one.
    sessions: dict[str, list[TokenPair]] = attrs.Factory(dict)
    # Results of what was tried (a value, or the DomainError that refused it), newest last.
    outcomes: list[Any] = attrs.Factory(list)
    # Over HTTP: each user's token pairs from the API (JSON) and every answer, newest last;
    # every password typed, right or wrong, to check none of them leaks.
    api_pairs: dict[str, list[dict[str, Any]]] = attrs.Factory(dict)
    answers: list[Any] = attrs.Factory(list)
    typed_passwords: set[str] = attrs.Factory(set)
    # A user's session someone already holds: acting through it signs in no one.
    held: dict[str, User] = attrs.Factory(dict)

    @property
    def identity(self) -> Any:
        return self.container.identity

    # What was tried, and how it ended

    def attempt(self, action: Callable[..., Any], *args: Any) -> Any:
        try:
            result = action(*args)
        except DomainError as error:
            result = error
        self.outcomes.append(result)
        return result

    @property
    def outcome(self) -> Any:
        assert self.outcomes, "nothing was tried yet"
        return self.outcomes[-1]

    def accepted(self) -> Any:
        outcome = self.outcome
        assert not isinstance(outcome, DomainError), (
            f"expected it to be accepted, but it was refused: {type(outcome).__name__}: {outcome.detail}"
        )
        return outcome

    def refused(self, kind: type[DomainError]) -> DomainError:
        outcome = self.outcome
        assert isinstance(outcome, kind), f"expected a refusal as {kind.__name__}, got {outcome!r}"
        return outcome

    # Over HTTP

    def answered(self, response: Any) -> Any:
        self.answers.append(response)
        return response

    @property
    def answer(self) -> Any:
        assert self.answers, "nothing was asked of the API yet"
        return self.answers[-1]

    # Signing in

    def log_in(self, username: str, password: str, address: str = SHOP_FLOOR) -> TokenPair:
        pair: TokenPair = self.identity.log_in()(Credentials(username, password), address)
        return pair

    def actor(self, username: str) -> User:
        """The acting user, as the app sees them: freshly signed in, then recognised by token."""
        pair = self.log_in(username, self.passwords[username], BACK_OFFICE)
        user: User = self.identity.authenticate()(pair.access_token)
        return user

    def pair_on(self, device: str) -> TokenPair:
        return self.sessions[device][-1]

    def user_on(self, device: str) -> User:
        user: User = self.identity.authenticate()(self.pair_on(device).access_token)
        return user

    # What the store holds

    def stored_users(self) -> list[User]:
        with self.container.adapters.uow() as uow:
            return list(uow.users.list(PageRequest(limit=MAX_LIMIT)).items)

    def stored_user(self, username: str) -> User | None:
        with self.container.adapters.uow() as uow:
            user: User | None = uow.users.get_by_username(username)
            return user

    def user_id(self, username: str) -> int:
        user = self.stored_user(username)
        assert user is not None and user.id is not None, f"no user {username!r}"
        return user.id
