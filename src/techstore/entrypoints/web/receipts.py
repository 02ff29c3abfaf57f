"""Receipts as PDF: WeasyPrint renders the receipt's own template (the one the 80 mm page includes)
with the same stylesheet, so the PDF and the printed page cannot drift apart (ADR 0010)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from techstore.entrypoints.web.templates import STATIC_DIR, templates

RECEIPT_CSS = STATIC_DIR / "css" / "receipt.css"


def receipt_pdf(request: Request, context: dict[str, Any], template: str = "sales/receipt_pdf.html") -> bytes:
    """An 80 mm sheet as PDF bytes: a sale's receipt by default, or another on the same stylesheet (a
    return, a Z report, a repair's intake ticket). Runs in a worker thread: rendering takes tens of ms."""
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]  # loaded on first use (pango)

    html = templates.get_template(template).render({**context, "request": request})
    document = HTML(string=html, base_url=str(STATIC_DIR))
    pdf: bytes = document.write_pdf(stylesheets=[CSS(filename=str(RECEIPT_CSS))])
    return pdf
