"""A customer of the store: who they are and what they owe (``balance``).

The balance is never set by hand: it moves only with account movements
(``accounts``), under a lock on the customer, so it always equals their sum.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from techstore.domain.customers import rules
from techstore.domain.shared.errors import Conflict, FieldProblems
from techstore.domain.shared.time import utc, utc_or_none

ZERO = Decimal("0.00")
# What a customer's details may be changed to; the balance is not among them.
DETAILS = ("name", "email", "phone", "address", "tax_id", "notes", "credit_limit", "accepts_email")


@attrs.define
class Customer:
    id: int | None
    name: str
    email: str | None
    phone: str | None
    address: str | None
    notes: str | None
    credit_limit: Decimal | None
    balance: Decimal
    created_at: datetime = attrs.field(converter=utc)
    updated_at: datetime = attrs.field(converter=utc)
    deleted_at: datetime | None = attrs.field(default=None, converter=utc_or_none)
    tax_id: str | None = None  # printed on invoices (VAT number or the like)
    accepts_email: bool = True  # emails about their repairs (they may refuse them)

    @classmethod
    def create(cls, details: Mapping[str, Any], *, now: datetime) -> Customer:
        """A new customer with a zero balance. Raises ``ValidationFailed`` naming every field that breaks a rule."""
        customer = cls(None, "", None, None, None, None, None, ZERO, now, now)
        customer.change({field: details.get(field) for field in DETAILS}, now=now)
        return customer

    def change(self, details: Mapping[str, Any], *, now: datetime) -> None:
        """Replace the details named in ``details`` (``None`` clears an optional one).
        Validates the result first, so a refused change changes nothing."""
        unknown = set(details) - set(DETAILS)
        if unknown:
            raise ValueError(f"not a customer detail: {sorted(unknown)}")
        merged = {**{field: getattr(self, field) for field in DETAILS}, **details}
        for field in ("email", "phone", "address", "tax_id", "notes"):
            merged[field] = rules.text_or_none(merged[field])
        if merged["accepts_email"] is None:  # not given: as it was (a new customer accepts them)
            merged["accepts_email"] = self.accepts_email
        name = merged["name"] if merged["name"] is not None else ""
        problems = FieldProblems()
        problems.check("name", rules.name_problem(name))
        problems.check("email", rules.email_problem(merged["email"]))
        problems.check("phone", rules.phone_problem(merged["phone"]))
        problems.check("tax_id", rules.tax_id_problem(merged["tax_id"]))
        problems.check("credit_limit", rules.credit_limit_problem(merged["credit_limit"]))
        unreachable = merged["email"] is None and merged["phone"] is None
        if unreachable and self.id is None:  # registering: the input lacks both
            problems.check("email", rules.EMAIL_OR_PHONE)
            problems.check("phone", rules.EMAIL_OR_PHONE)
        problems.raise_if_any()
        if unreachable:  # a change would leave a known customer with neither: refused given what is stored
            raise Conflict(rules.KEEP_EMAIL_OR_PHONE, field="email" if details.keys() & {"email"} else "phone")
        self.name = name.strip()
        self.email, self.phone = merged["email"], merged["phone"]
        self.address, self.notes, self.tax_id = merged["address"], merged["notes"], merged["tax_id"]
        self.credit_limit = merged["credit_limit"]
        self.accepts_email = bool(merged["accepts_email"])
        self.updated_at = now

    def delete(self, *, open_repairs: int, now: datetime) -> None:
        """Soft delete: refused while the customer owes or is owed money, or has a repair open."""
        if self.balance != ZERO:
            owes = "owes" if self.balance > 0 else "is owed"
            raise Conflict(f"{self.name} {owes} {abs(self.balance)}: settle the account before deleting.")
        if open_repairs:
            raise Conflict(f"{self.name} has {open_repairs} open repair(s): finish them before deleting.")
        self.deleted_at = now
        self.updated_at = now

    def restore(self, *, now: datetime) -> None:
        """Undo a soft delete (an admin's decision; the caller checks that the email and phone are still free).
        Refused (409) for a customer who is not deleted."""
        if not self.is_deleted:
            raise Conflict(f"{self.name} is not deleted: there is nothing to restore.")
        self.deleted_at = None
        self.updated_at = now

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def email_key(self) -> str | None:
        return None if self.email is None else rules.email_key(self.email)

    @property
    def phone_key(self) -> str | None:
        return None if self.phone is None else rules.phone_key(self.phone)

    @property
    def search_key(self) -> str:
        """What a search looks in: name, email and phone, case-folded; the phone also normalised. One line
        each, the name first: the SQL adapter finds a name alone by the three line breaks after it."""
        parts = [self.name.casefold(), self.email_key or "", (self.phone or "").casefold(), self.phone_key or ""]
        return "\n".join(parts)


def search_term(query: str) -> str:
    """A search as typed, folded the way ``search_key`` is."""
    return query.strip().casefold()
