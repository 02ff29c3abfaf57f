"""Forms are read into typed commands by the API's own converter (issue 6)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest

from techstore.domain.shared.errors import Conflict, NotFound, ValidationFailed
from techstore.entrypoints.web.pages.forms import FORM_ERROR, form_errors, structure_form
from techstore.entrypoints.web.store_locale import StoreLocale


@attrs.frozen
class Receive:
    name: str
    quantity: int
    price: Decimal
    arrives: date
    restock: bool
    note: str | None = None
    secret: str = attrs.field(default="", repr=False)


def read(posted: dict[str, str]) -> Receive:
    return structure_form(posted, Receive, StoreLocale.of("en_US"))


def test_text_numbers_money_dates_and_checkboxes_become_typed_values() -> None:
    command = read({"name": "  USB-C cable ", "quantity": "3", "price": "12.50", "arrives": "2026-12-01",
                    "restock": "on", "note": "", "secret": " kept as typed "})
    assert command == Receive("USB-C cable", 3, Decimal("12.50"), date(2026, 12, 1), True, None, " kept as typed ")


def test_an_unticked_checkbox_is_false() -> None:
    assert read({"name": "x", "quantity": "1", "price": "1", "arrives": "2026-12-01"}).restock is False


def test_every_bad_or_missing_field_is_named_with_the_apis_messages() -> None:
    with pytest.raises(ValidationFailed) as refused:
        read({"name": "   ", "quantity": "three", "price": "1.999", "arrives": "tomorrow"})
    messages = {e.field: e.message for e in refused.value.errors}
    assert messages["name"] == "is required"
    assert messages["quantity"] == "must be a whole number"
    assert "two decimal places" in messages["price"] or "decimal" in messages["price"]
    assert messages["arrives"] == "must be a date such as 2026-01-31"


def test_refusals_map_to_the_field_they_belong_next_to() -> None:
    assert form_errors(Conflict("The username 'sam' is taken.", field="username")) == {
        "username": "The username 'sam' is taken."}
    assert form_errors(NotFound("gone")) == {FORM_ERROR: "gone"}


def test_digits_that_are_not_ascii_are_a_field_error_not_a_crash() -> None:
    with pytest.raises(ValidationFailed) as refused:
        read({"name": "x", "quantity": "²", "price": "1", "arrives": "2026-12-01"})
    assert [e.field for e in refused.value.errors] == ["quantity"]
