"""The ``cash_drawer`` port, holding every drawer's expected cash within the money range.

A cash amount recorded against a session moves its expected cash, which is kept at the close in a
NUMERIC(12,2) column: past ±9,999,999,999.99 the session could never be closed. So once the amount is
recorded, under the session's lock the drawer took, the session's tallies are read and checked; past the
range the caller's request is refused (422 on its field for the amount: a sale's ``payments``, a return's
``refunds``, an account payment's ``amount``) and its unit of work, the recording with it, rolls back.
Only cash moves the expected cash, and only a cash amount in an open session pays for the reading (one
statement; the drawer's own lookup of the session stays one per transaction).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from techstore.application.cash.drawer import CashDrawer
from techstore.domain.cash.sessions import CashSession, EntryKind
from techstore.domain.shared.payments import PaymentMethod


class CashDrawerInRange(CashDrawer):
    def record(self, user_id: int, method: PaymentMethod, amount: Decimal, kind: EntryKind, reference: str,
               now: datetime) -> None:
        super().record(user_id, method, amount, kind, reference, now)
        locked = self._locked.get(user_id)  # the open session the drawer locked (None: nothing recorded)
        if locked is None or method is not PaymentMethod.CASH:
            return
        # The locked row has the float; its tallies (one statement, this amount included) the rest.
        session: CashSession = attrs.evolve(locked, tallies=self._uow.cash_sessions.tallies(locked.id))
        session.check_expected(kind)


def drawer_in_range_port(*, required: bool) -> Any:
    """The ``cash_drawer`` member's factory, for the store's setting (``drawer.drawer_port``'s, in range)."""
    return lambda uow: CashDrawerInRange(uow, required=required)
