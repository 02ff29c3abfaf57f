"""Receipts and invoices as PDF, rendered by WeasyPrint from the very template their page includes, with the
same stylesheet, so the PDF and the printed page cannot drift apart (ADR 0010).

A receipt is an 80 mm sheet of continuous length, as a receipt printer's roll: CSS has no page "as tall as its
content", so the sheet is laid out once on a page taller than any receipt, the bottom of its box read (the
sheet carries the id ``SHEET_ID``), and laid out again on a page of exactly that height. Invoices (a sale on
account, a repair's delivery) are also printed on A4.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from techstore.entrypoints.http.seam import Call
from techstore.entrypoints.web.templates import STATIC_DIR, templates_of

RECEIPT_CSS = STATIC_DIR / "css" / "receipt.css"
INVOICE_CSS = STATIC_DIR / "css" / "invoice.css"
PDF_TEMPLATE = "receipts/pdf.html"
SHEET_ID = "receipt-sheet"  # the id of every 80 mm sheet: the PDF's page is as tall as its box
PAPER_WIDTH_MM = 80
PAGE_MARGIN_MM = 4  # receipt.css's margin of the page ``receipt``
# Taller than any receipt, and within the largest page a PDF may have (200 inches, 5080 mm).
MEASURING_HEIGHT_MM = 5000
# The fitted page's spare below the sheet's box: layout rounding must not push a last line onto a second page.
SLACK_MM = 0.5
PX_PER_MM = 96 / 25.4  # CSS pixels, in which WeasyPrint places boxes


def _page_size(height_mm: float) -> Any:
    from weasyprint import CSS  # type: ignore[import-untyped]  # loaded on first use (pango)

    size = f"{PAPER_WIDTH_MM}mm {height_mm:.2f}mm"
    return CSS(string=f"@page {{ size: {size} }} @page receipt {{ size: {size} }}")


def _html(request: Request, context: dict[str, Any], sheet: str, title: str) -> Any:
    from weasyprint import HTML

    template = templates_of(request).get_template(PDF_TEMPLATE)
    html = template.render({**context, "request": request, "sheet": sheet, "pdf_title": title})
    return HTML(string=html, base_url=str(STATIC_DIR))


def receipt_pdf(request: Request, context: dict[str, Any], sheet: str, title: str = "Receipt") -> bytes:
    """The 80 mm sheet ``sheet`` (a template whose root carries ``id="receipt-sheet"``) as one PDF page
    80 mm wide and as tall as the sheet. Runs in a worker thread: each layout takes tens of ms."""
    from weasyprint import CSS

    html = _html(request, context, sheet, title)
    stylesheet = CSS(filename=str(RECEIPT_CSS))
    measured = html.render(stylesheets=[stylesheet, _page_size(MEASURING_HEIGHT_MM)])
    if len(measured.pages) > 1:  # longer than the longest page: printed as it is, on pages 80 mm wide
        pdf: bytes = measured.write_pdf()
        return pdf
    bottom_px = measured.pages[0].anchors[SHEET_ID][3]  # (left, top, right, bottom) of the sheet's box
    height_mm = bottom_px / PX_PER_MM + PAGE_MARGIN_MM + SLACK_MM
    pdf = html.render(stylesheets=[stylesheet, _page_size(height_mm)]).write_pdf()
    return pdf


def invoice_pdf(request: Request, context: dict[str, Any], sheet: str, title: str = "Invoice") -> bytes:
    """The A4 sheet ``sheet`` as PDF (invoice.css: the page ``invoice``, A4)."""
    from weasyprint import CSS

    pdf: bytes = _html(request, context, sheet, title).write_pdf(stylesheets=[CSS(filename=str(INVOICE_CSS))])
    return pdf


def pdf_answer(pdf: bytes, filename: str) -> Response:
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


def wants_pdf(call: Call) -> bool:
    """A receipt's page answers its PDF for ``?format=pdf`` too (API.md, "Web pages")."""
    return call.query.get("format") == "pdf"
