"""Reading what a test needs of a PDF without a PDF library: the size of each page.

WeasyPrint writes the page objects inside compressed object streams, so each stream is inflated and searched
for ``/MediaBox`` as well as the file itself. Sizes are in points (1/72 inch).
"""

from __future__ import annotations

import re
import zlib

MM = 72 / 25.4  # points per millimetre
RECEIPT_WIDTH = 80 * MM  # 226.77 pt
A4 = (210 * MM, 297 * MM)  # 595.28 x 841.89 pt

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)
_MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*([-0-9.]+)\s+([-0-9.]+)\s+([-0-9.]+)\s+([-0-9.]+)\s*\]")


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) of every page box in ``pdf``, in points, in the order they are found."""
    assert pdf.startswith(b"%PDF"), "not a PDF"
    texts = [pdf]
    for stream in _STREAM.finditer(pdf):
        try:
            texts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue  # a stream that is not deflated (or an image): no page objects in it
    sizes = []
    for text in texts:
        for box in _MEDIA_BOX.finditer(text):
            x0, y0, x1, y1 = (float(v) for v in box.groups())
            sizes.append((x1 - x0, y1 - y0))
    return sizes
