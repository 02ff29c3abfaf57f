"""TOTP codes through pyotp; a code is accepted once."""

from __future__ import annotations

import hmac
import threading
from datetime import datetime

import pyotp

ISSUER = "TechStore"
# One step of clock drift either way: a code is valid for 90 seconds at most.
DRIFT_STEPS = 1


class PyotpCodes:
    def __init__(self) -> None:
        # (user id, time step) of codes accepted lately: a replay within the window is refused.
        # Per process: several processes would each accept a code once (a shared store needs a column).
        self._used: set[tuple[int, int]] = set()
        self._lock = threading.Lock()

    def new_secret(self) -> str:
        return pyotp.random_base32()

    def provisioning_uri(self, secret: str, account: str) -> str:
        return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)

    def accept(self, secret: str, code: str, now: datetime, *, user_id: int) -> bool:
        if not (code.isascii() and code.isdigit()):
            return False  # compare_digest takes ASCII text only
        totp = pyotp.TOTP(secret)
        current = totp.timecode(now)
        matched = [
            current + offset
            for offset in range(-DRIFT_STEPS, DRIFT_STEPS + 1)
            if hmac.compare_digest(totp.at(now, counter_offset=offset), code)
        ]
        if not matched:
            return False
        with self._lock:
            self._used = {(u, step) for u, step in self._used if step >= current - DRIFT_STEPS}
            if (user_id, matched[0]) in self._used:
                return False
            self._used.add((user_id, matched[0]))
        return True
