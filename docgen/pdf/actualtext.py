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
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from reportlab.lib.colors import toColor

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from docgen.pdf.fonts import FontFace
    from docgen.pdf.shape import Glyph

__all__ = ["GlyphRunLike", "actual_text_operator", "draw_glyph_runs", "glyph_codes"]

# Private codes for glyphs no character maps to (ligatures, subscript forms):
# in the BMP, because ReportLab writes ToUnicode entries as 4 hex digits; above
# ReportLab's own assignments from U+E000 (both skip codes already in the cmap).
_PRIVATE_START = 0xEC00
_SLANT = 0.2                # shear of a synthesised italic
_EMBOLDEN = 0.03            # outline stroke of a synthesised bold, in em


def actual_text_operator(text: str) -> str:
    """The ``BDC`` operator opening a span whose extracted text is ``text``."""
    utf16 = ("\ufeff" + text).encode("utf-16-be").hex().upper()
    return f"/Span <</ActualText <{utf16}>>> BDC"


def _glyph_map(font) -> dict[int, int]:
    """Glyph id -> code for a ReportLab TTFont, built once per font."""
    mapping = getattr(font, "_docgen_glyph_codes", None)
    if mapping is None:
        mapping = {}
        # 0xA0 is drawn as a space by ReportLab: never use it as a glyph's code.
        for code, gid in sorted(font.face.charToGlyph.items()):
            if code != 0xA0 and code >= 0x20:
                mapping.setdefault(gid, code)
        font._docgen_glyph_codes = mapping
        font._docgen_next_private = _PRIVATE_START
    return mapping


def glyph_codes(font, gids: Sequence[int]) -> list[int]:
    """A code per glyph id that ReportLab's subsetter will embed as exactly that glyph."""
    mapping = _glyph_map(font)
    face = font.face
    codes = []
    for gid in gids:
        code = mapping.get(gid)
        if code is None:
            code = font._docgen_next_private
            while code in face.charToGlyph:
                code += 1
            font._docgen_next_private = code + 1
            face.charToGlyph[code] = gid
            face.charWidths[code] = face._pdfScale(face.hmetrics[gid][0])
            mapping[gid] = code
        codes.append(code)
    return codes


class GlyphRunLike(Protocol):
    """What is drawn: a face at a size and colour, glyphs and their pen positions."""

    face: FontFace
    size: float
    color: str
    glyphs: Sequence[Glyph]
    positions: Sequence[float]


def _glyph_operators(doc, run: GlyphRunLike, x: float, y: float) -> list[str]:
    """Text-showing operators that place each glyph of ``run`` at its HarfBuzz position."""
    font = run.face.reportlab_font
    codes = glyph_codes(font, [g.gid for g in run.glyphs])
    shear, size = _num(_SLANT if run.face.slant else 0.0), _num(run.size)
    # One splitString for the run: it assigns subset codes in the same order as one call per glyph.
    pieces = font.splitString("".join(map(chr, codes)), doc)
    per_glyph = ((subset, byte) for subset, data in pieces for byte in data)
    ops: list[str] = []
    current_subset = None
    for glyph, pen, (subset, byte) in zip(run.glyphs, run.positions, per_glyph):
        if subset != current_subset:
            ops.append(f"{font.getSubsetInternalName(subset, doc)} {size} Tf")
            current_subset = subset
        ops.append(f"1 0 {shear} 1 {_num(x + pen + glyph.x_offset)} {_num(y + glyph.y_offset)} Tm <{byte:02x}> Tj")
    return ops


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
    doc = canvas._doc
    ops = ["q", "BT", actual_text_operator(source_text)]
    for run in runs:
        ops.extend(_paint_operators(run))
        ops.extend(_glyph_operators(doc, run, x, y))
    ops.extend(["EMC", "ET", "Q"])
    canvas._code.append("\n".join(ops))
