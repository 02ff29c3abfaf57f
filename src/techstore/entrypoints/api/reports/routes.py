"""Reports (API.md, "Reports"): the sales report for a range of local days, and the receivables."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from techstore.domain.reports.days import MAX_DAYS
from techstore.domain.shared.errors import FieldError, ValidationFailed
from techstore.entrypoints.api.guard import Api
from techstore.entrypoints.api.pagination import PAGINATION, page_request
from techstore.entrypoints.api.reports.schemas import ReceivableOut, ReceivablePageOut, SalesReportOut
from techstore.entrypoints.api.responses import json_response
from techstore.entrypoints.http.access import Access
from techstore.entrypoints.http.params import DateQuery
from techstore.entrypoints.http.seam import Call

_RANGE = (f"Any range up to a century: at most {MAX_DAYS} days from `from` to `to`, both included; dates from "
          "1970-01-01 to 9999-12-30; "
          "days are the store's local days (TECHSTORE_TIMEZONE).")


class ReportDate(DateQuery):
    """A report's date: the schema also states the years a report may name (1970 and later)."""

    @property
    def schema(self) -> dict[str, Any]:
        return {**super().schema, "pattern": "^(19[7-9][0-9]|[2-9][0-9]{3})-[0-9]{2}-[0-9]{2}$"}


FROM = ReportDate("from", "The first local day of the report, included. " + _RANGE, required=True)
TO = ReportDate("to", "The last local day of the report, included, not before `from`. " + _RANGE, required=True)


def sales_report(call: Call) -> Response:
    errors: list[FieldError] = []
    first, last = FROM.read(call.request, errors), TO.read(call.request, errors)
    if errors:
        raise ValidationFailed(errors)
    reports = call.services.reports
    return json_response(SalesReportOut.of(reports.sales_report()(call.user, first, last)))


def receivables(call: Call) -> Response:
    page_asked = page_request(call.request)
    reports = call.services.reports
    page = reports.receivables()(call.user, page_asked)
    return json_response(ReceivablePageOut([ReceivableOut.of(r) for r in page.items], page.total, page.limit,
                                           page.offset))


routes = [
    Api("/reports/sales", sales_report, methods=["GET"], access=Access.COUNTER,
        summary="Sales of a range of local days: revenue by day (sales, returns, repairs delivered, net), money by "
                "payment method from the journal, by category, top products, returns, margin, repairs (voided "
                "sales count nowhere; returns subtract on the day they are made)",
        response_type=SalesReportOut, query=(FROM, TO), tags=["reports"],
        heavy=True),  # up to a year of sales: long enough to hold up every other request
    Api("/reports/receivables", receivables, methods=["GET"], access=Access.COUNTER,
        summary="Customers who owe the store (balance > 0), largest debt first", response_type=ReceivablePageOut,
        query=PAGINATION, tags=["reports"]),
]
