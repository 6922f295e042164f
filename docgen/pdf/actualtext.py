"""Draw HarfBuzz-positioned glyph ids on a ReportLab canvas, each run inside an /ActualText span of its source text.

ReportLab 5.1's own shaped drawing puts some glyph runs above the baseline
(after ក្នុ in ក្នុងកម្មវត្ថុ, in សហគមន៍) and maps shaped glyphs to private-use
code points, so extracted text is garbage (issue #3). Here the glyphs that
HarfBuzz chose are written at the positions HarfBuzz computed, and every run is
wrapped in ``/Span <</ActualText <FEFF…>>> BDC … EMC`` so PDF readers (PDFium,
poppler) extract exactly the source text. A span covers one whole line.

ReportLab's TTFont still does the embedding: it subsets by code, so each glyph
id is given a code that maps to it — its own Unicode code point when the font's
cmap has one, else a private-use code added to the font's cmap copy.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from reportlab.lib.colors import toColor

from docgen.pdf.reportlab_adapter import code_width, font_subsets, glyph_code_map, reportlab_font

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from docgen.text.fonts import FontFace
    from docgen.text.shape import Glyph

__all__ = ["GlyphRunLike", "actual_text_operator", "draw_glyph_runs", "glyph_codes"]

_SLANT = 0.2                # shear of a synthesised italic
_EMBOLDEN = 0.03            # outline stroke of a synthesised bold, in em


def actual_text_operator(text: str) -> str:
    """The ``BDC`` operator opening a span whose extracted text is ``text``."""
    utf16 = ("\ufeff" + text).encode("utf-16-be").hex().upper()
    return f"/Span <</ActualText <{utf16}>>> BDC"


def glyph_codes(font, gids: Sequence[int]) -> list[int]:
    """A code per glyph id that ReportLab's subsetter will embed as exactly that glyph.

    A glyph beyond the private range (a font of thousands of unmapped glyphs) is drawn as .notdef.
    """
    mapping = glyph_code_map(font)
    return [mapping.get(gid, 0) for gid in gids]


class GlyphRunLike(Protocol):
    """What is drawn: a face at a size and colour, glyphs and their pen positions."""

    face: FontFace
    size: float
    color: str
    glyphs: Sequence[Glyph]
    positions: Sequence[float]


@dataclass(frozen=True)
class _RunPlan:
    """How a run is drawn in any document: its codes, and the operators due before each glyph.

    The plan is ``TJ`` arrays: a glyph that is not where the previous glyph's PDF
    width leaves the pen gets a kerning number before it, and a vertical offset
    (a mark) becomes a text rise. The numbers follow the pen as the reader will
    have it, so rounding never adds up. Only the subset bytes differ between
    documents, so a run laid out once (layouts are cached) is planned once.
    """

    codes: str
    prefixes: tuple[str, ...]
    size: str
    tail: str


def _plan(run: GlyphRunLike) -> _RunPlan:
    cache = getattr(run, "__dict__", {})
    plan = cache.get("_docgen_plan")
    if plan is None:
        plan = cache["_docgen_plan"] = _make_plan(run)
    return plan


def _make_plan(run: GlyphRunLike) -> _RunPlan:
    font = reportlab_font(run.face)
    codes = glyph_codes(font, [g.gid for g in run.glyphs])
    width_of = code_width(font)
    shear = _SLANT if run.face.slant else 0.0
    em = 1000.0 / run.size
    origin = run.positions[0] if run.positions else 0.0
    pen = rise = 0.0   # where the reader's pen is, from the run's start, and the current text rise
    prefixes = []
    for glyph, position, code in zip(run.glyphs, run.positions, codes):
        prefix = ""
        if glyph.y_offset != rise:
            rise = glyph.y_offset
            prefix = f"] TJ\n{_num(rise)} Ts\n["
        kern = round((pen - (position - origin + glyph.x_offset - shear * rise)) * em)
        if kern:
            prefix += str(kern)
            pen -= kern / em
        prefixes.append(prefix)
        pen += width_of(code) / em
    return _RunPlan("".join(map(chr, codes)), tuple(prefixes), _num(run.size), "\n0 Ts" if rise else "")


_HEX = [f"<{byte:02x}>" for byte in range(256)]


def _glyph_operators(canvas: Canvas, run: GlyphRunLike, x: float, y: float) -> str:
    """Text-showing operators that place each glyph of ``run`` at its HarfBuzz position."""
    font = reportlab_font(run.face)
    plan = _plan(run)
    origin = run.positions[0] if run.positions else 0.0
    ops = [f"1 0 {_num(_SLANT if run.face.slant else 0.0)} 1 {_num(x + origin)} {_num(y)} Tm"]
    start = 0
    for resource, data in font_subsets(canvas, font, plan.codes):
        shown = "".join(map(str.__add__, plan.prefixes[start:start + len(data)], map(_HEX.__getitem__, data)))
        ops.append(f"{resource} {plan.size} Tf\n[{shown}] TJ")
        start += len(data)
    return ("\n".join(ops) + plan.tail).replace("><", "").replace("[] TJ\n", "")


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


@lru_cache(maxsize=256)
def _rgb(color: str) -> tuple[str, str, str]:
    red, green, blue = (_num(v) for v in toColor(color).rgb())
    return red, green, blue


def _paint_operators(run: GlyphRunLike) -> list[str]:
    """Colour (fill, and stroke for a synthesised bold) and text render mode of a run."""
    red, green, blue = _rgb(run.color)
    ops = [f"{red} {green} {blue} rg"]
    if run.face.embolden:
        ops += [f"{red} {green} {blue} RG", f"{_num(run.size * _EMBOLDEN)} w", "2 Tr"]
    else:
        ops.append("0 Tr")
    return ops


def draw_glyph_runs(canvas: Canvas, x: float, y: float, runs: Sequence[GlyphRunLike], source_text: str) -> None:
    """Draw the glyph ``runs`` of one line, pen positions relative to ``x``, on baseline ``y``.

    The whole line is ONE marked-content span whose ActualText is
    ``source_text``: PDFium inserts a space between two spans on a line (it
    measures the gap from the first glyph of the previous span), so one span
    per run would put spaces between Khmer words that have none.
    U+200B never reaches here as a glyph (HarfBuzz removes it).
    """
    if not runs:
        return
    ops = ["q", "BT", actual_text_operator(source_text)]
    for run in runs:
        ops.extend(_paint_operators(run))
        ops.append(_glyph_operators(canvas, run, x, y))
    ops.extend(["EMC", "ET", "Q"])
    canvas.addLiteral("\n".join(ops))
