"""Sign in and out, users (admin) and one's own profile."""

from __future__ import annotations

from collections.abc import Mapping

import attrs
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
from techstore.entrypoints.http.problems import status_of
from techstore.entrypoints.http.seam import Call
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


def _flash(request: Request) -> str | None:
    return FLASHES.get(request.query_params.get("done", ""))


def _see_other(request: Request, name: str, done: str | None = None, **params: object) -> Response:
    target = path_for(request, name, **params) + (f"?done={done}" if done else "")
    return RedirectResponse(target, status_code=303)


def login_form(call: Call) -> Response:
    next_url = safe_next(call.query.get("next"))
    if call.caller is not None:
        return RedirectResponse(next_url, status_code=303)
    return render(call.request, "login.html", {"next": next_url, "username": "", "error": None, "errors": {}})


def login(call: Call) -> Response:
    request = call.request
    next_url = safe_next(str(call.form.get("next") or ""))
    username = str(call.form.get("username") or "")
    context: dict[str, object] = {"next": next_url, "username": username, "error": None, "errors": {}}
    try:
        credentials = read_form(call, Credentials)
        pair = call.services.identity.log_in()(credentials, client_address(request))
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


def logout(call: Call) -> Response:
    request = call.request
    refresh = request.cookies.get(REFRESH_COOKIE)
    if refresh:
        call.services.identity.log_out()(refresh)
    response = _see_other(request, "login_form")
    clear_session(request, response, new_csrf_secret=csrf.new_secret())
    return response


def user_list(call: Call) -> Response:
    page = call.services.identity.list_users()(call.user, list_page(call.request))
    return render(call.request, "users/list.html", {"users": page.items, "page": page,
                                                     "nav_active": "users", "flash": _flash(call.request)})


def _user_form(request: Request, mode: str, user: User | None, values: Mapping[str, object],
               errors: dict[str, str] | None = None, status_code: int = 200) -> Response:
    errors = dict(errors or {})
    context = {"mode": mode, "user": user, "values": {**values, "password": ""}, "errors": errors,
               "form_error": errors.pop("_form", None), "nav_active": "users"}
    return render(request, "users/form.html", context, status_code=status_code)


def new_user_form(call: Call) -> Response:
    values = {"username": "", "full_name": "", "email": "", "role": "staff", "password": ""}
    return _user_form(call.request, "create", None, values)


def create_user(call: Call) -> Response:
    shown = call.fields()
    try:
        command = read_form(call, NewUser)
        call.services.identity.create_user()(call.user, command)
    except (ValidationFailed, Conflict) as error:
        return _user_form(call.request, "create", None, shown, form_errors(error), status_code=status_of(error))
    return _see_other(call.request, "user_list", done="created")


def edit_user_form(call: Call) -> Response:
    user = call.services.identity.get_user()(call.user, call.path("user_id"))
    values = {"full_name": user.full_name, "email": user.email or "", "role": user.role.value,
              "is_active": user.is_active, "password": ""}
    return _user_form(call.request, "edit", user, values)


def update_user(call: Call) -> Response:
    identity = call.services.identity
    user_id = call.path("user_id")
    user = identity.get_user()(call.user, user_id)
    shown: dict[str, object] = dict(call.fields())
    shown["is_active"] = "is_active" in shown
    try:
        changes = read_form(call, UserChanges)
        if changes.email is None and "email" in call.form:  # the form shows the email: left empty, it is none
            changes = attrs.evolve(changes, email="")
        identity.update_user()(call.user, user_id, changes)
    except (ValidationFailed, Conflict) as error:
        return _user_form(call.request, "edit", user, shown, form_errors(error), status_code=status_of(error))
    return _see_other(call.request, "user_list", done="updated")


def profile(call: Call) -> Response:
    return render(call.request, "profile.html", {"errors": {}, "flash": _flash(call.request),
                                                  "nav_active": "profile"})


def change_password(call: Call) -> Response:
    request = call.request
    if call.form.get("new_password") != call.form.get("new_password_repeat"):
        errors = {"new_password_repeat": "does not match the new password"}
        return render(request, "profile.html", {"errors": errors, "nav_active": "profile"}, status_code=422)
    try:
        command = read_form(call, PasswordChange)
        # The change ends every session; the use case hands back a fresh one for this browser.
        pair = call.services.identity.change_own_password()(call.user, command, client_address(request))
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
