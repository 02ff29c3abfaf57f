"""Bulk demo history for ``techstore demo seed --sales N`` on SQL databases: the one place outside the use cases
that writes sales, returns, stock movements and account charges, and only for demo data. It exists because
the use cases are far too slow for a large history: 100,000 sales placed one by one through ``PlaceSale`` (one
transaction each) take many minutes, where these few executemany statements take well under a minute. It
writes the rows in the shapes the use cases write them, with the domain's own pricing (``priced``, ``totals``)
and numbering, on the project's own tables (handed in by the container: the CLI imports no adapter).

Invariants kept: each product first receives (a ``purchase`` movement) as many units as the history will
sell, so stock never goes below zero and ends where it started plus what came back on the shelf; every
movement's before/after follows the previous one; each account charge continues its customer's chain and the
balance moves with it; every payment and refund is a journal entry (a void's reversed), outside any drawer; sale
and return numbers follow time order and the counters end at the last number.
Voided sales are never on account (no reversal to write) and never returned (the rule); a return brings back
a sale's whole first line the next day, refunded by card or cash exactly its net total.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import attrs
from sqlalchemy import Connection, Engine, Table, insert, select, update
from sqlalchemy.sql.expression import bindparam

from techstore.domain.sales.discounts import Discount
from techstore.domain.sales.returns import return_number
from techstore.domain.sales.sales import PricedProduct, priced, sale_number, totals
from techstore.domain.shared.payments import PaymentMethod

DAYS = 365
OPEN_HOUR, CLOSE_HOUR = 9, 19  # UTC store hours of the demo
VOID_REASON = "Rung up twice"
RETURN_REASON = "Did not suit the customer"


def _refund_method(first_paid_by: PaymentMethod) -> PaymentMethod:
    """A return refunds by cash a sale paid in cash, by card any other."""
    return PaymentMethod.CASH if first_paid_by is PaymentMethod.CASH else PaymentMethod.CARD


def _at(rng: random.Random, now: datetime, days: int) -> datetime:
    day = (now - timedelta(days=rng.randint(1, days))).date()
    moment = datetime.combine(day, time(OPEN_HOUR), tzinfo=UTC)
    return moment + timedelta(seconds=rng.randrange((CLOSE_HOUR - OPEN_HOUR) * 3600))


@attrs.frozen
class HistoryLoaded:
    sales: int
    voided: int
    returns: int
    on_account: int


def load_bulk_history(engine: Engine, tables: Mapping[str, Table], count: int, now: datetime,
                      seed: int = 2026, days: int = DAYS) -> HistoryLoaded:
    """``count`` sales before ``now`` (the past ``days`` days, store hours), in one transaction."""
    with engine.begin() as connection:
        return _BulkHistory(connection, tables).load(count, now, seed, days)


class _BulkHistory:
    def __init__(self, connection: Connection, tables: Mapping[str, Table]) -> None:
        self._db = connection
        self._t = tables

    def load(self, count: int, now: datetime, seed: int, days: int = DAYS) -> HistoryLoaded:
        rng = random.Random(seed)
        db = self._db
        users, products, customers, counters = (self._t[name] for name in ("users", "products", "customers",
                                                                            "counters"))
        sales, sale_items, sale_payments = self._t["sales"], self._t["sale_items"], self._t["sale_payments"]
        returns, return_items, return_refunds = self._t["returns"], self._t["return_items"], self._t["return_refunds"]
        sellers = [row[0] for row in db.execute(select(users.c.id).where(users.c.is_active).order_by(users.c.id))]
        catalogue = db.execute(select(products.c.id, products.c.sku, products.c.name, products.c.price,
                                      products.c.cost, products.c.stock)
                               .where(products.c.deleted_at.is_(None), products.c.is_active,
                                      # Serialized products sell unit by unit, through the use cases only.
                                      products.c.serial_kind.is_(None))
                               .order_by(products.c.id)).all()
        debtors = db.execute(select(customers.c.id, customers.c.balance)
                             .where(customers.c.deleted_at.is_(None), customers.c.credit_limit.is_(None))
                             .order_by(customers.c.id)).all()
        if not sellers or not catalogue:
            raise RuntimeError("seed users and a catalogue first")
        last = dict(db.execute(select(counters.c.name, counters.c.value)).all())
        sale_no, return_no = last.get("sale", 0), last.get("return", 0)
        # A few products sell far more than the rest, as in a real shop.
        weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(catalogue))]
        rng.shuffle(weights)

        plans: list[dict[str, Any]] = []
        for moment in sorted(_at(rng, now, days) for _ in range(count)):
            chosen = rng.choices(catalogue, weights, k=rng.choice((1, 1, 1, 2, 2, 3)))
            quantities: dict[int, tuple[Any, int]] = {}
            for row in chosen:
                quantities[row[0]] = (row, quantities.get(row[0], (row, 0))[1] + rng.choice((1, 1, 1, 2, 3)))
            items = [priced(PricedProduct(r[0], r[1], r[2], r[3], r[4]), q) for r, q in quantities.values()]
            sale = totals(items, Discount.percent_of(Decimal(5)) if rng.random() < 0.1 else None)
            roll = rng.random()
            customer = None
            if roll < 0.05 and debtors:
                customer = rng.choice(debtors)[0]
                payments = [(PaymentMethod.ACCOUNT, sale.total)]
            elif roll < 0.10:
                payments = [(PaymentMethod.TRANSFER, sale.total)]
            elif roll < 0.40:
                payments = [(PaymentMethod.CASH, sale.total)]
            elif roll < 0.45 and sale.total >= Decimal("20.00"):
                cash = Decimal(10 * rng.randint(1, int(sale.total // 20)))
                payments = ([(PaymentMethod.CASH, cash), (PaymentMethod.CARD, sale.total - cash)]
                            if cash < sale.total else [(PaymentMethod.CASH, cash)])
            else:
                payments = [(PaymentMethod.CARD, sale.total)]
            sale_no += 1
            voided = customer is None and rng.random() < 0.02
            plans.append({"number": sale_number(sale_no), "at": moment, "seller": rng.choice(sellers),
                          "customer": customer, "sale": sale, "payments": payments, "voided": voided,
                          "returned": not voided and rng.random() < 0.03 and moment + timedelta(days=1) < now})

        ids = db.execute(insert(sales).returning(sales.c.id, sort_by_parameter_order=True), [
            {"number": p["number"], "status": "voided" if p["voided"] else "completed", "customer_id": p["customer"],
             "user_id": p["seller"], "subtotal": p["sale"].subtotal, "discount": p["sale"].discount,
             "total": p["sale"].total, "notes": None, "void_reason": VOID_REASON if p["voided"] else None,
             "voided_by": p["seller"] if p["voided"] else None,
             "voided_at": p["at"] + timedelta(minutes=5) if p["voided"] else None,
             "created_at": p["at"], "updated_at": p["at"], "refunded_total": Decimal("0.00")} for p in plans
        ]).scalars().all()
        for plan, sale_id in zip(plans, ids, strict=True):
            plan["id"] = sale_id
        db.execute(insert(sale_items), [
            {"sale_id": p["id"], "product_id": i.product_id, "sku": i.sku, "name": i.name, "quantity": i.quantity,
             "unit_price": i.unit_price, "line_total": i.line_total, "discount_share": i.discount_share,
             "discount": i.discount, "unit_cost": i.unit_cost} for p in plans for i in p["sale"].items])
        db.execute(insert(sale_payments), [{"sale_id": p["id"], "method": m.value, "amount": a}
                                           for p in plans for m, a in p["payments"]])

        # Returns: the first line, the next day, in time order for their numbers.
        returned = sorted((p for p in plans if p["returned"]), key=lambda p: p["at"])
        if returned:
            for plan in returned:
                return_no += 1
                line = plan["sale"].items[0]
                plan["return"] = (return_number(return_no), line, plan["at"] + timedelta(days=1))
            return_ids = db.execute(insert(returns).returning(returns.c.id, sort_by_parameter_order=True), [
                {"number": p["return"][0], "sale_id": p["id"], "total": p["return"][1].total,
                 "reason": RETURN_REASON, "refund_id": None, "created_by": p["seller"], "created_at": p["return"][2]}
                for p in returned]).scalars().all()
            for plan, return_id in zip(returned, return_ids, strict=True):
                plan["return_id"] = return_id
            db.execute(insert(return_items), [
                {"return_id": p["return_id"], "product_id": p["return"][1].product_id, "sku": p["return"][1].sku,
                 "name": p["return"][1].name, "quantity": p["return"][1].quantity,
                 "refund_amount": p["return"][1].total, "restocked": True} for p in returned])
            db.execute(insert(return_refunds), [
                {"return_id": p["return_id"], "method": _refund_method(p["payments"][0][0]).value,
                 "amount": p["return"][1].total} for p in returned])
            db.execute(update(sales).where(sales.c.id == bindparam("sid")).values(refunded_total=bindparam("r")),
                       [{"sid": p["id"], "r": p["return"][1].total} for p in returned])

        self._stock(plans, returned, now)
        on_account = self._charges(plans, dict((cid, balance) for cid, balance in debtors))
        self._journal(plans, returned)
        for name, value in (("sale", sale_no), ("return", return_no)):
            if name in last:
                db.execute(update(counters).where(counters.c.name == name).values(value=value))
            elif value:
                db.execute(insert(counters).values(name=name, value=value))
        return HistoryLoaded(len(plans), sum(1 for p in plans if p["voided"]), len(returned), on_account)

    def _stock(self, plans: list[dict[str, Any]], returned: list[dict[str, Any]], now: datetime) -> None:
        """A purchase per product of what the history sells, then every movement in time order."""
        events: list[tuple[datetime, int, int, str, int | None, int | None, int]] = []
        for p in plans:
            for item in p["sale"].items:
                events.append((p["at"], item.product_id, -item.quantity, "sale", p["id"], None, p["seller"]))
                if p["voided"]:
                    events.append((p["at"] + timedelta(minutes=5), item.product_id, item.quantity, "sale_void",
                                   p["id"], None, p["seller"]))
        for p in returned:
            line = p["return"][1]
            events.append((p["return"][2], line.product_id, line.quantity, "return", None, p["return_id"],
                           p["seller"]))
        sold: dict[int, int] = defaultdict(int)
        for _, product_id, quantity, kind, *_rest in events:
            if kind == "sale":
                sold[product_id] += -quantity
        if not sold:
            return
        products, stock_movements = self._t["products"], self._t["stock_movements"]
        stock = dict(self._db.execute(select(products.c.id, products.c.stock)
                                      .where(products.c.id.in_(list(sold)))).all())
        start = min(e[0] for e in events) - timedelta(days=1)
        receiver = plans[0]["seller"]
        rows = []
        for product_id in sorted(sold):
            before = stock[product_id]
            stock[product_id] = before + sold[product_id]
            rows.append({"product_id": product_id, "kind": "purchase", "quantity": sold[product_id],
                         "stock_before": before, "stock_after": stock[product_id], "reason": "Demo stock for history",
                         "sale_id": None, "return_id": None, "repair_id": None, "created_by": receiver,
                         "created_at": start})
        for at, product_id, quantity, kind, sale_id, return_id, user_id in sorted(events, key=lambda e: e[0]):
            before = stock[product_id]
            stock[product_id] = before + quantity
            rows.append({"product_id": product_id, "kind": kind, "quantity": quantity, "stock_before": before,
                         "stock_after": stock[product_id], "reason": "", "sale_id": sale_id, "return_id": return_id,
                         "repair_id": None, "created_by": user_id, "created_at": at})
        self._db.execute(insert(stock_movements), rows)
        self._db.execute(update(products).where(products.c.id == bindparam("pid"))
                         .values(stock=bindparam("s"), updated_at=bindparam("u")),
                         [{"pid": pid, "s": stock[pid], "u": now} for pid in sorted(sold)])

    def _charges(self, plans: list[dict[str, Any]], balances: dict[int, Decimal]) -> int:
        """Each account sale charges its customer: the chain continues from the balance as it stands."""
        charged = [p for p in plans if p["customer"] is not None]
        if not charged:
            return 0
        account_movements, sales, customers = self._t["account_movements"], self._t["sales"], self._t["customers"]
        rows = []
        for p in charged:
            before = balances[p["customer"]]
            balances[p["customer"]] = before + p["sale"].total
            rows.append({"customer_id": p["customer"], "type": "charge", "amount": p["sale"].total,
                         "balance_before": before, "balance_after": balances[p["customer"]],
                         "description": f"Sale {p['number']}", "method": None, "sale_id": p["id"], "repair_id": None,
                         "reverses_id": None, "created_by": p["seller"], "created_at": p["at"]})
        movement_ids = self._db.execute(
            insert(account_movements).returning(account_movements.c.id, sort_by_parameter_order=True),
            rows).scalars().all()
        for plan, movement_id in zip(charged, movement_ids, strict=True):
            plan["charge_id"] = movement_id
        self._db.execute(update(sales).where(sales.c.id == bindparam("sid")).values(charge_id=bindparam("mid")),
                         [{"sid": p["id"], "mid": p["charge_id"]} for p in charged])
        touched = sorted({p["customer"] for p in charged})
        self._db.execute(update(customers).where(customers.c.id == bindparam("cid")).values(balance=bindparam("b")),
                         [{"cid": cid, "b": balances[cid]} for cid in touched])
        return len(charged)


    def _journal(self, plans: list[dict[str, Any]], returned: list[dict[str, Any]]) -> None:
        """The money journal, as the tenders service writes it: a ``sale`` entry per payment, a ``refund``
        entry per refund (out), then a ``reversal`` of each entry of a voided sale. No drawer was open."""
        journal = self._t["journal_entries"]

        def entry(kind: str, method: PaymentMethod, amount: Decimal, plan: dict[str, Any], at: datetime,
                  return_id: int | None = None) -> dict[str, Any]:
            account = method is PaymentMethod.ACCOUNT and return_id is None
            return {"kind": kind, "method": method.value, "amount": amount, "sale_id": plan["id"],
                    "return_id": return_id, "repair_id": None, "customer_id": plan["customer"],
                    "movement_id": plan.get("charge_id") if account else None, "cash_session_id": None,
                    "user_id": plan["seller"], "created_at": at, "note": None, "reverses_id": None}

        taken = [(plan, entry("sale", method, amount, plan, plan["at"]))
                 for plan in plans for method, amount in plan["payments"]]
        refunds = [(p["return"][2], entry("refund", _refund_method(p["payments"][0][0]), -p["return"][1].total,
                                          p, p["return"][2], p["return_id"])) for p in returned]
        rows = sorted([(plan["at"], row) for plan, row in taken] + refunds, key=lambda pair: pair[0])
        ids = self._db.execute(insert(journal).returning(journal.c.id, sort_by_parameter_order=True),
                               [row for _, row in rows]).scalars().all()
        voided = {plan["id"] for plan in plans if plan["voided"]}  # voided when placed plus 5 minutes, by the seller
        reversals = [{**row, "kind": "reversal", "amount": -row["amount"],
                      "created_at": row["created_at"] + timedelta(minutes=5), "reverses_id": entry_id}
                     for (_, row), entry_id in zip(rows, ids, strict=True)
                     if row["kind"] == "sale" and row["sale_id"] in voided]
        if reversals:
            self._db.execute(insert(journal), reversals)
