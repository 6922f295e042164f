"""What a PDF reader gets from drawing on a canvas: the page's operators and the embedded fonts' widths."""
from __future__ import annotations

import io
import re
from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas

_STREAM = re.compile(r"<<\n/Length \d+\n>>\nstream\n(.*?)\nendstream", re.S)
_FONT = re.compile(r"/FirstChar (\d+)[^<>]*?/Name (/\S+)[^<>]*?/Widths \[([^\]]*)\]")


def drawn_pdf(draw: Callable[[Canvas], object]) -> str:
    """The one-page PDF (uncompressed, as Latin-1 text) that ``draw(canvas)`` makes."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=0, invariant=1)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue().decode("latin-1")


def page_operators(pdf: str) -> str:
    """The content stream of the (one) page of ``pdf``, from :func:`drawn_pdf`."""
    return next(stream for stream in _STREAM.findall(pdf) if " Tf" in stream or " Do" in stream)


def font_widths(pdf: str) -> dict[str, list[float]]:
    """Font resource name (``/F2+0``) -> the width of each code from 0, as the PDF's /Widths give them."""
    widths = {}
    for first, name, numbers in _FONT.findall(pdf):
        widths[name] = [0.0] * int(first) + [float(n) for n in numbers.split()]
    return widths
