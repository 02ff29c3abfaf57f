"""Suppliers: whom the store buys from. Names are unique whatever their letter case (among suppliers not
deleted); a supplier is deleted softly, so the orders that name it stay whole."""

from __future__ import annotations

import re
from datetime import datetime

import attrs

from techstore.domain.shared.errors import FieldProblems

NAME_MAX_LENGTH = 120
CONTACT_MAX_LENGTH = 120
EMAIL_MAX_LENGTH = 254
PHONE_MAX_LENGTH = 40
NOTES_MAX_LENGTH = 2000
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def supplier_key(name: str) -> str:
    """Compare names on this: case-folded, spaces collapsed."""
    return " ".join(name.split()).casefold()


def line_problem(text: str | None, max_length: int, *, required: bool = False) -> str | None:
    if text is None or not text.strip():
        return "is required" if required else None
    if _CONTROL.search(text):
        return "must be one line, without control characters"
    if len(text.strip()) > max_length:
        return f"must be at most {max_length} characters"
    return None


def notes_problem(text: str | None, max_length: int = NOTES_MAX_LENGTH) -> str | None:
    if text is None:
        return None
    if _CONTROL_BUT_LINES.search(text):
        return "must not contain control characters other than tabs and line breaks"
    if len(text) > max_length:
        return f"must be at most {max_length} characters"
    return None


def email_problem(email: str | None) -> str | None:
    if email is None or not email.strip():
        return None
    if len(email) > EMAIL_MAX_LENGTH or not _EMAIL.search(email.strip()):
        return "must be an email address such as orders@example.com"
    return None


def _blank_none(text: str | None) -> str | None:
    return text.strip() or None if text is not None else None


@attrs.define
class Supplier:
    id: int | None
    name: str
    contact_name: str | None
    email: str | None
    phone: str | None
    notes: str
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None

    @classmethod
    def create(cls, *, name: str, now: datetime, contact_name: str | None = None, email: str | None = None,
               phone: str | None = None, notes: str = "") -> Supplier:
        _check(name, contact_name, email, phone, notes)
        return cls(None, name.strip(), _blank_none(contact_name), _blank_none(email), _blank_none(phone),
                   (notes or "").strip(), now, now)

    def change(self, *, now: datetime, **changes: object) -> None:
        """Apply the changes named; ``None`` clears contact name, email, phone and notes."""
        merged: dict[str, object] = {"name": self.name, "contact_name": self.contact_name, "email": self.email,
                                     "phone": self.phone, "notes": self.notes}
        for field, value in changes.items():
            if field not in merged:
                raise ValueError(f"a supplier's {field} cannot be changed here")
            merged[field] = value
        name = merged["name"] if isinstance(merged["name"], str) else self.name
        _check(name, _str(merged["contact_name"]), _str(merged["email"]), _str(merged["phone"]),
               _str(merged["notes"]))
        self.name = name.strip()
        self.contact_name = _blank_none(_str(merged["contact_name"]))
        self.email = _blank_none(_str(merged["email"]))
        self.phone = _blank_none(_str(merged["phone"]))
        self.notes = (_str(merged["notes"]) or "").strip()
        self.updated_at = now

    def delete(self, now: datetime) -> None:
        self.deleted_at = now
        self.updated_at = now

    @property
    def key(self) -> str:
        return supplier_key(self.name)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _check(name: str, contact_name: str | None, email: str | None, phone: str | None, notes: str | None) -> None:
    problems = FieldProblems()
    problems.check("name", line_problem(name, NAME_MAX_LENGTH, required=True))
    problems.check("contact_name", line_problem(contact_name, CONTACT_MAX_LENGTH))
    problems.check("email", email_problem(email))
    problems.check("phone", line_problem(phone, PHONE_MAX_LENGTH))
    problems.check("notes", notes_problem(notes))
    problems.raise_if_any()
