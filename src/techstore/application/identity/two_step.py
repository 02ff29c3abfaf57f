"""Two-step sign-in (TOTP) for admins and managers: setting it up from the profile, the code at sign-in,
turning it off, and the admin's reset (through ``UpdateUser``)."""

from __future__ import annotations

from datetime import datetime

import attrs

from techstore.application.identity.commands import SecondStep, TwoStepCode, TwoStepOff
from techstore.application.identity.ports import (
    IdentityUnitOfWork,
    IdentityUnitOfWorkFactory,
    OneTimeCodes,
    PasswordHasher,
    TokenService,
)
from techstore.application.identity.sessions import TokenPair, issue_tokens
from techstore.application.identity.throttle import PasswordThrottle
from techstore.application.shared import security_events as events
from techstore.application.shared.security_events import NoSecurityEvents, SecurityEvents
from techstore.domain.identity import two_step
from techstore.domain.identity.users import User
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import (
    AuthenticationFailed,
    FieldProblems,
    TooManyAttempts,
    ValidationFailed,
)

CODE_REQUIRED = "A one-time code is required: send the code from your authenticator app as otp."
WRONG_CODE = "Wrong one-time code."
SIGN_IN_ENDED = "The sign-in took too long or is not valid; please start again."


class OneTimeCodeRequired(AuthenticationFailed):
    """The password was right and the user has two-step sign-in on: the code is still to come.
    ``second_step`` carries the half-done sign-in (a signed token, never the password)."""

    def __init__(self, second_step: str) -> None:
        super().__init__(CODE_REQUIRED)
        self.second_step = second_step


@attrs.frozen
class Enrolment:
    """What the profile shows while setting up: the secret as text and for a QR code."""

    secret: str = attrs.field(repr=False)
    uri: str = attrs.field(repr=False)


def check_code(uow: IdentityUnitOfWork, user: User, code: str, *, codes: OneTimeCodes | None,
               throttle: PasswordThrottle, sink: SecurityEvents, address: str, now: datetime) -> None:
    """Rule: a wrong code at sign-in counts like a wrong password (``PasswordThrottle``). Records the
    attempt; on a wrong code commits it and raises ``AuthenticationFailed``."""
    assert user.id is not None
    accepted = (codes is not None and user.totp_secret is not None
                and codes.accept(user.totp_secret, code, now, user_id=user.id))
    throttle.record(uow, user.username_key, address, accepted, now)
    if not accepted:
        uow.commit()
        sink.record(events.SIGN_IN_FAILED, actor_id=None, target=f"user:{user.id}", reason="wrong_code",
                    address=address)
        raise AuthenticationFailed(WRONG_CODE)


class CompleteSignIn:
    """The login page's second step: the half-done sign-in and the code give the session."""

    def __init__(self, uow: IdentityUnitOfWorkFactory, tokens: TokenService, codes: OneTimeCodes, clock: Clock,
                 throttle: PasswordThrottle | None = None, events: SecurityEvents | None = None) -> None:
        self._uow = uow
        self._tokens = tokens
        self._codes = codes
        self._clock = clock
        self._throttle = throttle or PasswordThrottle()
        self._events = events or NoSecurityEvents()

    def __call__(self, command: SecondStep, address: str) -> TokenPair:
        user_id, version = self._tokens.read_second_step(command.second_step, self._clock.now())
        with self._uow() as uow:
            user = uow.users.get(user_id)
            if user is None or not user.is_active or user.token_version != version or not user.totp_enabled:
                raise AuthenticationFailed(SIGN_IN_ENDED)
            try:
                now = self._throttle.admit(uow, user.username_key, address, self._clock)
            except TooManyAttempts:
                self._events.record(events.SIGN_IN_LOCKED, actor_id=None, target=f"user:{user.id}",
                                    address=address)
                raise
            check_code(uow, user, command.otp, codes=self._codes, throttle=self._throttle, sink=self._events,
                       address=address, now=now)
            pair = issue_tokens(uow, self._tokens, user, now)
            uow.commit()
            return pair


class TwoStepSetup:
    """What the profile shows of two-step sign-in: the pending setup (secret and QR), if any."""

    def __init__(self, codes: OneTimeCodes) -> None:
        self._codes = codes

    def __call__(self, actor: User) -> Enrolment | None:
        if not two_step.may_use(actor) or not two_step.is_enrolling(actor) or actor.totp_secret is None:
            return None
        return Enrolment(actor.totp_secret, self._codes.provisioning_uri(actor.totp_secret, actor.username))


class StartTwoStep:
    """Rule: admins and managers may set up two-step sign-in (403 otherwise): a new secret, stored but
    not asked at sign-in until confirmed with a code."""

    def __init__(self, uow: IdentityUnitOfWorkFactory, codes: OneTimeCodes, clock: Clock) -> None:
        self._uow = uow
        self._codes = codes
        self._clock = clock

    def __call__(self, actor: User) -> Enrolment:
        two_step.require_may_use(actor)
        with self._uow() as uow:
            user = _locked(uow, actor)
            two_step.start(user, self._codes.new_secret(), self._clock.now())
            uow.users.update(user)
            uow.commit()
        assert user.totp_secret is not None
        return Enrolment(user.totp_secret, self._codes.provisioning_uri(user.totp_secret, user.username))


class ConfirmTwoStep:
    """A valid code from the app turns the pending setup on (a wrong one: 422 on ``otp``)."""

    def __init__(self, uow: IdentityUnitOfWorkFactory, codes: OneTimeCodes, clock: Clock,
                 events: SecurityEvents | None = None) -> None:
        self._uow = uow
        self._codes = codes
        self._clock = clock
        self._events = events or NoSecurityEvents()

    def __call__(self, actor: User, command: TwoStepCode) -> None:
        two_step.require_may_use(actor)
        now = self._clock.now()
        with self._uow() as uow:
            user = _locked(uow, actor)
            if not two_step.is_enrolling(user) or user.totp_secret is None:
                two_step.confirm(user, now)  # raises: nothing to confirm
            assert user.id is not None and user.totp_secret is not None
            if not self._codes.accept(user.totp_secret, command.otp, now, user_id=user.id):
                raise ValidationFailed.single("otp", two_step.WRONG_CODE)
            two_step.confirm(user, now)
            uow.users.update(user)
            uow.commit()
        self._events.record(events.TWO_STEP_ENABLED, actor_id=actor.id, target=f"user:{actor.id}")


class TurnOffTwoStep:
    """The user turns their own two-step sign-in off with their current password and a code. Wrong
    passwords and codes count toward the sign-in limit (``PasswordThrottle``), as changing the password does."""

    def __init__(self, uow: IdentityUnitOfWorkFactory, hasher: PasswordHasher, codes: OneTimeCodes, clock: Clock,
                 throttle: PasswordThrottle | None = None, events: SecurityEvents | None = None) -> None:
        self._uow = uow
        self._hasher = hasher
        self._codes = codes
        self._clock = clock
        self._throttle = throttle or PasswordThrottle()
        self._events = events or NoSecurityEvents()

    def __call__(self, actor: User, command: TwoStepOff, address: str) -> None:
        if not actor.totp_enabled:
            two_step.require_may_use(actor)
            raise ValidationFailed.single("otp", two_step.NOT_ON)
        target = f"user:{actor.id}"
        with self._uow() as uow:
            try:
                now = self._throttle.admit(uow, actor.username_key, address, self._clock, what="password attempts")
            except TooManyAttempts:
                self._events.record(events.PASSWORD_CHECK_LOCKED, actor_id=actor.id, target=target, address=address)
                raise
            user = _locked(uow, actor)
            assert user.id is not None
            problems = FieldProblems()
            if not self._hasher.verify(user.password_hash, command.current_password):
                problems.check("current_password", "does not match your current password")
            elif user.totp_secret is None or not self._codes.accept(user.totp_secret, command.otp, now,
                                                                    user_id=user.id):
                problems.check("otp", two_step.WRONG_CODE)
            if problems.errors:
                self._throttle.record(uow, user.username_key, address, False, now)
                uow.commit()  # the failure counts even though the change is refused
                self._events.record(events.PASSWORD_CHECK_FAILED, actor_id=actor.id, target=target,
                                    address=address)
                problems.raise_if_any()
            two_step.turn_off(user, now)
            uow.users.update(user)
            uow.commit()
        self._events.record(events.TWO_STEP_DISABLED, actor_id=actor.id, target=target)


def _locked(uow: IdentityUnitOfWork, actor: User) -> User:
    assert actor.id is not None
    user = uow.users.get_for_update(actor.id)
    if user is None or not user.is_active:
        raise AuthenticationFailed("The session has ended; please sign in again.")
    return user
