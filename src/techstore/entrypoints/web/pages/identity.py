"""Sign in and out, users (admin) and one's own profile."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from techstore.application.identity.commands import Credentials, NewUser, PasswordChange, UserChanges
from techstore.domain.identity.users import User
from techstore.domain.shared.errors import (
    AuthenticationFailed,
    Conflict,
    TooManyAttempts,
    ValidationFailed,
)
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.client import client_address
from techstore.entrypoints.http.services import call, services
from techstore.entrypoints.web import csrf
from techstore.entrypoints.web.cookies import REFRESH_COOKIE, clear_session, set_session
from techstore.entrypoints.web.guard import Page
from techstore.entrypoints.web.pages.forms import form_errors, list_page, read_form, safe_next
from techstore.entrypoints.web.templates import path_for, render

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


def _see_other(request: Request, name: str, done: str | None = None, **params: object) -> Response:
    target = path_for(request, name, **params) + (f"?done={done}" if done else "")
    return RedirectResponse(target, status_code=303)


async def login_form(request: Request) -> Response:
    next_url = safe_next(request.query_params.get("next"))
    if request.state.user is not None:
        return RedirectResponse(next_url, status_code=303)
    return render(request, "login.html", {"next": next_url, "username": "", "error": None, "errors": {}})


async def login(request: Request) -> Response:
    form = await request.form()
    next_url = safe_next(str(form.get("next") or ""))
    username = str(form.get("username") or "")
    context: dict[str, object] = {"next": next_url, "username": username, "error": None, "errors": {}}
    try:
        credentials = await read_form(request, Credentials)
        pair = await call(services(request).identity.log_in(), credentials, client_address(request))
    except ValidationFailed as error:
        return render(request, "login.html", {**context, "errors": form_errors(error)}, status_code=422)
    except (AuthenticationFailed, TooManyAttempts) as error:
        status, headers = 401, {}
        if isinstance(error, TooManyAttempts):
            status, headers = 429, {"Retry-After": str(error.retry_after)}
        return render(request, "login.html", {**context, "error": error.detail}, status_code=status, headers=headers)
    response = RedirectResponse(next_url, status_code=303)
    set_session(request, response, pair, new_csrf_secret=csrf.new_secret())
    return response


async def logout(request: Request) -> Response:
    refresh = request.cookies.get(REFRESH_COOKIE)
    if refresh:
        await call(services(request).identity.log_out(), refresh)
    response = _see_other(request, "login_form")
    clear_session(request, response, new_csrf_secret=csrf.new_secret())
    return response


async def user_list(request: Request) -> Response:
    page = await call(services(request).identity.list_users(), _user(request), list_page(request))
    return render(request, "users/list.html", {"users": page.items, "page": page,
                                                "nav_active": "users", "flash": _flash(request)})


def _user_form(request: Request, mode: str, user: User | None, values: Mapping[str, object],
               errors: dict[str, str] | None = None, status_code: int = 200) -> Response:
    errors = dict(errors or {})
    context = {"mode": mode, "user": user, "values": {**values, "password": ""}, "errors": errors,
               "form_error": errors.pop("_form", None), "nav_active": "users"}
    return render(request, "users/form.html", context, status_code=status_code)


async def new_user_form(request: Request) -> Response:
    values = {"username": "", "full_name": "", "role": "staff", "password": ""}
    return _user_form(request, "create", None, values)


async def create_user(request: Request) -> Response:
    shown = dict(await request.form())
    try:
        command = await read_form(request, NewUser)
        await call(services(request).identity.create_user(), _user(request), command)
    except (ValidationFailed, Conflict) as error:
        status = 422 if isinstance(error, ValidationFailed) else 409
        return _user_form(request, "create", None, shown, form_errors(error), status_code=status)
    return _see_other(request, "user_list", done="created")


async def edit_user_form(request: Request) -> Response:
    user = await call(services(request).identity.get_user(), _user(request), request.path_params["user_id"])
    values = {"full_name": user.full_name, "role": user.role.value, "is_active": user.is_active, "password": ""}
    return _user_form(request, "edit", user, values)


async def update_user(request: Request) -> Response:
    identity = services(request).identity
    user_id = request.path_params["user_id"]
    user = await call(identity.get_user(), _user(request), user_id)
    shown: dict[str, object] = dict(await request.form())
    shown["is_active"] = "is_active" in shown
    try:
        changes = await read_form(request, UserChanges)
        await call(identity.update_user(), _user(request), user_id, changes)
    except (ValidationFailed, Conflict) as error:
        status = 422 if isinstance(error, ValidationFailed) else 409
        return _user_form(request, "edit", user, shown, form_errors(error), status_code=status)
    return _see_other(request, "user_list", done="updated")


async def profile(request: Request) -> Response:
    return render(request, "profile.html", {"errors": {}, "flash": _flash(request), "nav_active": "profile"})


async def change_password(request: Request) -> Response:
    form = await request.form()
    if form.get("new_password") != form.get("new_password_repeat"):
        errors = {"new_password_repeat": "does not match the new password"}
        return render(request, "profile.html", {"errors": errors, "nav_active": "profile"}, status_code=422)
    try:
        command = await read_form(request, PasswordChange)
        # The change ends every session; the use case hands back a fresh one for this browser.
        pair = await call(services(request).identity.change_own_password(), _user(request), command,
                          client_address(request))
    except ValidationFailed as error:
        return render(request, "profile.html", {"errors": form_errors(error), "nav_active": "profile"},
                      status_code=422)
    except TooManyAttempts as error:
        return render(request, "profile.html", {"errors": {"current_password": error.detail},
                                                "nav_active": "profile"},
                      status_code=429, headers={"Retry-After": str(error.retry_after)})
    response = _see_other(request, "profile", done="password")
    set_session(request, response, pair, new_csrf_secret=csrf.new_secret())
    return response


routes = [
    Page("/login", login_form, access=Access.PUBLIC),
    Page("/login", login, methods=["POST"], access=Access.PUBLIC, name="login_submit"),
    Page("/logout", logout, methods=["POST"], access=Access.PUBLIC),
    Page("/users", user_list, access=Access.ADMIN),
    Page("/users/new", new_user_form, access=Access.ADMIN),
    Page("/users/new", create_user, methods=["POST"], access=Access.ADMIN, name="create_user_submit"),
    Page("/users/{user_id:int}", edit_user_form, access=Access.ADMIN),
    Page("/users/{user_id:int}", update_user, methods=["POST"], access=Access.ADMIN, name="update_user_submit"),
    Page("/profile", profile, access=Access.SIGNED_IN),
    # The password form posts here; a reload of the answer (GET) shows the profile again, not a 405.
    Page("/profile/password", profile, access=Access.SIGNED_IN, name="profile_password"),
    Page("/profile/password", change_password, methods=["POST"], access=Access.SIGNED_IN),
]
