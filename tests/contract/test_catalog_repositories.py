"""The catalog's repositories behave alike on every adapter set: unique keys, soft deletes, search."""

from __future__ import annotations

from decimal import Decimal

import pytest

from techstore.application.catalog.commands import ProductQuery
from techstore.application.shared.errors import DuplicateKey
from techstore.application.shared.pages import PageRequest
from techstore.container import Container
from techstore.domain.catalog.categories import Category
from techstore.domain.catalog.products import Product
from tests.contract.conftest import T0


def a_product(sku: str, barcode: str | None = None, name: str = "Thing", price: str = "0.10") -> Product:
    return Product.create(sku=sku, barcode=barcode, name=name, price=Decimal(price), now=T0)


@pytest.mark.parametrize("clash", ["sku", "barcode"])
def test_unique_keys_are_refused_by_name_one_at_a_time_and_in_bulk(container: Container, clash: str) -> None:
    with container.adapters.uow() as uow:
        uow.products.add(a_product("A-1", "4006381333931"))
        uow.commit()
    twin = a_product("A-1" if clash == "sku" else "B-1", "4006381333931" if clash == "barcode" else None)
    with container.adapters.uow() as uow:
        with pytest.raises(DuplicateKey) as one:
            uow.products.add(twin)
        with pytest.raises(DuplicateKey) as bulk:
            uow.products.add_many([a_product("C-1"), twin])
        assert one.value.key == bulk.value.key == clash


@pytest.mark.parametrize("count", [3, 40])
def test_many_products_changed_at_once_are_stored_or_refused_whole(container: Container, count: int) -> None:
    with container.adapters.uow() as uow:
        stored = uow.products.add_many([a_product(f"M-{k:02d}", price="1.00") for k in range(count)])
        uow.commit()
    for k, product in enumerate(stored):
        product.change(now=T0, name=f"Renamed {k}", price=Decimal(k) + Decimal("0.25"),
                       barcode="4006381333931" if k == count - 1 else None)
    with container.adapters.uow() as uow:
        uow.products.update_many(stored)
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        found = uow.products.by_skus_for_update([p.sku for p in stored])
    assert [(found[p.sku].name, found[p.sku].price, found[p.sku].barcode) for p in stored] == [
        (f"Renamed {k}", Decimal(k) + Decimal("0.25"), "4006381333931" if k == count - 1 else None)
        for k in range(count)]
    stored[0].change(now=T0, name="Never stored", barcode="4006381333931")  # the last one's barcode
    with container.adapters.uow() as uow:
        with pytest.raises(DuplicateKey) as clash:
            uow.products.update_many(stored)
    assert clash.value.key == "barcode"
    with container.adapters.uow(read_only=True) as uow:
        assert uow.products.by_skus_for_update([stored[0].sku])[stored[0].sku].name == "Renamed 0"


def test_money_round_trips_exactly(container: Container) -> None:
    with container.adapters.uow() as uow:
        stored = uow.products.add(a_product("A-1", price="9999999999.99"))
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        assert uow.products.get(stored.id).price == Decimal("9999999999.99")


def test_a_deleted_category_frees_its_name(container: Container) -> None:
    with container.adapters.uow() as uow:
        phones = uow.categories.add(Category.create(name="Phones", description="", now=T0))
        with pytest.raises(DuplicateKey):
            uow.categories.add(Category.create(name="PHONES", description="", now=T0))
        uow.categories.delete(phones, T0)
        uow.categories.add(Category.create(name="phones", description="", now=T0))
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        assert [c.name for c in uow.categories.all()] == ["phones"]
        assert uow.categories.get(phones.id) is None


@pytest.mark.parametrize(("text", "found"), [
    ("%", []), ("_", ["A_1"]), ("a_", ["A_1"]), ("\\", []), ("thing", ["AB1", "A_1"]),
])
def test_search_takes_wildcards_literally(container: Container, text: str, found: list[str]) -> None:
    with container.adapters.uow() as uow:
        uow.products.add_many([a_product("A_1"), a_product("AB1")])
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        assert [p.sku for p in uow.products.search(ProductQuery(q=text), PageRequest()).items] == found


def test_products_are_listed_by_sku_in_byte_order(container: Container) -> None:
    skus = ["A1", "A-2", "A_3", "a-0", "B"]
    with container.adapters.uow() as uow:
        uow.products.add_many([a_product(sku) for sku in skus])
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        listed = [p.sku for p in uow.products.search(ProductQuery(), PageRequest()).items]
        exported = [row.product.sku for row in uow.products.export()]
    assert listed == exported == sorted(s.upper() for s in skus)


@pytest.mark.parametrize("text", ["écran", "ÉCRAN", "Écran", "a15 6.5", "straße", "STRASSE"])
def test_search_folds_case_beyond_ascii_alike_everywhere(container: Container, text: str) -> None:
    with container.adapters.uow() as uow:
        uow.products.add_many([a_product("SCR-1", name="Écran Galaxy A15 6.5 Straße"), a_product("OTHER")])
        uow.commit()
    with container.adapters.uow(read_only=True) as uow:
        assert [p.sku for p in uow.products.search(ProductQuery(q=text), PageRequest()).items] == ["SCR-1"]
