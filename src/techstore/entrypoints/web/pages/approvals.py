"""A manager's approval on the counter's pages (the point of sale, the return page): the two fields read
from the form, the refusal shown beside them, and the approver's name on receipts."""

from __future__ import annotations

from collections.abc import Mapping

from techstore.application.sales.commands import Approval
from techstore.domain.sales.approvals import ApprovalNeeded
from techstore.entrypoints.http.seam import Call

USERNAME_FIELD = "approver_username"
PASSWORD_FIELD = "approver_password"  # never written back into a page


def approval_typed(form: Mapping[str, object]) -> Approval | None:
    """The manager's username and password typed in the form, if any."""
    username = str(form.get(USERNAME_FIELD) or "").strip()
    password = str(form.get(PASSWORD_FIELD) or "")
    return Approval(username, password) if username or password else None


def approval_asked(error: ApprovalNeeded, typed: Approval | None) -> dict[str, object]:
    """What the page shows when the answer was "approval needed": what needs it, why the approval given was
    refused (if one was), and the username typed (never the password)."""
    return {"reasons": list(error.reasons), "refused": error.refused,
            "username": typed.username if typed is not None else ""}


def approver_name(call: Call, approved_by: int | None) -> str | None:
    """The full name of the manager who approved a sale or return on the spot, printed on its receipt."""
    if approved_by is None:
        return None
    name: str = call.services.identity.get_user_name()(call.user, approved_by)
    return name
