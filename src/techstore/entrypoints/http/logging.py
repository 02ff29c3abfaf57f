"""Structured JSON logs (structlog), one object per line on stdout.

Our own events (the access line of every request among them) go through
structlog's own fast path: processors, msgspec's JSON encoder, a write to
stdout; no stdlib ``logging`` record, handler or formatter on the way (48 µs
a line that way against about 10). The standard library's loggers (uvicorn,
SQLAlchemy warnings, Alembic) are routed through the same processors and
renderer, so every line a log shipper sees is one JSON object.
"""

from __future__ import annotations

import logging
import sys
import traceback
from datetime import UTC, datetime
from typing import Any

import msgspec
import structlog
from sqlalchemy.exc import DBAPIError, StatementError


def redact_database_errors(_logger: Any, _method: str, event: dict[str, Any]) -> dict[str, Any]:
    """A database error's text carries row data (PostgreSQL's "Failing row contains
    (…)" holds password hashes and customers' details): log its kind, SQLSTATE,
    statement and frames, never its message or parameters."""
    error = event.get("exc_info")
    if isinstance(error, tuple):
        error = error[1]
    if not isinstance(error, StatementError):
        return event
    original = error.orig if isinstance(error, DBAPIError) else None
    event["exc_info"] = False
    event["error"] = type(error).__name__ + (f" ({type(original).__name__})" if original is not None else "")
    event["sqlstate"] = getattr(original, "sqlstate", None)
    event["statement"] = error.statement
    event["traceback"] = "".join(traceback.format_tb(error.__traceback__))
    return event


_SHARED: list[Any] = [
    redact_database_errors,
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]

_encode = msgspec.json.Encoder(enc_hook=str).encode


def _json(event: dict[str, Any], **_options: Any) -> str:
    return _encode(event).decode()


class StdoutLogger:
    """structlog's final logger: one line to whatever ``sys.stdout`` is now (test capture included)."""

    def __init__(self, name: str = "") -> None:
        self.name = name

    def msg(self, message: str) -> None:
        sys.stdout.write(message + "\n")
        sys.stdout.flush()

    debug = info = warning = warn = error = critical = exception = fatal = log = msg


def _stdout_logger(*args: Any) -> StdoutLogger:
    return StdoutLogger(args[0] if args and isinstance(args[0], str) else "")


class _StdoutHandler(logging.StreamHandler[Any]):
    """Writes to whatever ``sys.stdout`` is when a record is emitted (test capture included)."""

    @property
    def stream(self) -> Any:
        return sys.stdout

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


_access_enabled = True  # configure_logging: the level lets INFO through


def log_access(request_id: str, method: str, path: str, status: int, duration_ms: float, client: str | None,
               user_id: int | None) -> None:
    """The access line of a request, written straight: the same JSON object structlog's processors make of
    ``log.info("request", ...)`` on logger ``techstore.access``, at a third of the cost (it is paid on
    every request; issue 8)."""
    if not _access_enabled:
        return
    line = _encode({
        "method": method, "path": path, "status": status, "duration_ms": duration_ms, "client": client,
        "user_id": user_id, "event": "request", "request_id": request_id, "level": "info",
        "logger": "techstore.access", "timestamp": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
    })
    out = sys.stdout
    raw = getattr(out, "buffer", None)  # every line is flushed whole, so the text layer holds nothing now
    if raw is None:
        out.write(line.decode() + "\n")
        out.flush()
        return
    raw.write(line + b"\n")
    raw.flush()


def configure_logging(level: str = "INFO") -> None:
    global _access_enabled
    numeric = logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
    _access_enabled = numeric <= logging.INFO
    structlog.configure(
        processors=[*_SHARED, structlog.processors.format_exc_info, structlog.processors.JSONRenderer(_json)],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=_stdout_logger,
        cache_logger_on_first_use=False,
    )
    handler = _StdoutHandler()
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=_SHARED,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                structlog.processors.JSONRenderer(_json),
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(numeric)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # HTTP client libraries log whole URLs at INFO, query strings and all: keep them quiet.
    for name in ("httpx", "httpx2", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # uvicorn's own access log would duplicate ours, without the request id.
    logging.getLogger("uvicorn.access").disabled = True
