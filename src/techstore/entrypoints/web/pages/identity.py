"""Sign in and out, users (admin) and one's own profile."""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import segno
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from techstore.application.identity.commands import (
    Credentials,
    NewUser,
    PasswordChange,
    SecondStep,
    TwoStepCode,
    TwoStepOff,
    UserChanges,
)
from techstore.application.identity.sessions import TokenPair
from techstore.application.identity.two_step import WRONG_CODE, OneTimeCodeRequired
from techstore.domain.identity import two_step
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
    "two_step_on": "Two-step sign-in is on: your sign-ins will ask for a code from your app.",
    "two_step_off": "Two-step sign-in is off.",
    "two_step_reset": "Their two-step sign-in was reset: they sign in with their password, and may set it up again.",
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
    except OneTimeCodeRequired as asked:
        # The password was right: the second step carries the half-done sign-in, never the password.
        return render(request, "login.html", {**context, "second_step": asked.second_step})
    except (AuthenticationFailed, TooManyAttempts) as error:
        return _login_refused(request, context, error)
    return _signed_in(request, next_url, pair)


def login_code(call: Call) -> Response:
    """The second step of a sign-in with two-step on: the code from the user's app."""
    request = call.request
    next_url = safe_next(str(call.form.get("next") or ""))
    second_step = str(call.form.get("second_step") or "")
    context: dict[str, object] = {"next": next_url, "username": "", "error": None, "errors": {},
                                  "second_step": second_step}
    try:
        command = read_form(call, SecondStep)
        pair = call.services.identity.complete_sign_in()(command, client_address(request))
    except ValidationFailed as error:
        return render(request, "login.html", {**context, "errors": form_errors(error)}, status_code=422)
    except (AuthenticationFailed, TooManyAttempts) as error:
        if not isinstance(error, TooManyAttempts) and error.detail != WRONG_CODE:
            context["second_step"] = None  # expired or no longer valid: start again with the password
        return _login_refused(request, context, error)
    return _signed_in(request, next_url, pair)


def _login_refused(request: Request, context: dict[str, object], error: Exception) -> Response:
    assert isinstance(error, (AuthenticationFailed, TooManyAttempts))
    status, headers = 401, {}
    if isinstance(error, TooManyAttempts):
        status, headers = 429, {"Retry-After": str(error.retry_after)}
    return render(request, "login.html", {**context, "error": error.detail}, status_code=status, headers=headers)


def _signed_in(request: Request, next_url: str, pair: TokenPair) -> Response:
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
    return _profile(call, {}, flash=_flash(call.request))


def _profile(call: Call, errors: Mapping[str, str], *, status_code: int = 200, flash: str | None = None,
             headers: Mapping[str, str] | None = None) -> Response:
    """The profile page; two-step sign-in's section only for those who may use it."""
    user = call.user
    setup = call.services.identity.two_step_setup()(user)
    section = None
    if two_step.may_use(user) or user.totp_enabled:
        section = {"on": user.totp_enabled, "secret": setup.secret if setup else None,
                   # An image (data: URI): the page's Content-Security-Policy allows those, not inline scripts.
                   "qr": segno.make(setup.uri, error="m").svg_data_uri(scale=4) if setup else None}
    context = {"errors": dict(errors), "flash": flash, "nav_active": "profile", "two_step": section}
    return render(call.request, "profile.html", context, status_code=status_code, headers=dict(headers or {}))


def start_two_step(call: Call) -> Response:
    call.services.identity.start_two_step()(call.user)
    return RedirectResponse(path_for(call.request, "profile") + "#two-step", status_code=303)


def confirm_two_step(call: Call) -> Response:
    try:
        command = read_form(call, TwoStepCode)
        call.services.identity.confirm_two_step()(call.user, command)
    except (ValidationFailed, Conflict) as error:
        return _profile(call, _two_step_errors(error), status_code=status_of(error))
    return _see_other(call.request, "profile", done="two_step_on")


def turn_off_two_step(call: Call) -> Response:
    try:
        command = read_form(call, TwoStepOff)
        call.services.identity.turn_off_two_step()(call.user, command, client_address(call.request))
    except ValidationFailed as error:
        return _profile(call, _two_step_errors(error), status_code=422)
    except TooManyAttempts as error:
        return _profile(call, {"two_step_current_password": error.detail}, status_code=429,
                        headers={"Retry-After": str(error.retry_after)})
    return _see_other(call.request, "profile", done="two_step_off")


def _two_step_errors(error: ValidationFailed | Conflict) -> dict[str, str]:
    """The two-step forms' fields are named apart from the password form's on the same page."""
    return {f"two_step_{field}": message for field, message in form_errors(error).items()}


def reset_two_step(call: Call) -> Response:
    """An admin turns a user's two-step sign-in off (a lost phone)."""
    user_id = call.path("user_id")
    call.services.identity.update_user()(call.user, user_id, UserChanges(totp_reset=True))
    return _see_other(call.request, "user_list", done="two_step_reset")


def change_password(call: Call) -> Response:
    request = call.request
    if call.form.get("new_password") != call.form.get("new_password_repeat"):
        errors = {"new_password_repeat": "does not match the new password"}
        return _profile(call, errors, status_code=422)
    try:
        command = read_form(call, PasswordChange)
        # The change ends every session; the use case hands back a fresh one for this browser.
        pair = call.services.identity.change_own_password()(call.user, command, client_address(request))
    except ValidationFailed as error:
        return _profile(call, form_errors(error), status_code=422)
    except TooManyAttempts as error:
        return _profile(call, {"current_password": error.detail}, status_code=429,
                        headers={"Retry-After": str(error.retry_after)})
    response = _see_other(request, "profile", done="password")
    set_session(request, response, pair, new_csrf_secret=csrf.new_secret())
    return response


routes = [
    Page("/login", login_form, access=Access.PUBLIC),
    Page("/login", login, methods=["POST"], access=Access.PUBLIC, name="login_submit"),
    # A reload of the second step's answer (GET) shows the login page again.
    Page("/login/code", login_form, access=Access.PUBLIC, name="login_code"),
    Page("/login/code", login_code, methods=["POST"], access=Access.PUBLIC, name="login_code_submit"),
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
    # Two-step sign-in is for managers and admins (staff and technicians: 403; the use cases check too).
    # A reload of an answer (GET) shows the profile again.
    Page("/profile/two-step", profile, access=Access.MANAGER, name="profile_two_step"),
    Page("/profile/two-step", start_two_step, methods=["POST"], access=Access.MANAGER),
    Page("/profile/two-step/confirm", profile, access=Access.MANAGER, name="profile_two_step_confirm"),
    Page("/profile/two-step/confirm", confirm_two_step, methods=["POST"], access=Access.MANAGER),
    Page("/profile/two-step/off", profile, access=Access.MANAGER, name="profile_two_step_off"),
    Page("/profile/two-step/off", turn_off_two_step, methods=["POST"], access=Access.MANAGER),
    Page("/users/{user_id:int}/two-step/reset", reset_two_step, methods=["POST"], access=Access.ADMIN),
]
