"""The dashboard (the first page after signing in) and the reports page with its CSV downloads."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from techstore.application.shared.pages import MAX_LIMIT, PageRequest
from techstore.domain.reports.figures import SalesReport
from techstore.domain.shared.errors import FieldError, ValidationFailed
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.params import DateQuery
from techstore.entrypoints.http.seam import Call
from techstore.entrypoints.web.charts import daily_net_chart
from techstore.entrypoints.web.guard import Page
from techstore.entrypoints.web.templates import render, store_locale

FROM = DateQuery("from")
TO = DateQuery("to")
SECTIONS = ("by_day", "by_payment_method", "by_category", "by_product", "top_by_revenue", "top_by_units",
            "returns", "margin", "repairs", "tax_by_rate", "receivables")


def home(call: Call) -> Response:
    request = call.request
    dashboard = call.services.reports.dashboard()(call.user)
    chart = daily_net_chart(dashboard.last_days, "daily-net", request.app.state.settings.currency,
                            store_locale(request))
    return render(request, "home.html", {"nav_active": "dashboard", "d": dashboard, "chart": chart,
                                         "timezone": request.app.state.settings.timezone})


def _period(request: Request, today: date) -> tuple[date, date, dict[str, str], dict[str, str]]:
    """The asked range (default: this month so far) with what was typed and the problems per field."""
    errors: list[FieldError] = []
    typed = {name: request.query_params.get(name, "") for name in ("from", "to")}
    first = FROM.read(request, errors) if typed["from"] else today.replace(day=1)
    last = TO.read(request, errors) if typed["to"] else today
    return first or today, last or today, typed, {e.field: e.message for e in errors}


def reports_page(call: Call) -> Response:
    request, reports = call.request, call.services.reports
    first, last, typed, problems = _period(request, reports.dashboard().today())
    report, receivables = None, None
    if not problems:
        try:
            report = reports.sales_report()(call.user, first, last)
        except ValidationFailed as error:
            problems = {e.field: e.message for e in error.errors}
    if report is not None:
        receivables = reports.receivables()(call.user, PageRequest(limit=20))
    context = {"nav_active": "reports", "report": report, "receivables": receivables, "problems": problems,
               "shown": {"from": typed["from"] or first.isoformat(), "to": typed["to"] or last.isoformat()},
               "timezone": request.app.state.settings.timezone}
    return render(request, "reports/index.html", context, status_code=422 if problems else 200)


def _rows(report: SalesReport | None, section: str, receivables: Sequence[Any]) -> tuple[list[str], Iterable[Any]]:
    if section == "receivables":
        return ["customer_id", "name", "balance"], ([r.customer_id, r.name, r.balance] for r in receivables)
    assert report is not None
    if section == "by_day":
        return (["day", "sales_count", "sales_amount", "returns_count", "refunded", "repairs_count", "repairs_amount",
                 "net", "money_net"],
                ([d.day.isoformat(), d.sales_count, d.sales_amount, d.returns_count, d.refunded, d.repairs_count,
                  d.repairs_amount, d.net, d.money_net] for d in report.by_day))
    if section == "by_payment_method":
        return (["method", "payments_count", "taken", "refunds_count", "refunded", "net", "outside_drawer"],
                ([m.method, m.payments_count, m.taken, m.refunds_count, m.refunded, m.net, m.outside_drawer]
                 for m in report.by_method))
    if section == "repairs":
        f = report.repairs
        return ["repairs", "total", "parts", "labour"], [[f.count, f.total, f.parts, f.labour]]
    margins = ["units", "revenue", "cost", "margin", "margin_percent", "revenue_without_cost"]
    if section == "by_category":
        return (["category_id", "category", *margins],
                ([c.category_id or "", c.name, c.units, c.revenue, c.cost, c.margin, _percent(c.margin_percent),
                  c.revenue_without_cost] for c in report.by_category))
    if section == "by_product":
        return (["product_id", "sku", "name", *margins],
                ([p.product_id, p.sku, p.name, p.units, p.revenue, p.cost, p.margin, _percent(p.margin_percent),
                  p.revenue_without_cost] for p in report.by_product))
    if section in ("top_by_revenue", "top_by_units"):
        found = report.top_by_revenue if section == "top_by_revenue" else report.top_by_units
        return (["product_id", "sku", "name", "units", "revenue"],
                ([p.product_id, p.sku, p.name, p.units, p.revenue] for p in found))
    if section == "tax_by_rate":
        return (["rate", "percent", "net", "tax", "total"],
                ([t.name, t.percent, t.net, t.tax, t.total] for t in report.taxes))
    if section == "returns":
        r = report.returns
        return ["returns", "units", "restocked_units", "refunded"], [[r.count, r.units, r.restocked_units, r.refunded]]
    m = report.margin
    return (["revenue", "cost", "margin", "margin_percent", "lines_with_cost", "lines_without_cost",
             "revenue_without_cost"],
            [[m.revenue, m.cost, m.margin, _percent(m.margin_percent), m.lines_with_cost, m.lines_without_cost,
              m.revenue_without_cost]])


def _percent(value: Decimal | None) -> Decimal | str:
    return "" if value is None else value


def _safe(value: Any) -> Any:
    """A cell a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def report_csv(call: Call) -> Response:
    request, reports = call.request, call.services.reports
    section = request.query_params.get("section", "")
    errors: list[FieldError] = []
    if section not in SECTIONS:
        errors.append(FieldError("section", "must be one of " + ", ".join(SECTIONS)))
    first, last = FROM.read(request, errors), TO.read(request, errors)
    if errors:
        raise ValidationFailed(errors)
    report, receivables = None, []
    if section == "receivables":
        offset = 0
        while True:  # every debtor, a page at a time
            page = reports.receivables()(call.user, PageRequest(MAX_LIMIT, offset))
            receivables.extend(page.items)
            offset += MAX_LIMIT
            if offset >= page.total:
                break
    else:
        report = reports.sales_report()(call.user, first, last)
    header, rows = _rows(report, section, receivables)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe(value) for value in row])
    name = f"{section}.csv" if report is None else f"sales-{section}-{first}-to-{last}.csv"
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


routes = [
    Page("/", home, access=Access.SIGNED_IN),
    Page("/reports", reports_page, access=Access.COUNTER),
    Page("/reports/sales.csv", report_csv, access=Access.COUNTER),
]
