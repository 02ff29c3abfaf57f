"""One ``PaymentMethod``, read from its name at the edge: the use cases never see a bare string."""

from __future__ import annotations

import pytest

from techstore.application.customers.commands import NewPayment
from techstore.application.repairs.commands import Delivery
from techstore.application.sales.commands import NewReturn, NewSale
from techstore.domain.shared.errors import ValidationFailed
from techstore.domain.shared.payments import PaymentMethod
from techstore.entrypoints.http.json_body import structure

ANY = "must be one of: cash, card, transfer, account"


def _errors(data: object, kind: type) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as refused:
        structure(data, kind)
    return {error.field: error.message for error in refused.value.errors}


def test_a_sale_reads_every_method_as_the_enum() -> None:
    for method in PaymentMethod:
        sale = structure({"items": [{"product_id": 1, "quantity": 1}],
                          "payments": [{"method": method.value, "amount": "1.00"}]}, NewSale)
        assert sale.payments[0].method is method


@pytest.mark.parametrize("method", ["cheque", "CASH", "", 1, True, None])
def test_an_unknown_method_is_refused_with_the_list(method: object) -> None:
    sale = {"items": [{"product_id": 1, "quantity": 1}], "payments": [{"method": method, "amount": "1.00"}]}
    assert _errors(sale, NewSale) == {"payments[0].method": ANY}
    assert _errors({"items": [], "refunds": [{"method": method, "amount": "1.00"}], "reason": "x"}, NewReturn) == {
        "refunds[0].method": ANY}
    assert _errors({"payments": [{"method": method, "amount": "1.00"}]}, Delivery) == {"payments[0].method": ANY}


def test_an_account_is_paid_by_any_method_but_the_account() -> None:
    assert structure({"amount": "5.00", "method": "card"}, NewPayment).method is PaymentMethod.CARD
    assert _errors({"amount": "5.00", "method": "account"}, NewPayment) == {
        "method": "must be one of: cash, card, transfer"}
