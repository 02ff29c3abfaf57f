"""Reading a labels PDF in tests with poppler-utils (``pdfinfo``, ``pdftoppm``, ``pdftotext``) and a barcode
reader (zxing-cpp): pages, their size, their text, and what their barcodes decode to."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from pathlib import Path

from techstore.domain.catalog.labels import BarcodeSymbol, Symbology

DPI = 300


def page_count(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert found, info
    return int(found.group(1))


def text_of(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()


def decoded(pdf: bytes, first: int = 1, last: int | None = None) -> list[list[tuple[str, str]]]:
    """Per page (``first`` to ``last``), the barcodes read off the page rasterised at 300 dpi: (format, text),
    sorted; a UPC-A reads as the EAN-13 of its 12 digits with a leading 0 and is given back as UPC-A."""
    import zxingcpp  # type: ignore[import-not-found, unused-ignore]
    from PIL import Image

    pages = []
    with tempfile.TemporaryDirectory() as folder:
        command = ["pdftoppm", "-r", str(DPI), "-gray", "-png", "-f", str(first)]
        if last is not None:
            command += ["-l", str(last)]
        subprocess.run([*command, "-", f"{folder}/page"], input=pdf, check=True)
        for image in sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1])):
            # Full resolution only: a downscaled pass can misread the bars of 0.33 mm (3.9 pixels at 300 dpi).
            found = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.read_bytes())), try_downscale=False)
            pages.append(sorted(_named(result.format.name, result.text) for result in found))
    return pages


def _named(kind: str, text: str) -> tuple[str, str]:
    if kind == "EAN13" and text.startswith("0"):
        return ("upca", text[1:])
    return ({"EAN13": "ean13", "EAN8": "ean8", "UPCA": "upca", "Code128": "code128"}.get(kind, kind), text)


def expected(barcode: str | None, sku: str) -> tuple[str, str]:
    """What a product's label must decode to (``BarcodeSymbol.of``)."""
    symbol = BarcodeSymbol.of(barcode, sku)
    return (symbol.symbology.value if symbol.symbology is not Symbology.CODE128 else "code128", symbol.data)
