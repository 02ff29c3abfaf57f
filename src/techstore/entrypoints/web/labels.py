"""Barcode labels as PDF (PRODUCT.md, "Catalog and inventory"): the bars are drawn as vectors by python-barcode
(SVG, with no outside tools: treepoem would need Ghostscript) and laid out by WeasyPrint from
``labels/pdf.html``, on an A4 sheet of 3 × 8 labels or one 50 × 30 mm page per label of a roll.

Each barcode's module width is chosen so the symbol, with a quiet zone of ``QUIET_MODULES`` on each side, fits
the label's width: 0.33 mm (EAN's nominal size) when it fits, narrower for a long SKU or store code in Code 128.
"""

from __future__ import annotations

import base64
from functools import lru_cache
from typing import Any

import attrs
from starlette.requests import Request

from techstore.domain.catalog.labels import BarcodeSymbol, LabelLayout, LabelSheet
from techstore.entrypoints.web.templates import STATIC_DIR, templates_of

PDF_TEMPLATE = "labels/pdf.html"
NOMINAL_MODULE_MM = 0.33
QUIET_MODULES = 10


@attrs.frozen
class Geometry:
    """Where a barcode goes on a label of a layout: the width it may take and the bars' height (mm)."""

    bars_width_mm: float
    bars_height_mm: float


GEOMETRY = {
    LabelLayout.A4_3X8: Geometry(bars_width_mm=62.0, bars_height_mm=13.0),
    LabelLayout.ROLL_50X30: Geometry(bars_width_mm=46.0, bars_height_mm=9.0),
}


def bars(symbol: BarcodeSymbol) -> str:
    """The symbol's modules as python-barcode encodes them: "1" a dark module, "0" a light one."""
    import barcode  # type: ignore[import-untyped]

    code = barcode.get_barcode_class(symbol.symbology.value)(symbol.data)
    return "".join(code.build())


@lru_cache(maxsize=4096)
def barcode_svg(symbol: BarcodeSymbol, width_mm: float, height_mm: float) -> bytes:
    """The symbol as python-barcode draws it in SVG, sized in mm to fit ``width_mm``, its bars (one ``rect``
    per run of dark modules) then joined into one ``path``: the same vectors, but a single shape for WeasyPrint
    to draw (2,000 labels of thirty-odd rects each took it seconds)."""
    import barcode
    from barcode.writer import SVGWriter  # type: ignore[import-untyped]

    modules = len(bars(symbol))
    module = min(NOMINAL_MODULE_MM, width_mm / (modules + 2 * QUIET_MODULES))
    code = barcode.get_barcode_class(symbol.symbology.value)(symbol.data, writer=SVGWriter())
    drawn: bytes = code.render({"module_width": module, "module_height": height_mm,
                                "quiet_zone": QUIET_MODULES * module, "write_text": False, "margin_top": 0.0,
                                "margin_bottom": 0.0, "compress": False})
    return one_path(drawn)


def _mm(value: str) -> float:
    return float(value.removesuffix("mm"))


def one_path(svg: bytes) -> bytes:
    """python-barcode's SVG (a white background ``rect`` and a black ``rect`` per bar, in mm) as an SVG of the
    same size whose bars are one ``path`` in a viewBox of mm."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(svg)  # python-barcode's own output: no entities, no outside references
    width, height = _mm(root.attrib["width"]), _mm(root.attrib["height"])
    parts = []
    for rect in root.iter("{http://www.w3.org/2000/svg}rect"):
        if "fill:black" not in rect.attrib.get("style", ""):
            continue
        x, y = _mm(rect.attrib["x"]), _mm(rect.attrib["y"])
        w, h = _mm(rect.attrib["width"]), _mm(rect.attrib["height"])
        parts.append(f"M{x:.3f} {y:.3f}h{w:.3f}v{h:.3f}h{-w:.3f}z")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.3f}mm" height="{height:.3f}mm" '
            f'viewBox="0 0 {width:.3f} {height:.3f}"><path fill="#000" d="{"".join(parts)}"/></svg>').encode()


def human_readable(symbol: BarcodeSymbol, sku: str) -> str:
    """What is printed under the bars beside the SKU: the digits of an EAN or UPC, or the store's own code; nothing
    when the bars are the SKU's (shown anyway)."""
    return "" if symbol.symbology.value == "code128" and symbol.data == sku else symbol.data


def _data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _pages(sheet: LabelSheet) -> tuple[list[list[dict[str, Any]]], list[int]]:
    """The distinct pages to lay out (lists of labels to show), and which of them each page of the PDF is.
    Labels repeat (one per unit received), so pages do too: each distinct page is laid out once."""
    geometry = GEOMETRY[sheet.layout]
    uris = {label.symbol: _data_uri(barcode_svg(label.symbol, geometry.bars_width_mm, geometry.bars_height_mm))
            for label in sheet.labels}
    each = sheet.each()
    size = sheet.layout.per_page
    distinct: dict[tuple[int, ...], int] = {}
    order: list[int] = []
    laid_out: list[list[dict[str, Any]]] = []
    for start in range(0, len(each), size):
        page = each[start:start + size]
        key = tuple(label.product_id for label in page)  # the same products in the same places: the same page
        if key not in distinct:
            distinct[key] = len(laid_out)
            laid_out.append([{"label": label, "bars": uris[label.symbol],
                              "digits": human_readable(label.symbol, label.sku)} for label in page])
        order.append(distinct[key])
    return laid_out, order


def labels_html(request: Request, sheet: LabelSheet, pages: list[list[dict[str, Any]]]) -> str:
    settings = request.app.state.settings
    template = templates_of(request).get_template(PDF_TEMPLATE)
    return template.render({"request": request, "layout": sheet.layout.value, "pages": pages,
                            "store_name": settings.store_name, "currency": settings.currency})


def labels_pdf(request: Request, sheet: LabelSheet) -> bytes:
    """The sheet as PDF: ``sheet.pages`` pages. Each distinct page is laid out once (its own sheet in the
    HTML) and repeated as often as the labels ask: 500 labels of one product are one layout, not 21.
    Runs in a worker thread (a layout takes a while)."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # loaded on first use (pango)

    pages, order = _pages(sheet)
    document = HTML(string=labels_html(request, sheet, pages), base_url=str(STATIC_DIR)).render()
    assert len(document.pages) == len(pages), "a sheet of labels ran over its page"
    pdf: bytes = document.copy([document.pages[n] for n in order]).write_pdf()
    return pdf


def label_filename(sheet: LabelSheet) -> str:
    return f"labels-{sheet.layout.value}-{sheet.count}.pdf"

