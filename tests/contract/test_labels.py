"""Labels' use cases on every adapter set: the products read in one go (``products.many``: live ones only),
the label each gets (its EAN-13, EAN-8 or UPC-A code; the store's own code
as Code 128; with no barcode its SKU as Code 128), and the refusals per field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from techstore.application.catalog.commands import NewProduct
from techstore.application.catalog.labels import LabelItem, NewLabels
from techstore.container import Container
from techstore.domain.catalog.labels import BarcodeSymbol, LabelLayout, Symbology
from techstore.domain.identity.users import Role
from techstore.domain.shared.errors import ValidationFailed

D = Decimal


def test_labels_name_each_product_s_code_and_refuse_what_they_cannot_print(container: Container) -> None:
    boss = container.identity.provision_user()("boss", "boss-password-1", role=Role.ADMIN)
    create = container.catalog.create_product()
    ean = create(boss, NewProduct("EAN", "Ear pods", D("49.90"), barcode="4006381333931"))
    upc = create(boss, NewProduct("UPC", "US charger", D("19.00"), barcode="036000291452"))
    own = create(boss, NewProduct("OWN-1", "Own code", D("2.00"), barcode="123456789"))  # 9 digits: the store's
    text = create(boss, NewProduct("OWN-2", "Own text", D("3.00"), barcode="ts-000123/a"))  # the store's, as text
    plain = create(boss, NewProduct("PLAIN", "Plain", D("1.00")))
    gone = create(boss, NewProduct("GONE", "Gone", D("1.00")))
    container.catalog.delete_product()(boss, gone.id)
    with container.adapters.uow(read_only=True) as uow:
        found = uow.products.many([ean.id, gone.id, plain.id, 999_999])
    assert sorted(found) == sorted([ean.id, plain.id])

    print_labels = container.catalog.print_labels()
    sheet = print_labels(boss, NewLabels([LabelItem(ean.id, 25), LabelItem(upc.id), LabelItem(own.id, 2),
                                          LabelItem(plain.id), LabelItem(text.id)], LabelLayout.A4_3X8))
    assert [(label.sku, label.price, label.symbol, label.quantity) for label in sheet.labels] == [
        ("EAN", D("49.90"), BarcodeSymbol(Symbology.EAN13, "4006381333931"), 25),
        ("UPC", D("19.00"), BarcodeSymbol(Symbology.UPCA, "036000291452"), 1),
        ("OWN-1", D("2.00"), BarcodeSymbol(Symbology.CODE128, "123456789"), 2),  # the store's code, not the SKU
        ("PLAIN", D("1.00"), BarcodeSymbol(Symbology.CODE128, "PLAIN"), 1),  # no barcode: the SKU
        ("OWN-2", D("3.00"), BarcodeSymbol(Symbology.CODE128, "TS-000123/A"), 1),  # stored upper-case
    ]
    assert (sheet.count, sheet.pages) == (30, 2)
    assert print_labels(boss, NewLabels([LabelItem(ean.id, 3)], "roll-50x30")).pages == 3  # type: ignore[arg-type]

    def refused(items: list[LabelItem]) -> list[str]:
        with pytest.raises(ValidationFailed) as error:
            print_labels(boss, NewLabels(items))
        return [e.field for e in error.value.errors]

    assert refused([LabelItem(ean.id), LabelItem(gone.id), LabelItem(999_999)]) == [
        "items[1].product_id", "items[2].product_id"]
    assert refused([LabelItem(ean.id, 0), LabelItem(ean.id, 501)]) == ["items[0].quantity", "items[1].quantity"]
    assert refused([LabelItem(ean.id, 500)] * 4 + [LabelItem(plain.id)]) == ["items"]
    assert refused([]) == ["items"]
    finder = container.catalog.find_label_product()
    codes = ("ean", "036000291452", "ts-000123/A", "123456789", "gone", "nope", "")
    assert [finder(boss, code) and finder(boss, code).id for code in codes] \
        == [ean.id, upc.id, text.id, own.id, None, None, None]
