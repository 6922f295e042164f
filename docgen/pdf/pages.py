"""Page furniture of the PDF: letterhead under page 1, headers and footers with "page x of y".

The total page count is known only at the end, so the canvas keeps every page's
state and draws the furniture when the document is saved (pretix's NumberedCanvas).
"""
from __future__ import annotations

import io
import tempfile
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.pdfgen.canvas import Canvas

from docgen import document as d
from docgen.errors import Problem, WriteError
from docgen.pdf.images import image_bytes, image_size
from docgen.pdf.reportlab_adapter import held_drawing, held_page_number, hold_page, resume_page, set_drawing, with_drawing

if TYPE_CHECKING:
    from docgen.text.fonts import FontSet

__all__ = ["numbered_canvas", "Furniture", "letterhead_image", "HEADER_TOP", "FOOTER_BOTTOM"]

_ABSENT = object()
HEADER_TOP = 12 * d.MM  # from the top edge of the page to the top of the header
FOOTER_BOTTOM = 8 * d.MM  # from the bottom edge of the page to the bottom of the footer's line box
FURNITURE_GAP = 1 * d.MM  # at least this between the line boxes of a header or footer and the body


def numbered_canvas(draw: Callable[[Canvas, int, int], None], compact: bool = False) -> type[Canvas]:
    """A Canvas class that calls ``draw(canvas, page, total)`` on every page once the total is known.

    ``save()`` draws and writes at once. With ``compact`` (a part of a run of files), ``save()``
    writes nothing: :meth:`finish` does, later, its pages numbered on from ``offset``; and each
    waiting page's drawing waits deflated in a temporary file, not in memory (a national
    mailing's register has hundreds of pages waiting for its total).
    ``continued_rows`` maps a page to the row of a table that goes on at its top
    (noted by :class:`docgen.pdf.tables.RowTable`).
    """

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []
            self.continued_rows: dict[int, int] = {}
            self._waiting = tempfile.TemporaryFile() if compact else None  # gone when closed, whatever happens
            self._first_state: dict | None = None  # waiting pages hold only their changes from it

        @property
        def page_count(self) -> int:
            """The pages laid out and waiting to be finished."""
            return len(self._pages)

        def showPage(self) -> None:
            state = hold_page(self)
            if self._waiting is not None:
                drawing = zlib.compress("\n".join(held_drawing(state)).encode("utf-8"), 1)
                state = with_drawing(state, (self._waiting.seek(0, io.SEEK_END), len(drawing)))
                self._waiting.write(drawing)
                state = self._changes(state)
            self._pages.append(state)

        def _changes(self, state: dict) -> dict:
            """What of ``state`` is not the first page's: most of a canvas's 60-odd attributes are the
            same objects on every page (a register of 800 pages would hold 50,000 entries for nothing)."""
            first = self._first_state
            if first is None:
                self._first_state = state
                return {}
            return {key: value for key, value in state.items() if first.get(key, _ABSENT) is not value}

        def drop_last_page(self, first: int = 1) -> int | None:
            """Drop the last page if a table goes on at its top, at row ``first`` or later; return that row.

            None (and nothing dropped) if the last page begins no such row or is the only page.
            """
            if len(self._pages) < 2:
                return None
            row = self.continued_rows.get(held_page_number({**(self._first_state or {}), **self._pages[-1]}))
            if row is None or row < first:
                return None
            self._pages.pop()
            return row

        def save(self) -> None:
            if self._waiting is None:
                self.finish(0, len(self._pages))

        def finish(self, offset: int, total: int) -> None:
            """Draw every page's furniture as page ``offset`` + n of ``total``, and write the file."""
            pages, self._pages = self._pages, []
            waiting, first = self._waiting, self._first_state or {}
            for changes in pages:
                state = {**first, **changes}
                resume_page(self, state)
                if waiting is not None:
                    start, length = held_drawing(state)
                    waiting.seek(start)
                    set_drawing(self, [zlib.decompress(waiting.read(length)).decode("utf-8")])
                draw(self, self.getPageNumber() + offset, total)
                super().showPage()
            self.discard()
            super().save()

        def discard(self) -> None:
            """Let go of the pages still waiting (their temporary file), as :meth:`finish` does."""
            if self._waiting is not None:
                self._waiting.close()

    return NumberedCanvas


class Furniture:
    """Draws the headers and footers of a document on a page, page fields filled in."""

    def __init__(self, document: d.Document, fonts: FontSet, paragraph: Callable[..., object]):
        self.document = document
        self.fonts = fonts
        self.paragraph = paragraph  # (model paragraph, page, total) -> flowable

    def __call__(self, canvas: Canvas, page: int, total: int) -> None:
        setup = self.document.page
        header = setup.first_header if page == 1 else setup.header
        footer = setup.first_footer if page == 1 else setup.footer
        width, height = setup.dimensions
        left, frame = setup.margins[3], setup.frame_width
        canvas.saveState()
        top = height - HEADER_TOP
        for para in header:
            top -= self._draw(canvas, para, page, total, left, top, frame)
        flowables = [self.paragraph(p, page, total) for p in footer]
        heights = [f.wrap(frame, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables]
        top = FOOTER_BOTTOM + sum(heights)
        for flowable, h in zip(flowables, heights):
            flowable.drawOn(canvas, left, top - h + flowable.getSpaceAfter())
            top -= h
        canvas.restoreState()

    def margins(self, top: float, bottom: float) -> tuple[float, float]:
        """The body's top and bottom margins, widened where a header or footer would reach into the body."""
        setup = self.document.page
        frame, gap = setup.frame_width, FURNITURE_GAP
        for paras in (setup.header, setup.first_header):
            if paras:
                top = max(top, HEADER_TOP + self._stack_height(paras, frame) + gap)
        for paras in (setup.footer, setup.first_footer):
            if paras:
                bottom = max(bottom, FOOTER_BOTTOM + self._stack_height(paras, frame) + gap)
        return top, bottom

    def _stack_height(self, paras: tuple[d.Paragraph, ...], frame: float) -> float:
        flowables = [self.paragraph(p, 1, 1) for p in paras]
        return sum(f.wrap(frame, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)

    def _draw(self, canvas: Canvas, para: d.Paragraph, page: int, total: int, left: float, top: float,
              frame: float) -> float:
        flowable = self.paragraph(para, page, total)
        _, h = flowable.wrap(frame, top)
        h_total = h + flowable.getSpaceBefore() + flowable.getSpaceAfter()
        flowable.drawOn(canvas, left, top - flowable.getSpaceBefore() - h)
        return h_total


def letterhead_image(path: Path, page_size: tuple[float, float]) -> bytes:
    """The letterhead as encoded image bytes: a PNG/JPEG as is, a one-page PDF rendered at 300 dpi with PDFium."""
    try:
        stat = Path(path).stat()
    except OSError as exc:
        raise WriteError(Problem(path, None, "letterhead", f"cannot read the letterhead: {exc}")) from exc
    return _letterhead_bytes(Path(path), stat.st_mtime_ns, stat.st_size, tuple(page_size))


@lru_cache(maxsize=4)
def _letterhead_bytes(path: Path, mtime_ns: int, size: int, page_size: tuple[float, float]) -> bytes:
    """Read (and for a PDF render) the letterhead once per process while the file is unchanged."""
    if path.suffix.lower() != ".pdf":
        try:
            image_size(path)
        except OSError as exc:
            raise WriteError(Problem(path, None, "letterhead", f"cannot read the letterhead image: {exc}")) from exc
        return image_bytes(path)
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise WriteError(Problem(path, None, "letterhead", f"cannot read the letterhead PDF: {exc}")) from exc
    if len(pdf) != 1:
        raise WriteError(Problem(path, None, "letterhead", f"the letterhead PDF must have one page, not {len(pdf)}"))
    page = pdf[0]
    scale = 300 / 72 * page_size[0] / page.get_width()
    buffer = io.BytesIO()
    page.render(scale=scale).to_pil().save(buffer, format="PNG")
    pdf.close()
    return buffer.getvalue()
