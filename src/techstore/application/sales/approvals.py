"""A manager's approval at the till, as the sale and return use cases ask for it: the approver's
credentials checked (``ApproverCheck``) before anything is written, then held against what the
domain says needs approval (``domain.sales.approvals``)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from techstore.application.sales.commands import Approval
from techstore.application.sales.ports import ApproverCheck
from techstore.domain.identity.users import User
from techstore.domain.sales.approvals import ApprovalNeeded

WRONG_APPROVER = "The approver's username or password is wrong."


def refuse_every_approver(username: str, password: str, address: str, actor_id: int | None = None) -> User | None:
    """For use cases built by hand (scripts, unit tests): no approver is recognised."""
    return None


@attrs.frozen
class Approver:
    """What the credentials typed gave, checked before the unit of work opens: the user (None when none
    was given, or they were wrong) and why it is not enough, if it is not."""

    user: User | None = None
    refused: str | None = None

    @classmethod
    def of(cls, check: ApproverCheck, actor: User, approval: Approval | None, address: str) -> Approver:
        """Credentials are checked only when given by someone who may need them: a manager or admin acting for
        themselves needs no approval, and their own sale never spends an approver's attempt."""
        if approval is None or actor.is_manager:
            return cls()
        user = check(approval.username, approval.password, address, actor.id)
        if user is None:
            return cls(refused=WRONG_APPROVER)
        if not user.is_manager:
            return cls(refused=f"{user.username} may not approve: only a manager or an admin may.")
        return cls(user)

    def approves(self, actor: User, reasons: Sequence[str]) -> int | None:
        """Who approved what ``reasons`` name (None when nothing needed approval), or ``ApprovalNeeded``."""
        if not reasons or actor.is_manager:
            return None
        if self.user is None or self.refused is not None:
            raise ApprovalNeeded(reasons, self.refused)
        return self.user.id
