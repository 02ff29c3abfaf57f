"""The thinnest stack doing TechStore's work on three endpoints: the benchmark's baseline.

Plain Starlette, an async psycopg pool, the same JWT check (joserfc, HS256,
same secret, issuer, audience, expiry and token-version rules), the same SQL
text and the same response bytes as TechStore for:

    GET /health                  {"status":"ok"}
    GET /api/v1/me               one SELECT of the user by id, while the token's sign-in is live
    GET /api/v1/users?limit=50   admin only; one SELECT of the page by username_key COLLATE "C" with
                                 the total as a window count (a separate count only past the end)

Run by ``bench.request_path``; by hand:

    BASELINE_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/DB BASELINE_SECRET_KEY=... \\
        .venv/bin/uvicorn --factory bench.baseline_app:create_app --workers 2 --port 8001

What it leaves out on purpose, being the thinnest stack: connections are in
autocommit, so each SELECT is one round trip with no BEGIN/ROLLBACK around it
(under READ COMMITTED every statement takes its own snapshot either way), no
liveness ping on checkout, no thread pool, no logging. It does send
TechStore's security headers and an ``X-Request-ID``, so the bytes on the
wire are the same.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey
from psycopg import AsyncConnection
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

# The statements TechStore's SQLAlchemy repository sends, as it renders them. When TechStore's
# change, change these: bench.request_path warns when the two no longer send the same SQL.
USER_COLUMNS = (
    "users.id, users.username, users.full_name, users.role, users.password_hash, "
    "users.is_active, users.created_at, users.updated_at, users.token_version, "
    "users.email, users.totp_secret, users.totp_enabled"
)
# The user, while the sign-in its token names is live (ADR 0008): TechStore checks it in the same statement.
SELECT_USER_BY_ID = (
    f"SELECT {USER_COLUMNS} \nFROM users \nWHERE users.id = %s::INTEGER AND (EXISTS (SELECT refresh_tokens.id "
    "\nFROM refresh_tokens \nWHERE refresh_tokens.family_id = %s::VARCHAR AND refresh_tokens.user_id = users.id "
    "AND refresh_tokens.revoked_at IS NULL))"
)
COUNT_USERS = "SELECT count(*) AS count_1 \nFROM users"
SELECT_USER_PAGE = (
    f'SELECT {USER_COLUMNS}, count(*) OVER () AS total \nFROM users ORDER BY users.username_key COLLATE "C" \n'
    " LIMIT %s OFFSET %s"
)

ALGORITHM = "HS256"
ISSUER = "techstore"
AUDIENCE = "techstore-api"
DEFAULT_LIMIT, MAX_LIMIT = 50, 200
POOL_SIZE = 10  # per worker, as TechStore's SQLAlchemy pool_size

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
        "form-action 'self'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
}

ConfigureConnection = Callable[[AsyncConnection[Any]], Awaitable[None]]


class Refused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def answer(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    media_type = "application/json" if status < 400 else "application/problem+json"
    extra = {**SECURITY_HEADERS, "X-Request-ID": uuid.uuid4().hex, **(headers or {})}
    return JSONResponse(body, status_code=status, headers=extra, media_type=media_type)


def refusal(error: Refused) -> Response:
    body = {"type": "about:blank", "title": "Refused", "status": error.status, "detail": error.detail}
    headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
    return answer(body, error.status, headers)


def read_access_token(request: Request, key: OctKey) -> tuple[int, int, str]:
    """(user id, token version, session id) of the bearer token, checked as TechStore's JwtTokenService does."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refused(401, "Sign in first: send Authorization: Bearer <access_token>.")
    try:
        decoded = jwt.decode(token.strip(), key, algorithms=[ALGORITHM])
        jwt.JWTClaimsRegistry(
            now=int(time.time()),
            iss={"essential": True, "value": ISSUER},
            aud={"essential": True, "value": AUDIENCE},
            sub={"essential": True},
            exp={"essential": True},
        ).validate(decoded.claims)
        user_id = int(decoded.claims["sub"])
        version = decoded.claims["ver"]
        session_id = decoded.claims["sid"]
        if type(version) is not int or type(session_id) is not str:
            raise ValueError("ver or sid")
    except (JoseError, ValueError, TypeError, KeyError):
        raise Refused(401, "The access token is missing, invalid or expired.") from None
    return user_id, version, session_id


async def signed_in_user(request: Request) -> dict[str, Any]:
    user_id, version, session_id = read_access_token(request, request.app.state.key)
    async with request.app.state.pool.connection() as connection:
        row = await (await connection.execute(SELECT_USER_BY_ID, (user_id, session_id))).fetchone()
    if row is None or not row["is_active"] or row["token_version"] != version:
        raise Refused(401, "The session has expired or was revoked; please sign in again.")
    return row


def user_out(row: dict[str, Any]) -> dict[str, Any]:
    """TechStore's UserOut, key order included."""
    return {
        "id": row["id"],
        "username": row["username"],
        "full_name": row["full_name"],
        "role": row["role"],
        "is_active": row["is_active"],
        "created_at": row["created_at"].astimezone(UTC).isoformat(),
        "email": row["email"],
    }


def whole_number(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name) or ""
    if raw == "":
        return default
    if not raw.isdigit() or len(raw) > 12 or not low <= int(raw) <= high:
        raise Refused(422, f"{name} must be a whole number from {low} to {high}")
    return int(raw)


async def health(request: Request) -> Response:
    return answer({"status": "ok"})


async def me(request: Request) -> Response:
    try:
        return answer(user_out(await signed_in_user(request)))
    except Refused as error:
        return refusal(error)


async def list_users(request: Request) -> Response:
    try:
        actor = await signed_in_user(request)
        if actor["role"] != "admin":
            raise Refused(403, "Only an admin may do this.")
        limit = whole_number(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
        offset = whole_number(request, "offset", 0, 0, 10**12)
    except Refused as error:
        return refusal(error)
    async with request.app.state.pool.connection() as connection:
        rows = await (await connection.execute(SELECT_USER_PAGE, (limit, offset))).fetchall()
        if rows:
            total = rows[0]["total"]
        else:  # past the end: no row carries the total
            total = (await (await connection.execute(COUNT_USERS)).fetchone())["count_1"] if offset else 0
    return answer({"items": [user_out(row) for row in rows], "total": total, "limit": limit, "offset": offset})


def create_app(
    database_url: str | None = None,
    secret_key: str | None = None,
    *,
    configure: ConfigureConnection | None = None,
) -> Starlette:
    """``uvicorn --factory bench.baseline_app:create_app`` reads BASELINE_DATABASE_URL and BASELINE_SECRET_KEY.

    ``configure`` runs on each new connection (the statement counter traces the wire with it).
    """
    conninfo = database_url or os.environ["BASELINE_DATABASE_URL"]
    key = OctKey.import_key((secret_key or os.environ["BASELINE_SECRET_KEY"]).encode())

    async def configure_connection(connection: AsyncConnection[Any]) -> None:
        if configure is not None:
            await configure(connection)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool = AsyncConnectionPool(
            conninfo,
            min_size=POOL_SIZE,
            max_size=POOL_SIZE,
            kwargs={"autocommit": True, "row_factory": dict_row},
            configure=configure_connection,
            open=False,
        )
        await pool.open(wait=True)
        app.state.pool = pool
        try:
            yield
        finally:
            await pool.close()

    app = Starlette(
        routes=[
            Route("/health", health),
            Route("/api/v1/me", me),
            Route("/api/v1/users", list_users),
        ],
        lifespan=lifespan,
    )
    app.state.key = key
    return app
