"""Inputs of the customers use cases; the API reads its bodies straight into them.

Optional text left blank means "none". A change (``CustomerChanges``) replaces
only the fields it was given: the API passes the keys of the JSON body, a form
every field it shows; ``null`` (or blank) clears an optional field.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal, get_args

import attrs

from techstore.application.shared.constraints import Money, Sign, Text
from techstore.domain.customers.rules import (
    ADDRESS_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    EMAIL_MESSAGE,
    EMAIL_PATTERN_SOURCE,
    NAME_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    PHONE_MESSAGE,
    PHONE_PATTERN_SOURCE,
    REASON_MAX_LENGTH,
    TAX_ID_MAX_LENGTH,
    TAX_ID_MESSAGE,
    TAX_ID_PATTERN_SOURCE,
)
from techstore.domain.shared.errors import ValidationFailed
from techstore.domain.shared.payments import PaymentMethod

Name = Annotated[str, Text(max_length=NAME_MAX_LENGTH, blank=False)]
Email = Annotated[str, Text(max_length=EMAIL_MAX_LENGTH, pattern=EMAIL_PATTERN_SOURCE, message=EMAIL_MESSAGE)]
Phone = Annotated[str, Text(max_length=PHONE_MAX_LENGTH, pattern=PHONE_PATTERN_SOURCE, message=PHONE_MESSAGE)]
Address = Annotated[str, Text(max_length=ADDRESS_MAX_LENGTH, multiline=True)]
Notes = Annotated[str, Text(max_length=NOTES_MAX_LENGTH, multiline=True)]
TaxId = Annotated[str, Text(max_length=TAX_ID_MAX_LENGTH, pattern=TAX_ID_PATTERN_SOURCE, message=TAX_ID_MESSAGE)]
CreditLimit = Annotated[Decimal, Money(Sign.NOT_NEGATIVE)]
Description = Annotated[str, Text(max_length=DESCRIPTION_MAX_LENGTH)]
Reason = Annotated[str, Text(max_length=REASON_MAX_LENGTH, blank=False)]
# What pays an account: any method but the account itself.
PaidBy = Literal[PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.TRANSFER]
PAID_BY: tuple[PaymentMethod, ...] = get_args(PaidBy)


def paid_by(value: str) -> PaymentMethod:
    """The method of a payment on account, by name (the edge reads it so already; a caller in the same
    process may name it): anything else is bad input on ``method``."""
    if isinstance(value, str) and value in PAID_BY:
        return PaymentMethod(value)
    raise ValidationFailed.single("method", "must be one of: " + ", ".join(PAID_BY))
# What a search may be (``?q=``): one line of text, not too long.
SEARCH = Text(max_length=100)


@attrs.frozen
class NewCustomer:
    """Staff register a customer (``POST /customers``, the new-customer form): an email or a phone, or both.
    ``credit_limit`` left out is the store's default (TECHSTORE_DEFAULT_CREDIT_LIMIT); null is no limit."""

    # The OpenAPI document states the rule the domain enforces: at least one of them.
    json_schema_extra: ClassVar[dict[str, Any]] = {"anyOf": [
        {"required": ["email"], "properties": {"email": {"type": "string"}}},
        {"required": ["phone"], "properties": {"phone": {"type": "string"}}},
    ]}

    name: Name
    email: Email | None = None
    phone: Phone | None = None
    address: Address | None = None
    tax_id: TaxId | None = None
    notes: Notes | None = None
    credit_limit: CreditLimit | None = None
    accepts_email: bool = True  # emails about their repairs


@attrs.frozen
class CustomerChanges:
    """Staff change a customer (``PATCH /customers/{id}``, the edit form). Only the fields sent change;
    ``null`` clears an optional one (``name`` is never cleared: null leaves it as it is). A change that
    would leave the customer with neither email nor phone is refused (409)."""

    name: Name | None = None
    email: Email | None = None
    phone: Phone | None = None
    address: Address | None = None
    tax_id: TaxId | None = None
    notes: Notes | None = None
    credit_limit: CreditLimit | None = None
    accepts_email: bool | None = None  # null leaves it as it is


@attrs.frozen
class NewPayment:
    """The customer pays (``POST /customers/{id}/payments``): more than 0; it may leave a credit."""

    amount: Annotated[Decimal, Money(Sign.POSITIVE)]
    method: PaidBy = attrs.field(converter=paid_by)
    description: Description | None = None


@attrs.frozen
class NewAdjustment:
    """An admin corrects a balance (``POST /customers/{id}/adjustments``): + raises it, - lowers it."""

    amount: Annotated[Decimal, Money(Sign.NOT_ZERO)]
    reason: Reason
