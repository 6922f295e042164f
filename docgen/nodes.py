"""The document model's nodes (inlines, blocks, page setup, the Document) and the text of inlines; see :mod:`docgen.document`.

Every length is in points; font sizes are in points; colours are ``#rrggbb``.
A block class is registered (:func:`register_block`) so that a test can prove every writer handles it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from docgen.khmer.digits import khmer_digits

__all__ = [
    "MM",
    "PAGE_SIZES",
    "FONT_ROLES",
    "ALIGNS",
    "BORDERS",
    "Run",
    "LineBreak",
    "PageNumber",
    "Inline",
    "Heading",
    "Paragraph",
    "Width",
    "format_float",
    "Cell",
    "Row",
    "Table",
    "Image",
    "QRCode",
    "Signature",
    "Spacer",
    "PageBreak",
    "Keep",
    "Series",
    "Chart",
    "BLOCK_TYPES",
    "register_block",
    "PageSetup",
    "Metadata",
    "Document",
    "format_number",
    "plain_text",
]

MM = 72 / 25.4  # points per millimetre

# Portrait (width, height) in millimetres. DL and C5 are envelopes.
PAGE_SIZES: dict[str, tuple[float, float]] = {
    "A4": (210, 297),
    "A5": (148, 210),
    "letter": (215.9, 279.4),
    "DL": (110, 220),
    "C5": (162, 229),
}
FONT_ROLES = ("body", "heading", "latin")
ALIGNS = ("left", "centre", "right", "justify")
BORDERS = ("grid", "outer", "rows", "none")

Align = Literal["left", "centre", "right", "justify"]


# -- inlines ---------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class _Styled:
    """Character formatting shared by runs and page-number fields (None = inherit)."""

    bold: bool = False
    italic: bool = False
    size: float | None = None
    color: str | None = None
    font: str | None = None


@dataclass(frozen=True, kw_only=True)
class Run(_Styled):
    """A stretch of text with one character format."""

    text: str


@dataclass(frozen=True)
class LineBreak:
    """A forced line break inside a paragraph."""


@dataclass(frozen=True, kw_only=True)
class PageNumber(_Styled):
    """A field: the current page (``page``) or the page count (``pages``), in the document's digits."""

    kind: Literal["page", "pages"] = "page"


Inline = Run | LineBreak | PageNumber


# -- blocks ----------------------------------------------------------------------------

BLOCK_TYPES: list[type] = []


def register_block(cls: type) -> type:
    """Class decorator: record ``cls`` as a block type every writer must handle."""
    BLOCK_TYPES.append(cls)
    return cls


@register_block
@dataclass(frozen=True, kw_only=True)
class Paragraph:
    """Text with inline formatting; ``line_spacing`` is a multiple of the size (None = the writer's)."""

    inlines: tuple[Inline, ...] = ()
    align: Align = "left"
    font: str = "body"
    size: float = 11.0
    line_spacing: float | None = None
    space_before: float = 0.0
    space_after: float = 6.0
    first_indent: float = 0.0
    left_indent: float = 0.0
    right_indent: float = 0.0
    color: str | None = None


@register_block
@dataclass(frozen=True, kw_only=True)
class Heading(Paragraph):
    """A heading (level 1-3): a paragraph with its own style name in DOCX and the outline."""

    level: int = 1


@dataclass(frozen=True)
class Width:
    """A column width: fixed points, or a share (``star``) of the width left over."""

    value: float
    star: bool = False

    def __str__(self) -> str:
        return f"{format_float(self.value)}*" if self.star else f"{format_float(self.value)}pt"


def format_float(value: float) -> str:
    """A length or size as the dump shows it: at most two decimals, no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, kw_only=True)
class Cell:
    """A table cell: blocks (paragraphs, images, QR codes), spans, vertical alignment, shading."""

    blocks: tuple[Any, ...] = ()
    colspan: int = 1
    rowspan: int = 1
    valign: Literal["top", "middle", "bottom"] = "top"
    shade: str | None = None


@dataclass(frozen=True, kw_only=True)
class Row:
    """A table row: ``keep`` = never split across pages; ``height`` = at least this tall (points,
    content may make it taller); ``keep_with_next`` = never the last row on a page."""

    cells: tuple[Cell, ...] = ()
    keep: bool = True
    height: float | None = None
    keep_with_next: bool = False


@register_block
@dataclass(frozen=True, kw_only=True)
class Table:
    """A table: the first ``header_rows`` rows repeat on every page."""

    widths: tuple[Width, ...] = ()
    rows: tuple[Row, ...] = ()
    header_rows: int = 0
    borders: str = "grid"
    border_color: str = "#000000"
    padding: float = 3.0
    align: Align = "centre"
    space_after: float = 6.0


@register_block
@dataclass(frozen=True, kw_only=True)
class Image:
    """A picture (PNG or JPEG); without a size it is drawn at 96 dpi, scaled down to fit."""

    src: str
    path: Path = field(default=Path(), compare=False, metadata={"dump": False})
    width: float | None = None
    height: float | None = None
    align: Align = "centre"


@register_block
@dataclass(frozen=True, kw_only=True)
class QRCode:
    """A QR code of ``data``, ``size`` points square."""

    data: str
    size: float = 20 * MM
    align: Align = "centre"


@register_block
@dataclass(frozen=True, kw_only=True)
class Signature:
    """A signature block: position lines, room to sign (with optional images), then the name."""

    position: tuple[Paragraph, ...] = ()
    name: tuple[Paragraph, ...] = ()
    space: float = 22 * MM
    align: Align = "right"
    width: float = 80 * MM
    image: Image | None = None
    seal: Image | None = None


@register_block
@dataclass(frozen=True)
class Spacer:
    """Empty vertical space."""

    height: float


@register_block
@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


@register_block
@dataclass(frozen=True)
class Keep:
    """Blocks kept together on one page when they fit."""

    blocks: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Series:
    """One data series of a chart: a legend name, one value per chart label, an optional colour."""

    name: str
    values: tuple[float, ...] = ()
    color: str | None = None


@register_block
@dataclass(frozen=True, kw_only=True)
class Chart:
    """A bar (horizontal, grouped by label) or pie chart drawn from data; labels in the document's script.

    ``width``/``height`` None = the frame's width / the height the data needs.
    """

    kind: Literal["bar", "pie"] = "bar"
    title: str = ""
    labels: tuple[str, ...] = ()
    series: tuple[Series, ...] = ()
    width: float | None = None
    height: float | None = None
    size: float = 9.0
    align: Align = "centre"
    space_after: float = 6.0


# -- the document ----------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class PageSetup:
    """Paper, orientation, margins (top, right, bottom, left) and headers/footers.

    ``first_header``/``first_footer`` are for page 1; ``header``/``footer`` for the others.
    """

    size: str = "A4"
    orientation: Literal["portrait", "landscape"] = "portrait"
    margins: tuple[float, float, float, float] = (25 * MM, 20 * MM, 20 * MM, 30 * MM)
    header: tuple[Paragraph, ...] = ()
    footer: tuple[Paragraph, ...] = ()
    first_header: tuple[Paragraph, ...] = ()
    first_footer: tuple[Paragraph, ...] = ()

    @property
    def dimensions(self) -> tuple[float, float]:
        """(width, height) of the page in points, orientation applied."""
        width, height = (v * MM for v in PAGE_SIZES[self.size])
        return (height, width) if self.orientation == "landscape" else (width, height)

    @property
    def frame_width(self) -> float:
        """The width between the left and right margins, in points."""
        return self.dimensions[0] - self.margins[1] - self.margins[3]


@dataclass(frozen=True, kw_only=True)
class Metadata:
    """What a PDF or DOCX file says about itself."""

    title: str = ""
    author: str = ""
    subject: str = ""
    keywords: str = ""


@dataclass(frozen=True, kw_only=True)
class Document:
    """A whole document: page setup, metadata, language, digits and blocks."""

    page: PageSetup = PageSetup()
    meta: Metadata = Metadata()
    lang: str = "en"
    digits: Literal["khmer", "latin"] = "latin"
    size: float = 11.0
    blocks: tuple[Any, ...] = ()


# -- the text of inlines --------------------------------------------------------------

def format_number(value: int, digits: str) -> str:
    """``value`` in Khmer digits (``digits == "khmer"``) or Latin ones."""
    return khmer_digits(value) if digits == "khmer" else str(value)


def plain_text(inlines: tuple[Inline, ...], page: int = 1, pages: int = 1, digits: str = "latin") -> str:
    """The text a reader sees: runs joined, breaks as newlines, fields as numbers."""
    parts = []
    for item in inlines:
        if isinstance(item, Run):
            parts.append(item.text)
        elif isinstance(item, LineBreak):
            parts.append("\n")
        else:
            parts.append(format_number(page if item.kind == "page" else pages, digits))
    return "".join(parts)
