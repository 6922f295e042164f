"""Painting the summary report's charts: vectors in the PDF, the same painting as a PNG for DOCX.

The shapes come from :mod:`docgen.text.charts`. Labels are drawn with the Khmer
engine's ``draw_line``, so Khmer is shaped and extracts as its source text. The
DOCX writer gets a PNG made by painting the shapes on a one-page PDF and
rasterising it with PDFium.
"""
from __future__ import annotations

import io

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from docgen.document import MM, Chart
from docgen.pdf.align import HALIGN
from docgen.pdf.paragraph import draw_line
from docgen.text.charts import Box, Label, Layout, Measure, Rule, Wedge, layout_chart
from docgen.text.layout import measure
from docgen.text.spans import ParaStyle, Span

__all__ = ["ChartFlowable", "chart_pdf", "chart_png", "paint"]


def _span(label: Label) -> list[Span]:
    return [Span(label.text, bold=label.bold, size=label.size, color=label.color)]


def _measurer(fonts) -> Measure:
    def measure_text(text: str, size: float, bold: bool) -> float:
        return measure([Span(text, bold=bold, size=size)], ParaStyle(role="body", size=size), fonts)

    return measure_text


def paint(canvas: Canvas, layout: Layout, x: float, y: float, fonts) -> None:
    """Draw ``layout`` with its lower-left corner at (x, y) of ``canvas``."""
    for shape in layout.shapes:
        if isinstance(shape, Box):
            if shape.width > 0:
                canvas.setFillColor(HexColor(shape.color))
                canvas.rect(x + shape.x, y + shape.y, shape.width, shape.height, stroke=0, fill=1)
        elif isinstance(shape, Rule):
            canvas.setStrokeColor(HexColor(shape.color))
            canvas.setLineWidth(shape.width)
            canvas.line(x + shape.x1, y + shape.y1, x + shape.x2, y + shape.y2)
        elif isinstance(shape, Wedge):
            _paint_wedge(canvas, shape, x, y)
        else:
            _paint_label(canvas, shape, x, y, fonts)


def _paint_wedge(canvas: Canvas, wedge: Wedge, x: float, y: float) -> None:
    canvas.setFillColor(HexColor(wedge.color))
    canvas.setStrokeColor(HexColor("#ffffff"))
    canvas.setLineWidth(1)
    cx, cy, r = x + wedge.cx, y + wedge.cy, wedge.radius
    if wedge.extent >= 359.999:
        canvas.circle(cx, cy, r, stroke=1, fill=1)
        return
    canvas.wedge(cx - r, cy - r, cx + r, cy + r, wedge.start, wedge.extent, stroke=1, fill=1)


def _paint_label(canvas: Canvas, label: Label, x: float, y: float, fonts) -> None:
    # Aligned in a zero width at the anchor: a right label ends there, a centred one is centred on it.
    style = ParaStyle(role="body", size=label.size, align=label.align)
    draw_line(canvas, x + label.x, y + label.y, _span(label), style, fonts, width=0.0)


class ChartFlowable(Flowable):
    """A chart in a PDF story: laid out at wrap time to the frame's width, painted as vectors."""

    def __init__(self, chart: Chart, fonts, digits: str = "latin"):
        super().__init__()
        self.chart, self.fonts, self.digits = chart, fonts, digits
        self.hAlign = HALIGN[chart.align]  # as tables, images and QR codes: a justified chart is centred
        self.layout: Layout | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.layout = layout_chart(self.chart, available_width, _measurer(self.fonts), self.digits)
        return self.layout.width, self.layout.height + self.chart.space_after

    def draw(self) -> None:
        if self.layout is not None:
            paint(self.canv, self.layout, 0, self.chart.space_after, self.fonts)


def chart_pdf(chart: Chart, fonts, digits: str = "latin", width: float = 160 * MM) -> bytes:
    """A one-page PDF exactly as big as the chart (its own width, or ``width``)."""
    layout = layout_chart(chart, width, _measurer(fonts), digits)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(layout.width, layout.height), invariant=1)
    paint(canvas, layout, 0, 0, fonts)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def chart_png(chart: Chart, fonts, digits: str = "latin", width: float = 160 * MM, dpi: int = 200) -> bytes:
    """The chart as a PNG at ``dpi``: the one-page PDF of :func:`chart_pdf` rendered by PDFium."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(chart_pdf(chart, fonts, digits, width))
    try:
        image = document[0].render(scale=dpi / 72, fill_color=(255, 255, 255, 255)).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()
