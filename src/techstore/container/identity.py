"""The identity context's wiring: its unit-of-work members and its use cases."""

from __future__ import annotations

from collections.abc import Callable

from dependency_injector import containers, providers

from techstore.application.identity.authentication import (
    AuthenticateAccessToken,
    LogIn,
    LogOut,
    RefreshSession,
)
from techstore.application.identity.passwords import ChangeOwnPassword
from techstore.application.identity.ports import PasswordHasher, TokenService
from techstore.application.identity.provisioning import ProvisionUser
from techstore.application.identity.single_sign_on import SignInByEmail
from techstore.application.identity.two_step import (
    CompleteSignIn,
    ConfirmTwoStep,
    StartTwoStep,
    TurnOffTwoStep,
    TwoStepSetup,
)
from techstore.application.identity.users import CreateUser, GetUser, GetUserName, GetUserNames, ListUsers, UpdateUser
from techstore.application.shared.security_events import SecurityEvents
from techstore.domain.shared.clock import Clock
from techstore.infrastructure.members import Members
from techstore.infrastructure.memory.repositories import identity as memory
from techstore.infrastructure.security.one_time_codes import PyotpCodes
from techstore.infrastructure.sqlalchemy.repositories import identity as sql

SQL_MEMBERS = Members(repositories=sql.REPOSITORIES)
MEMORY_MEMBERS = Members(repositories=memory.REPOSITORIES)


class IdentityContainer(containers.DeclarativeContainer):
    uow: providers.Dependency[Callable[[], object]] = providers.Dependency()
    clock: providers.Dependency[Clock] = providers.Dependency()
    hasher: providers.Dependency[PasswordHasher] = providers.Dependency()
    tokens: providers.Dependency[TokenService] = providers.Dependency()
    events: providers.Dependency[SecurityEvents] = providers.Dependency()

    # One per container: it remembers the codes accepted lately, so a code works once.
    codes = providers.Singleton(PyotpCodes)

    log_in = providers.Singleton(LogIn, uow=uow, hasher=hasher, tokens=tokens, clock=clock, events=events,
                                 codes=codes)
    refresh_session = providers.Singleton(RefreshSession, uow=uow, tokens=tokens, clock=clock, events=events)
    sign_in_by_email = providers.Singleton(SignInByEmail, uow=uow, tokens=tokens, clock=clock, events=events)
    log_out = providers.Singleton(LogOut, uow=uow, tokens=tokens, clock=clock)
    authenticate = providers.Singleton(AuthenticateAccessToken, uow=uow, tokens=tokens, clock=clock)
    list_users = providers.Singleton(ListUsers, uow=uow)
    get_user = providers.Singleton(GetUser, uow=uow)
    get_user_name = providers.Singleton(GetUserName, uow=uow)
    get_user_names = providers.Singleton(GetUserNames, uow=uow)
    create_user = providers.Singleton(CreateUser, uow=uow, hasher=hasher, clock=clock, events=events)
    update_user = providers.Singleton(UpdateUser, uow=uow, hasher=hasher, clock=clock, events=events)
    change_own_password = providers.Singleton(ChangeOwnPassword, uow=uow, hasher=hasher, tokens=tokens, clock=clock,
                                              events=events)
    provision_user = providers.Singleton(ProvisionUser, uow=uow, hasher=hasher, clock=clock)
    complete_sign_in = providers.Singleton(CompleteSignIn, uow=uow, tokens=tokens, codes=codes, clock=clock,
                                           events=events)
    two_step_setup = providers.Singleton(TwoStepSetup, codes=codes)
    start_two_step = providers.Singleton(StartTwoStep, uow=uow, codes=codes, clock=clock)
    confirm_two_step = providers.Singleton(ConfirmTwoStep, uow=uow, codes=codes, clock=clock, events=events)
    turn_off_two_step = providers.Singleton(TurnOffTwoStep, uow=uow, hasher=hasher, codes=codes, clock=clock,
                                            events=events)
