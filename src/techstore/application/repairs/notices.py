"""The messages a repair's customer gets (PRODUCT.md, "Notifications"): when it awaits approval (the quote and
the tracking link), when it is ready, and when it is delivered (the invoice attached). Written to the outbox in
the transaction of the change that causes them; the notifications context renders and sends them later.

Facts are frozen now, as strings, so the message says what was true when it was written."""

from __future__ import annotations

from typing import Any

from techstore.application.repairs.ports import RepairsUnitOfWork
from techstore.application.repairs.terms import RepairTerms
from techstore.domain.customers.customers import Customer
from techstore.domain.notifications.messages import Attachment, Channel, Message
from techstore.domain.repairs.repairs import Repair, RepairStatus

AWAITING_APPROVAL = "repair_awaiting_approval"
READY = "repair_ready"
DELIVERED = "repair_delivered"
INVOICE = "repair_invoice"  # the attachment the notifications context renders as PDF


def _facts(repair: Repair, terms: RepairTerms) -> dict[str, Any]:
    return {"number": repair.number, "equipment": repair.equipment, "store_name": terms.store_name,
            "tracking_url": terms.tracking_url(repair.tracking_code)}


def _email(repair: Repair, status: RepairStatus, terms: RepairTerms) -> tuple[str, str, dict[str, Any],
                                                                           tuple[Attachment, ...]] | None:
    facts = _facts(repair, terms)
    if status is RepairStatus.AWAITING_APPROVAL:
        facts |= {"quote_lines": [{"description": line.description, "line_total": str(line.line_total)}
                                  for line in repair.lines],
                  "quote_total": str(repair.quote_total)}
        return (f"Your repair {repair.number}: please approve the quote", AWAITING_APPROVAL, facts, ())
    if status is RepairStatus.READY:
        facts |= {"to_pay": str(repair.to_pay)}
        return (f"Your repair {repair.number} is ready", READY, facts, ())
    if status is RepairStatus.DELIVERED:
        assert repair.id is not None
        facts |= {"total": str(repair.price),
                  "warranty_until": repair.warranty_until.isoformat() if repair.warranty_until else None}
        invoice = Attachment(INVOICE, repair.id, f"Invoice {repair.number}.pdf")
        return (f"Your repair {repair.number}: invoice", DELIVERED, facts, (invoice,))
    return None


def notify(uow: RepairsUnitOfWork, repair: Repair, customer: Customer | None, terms: RepairTerms) -> None:
    """Write the message the repair's new status calls for, if any and if the customer accepts messages: an
    email to their address, else (for "ready") a text message to their phone."""
    if customer is None or not customer.accepts_email:
        return
    email = _email(repair, repair.status, terms)
    if email is None:
        return
    subject, template, facts, attachments = email
    now = repair.updated_at or repair.received_at
    if customer.email:
        uow.outbox.add(Message(None, Channel.EMAIL, customer.email, subject, template, facts, now,
                               repair_id=repair.id, attachments=attachments))
    elif customer.phone and repair.status is RepairStatus.READY:
        uow.outbox.add(Message(None, Channel.SMS, customer.phone, subject, template, facts, now,
                               repair_id=repair.id))
