"""The Khmer-aware paragraph flowable, and one-line drawing for headers, footers and labels."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable

from docgen.pdf.actualtext import draw_glyph_runs
from docgen.text.fonts import resolve_fonts
from docgen.text.layout import Layout, align_offset, layout_paragraph, one_line, widest_box
from docgen.text.spans import ParaStyle, Span, slice_spans

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from docgen.text.fonts import FontSet

__all__ = ["KhmerParagraph", "draw_line"]

def _draw_layout(canvas: Canvas, layout: Layout, x: float, top: float) -> None:
    """Draw every line of ``layout``; ``top`` is the y of the first line's top edge."""
    for line in layout.lines:
        draw_glyph_runs(canvas, x, top - line.baseline, line.runs, "".join(run.text for run in line.runs))
        top -= line.height


class KhmerParagraph(Flowable):
    """A paragraph set with ICU breaks and HarfBuzz glyphs; splits across frames and works in table cells."""

    def __init__(self, spans: Sequence[Span] | str, style: ParaStyle | None = None, fonts: FontSet | None = None,
                 *, continued: bool = False):
        super().__init__()
        self.spans = (Span(spans),) if isinstance(spans, str) else tuple(spans)
        self.style = style or ParaStyle()
        self.fonts = fonts or resolve_fonts()
        self.continued = continued      # a tail after a split: no first-line indent, no space before
        self._layout: Layout | None = None
        self._layout_width: float | None = None

    def __repr__(self) -> str:
        text = "".join(s.text for s in self.spans)
        return f"KhmerParagraph({text[:40]!r}{'…' if len(text) > 40 else ''})"

    def layout(self, width: float) -> Layout:
        """The lines for ``width`` (cached for the last width asked)."""
        if self._layout is None or self._layout_width != width:
            self._layout = layout_paragraph(self.spans, self.style, self.fonts, width, not self.continued)
            self._layout_width = width
        return self._layout

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self.layout(availWidth).height
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return 0.0 if self.continued else self.style.space_before

    def getSpaceAfter(self) -> float:
        return self.style.space_after

    def minWidth(self) -> float:
        """The widest unbreakable piece plus indents (platypus tables size columns with it)."""
        style = self.style
        return widest_box(self.spans, style, self.fonts) + style.left_indent + style.right_indent + style.first_indent

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        layout = self.layout(availWidth)
        used, count = 0.0, 0
        for line in layout.lines:
            if used + line.height > availHeight + 1e-6:
                break
            used += line.height
            count += 1
        total = len(layout.lines)
        if count == total:
            return [self]
        # No orphan (a lone first line at a frame's foot) and no widow (a lone last line
        # at the top of the next) when the paragraph has lines enough to avoid them. The rest of
        # a split paragraph is split again in the room its head left: it keeps its last line
        # company too, or the head's three-and-one would come back.
        if total - count == 1 and count > (0 if self.continued else 2):
            count -= 1
        if count == 0 or (count == 1 and total > 2):
            return []
        cut = layout.lines[count].start
        head = KhmerParagraph(slice_spans(self.spans, 0, cut), replace(self.style, space_after=0.0), self.fonts,
                              continued=self.continued)
        head._layout = Layout(layout.text[:cut], layout.lines[:count])   # keep the justified last line as laid
        head._layout_width = availWidth
        tail = KhmerParagraph(slice_spans(self.spans, cut), replace(self.style, space_before=0.0), self.fonts,
                              continued=True)
        return [head, tail]

    def draw(self) -> None:
        _draw_layout(self.canv, self.layout(self.width), 0.0, self.height)


def draw_line(canvas: Canvas, x: float, y: float, spans: Sequence[Span], style: ParaStyle, fonts: FontSet,
              width: float | None = None) -> float:
    """Draw ``spans`` as one line on baseline ``y``, aligned by ``style.align`` inside ``width`` from ``x``.

    No wrapping (a forced break becomes a space). Returns the drawn width.
    """
    layout = one_line(spans, style, fonts)
    line = layout.lines[0]
    shift = 0.0 if width is None else align_offset(style.align, width - line.width)
    _draw_layout(canvas, layout, x + shift, y + line.baseline)
    return line.width
