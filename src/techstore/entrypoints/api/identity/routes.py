"""Auth, me and users endpoints (API.md, "Auth" and "Users")."""

from __future__ import annotations

from functools import partial

from starlette.requests import Request
from starlette.responses import Response

from techstore.application.identity.commands import Credentials, NewUser, PasswordChange, UserChanges
from techstore.entrypoints.api.guard import api_guard, current_user
from techstore.entrypoints.api.identity.schemas import RefreshRequest, TokenPairOut, UserOut, UserPageOut
from techstore.entrypoints.api.pagination import PAGINATION, page_request
from techstore.entrypoints.api.responses import created, json_response, no_content
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.client import client_address
from techstore.entrypoints.http.json_body import read_json
from techstore.entrypoints.http.routing import ApiRoute, Link
from techstore.entrypoints.http.services import call, services

Api = partial(ApiRoute, guard=api_guard)

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


async def issue_token(request: Request) -> Response:
    credentials = await read_json(request, Credentials)
    pair = await call(services(request).identity.log_in(), credentials, client_address(request))
    return json_response(TokenPairOut.of(pair))


async def refresh_token(request: Request) -> Response:
    body = await read_json(request, RefreshRequest)
    pair = await call(services(request).identity.refresh_session(), body.refresh_token)
    return json_response(TokenPairOut.of(pair))


async def log_out(request: Request) -> Response:
    body = await read_json(request, RefreshRequest)
    await call(services(request).identity.log_out(), body.refresh_token)
    return no_content()


async def read_me(request: Request) -> Response:
    return json_response(UserOut.of(current_user(request)))


async def change_my_password(request: Request) -> Response:
    command = await read_json(request, PasswordChange)
    await call(services(request).identity.change_own_password(), current_user(request), command,
               client_address(request))
    return no_content()


async def list_users(request: Request) -> Response:
    page = await call(services(request).identity.list_users(), current_user(request), page_request(request))
    return json_response(UserPageOut([UserOut.of(u) for u in page.items], page.total, page.limit, page.offset))


async def create_user(request: Request) -> Response:
    command = await read_json(request, NewUser)
    user = await call(services(request).identity.create_user(), current_user(request), command)
    return created(UserOut.of(user), location=f"/api/v1/users/{user.id}")


async def read_user(request: Request) -> Response:
    user = await call(services(request).identity.get_user(), current_user(request), request.path_params["user_id"])
    return json_response(UserOut.of(user))


async def update_user(request: Request) -> Response:
    changes = await read_json(request, UserChanges)
    user_id = request.path_params["user_id"]
    user = await call(services(request).identity.update_user(), current_user(request), user_id, changes)
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
                         "password": "a-long-password"}),
    Api("/users/{user_id:id}", read_user, methods=["GET"], access=Access.ADMIN, summary="A user",
        response_type=UserOut, tags=["users"], errors=[404], links={"UpdateUser": USER_LINKS["UpdateUser"]}),
    Api("/users/{user_id:id}", update_user, methods=["PATCH"], access=Access.ADMIN,
        summary="Change a user's name, role, active flag or password", request_type=UserChanges,
        response_type=UserOut, tags=["users"], errors=[404, 409], links={"GetUser": USER_LINKS["GetUser"]},
        request_example={"full_name": "Rita Alves Costa", "role": "staff"}),
]
