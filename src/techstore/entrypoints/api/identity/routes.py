"""Auth, me and users endpoints (API.md, "Auth" and "Users")."""

from __future__ import annotations

from starlette.responses import Response

from techstore.application.identity.commands import Credentials, NewUser, PasswordChange, UserChanges
from techstore.entrypoints.api.guard import Api
from techstore.entrypoints.api.identity.schemas import RefreshRequest, TokenPairOut, UserOut, UserPageOut
from techstore.entrypoints.api.pagination import PAGINATION, page_request
from techstore.entrypoints.api.responses import created, json_response, no_content
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.client import client_address
from techstore.entrypoints.http.routing import Link
from techstore.entrypoints.http.seam import Call

# Where an answer leads (OpenAPI links: clients and schemathesis' stateful phase follow them).
_NEW_REFRESH_TOKEN = {"refresh_token": "$response.body#/refresh_token"}
SESSION_LINKS = {
    "Refresh": Link("refresh_token", request_body=_NEW_REFRESH_TOKEN, description="Rotate the new refresh token"),
    "LogOut": Link("log_out", request_body=_NEW_REFRESH_TOKEN, description="End the new session"),
}
_THIS_USER = {"user_id": "$response.body#/id"}
USER_LINKS = {
    "GetUser": Link("read_user", parameters=_THIS_USER, description="Read this user"),
    "UpdateUser": Link("update_user", parameters=_THIS_USER, description="Change this user"),
}


def issue_token(call: Call) -> Response:
    pair = call.services.identity.log_in()(call.body, client_address(call.request))
    return json_response(TokenPairOut.of(pair))


def refresh_token(call: Call) -> Response:
    pair = call.services.identity.refresh_session()(call.body.refresh_token)
    return json_response(TokenPairOut.of(pair))


def log_out(call: Call) -> Response:
    call.services.identity.log_out()(call.body.refresh_token)
    return no_content()


def read_me(call: Call) -> Response:
    return json_response(UserOut.of(call.user))


def change_my_password(call: Call) -> Response:
    address = client_address(call.request)
    identity = call.services.identity
    identity.change_own_password()(call.user, call.body, address)
    return no_content()


def list_users(call: Call) -> Response:
    page_asked = page_request(call.request)
    identity = call.services.identity
    page = identity.list_users()(call.user, page_asked)
    return json_response(UserPageOut([UserOut.of(u) for u in page.items], page.total, page.limit, page.offset))


def create_user(call: Call) -> Response:
    identity = call.services.identity
    user = identity.create_user()(call.user, call.body)
    return created(UserOut.of(user), location=f"/api/v1/users/{user.id}")


def read_user(call: Call) -> Response:
    user_id: int = call.path("user_id")
    identity = call.services.identity
    return json_response(UserOut.of(identity.get_user()(call.user, user_id)))


def update_user(call: Call) -> Response:
    user_id = call.path("user_id")
    identity = call.services.identity
    user = identity.update_user()(call.user, user_id, call.body)
    return json_response(UserOut.of(user))


routes = [
    Api("/auth/token", issue_token, methods=["POST"], access=Access.PUBLIC, summary="Sign in",
        request_type=Credentials, response_type=TokenPairOut, tags=["auth"], errors=[401, 429],
        links=SESSION_LINKS, request_example={"username": "admin", "password": "admin-demo-password"}),
    Api("/auth/refresh", refresh_token, methods=["POST"], access=Access.PUBLIC,
        summary="Rotate a refresh token for a new pair", request_type=RefreshRequest,
        response_type=TokenPairOut, tags=["auth"], errors=[401], links=SESSION_LINKS),
    Api("/auth/logout", log_out, methods=["POST"], access=Access.PUBLIC, summary="End a session",
        request_type=RefreshRequest, status_code=204, tags=["auth"]),
    Api("/me", read_me, methods=["GET"], access=Access.SIGNED_IN, summary="The signed-in user",
        response_type=UserOut, tags=["auth"]),
    Api("/me/password", change_my_password, methods=["POST"], access=Access.SIGNED_IN,
        summary="Change one's own password", request_type=PasswordChange, status_code=204, errors=[429],
        tags=["auth"], request_example={"current_password": "admin-demo-password",
                                        "new_password": "a-new-long-password"}),
    Api("/users", list_users, methods=["GET"], access=Access.ADMIN, summary="List users",
        response_type=UserPageOut, query=PAGINATION, tags=["users"]),
    Api("/users", create_user, methods=["POST"], access=Access.ADMIN, summary="Create a user",
        request_type=NewUser, response_type=UserOut, status_code=201, tags=["users"],
        errors=[409], links=USER_LINKS,
        request_example={"username": "rita", "full_name": "Rita Alves", "role": "staff",
                         "password": "a-long-password", "email": "rita@example.com"}),
    Api("/users/{user_id:id}", read_user, methods=["GET"], access=Access.ADMIN, summary="A user",
        response_type=UserOut, tags=["users"], errors=[404], links={"UpdateUser": USER_LINKS["UpdateUser"]}),
    Api("/users/{user_id:id}", update_user, methods=["PATCH"], access=Access.ADMIN,
        summary="Change a user's name, role, active flag, email (\"\" clears it) or password, or reset their "
                "two-step sign-in", request_type=UserChanges,
        response_type=UserOut, tags=["users"], errors=[404, 409], links={"GetUser": USER_LINKS["GetUser"]},
        request_example={"full_name": "Rita Alves Costa", "role": "staff"}),
]
