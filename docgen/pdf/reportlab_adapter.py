"""The one place that touches ReportLab's internals: each use a small function saying what docgen relies on.

ReportLab's public API draws text it shapes itself, writes every page when it is
shown and builds each document's fonts and images anew. docgen needs more: glyphs
HarfBuzz placed, "page x of y" over a run of files, and fonts and images prepared
once per mailing. Where no public API does the job, the private name is used here
and only here; ``tests/test_pdf_reportlab_adapter.py`` pins each function's
behaviour, so a ReportLab upgrade that changes one fails a test naming it; they
also pin that ReportLab writes the plain PDFs (one cross-reference table, no object
streams) that the print file's streaming concatenation (``docgen.pdf.concat``) copies.
Written against ReportLab 5.1.
"""
from __future__ import annotations

import copy
import hashlib
import zlib
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from docgen.errors import FontError, Problem

if TYPE_CHECKING:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Frame, Table

    from docgen.text.fonts import FontFace

__all__ = [
    "reportlab_font", "glyph_code_map", "code_width", "font_subsets",
    "hold_page", "resume_page", "held_page_number", "held_drawing", "with_drawing", "set_drawing",
    "advance_frame", "row_count", "min_row_heights", "set_min_row_heights",
    "image_xobject", "use_image", "PRIVATE_CODES",
]


# -- fonts -------------------------------------------------------------------------------------

#: Private codes for glyphs no character maps to (ligatures, subscript forms): in the BMP,
#: because ReportLab writes ToUnicode entries as 4 hex digits; above ReportLab's own
#: assignments from U+E000 (both skip codes already in the cmap).
PRIVATE_CODES = range(0xEC00, 0xF900)
_SUBSETS_CACHED = 32   # subsets kept per process: the fixed formulas' stay, recipients' names mostly miss
_FONTS: WeakKeyDictionary[FontFace, TTFont] = WeakKeyDictionary()


def reportlab_font(face: FontFace) -> TTFont:
    """The ReportLab TTFont of ``face``, registered once per process, named ``face.ps_name`` in the PDF,
    its subsets made once (:func:`_reuse_subsets`). Registering is public API; naming the BaseFont is not."""
    font = _FONTS.get(face)
    if font is None:
        digest = hashlib.sha1(str(face.path).encode("utf-8", "surrogatepass")).hexdigest()[:10]
        name = f"docgen-{face.ps_name}-{digest}"
        try:
            font = pdfmetrics.getFont(name)
        except KeyError:
            try:
                font = TTFont(name, str(face.path))
            except (TTFError, OSError) as exc:
                raise FontError(Problem(face.path, None, None, f"cannot embed font: {exc}")) from exc
            font.face.name = face.ps_name.encode("ascii")   # the BaseFont name: ReportLab has no setting for it
            _reuse_subsets(font)
            pdfmetrics.registerFont(font)
        _FONTS[face] = font
    return font


def glyph_code_map(font: TTFont) -> dict[int, int]:
    """Glyph id -> the code ReportLab's subsetter embeds as exactly that glyph, built once per font.

    ReportLab subsets by character code (``font.face.charToGlyph``) and has no way to draw
    a glyph id; so every glyph gets a code: its own code point when the cmap has one, else a
    private code, by glyph id order (the same in every process), added to the face's cmap
    and widths. 0xA0 is drawn as a space by ReportLab: never a glyph's code. The widths
    written are made whole numbers: PDFium truncates fractional ones.
    """
    mapping = getattr(font, "docgen_glyph_codes", None)
    if mapping is None:
        face = font.face
        mapping = {}
        for code, gid in sorted(face.charToGlyph.items()):
            if code != 0xA0 and code >= 0x20:
                mapping.setdefault(gid, code)
        free = (code for code in PRIVATE_CODES if code not in face.charToGlyph)
        for gid, code in zip((gid for gid in range(len(face.hmetrics)) if gid not in mapping), free):
            face.charToGlyph[code] = gid
            face.charWidths[code] = face._pdfScale(face.hmetrics[gid][0])
            mapping[gid] = code
        face.charWidths = {code: round(width) for code, width in face.charWidths.items()}
        face.defaultWidth = round(face.defaultWidth)
        font.docgen_glyph_codes = mapping
    return mapping


def code_width(font: TTFont) -> Callable[[int], float]:
    """The width in 1/1000 em that the PDF gives a code (the widths :func:`glyph_code_map` wrote)."""
    return font.face.getCharWidth


def font_subsets(canvas: Canvas, font: TTFont, text: str) -> list[tuple[str, bytes]]:
    """``text`` (codes) as (font resource name, one-byte codes) per subset, in the canvas's document:
    what ReportLab's text object does inside, reached through the canvas's private ``_doc``."""
    doc = canvas._doc
    return [(font.getSubsetInternalName(subset, doc), data) for subset, data in font.splitString(text, doc)]


class _ReusedFlate(pdfdoc.PDFStreamFilterZCompress):
    """ReportLab's Flate filter, remembering what it compressed."""

    def encode(self, text: bytes | str) -> bytes:
        return _deflate(text.encode("utf8") if isinstance(text, str) else text)


@lru_cache(maxsize=_SUBSETS_CACHED)
def _deflate(data: bytes) -> bytes:
    return zlib.compress(data)


_FLATE = _ReusedFlate()


def _reuse_subsets(font: TTFont) -> None:
    """Let ``font`` reuse the subset programs it made for earlier files, byte for byte (ReportLab
    makes and deflates each anew per file): patches the face's ``makeSubset`` and ``addSubsetObjects``
    and the font file stream's filter. ``face.subset_cache.cache_info()`` tells how often one was reused."""
    face = font.face
    make, add = face.makeSubset, face.addSubsetObjects

    @lru_cache(maxsize=_SUBSETS_CACHED)
    def make_subset(codes: tuple[int, ...]) -> bytes:
        return make(list(codes))

    def add_subset_objects(doc, fontname, subset):
        reference = add(doc, fontname, subset)
        stream = doc.idToObject[f"fontFile:{face.filename}({fontname})"]
        if stream.filters:
            stream.filters = [_FLATE]
        return reference

    face.makeSubset = lambda subset: make_subset(tuple(subset))
    face.subset_cache = make_subset
    face.addSubsetObjects = add_subset_objects


# -- pages held back until the page total is known ---------------------------------------------

_DRAWING = "_code"   # the canvas's list of the current page's operators


def hold_page(canvas: Canvas) -> dict[str, Any]:
    """End the current page without writing it and start the next: the page's state (every attribute of
    the canvas, its operators among them) is returned, for :func:`resume_page` to bring back.
    ReportLab writes a page when it is shown; "page x of y" is drawn only once y is known
    (pretix's NumberedCanvas). Byte for byte, the pages are as if shown then."""
    state = dict(canvas.__dict__)
    canvas._startPage()
    return state


def resume_page(canvas: Canvas, state: dict[str, Any]) -> None:
    """Make the held page ``state`` the current page again (to draw on it, then show it)."""
    canvas.__dict__.update(state)


def held_page_number(state: dict[str, Any]) -> int:
    """The page number of a held page."""
    return state["_pageNumber"]


def held_drawing(state: dict[str, Any]) -> list[str]:
    """The operators drawn on a held page."""
    return state[_DRAWING]


def with_drawing(state: dict[str, Any], drawing: object) -> dict[str, Any]:
    """``state`` with its operators replaced by ``drawing`` (a token for them kept elsewhere)."""
    return {**state, _DRAWING: drawing}


def set_drawing(canvas: Canvas, operators: list[str]) -> None:
    """Replace the operators of the current page (those of a held page, brought back from elsewhere)."""
    setattr(canvas, _DRAWING, operators)


# -- frames and tables -------------------------------------------------------------------------

def advance_frame(frame: Frame, height: float) -> None:
    """Move the frame's cursor down by ``height``, but never below its foot, and not at all at its top
    (platypus's Spacer would instead open a new frame for what does not fit)."""
    if not frame._atTop:
        frame._y = max(frame._y - height, frame._y1p)


def row_count(table: Table) -> int:
    """The rows of a platypus Table (or of a part a split made), header rows repeated in it included."""
    return table._nrows


def min_row_heights(table: Table) -> Sequence[float] | None:
    """The ``minRowHeights`` the table was made with (ReportLab drops them from the parts of a split)."""
    return table._minRowHeights


def set_min_row_heights(table: Table, heights: list[float]) -> None:
    """Give a part of a split table its rows' minimum heights back."""
    table._minRowHeights = heights


# -- images ------------------------------------------------------------------------------------

def image_xobject(name: str, reader: ImageReader) -> tuple[pdfdoc.PDFImageXObject, pdfdoc.PDFImageXObject | None]:
    """The image XObject of ``reader`` named ``name`` (its pixels decoded and deflated now, once) and its
    soft mask, taken off it so that each document registers a copy of both (:func:`use_image`)."""
    xobject = pdfdoc.PDFImageXObject(name, reader, mask="auto")
    return xobject, xobject.__dict__.pop("_smask", None)


def use_image(canvas: Canvas, name: str, xobject: pdfdoc.PDFImageXObject,
              smask: pdfdoc.PDFImageXObject | None) -> str:
    """Register a copy of ``xobject`` (and its mask) in the canvas's document the first time, mark it used
    on the current page, and return the name to draw it by (``/name Do``): what ``drawImage`` does,
    without decoding the image again for every document."""
    doc = canvas._doc
    canvas._currentPageHasImages = 1
    reg_name = doc.getXObjectName(name)
    if reg_name not in doc.idToObject:
        registered = copy.copy(xobject)
        canvas._setXObjects(registered)
        doc.Reference(registered, reg_name)
        doc.addForm(name, registered)
        if smask is not None:
            registered.smask = _mask_reference(canvas, smask)
    canvas._formsinuse.append(name)
    return reg_name


def _mask_reference(canvas: Canvas, smask: pdfdoc.PDFImageXObject) -> pdfdoc.PDFObjectReference:
    """The document's reference to the soft mask ``smask``, registering a copy the first time."""
    doc = canvas._doc
    reg_name = doc.getXObjectName(smask.name)
    if reg_name in doc.idToObject:
        return pdfdoc.PDFObjectReference(reg_name)
    mask = copy.copy(smask)
    canvas._setXObjects(mask)
    return doc.Reference(mask, reg_name)
