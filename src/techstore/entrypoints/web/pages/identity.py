"""Sign in and out, the dashboard placeholder, users (admin) and one's profile."""

from __future__ import annotations

from functools import partial

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from techstore.application.identity.commands import (
    ChangePasswordCommand,
    CreateUserCommand,
    LoginCommand,
    UpdateUserCommand,
)
from techstore.domain.identity.users import User
from techstore.domain.shared.errors import (
    AuthenticationFailed,
    Conflict,
    TooManyAttempts,
    ValidationFailed,
)
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.client import client_address
from techstore.entrypoints.http.routing import PageRoute
from techstore.entrypoints.http.services import call, services
from techstore.entrypoints.web.cookies import REFRESH_COOKIE, clear_session, set_session
from techstore.entrypoints.web.guard import page_guard
from techstore.entrypoints.web.pages.forms import errors_by_field, form_values, list_page, safe_next
from techstore.entrypoints.web.templates import render

Page = partial(PageRoute, guard=page_guard)

FLASHES = {
    "created": "The user was created.",
    "updated": "The changes were saved.",
    "password": "Your password was changed.",
}


def _user(request: Request) -> User:
    user: User = request.state.user
    return user


def _flash(request: Request) -> str | None:
    return FLASHES.get(request.query_params.get("done", ""))


async def login_form(request: Request) -> Response:
    next_url = safe_next(request.query_params.get("next"))
    if request.state.user is not None:
        return RedirectResponse(next_url, status_code=303)
    return render(request, "login.html", {"next": next_url, "username": "", "error": None})


async def login(request: Request) -> Response:
    values = await form_values(request, "username", "password", "next")
    next_url = safe_next(values["next"])
    command = LoginCommand(values["username"], values["password"], client_address(request))
    try:
        pair = await call(services(request).identity.log_in(), command)
    except (AuthenticationFailed, TooManyAttempts) as error:
        status, headers = 401, {}
        if isinstance(error, TooManyAttempts):
            status, headers = 429, {"Retry-After": str(error.retry_after)}
        context = {"next": next_url, "username": values["username"], "error": error.detail}
        return render(request, "login.html", context, status_code=status, headers=headers)
    response = RedirectResponse(next_url, status_code=303)
    set_session(request, response, pair)
    return response


async def logout(request: Request) -> Response:
    refresh = request.cookies.get(REFRESH_COOKIE)
    if refresh:
        await call(services(request).identity.log_out(), refresh)
    response = RedirectResponse("/login", status_code=303)
    clear_session(request, response)
    return response


async def home(request: Request) -> Response:
    return render(request, "home.html", {"nav_active": "dashboard"})


async def user_list(request: Request) -> Response:
    page = await call(services(request).identity.list_users(), _user(request), list_page(request))
    return render(request, "users/list.html", {"users": page.items, "page": page,
                                                "nav_active": "users", "flash": _flash(request)})


def _user_form(request: Request, mode: str, user: User | None, values: dict[str, object],
               errors: dict[str, str] | None = None, form_error: str | None = None,
               status_code: int = 200) -> Response:
    context = {"mode": mode, "user": user, "values": values, "errors": errors or {},
               "form_error": form_error, "nav_active": "users"}
    return render(request, "users/form.html", context, status_code=status_code)


async def new_user_form(request: Request) -> Response:
    values = {"username": "", "full_name": "", "role": "staff", "password": ""}
    return _user_form(request, "create", None, values)


async def create_user(request: Request) -> Response:
    values = await form_values(request, "username", "full_name", "role", "password")
    command = CreateUserCommand(values["username"].strip(), values["full_name"], values["role"], values["password"])
    shown = {**values, "password": ""}
    try:
        await call(services(request).identity.create_user(), _user(request), command)
    except ValidationFailed as error:
        return _user_form(request, "create", None, shown, errors_by_field(error), status_code=422)
    except Conflict as error:
        return _user_form(request, "create", None, shown, {"username": error.detail}, status_code=409)
    return RedirectResponse("/users?done=created", status_code=303)


async def edit_user_form(request: Request) -> Response:
    user = await call(services(request).identity.get_user(), _user(request), request.path_params["user_id"])
    values = {"full_name": user.full_name, "role": user.role.value, "is_active": user.is_active, "password": ""}
    return _user_form(request, "edit", user, values)


async def update_user(request: Request) -> Response:
    identity = services(request).identity
    user = await call(identity.get_user(), _user(request), request.path_params["user_id"])
    values = await form_values(request, "full_name", "role", "is_active", "password")
    command = UpdateUserCommand(
        user_id=request.path_params["user_id"],
        full_name=values["full_name"],
        role=values["role"],
        is_active=values["is_active"] in {"on", "true", "1"},
        password=values["password"] or None,
    )
    shown = {**values, "is_active": command.is_active, "password": ""}
    try:
        await call(identity.update_user(), _user(request), command)
    except ValidationFailed as error:
        return _user_form(request, "edit", user, shown, errors_by_field(error), status_code=422)
    except Conflict as error:
        return _user_form(request, "edit", user, shown, form_error=error.detail, status_code=409)
    return RedirectResponse("/users?done=updated", status_code=303)


async def profile(request: Request) -> Response:
    return render(request, "profile.html", {"errors": {}, "flash": _flash(request), "nav_active": "profile"})


async def change_password(request: Request) -> Response:
    values = await form_values(request, "current_password", "new_password", "new_password_repeat")
    if values["new_password"] != values["new_password_repeat"]:
        errors = {"new_password_repeat": "does not match the new password"}
        return render(request, "profile.html", {"errors": errors, "nav_active": "profile"}, status_code=422)
    identity = services(request).identity
    user = _user(request)
    command = ChangePasswordCommand(values["current_password"], values["new_password"])
    try:
        await call(identity.change_own_password(), user, command)
    except ValidationFailed as error:
        context = {"errors": errors_by_field(error), "nav_active": "profile"}
        return render(request, "profile.html", context, status_code=422)
    # Changing the password ended every session; start a fresh one for this browser.
    pair = await call(identity.log_in(), LoginCommand(user.username, values["new_password"], client_address(request)))
    response = RedirectResponse("/profile?done=password", status_code=303)
    set_session(request, response, pair)
    return response


routes = [
    Page("/login", login_form, access=Access.PUBLIC),
    Page("/login", login, methods=["POST"], access=Access.PUBLIC, name="login_submit"),
    Page("/logout", logout, methods=["POST"], access=Access.PUBLIC),
    Page("/", home, access=Access.SIGNED_IN),
    Page("/users", user_list, access=Access.ADMIN),
    Page("/users/new", new_user_form, access=Access.ADMIN),
    Page("/users/new", create_user, methods=["POST"], access=Access.ADMIN, name="create_user_submit"),
    Page("/users/{user_id:int}", edit_user_form, access=Access.ADMIN),
    Page("/users/{user_id:int}", update_user, methods=["POST"], access=Access.ADMIN, name="update_user_submit"),
    Page("/profile", profile, access=Access.SIGNED_IN),
    Page("/profile/password", change_password, methods=["POST"], access=Access.SIGNED_IN),
]
