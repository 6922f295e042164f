"""PDF writer: visits each block of a Document and builds a ReportLab platypus story.

All text is set by the Khmer paragraph engine (``docgen.pdf.paragraph``); this module
only maps the model onto flowables, page templates and metadata.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import io
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from reportlab import rl_config
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, KeepTogether, PageBreak, SimpleDocTemplate, Spacer
from reportlab.platypus.doctemplate import FrameActionFlowable

from docgen import document as d
from docgen.errors import Problem, WriteError
from docgen.files import atomic_write_bytes
from docgen.pdf.align import HALIGN
from docgen.pdf.charts import ChartFlowable
from docgen.pdf.images import CachedImage, draw_image, image_size
from docgen.pdf.pages import Furniture, letterhead_image, numbered_canvas
from docgen.pdf.paragraph import KhmerParagraph
from docgen.pdf.reportlab_adapter import advance_frame
from docgen.pdf.tables import signature_flowable, table_flowable
from docgen.text.fonts import resolve_fonts
from docgen.text.spans import ParaStyle, Span

if TYPE_CHECKING:
    from docgen.text.fonts import FontSet
    from docgen.options import WriteOptions

__all__ = ["write_pdf", "lay_out_part", "write_parts", "PdfPart", "PdfBuilder", "spans_of", "para_style"]

# Streams are Flate-compressed binary: ASCII85 on top makes files 25% larger and, with
# ReportLab's pure-Python encoder, cost more time than everything else in a letter.
rl_config.useA85 = 0


def write_pdf(document: d.Document, out: BinaryIO, options: WriteOptions) -> None:
    """Write ``document`` as PDF to the binary file ``out``.

    Page numbers in the body (not in headers/footers) need a first pass to learn
    which page each paragraph lands on and how many pages there are.
    """
    fonts = resolve_fonts(options.fonts)
    builder = PdfBuilder(document, fonts)
    if _body_page_numbers(document):
        total = _build(document, builder, io.BytesIO(), options).page_count
        builder = PdfBuilder(document, fonts, field_pages=builder.seen, total=total)
    _build(document, builder, out, options)


class PdfPart:
    """A document laid out, its pages waiting for the page total of the run of files it belongs to."""

    def __init__(self, canvas, buffer: io.BytesIO, path: Path):
        self.canvas, self.buffer, self.path = canvas, buffer, path

    @property
    def pages(self) -> int:
        return self.canvas.page_count

    def drop_last_page(self, first: int = 1) -> int | None:
        """Leave out the last page if a table goes on at its top, at row ``first`` or later; return that row,
        for the next part to begin with (the parts then read as one table). None, and nothing left out, otherwise."""
        return self.canvas.drop_last_page(first)

    def discard(self) -> None:
        """Let go of the pages if the part will not be written (after an error)."""
        self.canvas.discard()


def lay_out_part(document: d.Document, path: Path, options: WriteOptions) -> PdfPart:
    """Lay out ``document``, one part of a run of files written by :func:`write_parts` (to ``path``)."""
    if _body_page_numbers(document):
        raise WriteError(Problem(str(path), None, "page", "a document written in parts can number its pages "
                                 "in headers and footers only, not in the body"))
    buffer = io.BytesIO()
    fonts = resolve_fonts(options.fonts)
    return PdfPart(_build(document, PdfBuilder(document, fonts), buffer, options, save=False), buffer, path)


def write_parts(parts: list[PdfPart]) -> None:
    """Write ``parts`` as one run of pages: headers and footers number them on from one file to the
    next, "of y" counting all of them. Only each part's drawn pages wait for the total, never its model;
    page numbers in the body are not supported (they need :func:`write_pdf`'s second pass)."""
    total, offset = sum(part.pages for part in parts), 0
    while parts:
        part = parts.pop(0)
        count = part.pages
        part.canvas.finish(offset, total)
        offset += count
        atomic_write_bytes(part.path, part.buffer.getvalue())
        del part
        gc.collect()  # a written file's canvas is a web of reference cycles: let it go before the next


class SpaceAfter(FrameActionFlowable):
    """The space after a block, as much of it as the page has left: unlike a Spacer, it never moves to
    the next page (a table that fills its page would be followed by a blank one), nor opens a page.
    In a table's cell, which is not laid out in a frame, it is a plain gap."""

    def __init__(self, height: float):
        self.width, self.height = 0, height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, self.height

    def frameAction(self, frame) -> None:  # noqa: N802 - platypus's name
        advance_frame(frame, self.height)

    def draw(self) -> None:
        pass


def _body_page_numbers(document: d.Document) -> bool:
    return any(isinstance(n, d.PageNumber) for b in document.blocks for n in d.walk(b))


def _build(document: d.Document, builder: PdfBuilder, out: BinaryIO, options: WriteOptions, save: bool = True):
    """Lay out and draw ``document``; write it to ``out`` unless ``save`` is false. Returns the canvas."""
    fonts = builder.fonts
    page = document.page
    # Headers and footers need the page setup only: a canvas kept until the total is known keeps no body.
    page_only = dataclasses.replace(document, blocks=())
    furniture = Furniture(page_only, fonts, PdfBuilder(page_only, fonts).paragraph_flowable)
    top, right, bottom, left = page.margins
    top, bottom = furniture.margins(top, bottom)
    template = SimpleDocTemplate(
        out, pagesize=page.dimensions, topMargin=top, rightMargin=right, bottomMargin=bottom, leftMargin=left,
        title=document.meta.title, author=document.meta.author, subject=document.meta.subject,
        keywords=document.meta.keywords, creator="docgen", lang=document.lang,
        invariant=options.timestamp is not None,  # a fixed time stamp: the file ID no longer varies either
    )
    first_page = _letterhead_painter(options, page.dimensions)
    canvas_class = numbered_canvas(_stamped(furniture, options.timestamp), compact=not save)  # compact: saves later
    template.build(builder.story(), onFirstPage=first_page, canvasmaker=canvas_class)
    return template.canv


def _stamped(furniture: Furniture, timestamp: dt.datetime | None):
    """The furniture callback; it also fixes the creation date if asked."""
    stamp = timestamp.strftime("D:%Y%m%d%H%M%S+00'00'") if timestamp else None

    def draw(canvas, page: int, total: int) -> None:
        if stamp:
            canvas.setDateFormatter(lambda *_: stamp)
        furniture(canvas, page, total)

    return draw


def _letterhead_painter(options: WriteOptions, size: tuple[float, float]):
    if options.letterhead_pdf is None:
        return lambda canvas, doc: None
    image = letterhead_image(options.letterhead_pdf, size)

    def paint(canvas, doc) -> None:
        draw_image(canvas, image, 0, 0, size[0], size[1])

    return paint


def spans_of(inlines: tuple[d.Inline, ...], page: int = 1, total: int = 1, digits: str = "latin") -> list[Span]:
    """Model inlines as the paragraph engine's spans; page fields become numbers, breaks ``\\n``."""
    spans = []
    for item in inlines:
        if isinstance(item, d.LineBreak):
            spans.append(Span("\n"))
            continue
        if isinstance(item, d.Run):
            text = item.text
        else:
            text = d.format_number(page if item.kind == "page" else total, digits)
        spans.append(Span(text, bold=item.bold, italic=item.italic, size=item.size, color=item.color, role=item.font))
    return spans


def para_style(para: d.Paragraph) -> ParaStyle:
    """The paragraph engine's style for a model paragraph."""
    return ParaStyle(
        role=para.font, size=para.size, leading=para.size * para.line_spacing if para.line_spacing else None,
        align=para.align, space_before=para.space_before, space_after=para.space_after,
        first_indent=para.first_indent, left_indent=para.left_indent, right_indent=para.right_indent,
        color=para.color or "#000000",
    )


class PdfBuilder(d.Visitor):
    """Turns model blocks into platypus flowables."""

    def __init__(self, document: d.Document, fonts: FontSet, field_pages: dict[int, int] | None = None,
                 total: int = 1):
        self.document = document
        self.fonts = fonts
        self.frame_width = document.page.frame_width
        self.field_pages = field_pages or {}  # body paragraph with page fields -> its page (from pass 1)
        self.total = total
        self.seen: dict[int, int] = {}
        self._fields = 0

    def story(self) -> list[Flowable]:
        flowables: list[Flowable] = []
        for block in self.document.blocks:
            flowables.extend(self.visit(block))
        return flowables

    def paragraph_flowable(self, para: d.Paragraph, page: int = 1, total: int = 1) -> KhmerParagraph:
        spans = spans_of(para.inlines, page, total, self.document.digits)
        return KhmerParagraph(spans or [Span("")], para_style(para), self.fonts)

    def body_paragraph(self, para: d.Paragraph) -> KhmerParagraph:
        """A paragraph of the body; one with page fields notes the page it is drawn on."""
        if not any(isinstance(i, d.PageNumber) for i in para.inlines):
            return self.paragraph_flowable(para)
        key = self._fields
        self._fields += 1
        flowable = self.paragraph_flowable(para, self.field_pages.get(key, 1), self.total)
        return _noting_page(flowable, key, self.seen)

    def visit_paragraph(self, para: d.Paragraph) -> list[Flowable]:
        return [self.body_paragraph(para)]

    def visit_heading(self, heading: d.Heading) -> list[Flowable]:
        flowable = self.body_paragraph(heading)
        flowable.keepWithNext = True
        return [flowable]

    def visit_table(self, table: d.Table) -> list[Flowable]:
        return [table_flowable(self, table), SpaceAfter(table.space_after)] if table.space_after else \
            [table_flowable(self, table)]

    def cell_flowables(self, blocks: tuple) -> list[Flowable]:
        return [f for block in blocks for f in self.visit(block)]

    def visit_image(self, image: d.Image) -> list[Flowable]:
        return [self.image_flowable(image, self.frame_width)]

    def image_flowable(self, image: d.Image, available: float) -> CachedImage:
        try:
            pixels = image_size(image.path)
        except OSError as exc:
            raise WriteError(Problem(image.src, None, "src", f"cannot read the image: {exc}")) from exc
        width, height = _fit(pixels, image.width, image.height, available)
        flowable = CachedImage(image.path, width, height)
        flowable.hAlign = HALIGN[image.align]
        return flowable

    def visit_qrcode(self, qr: d.QRCode) -> list[Flowable]:
        widget = QrCodeWidget(qr.data, barLevel="M")
        x0, y0, x1, y1 = widget.getBounds()
        drawing = Drawing(qr.size, qr.size, transform=[qr.size / (x1 - x0), 0, 0, qr.size / (y1 - y0), 0, 0])
        drawing.add(widget)
        drawing.hAlign = HALIGN[qr.align]
        return [drawing]

    def visit_signature(self, sig: d.Signature) -> list[Flowable]:
        return [_Kept([signature_flowable(self, sig)])]

    def visit_spacer(self, spacer: d.Spacer) -> list[Flowable]:
        return [Spacer(1, spacer.height)]

    def visit_pagebreak(self, _: d.PageBreak) -> list[Flowable]:
        return [PageBreak()]

    def visit_keep(self, keep: d.Keep) -> list[Flowable]:
        return [_Kept(_flatten_keeps(self.cell_flowables(keep.blocks)))]

    def visit_chart(self, chart: d.Chart) -> list[Flowable]:
        """Vector bars or pie with shaped Khmer labels (docgen.pdf.charts), kept on one page."""
        return [ChartFlowable(chart, self.fonts, self.document.digits)]


class _PageNotingParagraph(KhmerParagraph):
    """A paragraph that records, by key, the first page it is drawn on (and so do its split parts)."""

    key: int
    seen: dict[int, int]

    def draw(self) -> None:
        self.seen.setdefault(self.key, self.canv.getPageNumber())
        super().draw()

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return [_noting_page(part, self.key, self.seen) for part in super().split(availWidth, availHeight)]


def _noting_page(flowable: KhmerParagraph, key: int, seen: dict[int, int]) -> KhmerParagraph:
    flowable.__class__ = _PageNotingParagraph
    flowable.key, flowable.seen = key, seen
    return flowable


def _fit(pixels: tuple[int, int], width: float | None, height: float | None, available: float) -> tuple[float, float]:
    """Width and height in points: as given, the missing one by aspect ratio, 96 dpi by default, never wider than the frame."""
    px_w, px_h = pixels
    ratio = px_h / px_w
    if width is None and height is None:
        width = px_w * 72 / 96
    if width is None:
        width = height / ratio
    if height is None:
        height = width * ratio
    if width > available:
        width, height = available, height * available / width
    return width, height


class _Kept(KeepTogether):
    """A KeepTogether that knows what it keeps together (:func:`_flatten_keeps` takes it apart)."""

    def __init__(self, flowables: list[Flowable]):
        super().__init__(flowables)
        self.kept = flowables


def _flatten_keeps(flowables: list[Flowable]) -> list[Flowable]:
    """The content of nested KeepTogethers spliced in: one level keeps the same blocks together.

    ReportLab measures a KeepTogether inside another wrongly and moves the outer
    one to the next page even when it fits (a letter's closing and its signature
    block jumped a page; tests/test_pdf_writer.py names the case).
    """
    flat: list[Flowable] = []
    for flowable in flowables:
        flat.extend(_flatten_keeps(flowable.kept) if isinstance(flowable, _Kept) else [flowable])
    return flat
