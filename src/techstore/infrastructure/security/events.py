"""Security events as structured log lines: one JSON object each, on the log stream.

Each line carries ``event`` (the event's name), ``security: true`` (to filter on),
``actor_id``, ``target`` and the details, plus what every line carries: the
request id (bound by the request middleware), level, logger name and time.
Refusals (failed checks, lockouts, a replayed refresh token) are warnings; the
admin actions are info.
"""

from __future__ import annotations

import structlog

from techstore.application.shared import security_events as events
from techstore.application.shared.security_events import Detail

log = structlog.get_logger("techstore.security")

WARNINGS = frozenset({
    events.SIGN_IN_FAILED, events.SIGN_IN_LOCKED, events.PASSWORD_CHECK_FAILED, events.PASSWORD_CHECK_LOCKED,
    events.REFRESH_TOKEN_REPLAYED,
})


class LoggedSecurityEvents:
    def record(self, event: str, *, actor_id: int | None, target: str | None, **details: Detail) -> None:
        write = log.warning if event in WARNINGS else log.info
        try:
            write(event, security=True, actor_id=actor_id, target=target, **details)
        except Exception:  # noqa: BLE001 - a log that cannot be written must not undo the operation
            pass
