"""Cash sessions: open the drawer, pay in or out, read the running figures (X), close with a count (Z)."""

from __future__ import annotations

from techstore.application.cash.commands import CloseDrawer, NewCashMovement, OpenDrawer, SessionQuery
from techstore.application.cash.ports import CashUnitOfWorkFactory, SessionFilter
from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import Page, PageRequest
from techstore.domain.cash.journal import EntryKind
from techstore.domain.cash.sessions import CashSession, Movement, SessionStatus
from techstore.domain.identity.users import User
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import Conflict, NotFound, PermissionDenied, ValidationFailed


def session_not_found(session_id: int) -> NotFound:
    return NotFound(f"Cash session {session_id} does not exist.")


def _may_see(actor: User, session: CashSession) -> None:
    if not actor.is_manager and session.user_id != actor.id:
        raise PermissionDenied("Staff see only their own cash sessions.")


class OpenSession:
    """A user opens their drawer with a float; at most one open session per user (409)."""

    def __init__(self, uow: CashUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, command: OpenDrawer) -> CashSession:
        assert actor.id is not None
        with self._uow() as uow:
            try:
                session = uow.cash_sessions.open(CashSession(None, actor.id, SessionStatus.OPEN,
                                                             command.opening_float, self._clock.now()))
            except DuplicateKey:
                raise Conflict("Your cash drawer is already open: close it before opening another.") from None
            uow.commit()
        return session


class CurrentSession:
    """The caller's open session with its running figures; None if the drawer is closed."""

    def __init__(self, uow: CashUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User) -> CashSession | None:
        assert actor.id is not None
        with self._uow(read_only=True) as uow:
            return uow.cash_sessions.open_of(actor.id)


class GetSession:
    def __init__(self, uow: CashUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, session_id: int) -> CashSession:
        with self._uow(read_only=True) as uow:
            session = uow.cash_sessions.get(session_id)
        if session is None:
            raise session_not_found(session_id)
        _may_see(actor, session)
        return session


class ListSessions:
    """Newest first; admins see everyone's (by status or user), staff only their own."""

    def __init__(self, uow: CashUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User, query: SessionQuery, page: PageRequest) -> Page[CashSession]:
        user_id = query.user_id if actor.is_manager else actor.id
        if not actor.is_manager and query.user_id is not None and query.user_id != actor.id:
            raise PermissionDenied("Staff see only their own cash sessions.")
        status = SessionStatus(query.status) if query.status else None
        with self._uow(read_only=True) as uow:
            return uow.cash_sessions.list(SessionFilter(status, user_id), page)


class AddMovement:
    """A pay-in or pay-out on the caller's own open session, with a reason. The session's figures are read
    under its row lock, so of two concurrent pay-outs the second sees the first: together they never take
    the expected cash below zero (409), and no pay-in takes it past the money range (422)."""

    def __init__(self, uow: CashUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, session_id: int, command: NewCashMovement) -> Movement:
        assert actor.id is not None
        reason = command.reason.strip()
        if not reason:
            raise ValidationFailed.single("reason", "is required")
        with self._uow() as uow:
            session = uow.cash_sessions.lock(session_id)
            if session is None:
                raise session_not_found(session_id)
            if session.user_id != actor.id:
                raise PermissionDenied("Only the session's own user pays in or out of it.")
            session.require_open()
            # The locked row's cash total is current: no other amount can join the drawer meanwhile.
            kind = EntryKind(command.type)
            entry = uow.tenders.move_cash(session, kind, command.amount, note=reason, user_id=actor.id,
                                          now=self._clock.now())
            uow.commit()
        assert entry.id is not None
        return Movement(entry.id, kind, command.amount, reason, entry.created_at)


class CloseSession:
    """Its user or an admin closes a session with the cash counted: expected, counted and the difference are
    kept, and the session is frozen (closing again: 409)."""

    def __init__(self, uow: CashUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, session_id: int, command: CloseDrawer) -> CashSession:
        note = command.note.strip() if command.note and command.note.strip() else None
        with self._uow() as uow:
            locked = uow.cash_sessions.lock(session_id)
            if locked is None:
                raise session_not_found(session_id)
            if not actor.is_admin and locked.user_id != actor.id:
                raise PermissionDenied("Only the session's user or an admin closes it.")
            locked.require_open()
            session = uow.cash_sessions.get(session_id)  # its figures, now that no entry can join
            assert session is not None
            session.close(command.counted_cash, note, self._clock.now())
            uow.cash_sessions.close(session)
            uow.commit()
        return session
