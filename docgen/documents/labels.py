"""A4 address-label sheets: a grid of labels (3 x 8 by default), starting anywhere on a used sheet.

Labels must land exactly on the pre-cut sheet, so this module places each one
in a fixed frame on the page instead of letting text flow. The text itself is
set by the Khmer paragraph of ``docgen.pdf`` (ICU breaks, HarfBuzz glyphs,
``/ActualText``); a label whose address does not fit is set one point smaller
until it does. ``offset`` skips that many labels at the start of the first sheet.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.document import MM
from docgen.documents.envelopes import address_block
from docgen.errors import DocgenError, Problem
from docgen.files import atomic_write
from docgen.model import Recipient

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from docgen.documents.printfile import PdfParts

__all__ = ["LabelGrid", "MAX_GRID", "label_slots", "submit_labels", "write_label_sheets", "LABELS_FILE"]

LABELS_FILE = "labels.pdf"
SHEETS_PER_PART = 20  # label sheets drawn as one document before being streamed into the file
A4 = (210 * MM, 297 * MM)
MAX_GRID = (10, 30)  # most columns and rows of labels on an A4 sheet


@dataclass(frozen=True)
class LabelGrid:
    """``columns`` x ``rows`` labels filling an A4 sheet inside ``margin`` (mm) on every side."""

    columns: int = 3
    rows: int = 8
    margin: float = 0.0  # most 3 x 8 sheets (70 x 37 mm) are cut edge to edge
    padding: float = 5.0  # mm of blank inside each label

    def __post_init__(self) -> None:
        if not (0 < self.columns <= MAX_GRID[0] and 0 < self.rows <= MAX_GRID[1]):
            raise DocgenError(Problem("--label-grid", None, f"{self.columns}x{self.rows}",
                                      f"expected 1 to {MAX_GRID[0]} columns and 1 to {MAX_GRID[1]} rows"))
        if not 0 <= self.margin < 50:
            raise DocgenError(Problem("label_margin", None, f"{self.margin:g}", "expected 0 to 50 mm"))

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    @property
    def label_size(self) -> tuple[float, float]:
        """(width, height) of one label in points."""
        return ((A4[0] - 2 * self.margin * MM) / self.columns, (A4[1] - 2 * self.margin * MM) / self.rows)

    def origin(self, slot: int) -> tuple[float, float]:
        """Bottom-left corner (points) of the label in ``slot`` (0 = top left, row by row)."""
        row, col = divmod(slot % self.per_sheet, self.columns)
        width, height = self.label_size
        return self.margin * MM + col * width, A4[1] - self.margin * MM - (row + 1) * height


def label_slots(count: int, grid: LabelGrid, offset: int = 0) -> list[tuple[int, int]]:
    """(sheet, slot) of each of ``count`` labels when the first ``offset`` slots of sheet 0 are used."""
    if not 0 <= offset < grid.per_sheet:
        raise DocgenError(Problem("--label-offset", None, str(offset), f"expected 0 to {grid.per_sheet - 1}"))
    return [divmod(offset + i, grid.per_sheet) for i in range(count)]


def _label_flowables(block: dict, size: float, fonts) -> list:
    from docgen.pdf.paragraph import KhmerParagraph
    from docgen.text.spans import ParaStyle, Span

    head = ParaStyle(size=size + 1, role="heading" if block["lang"] == "km" else "body", space_after=1.0)
    body = ParaStyle(size=size)
    paragraphs = [KhmerParagraph([Span(block["addressee"], bold=block["lang"] == "en")], head, fonts)]
    paragraphs += [KhmerParagraph(line, body, fonts) for line in block["lines"]]
    return paragraphs


def _fit(block: dict, width: float, height: float, fonts) -> list:
    """The label's paragraphs at the largest size (10 pt down to 7 pt) that fits the label;
    failing that, at 7 pt without the position line (the name, organisation and address matter most)."""
    attempts = [(size, block) for size in (10.0, 9.0, 8.0, 7.0)]
    attempts.append((7.0, {**block, "lines": [line for line in block["lines"] if line != block.get("position")]}))
    for size, lines in attempts:
        flowables = _label_flowables(lines, size, fonts)
        used = sum(f.wrap(width, height)[1] + f.getSpaceAfter() for f in flowables)
        if used <= height:
            break
    return flowables


def _draw_label(canvas, block: dict, grid: LabelGrid, slot: int, fonts) -> None:
    from reportlab.platypus import Frame

    x, y = grid.origin(slot)
    width, height = grid.label_size
    pad = grid.padding * MM
    frame = Frame(x + pad, y + pad, width - 2 * pad, height - 2 * pad, 0, 0, 0, 0, showBoundary=0)
    frame.addFromList(_fit(block, width - 2 * pad, height - 2 * pad, fonts), canvas)


def submit_labels(parts: PdfParts, recipients: Sequence[Recipient], pool: Executor, grid: LabelGrid = LabelGrid(),
                  offset: int = 0, fonts_config: dict[str, str] | None = None) -> None:
    """Have ``pool`` draw the label sheets of ``recipients`` into ``parts``, ``SHEETS_PER_PART`` sheets a part."""
    per_part = grid.per_sheet * SHEETS_PER_PART
    start, first = 0, per_part - offset   # the first part's sheet 0 has ``offset`` slots used
    while start < len(recipients) or start == 0:
        end = start + (first if start == 0 else per_part)
        parts.submit(pool, write_label_sheets, list(recipients[start:end]), grid, offset if start == 0 else 0,
                     fonts_config)
        start = end


def write_label_sheets(recipients: Sequence[Recipient], grid: LabelGrid, offset: int,
                       fonts_config: dict[str, str] | None, path: Path) -> Path:
    """Write label sheets for ``recipients`` to ``path``, the first label in slot ``offset``; return ``path``."""
    from reportlab.pdfgen.canvas import Canvas

    from docgen.text.fonts import resolve_fonts

    fonts = resolve_fonts(fonts_config)
    slots = label_slots(len(recipients), grid, offset)
    with atomic_write(path, "wb") as out:
        canvas = Canvas(out, pagesize=A4, invariant=1)
        canvas.setTitle("Labels")
        sheet = 0
        for recipient, (on_sheet, slot) in zip(recipients, slots):
            if on_sheet != sheet:
                canvas.showPage()
                sheet = on_sheet
            _draw_label(canvas, address_block(recipient), grid, slot, fonts)
        canvas.showPage()
        canvas.save()
    return path
