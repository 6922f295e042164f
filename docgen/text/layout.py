"""Paragraph layout: styled spans -> font runs (a font per script) -> shaped boxes -> lines of positioned glyphs.

No drawing here: the PDF flowable (``docgen.pdf.paragraph``) only places what this returns.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING

from docgen.khmer.segment import ZWSP, breakpoints, cluster_boundaries, has_khmer
from docgen.text.fonts import fallback_face
from docgen.text.linebreak import Box, Line, break_lines
from docgen.text.shape import Glyph, shape

if TYPE_CHECKING:
    from docgen.text.fonts import FontFace, FontSet
    from docgen.text.spans import ParaStyle, Span

__all__ = ["FontRun", "GlyphRun", "LaidLine", "Layout", "layout_paragraph", "font_runs", "substitutes", "boxes",
           "char_advances", "widest_box", "align_offset", "one_line", "measure"]

_FORCED = "\n\r\u2028\u2029"
_BLANK = " \t\u00a0" + ZWSP + _FORCED      # never decide the font of a run; vanish at a line end
_STRETCHY = " \u00a0"                       # the real spaces that justification may widen
_IGNORABLE = ZWSP + "\u200c\u200d\ufeff"   # need no glyph in the font
REPLACEMENT = "\ufffd"                     # drawn for a character no face has


@dataclass(frozen=True)
class FontRun:
    """``text[start:end]`` in one face, size and colour, shaped once."""

    start: int
    end: int
    face: FontFace
    size: float
    color: str
    glyphs: tuple[Glyph, ...]


@dataclass(frozen=True)
class GlyphRun:
    """What the flowable draws: glyphs at pen ``positions`` (from the line's left) and their source text."""

    face: FontFace
    size: float
    color: str
    glyphs: tuple[Glyph, ...]
    positions: tuple[float, ...]
    text: str


@dataclass(frozen=True)
class LaidLine:
    """A broken line ready to draw: ``height`` tall, baseline ``baseline`` below its top."""

    start: int
    end: int
    width: float          # drawn width, stretched spaces included
    runs: tuple[GlyphRun, ...]
    height: float
    baseline: float


@dataclass(frozen=True)
class Layout:
    """All lines of a paragraph laid out for one width."""

    text: str
    lines: tuple[LaidLine, ...]

    @property
    def height(self) -> float:
        return sum(line.height for line in self.lines)


def _style_of(span: Span, style: ParaStyle, fonts: FontSet) -> tuple[FontFace, float, str]:
    face = fonts.face(span.role or style.role, span.bold, span.italic)
    return face, span.size or style.size, span.color or style.color


def _pick_face(cluster: str, primary: FontFace) -> tuple[FontFace, bool]:
    """A font per script: Khmer clusters in the Khmer face, the rest in the Latin one, if it has the glyphs.

    A face lacking a glyph hands over to its fallback (a Khmer face may have no
    Latin letters), then to an installed face that has it; when no face has it, the
    cluster is drawn as replacement marks (True), never as nothing.
    """
    needed = [c for c in cluster if c not in _IGNORABLE]
    candidates = [face for face in (primary, primary.fallback) if face is not None]
    want_khmer = has_khmer(cluster)
    candidates.sort(key=lambda face: face.covers("\u1780") != want_khmer)
    for face in candidates:
        if all(face.covers(c) for c in needed):
            return face, False
    lacking = next(c for c in needed if not any(face.covers(c) for face in candidates))
    extra = fallback_face(lacking)
    if extra is not None and all(extra.covers(c) for c in needed):
        return extra, False
    marks = next((face for face in candidates if face.covers(REPLACEMENT)), primary)
    return marks, True


def _itemize(text: str, primary: FontFace) -> list[tuple[int, int, FontFace, bool]]:
    """Split one span into runs of one face (and whether drawn as replacement marks); forced breaks
    belong to no run."""
    pieces: list[tuple[int, int, FontFace, bool]] = []
    start = 0
    for end in cluster_boundaries(text):
        cluster = text[start:end]
        if cluster[0] in _FORCED:
            chosen = None
        elif all(c in _BLANK for c in cluster):   # spaces keep the face of what precedes them
            chosen = (pieces[-1][2], False) if pieces and pieces[-1][1] == start else (primary, False)
        else:
            chosen = _pick_face(cluster, primary)
        if chosen is not None:
            if pieces and pieces[-1][1] == start and pieces[-1][2:] == chosen:
                pieces[-1] = (pieces[-1][0], end, *chosen)
            else:
                pieces.append((start, end, *chosen))
        start = end
    return pieces


def substitutes(text: str, primary: FontFace) -> list[tuple[str, FontFace | None]]:
    """The clusters of ``text`` that ``primary`` and its fallback cannot draw, each with the installed
    face that draws it instead, or None where it is drawn as a replacement mark."""
    chosen = (primary, primary.fallback)
    return [(text[start:end], None if marks else face) for start, end, face, marks in _itemize(text, primary)
            if marks or face not in chosen]


def font_runs(spans: Sequence[Span], style: ParaStyle, fonts: FontSet) -> list[FontRun]:
    """Every span itemized into runs with one face each, shaped."""
    runs: list[FontRun] = []
    offset = 0
    for span in spans:
        primary, size, color = _style_of(span, style, fonts)
        for start, end, face, marks in _itemize(span.text, primary):
            piece = _marks(span.text[start:end]) if marks else span.text[start:end]
            runs.append(FontRun(offset + start, offset + end, face, size, color, shape(face, piece, size).glyphs))
        offset += len(span.text)
    return runs


def _marks(text: str) -> str:
    """One replacement mark per cluster of ``text``, the cluster's other characters drawn as nothing."""
    marked, start = [], 0
    for end in cluster_boundaries(text):
        marked.append(REPLACEMENT + ZWSP * (end - start - 1))
        start = end
    return "".join(marked)


def char_advances(text: str, runs: Sequence[FontRun]) -> list[float]:
    """Advance width per character (a cluster's width sits on its first character)."""
    advances = [0.0] * len(text)
    for run in runs:
        for glyph in run.glyphs:
            advances[run.start + glyph.cluster] += glyph.advance
    return advances


def _content_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _BLANK:
        end -= 1
    return end


def boxes(text: str, advances: Sequence[float]) -> list[Box]:
    """The boxes between break opportunities, with their widths and last-resort cuts."""
    prefix = [0.0, *accumulate(advances)]
    clusters = cluster_boundaries(text)
    points = breakpoints(text)
    starts = [0, *(p.index for p in points)]
    ends = [*(p.index for p in points), len(text)]
    kinds = [*(p.kind for p in points), None]
    result = []
    for start, end, kind in zip(starts, ends, kinds):
        content = _content_end(text, start, end)
        cuts = tuple((c, prefix[c] - prefix[start]) for c in clusters if start < c <= content)
        result.append(Box(start, end, prefix[content] - prefix[start], prefix[end] - prefix[content], kind, cuts))
    return result


def _line_glyphs(text: str, run: FontRun, start: int, end: int) -> tuple[Glyph, ...]:
    """The glyphs of ``text[start:end]``, a slice of ``run``; reshaped only across an unsafe cut."""
    if (start, end) == (run.start, run.end):
        return run.glyphs
    lo, hi = start - run.start, end - run.start
    cut_ok = all(_safe(run.glyphs, i) for i in (lo, hi) if 0 < i < run.end - run.start)
    if not cut_ok:
        return shape(run.face, text[start:end], run.size).glyphs
    return tuple(Glyph(g.gid, g.cluster - lo, g.advance, g.x_offset, g.y_offset, g.unsafe_to_break)
                 for g in run.glyphs if lo <= g.cluster < hi)


def _safe(glyphs: Sequence[Glyph], index: int) -> bool:
    """Whether a run may be cut before character ``index`` without reshaping (HarfBuzz UNSAFE_TO_BREAK)."""
    for glyph in glyphs:
        if glyph.cluster >= index:
            return glyph.cluster == index and not glyph.unsafe_to_break
    return True


def _place_line(text: str, line: Line, runs: Sequence[FontRun], extra: float, x: float) -> tuple[list[GlyphRun], float]:
    """Glyph runs of one line from pen ``x``; each real space is widened by ``extra``."""
    visible_end = _content_end(text, line.start, line.end)
    placed: list[GlyphRun] = []
    for run in runs:
        start, end = max(run.start, line.start), min(run.end, visible_end)
        if start >= end:
            continue
        glyphs = _line_glyphs(text, run, start, end)
        positions = []
        for glyph in glyphs:
            positions.append(x)
            x += glyph.advance + (extra if text[start + glyph.cluster] in _STRETCHY else 0.0)
        source = text[start:end].replace(ZWSP, "")
        if glyphs or source:
            placed.append(GlyphRun(run.face, run.size, run.color, glyphs, tuple(positions), source))
    return placed, x


def _vertical(runs: Sequence[FontRun], style: ParaStyle, fonts: FontSet) -> tuple[float, float]:
    """Line height and baseline depth from the faces the paragraph uses (largest ascent and descent).

    Every line of a paragraph gets the same spacing, from all of its runs, so a
    Khmer stack never clips and an English-only paragraph is not spaced as if it
    were Khmer. An empty paragraph takes its role's face.
    """
    metrics = [(r.face.ascent * r.size, r.face.descent * r.size) for r in runs]
    if not metrics:
        face = fonts.face(style.role)
        metrics = [(face.ascent * style.size, face.descent * style.size)]
    ascent = max(a for a, _ in metrics)
    descent = max(d for _, d in metrics)
    if style.leading is None:
        return ascent + descent, ascent
    return style.leading, (style.leading - ascent - descent) / 2 + ascent


def align_offset(align: str, slack: float) -> float:
    """How far right a line moves inside its width for ``align``, given the ``slack`` it leaves."""
    return {"right": slack, "centre": slack / 2, "center": slack / 2}.get(align, 0.0)


def _offset_and_extra(text: str, line: Line, style: ParaStyle, available: float) -> tuple[float, float]:
    slack = available - line.width
    if not math.isfinite(slack) or slack <= 0:
        return 0.0, 0.0
    if style.align == "justify" and not line.last:
        visible = text[line.start:_content_end(text, line.start, line.end)]
        spaces = sum(visible.count(c) for c in _STRETCHY)
        return 0.0, (slack / spaces if spaces else 0.0)
    return align_offset(style.align, slack), 0.0


def widest_box(spans: Sequence[Span], style: ParaStyle, fonts: FontSet) -> float:
    """The width of the widest piece that no line break can split (without last-resort cuts)."""
    return _widest_box(tuple(spans), style, fonts)


@lru_cache(maxsize=256)
def _widest_box(spans: tuple[Span, ...], style: ParaStyle, fonts: FontSet) -> float:
    text = "".join(span.text for span in spans)
    found = boxes(text, char_advances(text, font_runs(spans, style, fonts)))
    return max((box.width for box in found), default=0.0)


def layout_paragraph(spans: Sequence[Span], style: ParaStyle, fonts: FontSet, width: float,
                     indent_first: bool = True) -> Layout:
    """Break ``spans`` into lines ``width`` wide (indents inside it) and place every glyph.

    Layouts are immutable and cached per process: a mailing sets the same
    paragraphs in every letter, and only the few that differ are laid out anew.
    """
    return _layout_paragraph(tuple(spans), style, fonts, width, indent_first)


@lru_cache(maxsize=256)
def _layout_paragraph(spans: tuple[Span, ...], style: ParaStyle, fonts: FontSet, width: float,
                      indent_first: bool) -> Layout:
    text = "".join(span.text for span in spans)
    runs = font_runs(spans, style, fonts)
    inner = width - style.left_indent - style.right_indent
    first = style.first_indent if indent_first else 0.0

    def available(n: int) -> float:
        return inner - (first if n == 0 else 0.0)

    height, baseline = _vertical(runs, style, fonts)
    lines = []
    for number, line in enumerate(break_lines(boxes(text, char_advances(text, runs)), available)):
        indent = style.left_indent + (first if number == 0 else 0.0)
        offset, extra = _offset_and_extra(text, line, style, available(number))
        placed, pen = _place_line(text, line, runs, extra, indent + offset)
        lines.append(LaidLine(line.start, line.end, pen - indent - offset, tuple(placed), height, baseline))
    if not lines:
        lines.append(LaidLine(0, 0, 0.0, (), height, baseline))
    return Layout(text, tuple(lines))


def one_line(spans: Sequence[Span], style: ParaStyle, fonts: FontSet) -> Layout:
    flat = [replace(s, text=s.text.replace("\n", " ")) for s in spans]
    return layout_paragraph(flat, replace(style, align="left", left_indent=0.0, right_indent=0.0,
                                          first_indent=0.0), fonts, float("inf"))


def measure(spans: Sequence[Span], style: ParaStyle, fonts: FontSet) -> float:
    """The natural width of ``spans`` set on one line."""
    return one_line(spans, style, fonts).lines[0].width
