"""CSV import and export of the catalogue.

Import is all or nothing: every row is validated first (against the file and
against the store), and on any bad row nothing is imported and every bad row is
reported by line number and column. Then, in one transaction, a row whose SKU is
new creates a product (its stock an ``initial`` movement) and a row whose SKU
exists updates that product: the columns present in the file, nothing else; a
different stock is an ``adjustment`` movement with the reason "CSV import".
Import never deletes products, never creates, renames or deletes categories, and
never touches products the file does not name. Admins only (it may adjust stock).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from techstore.application.catalog.csv_format import CsvFile, CsvRow, read_csv, unquote_formula, write_csv
from techstore.application.catalog.ports import CatalogUnitOfWork, CatalogUnitOfWorkFactory
from techstore.application.shared.collector import collector_paused
from techstore.application.shared.errors import DuplicateKey
from techstore.domain.catalog import rules
from techstore.domain.catalog.categories import Category, category_key
from techstore.domain.catalog.products import Product, money_problem
from techstore.domain.catalog.stock import NO_REFERENCE, MovementKind, StockMovement
from techstore.domain.identity.users import User, require_manager
from techstore.domain.shared.clock import Clock
from techstore.domain.shared.errors import Conflict, FieldError, ValidationFailed
from techstore.domain.shared.money import InvalidAmount, parse_money

IMPORT_REASON = "CSV import"
YES = frozenset({"yes", "true", "1", "y"})
NO = frozenset({"no", "false", "0", "n"})


@attrs.frozen
class ImportResult:
    created: int
    updated: int
    unchanged: int
    stock_movements: int


@attrs.frozen
class _Row:
    """A validated row: the values of the columns the file has (``stock`` None: leave it)."""

    line: int
    sku: str
    values: dict[str, Any]
    stock: int | None


class ExportProducts:
    """The catalogue as CSV text (products that are not deleted, by SKU)."""

    def __init__(self, uow: CatalogUnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, actor: User) -> str:
        with self._uow(read_only=True) as uow:
            return write_csv(list(uow.products.export()))


class ImportProducts:
    def __init__(self, uow: CatalogUnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, actor: User, data: bytes) -> ImportResult:
        require_manager(actor)
        assert actor.id is not None
        with collector_paused():  # thousands of rows, products and parameters, all alive until the end
            return self._import(actor.id, data)

    def _import(self, actor_id: int, data: bytes) -> ImportResult:
        parsed = read_csv(data)
        now = self._clock.now()
        with self._uow() as uow:
            categories = {c.key: c for c in uow.categories.all()}
            errors: list[FieldError] = []
            rows = _validate(parsed, categories, errors)
            existing = uow.products.by_skus_for_update([r.sku for r in rows])
            _check_against_store(uow, rows, existing, errors)
            if errors:
                errors.sort(key=lambda e: int(e.field.split(",")[0].removeprefix("line ")))
                lines = len({e.field.split(",")[0] for e in errors})
                bad = "1 bad row" if lines == 1 else f"{lines} bad rows"
                raise ValidationFailed(errors, detail=f"{bad}; nothing was imported.")
            result = _apply(uow, rows, existing, actor_id, now)
            uow.commit()
        return result


def _validate(parsed: CsvFile, categories: dict[str, Category], errors: list[FieldError]) -> list[_Row]:
    rows, seen_skus, seen_barcodes = [], dict[str, int](), dict[str, int]()
    for row in parsed.rows:
        if row.width != len(parsed.columns):
            # Its cells cannot be matched to columns (a decimal comma in a comma-separated file splits
            # a price in two and shifts the rest): checking them would blame the wrong column.
            errors.append(FieldError(f"line {row.line}", _width_problem(row.width, len(parsed.columns),
                                                                        parsed.decimal_comma)))
            continue
        problems: list[tuple[str, str]] = []
        values = _row_values(row, parsed, categories, problems)
        sku = rules.normalise_sku(row.cells["sku"])
        if sku in seen_skus:
            problems.append(("sku", f"{sku} is also on line {seen_skus[sku]}"))
        seen_skus.setdefault(sku, row.line)
        barcode = values.get("barcode")
        if barcode:
            if barcode in seen_barcodes:
                problems.append(("barcode", f"{barcode} is also on line {seen_barcodes[barcode]}"))
            seen_barcodes.setdefault(barcode, row.line)
        errors.extend(FieldError(f"line {row.line}, {column}", message) for column, message in problems)
        stock = values.pop("stock", None)
        rows.append(_Row(row.line, sku, values, stock))
    return rows


def _width_problem(cells: int, header: int, decimal_comma: bool) -> str:
    message = f"has {cells} {'cell' if cells == 1 else 'cells'} but the header has {header}"
    if cells > header and not decimal_comma:
        message += ("; a decimal comma splits a number in two in a comma-separated file: write 59.99, "
                    "or put the number in quotes")
    return message


def _row_values(row: CsvRow, parsed: CsvFile, categories: dict[str, Category],
                problems: list[tuple[str, str]]) -> dict[str, Any]:
    cells = {k: v.strip() for k, v in row.cells.items()}
    values: dict[str, Any] = {}

    def check(column: str, problem: str | None) -> None:
        if problem is not None:
            problems.append((column, problem))

    check("sku", rules.sku_problem(cells["sku"]))
    name = unquote_formula(cells["name"])
    check("name", rules.line_problem(name, rules.NAME_MAX_LENGTH))
    values["name"] = name
    values["price"] = _amount(cells["price"], parsed.decimal_comma, "price", problems, required=True)
    if "cost" in cells:
        values["cost"] = _amount(cells["cost"], parsed.decimal_comma, "cost", problems, required=False)
    if "barcode" in cells:
        check("barcode", rules.barcode_problem(cells["barcode"] or None))
        # Upper-case, as stored: the file's duplicates and the store's owners are found in any letter case.
        values["barcode"] = rules.normalise_barcode(cells["barcode"]) or None
    if "description" in cells:
        values["description"] = unquote_formula(row.cells["description"].strip())
        check("description", rules.description_problem(values["description"]))
    if "category" in cells:
        category_name = unquote_formula(cells["category"])
        category = categories.get(category_key(category_name)) if category_name else None
        if category_name and category is None:
            check("category", f"no category is named {category_name!r} (import does not create categories)")
        values["category_id"] = category.id if category else None
    for column in ("stock", "min_stock"):
        if cells.get(column):
            number = _count(cells[column])
            check(column, None if number is not None else f"must be a whole number from 0 to {rules.MAX_STOCK}")
            values[column] = number
    if cells.get("is_active"):
        flag = cells["is_active"].lower()
        check("is_active", None if flag in YES | NO else "must be yes or no")
        values["is_active"] = flag in YES
    return values


def _amount(text: str, decimal_comma: bool, column: str, problems: list[tuple[str, str]], *,
            required: bool) -> Decimal | None:
    if not text:
        if required:
            problems.append((column, "is required"))
        return None
    if decimal_comma and "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        amount = parse_money(text)
    except InvalidAmount as error:
        problems.append((column, str(error)))
        return None
    problem = money_problem(amount)
    if problem:
        problems.append((column, problem))
    return amount


def _count(text: str) -> int | None:
    if not text.isascii() or not text.isdigit() or len(text) > 7:
        return None
    number = int(text)
    return number if number <= rules.MAX_STOCK else None


def _check_against_store(uow: CatalogUnitOfWork, rows: Sequence[_Row], existing: dict[str, Product] | Any,
                         errors: list[FieldError]) -> None:
    owners = uow.products.skus_by_barcodes([row.values["barcode"] for row in rows if row.values.get("barcode")])
    for row in rows:
        product = existing.get(row.sku)
        if product is not None and product.is_deleted:
            errors.append(FieldError(f"line {row.line}, sku", f"{row.sku} belongs to a deleted product"))
        elif product is not None and product.is_serialized and row.stock is not None and row.stock != product.stock:
            # Its stock is its units in stock: it moves only with their serials (stock movements, sales).
            errors.append(FieldError(f"line {row.line}, stock",
                                     f"{row.sku} is serialized: its stock changes only by movements naming "
                                     f"serials ({product.stock} in stock)"))
        barcode = row.values.get("barcode")
        owner = owners.get(barcode) if barcode else None
        if owner is not None and owner != row.sku:
            errors.append(FieldError(f"line {row.line}, barcode", f"{barcode} belongs to {owner}"))


def _apply(uow: CatalogUnitOfWork, rows: Sequence[_Row], existing: Any, user_id: int, now: Any) -> ImportResult:
    new: list[tuple[_Row, Product]] = []
    changed: list[Product] = []
    moves: list[tuple[Product, MovementKind, int]] = []
    unchanged = 0
    for row in rows:
        product = existing.get(row.sku)
        if product is None:
            new.append((row, Product.create(sku=row.sku, now=now, **row.values)))
            continue
        before = {field: getattr(product, field) for field in row.values}
        product.change(now=now, **row.values)
        differs = any(getattr(product, field) != value for field, value in before.items())
        if differs:
            changed.append(product)
        if row.stock is not None and row.stock != product.stock:
            moves.append((product, MovementKind.ADJUSTMENT, row.stock - product.stock))
        elif not differs:
            unchanged += 1
    try:
        created = uow.products.add_many([p for _, p in new])
        uow.products.update_many(changed)
    except DuplicateKey as error:  # a concurrent change since the checks: refuse the whole file
        raise Conflict(f"Another product took a {error.key} of this file meanwhile; nothing was imported.") from None
    moves += [(p, MovementKind.INITIAL, row.stock) for (row, _), p in zip(new, created, strict=True) if row.stock]
    # Rows are new in this transaction or locked by it: before and after are known exactly.
    uow.products.change_stock_many([(p.id, quantity) for p, _, quantity in moves if p.id is not None])
    uow.stock_movements.add_batch([
        StockMovement(None, p.id, kind, quantity, p.stock, p.stock + quantity,
                      IMPORT_REASON if kind is MovementKind.ADJUSTMENT else "Initial stock (CSV import)",
                      NO_REFERENCE, user_id, now)
        for p, kind, quantity in moves if p.id is not None
    ])
    updated = len({p.id for p in changed} | {p.id for p, kind, _ in moves if kind is MovementKind.ADJUSTMENT})
    return ImportResult(len(new), updated, unchanged, len(moves))
