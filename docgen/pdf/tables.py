"""Table and signature blocks -> platypus Tables whose cells hold Khmer paragraphs."""
from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.colors import toColor
from reportlab.platypus import Flowable, Table, TableStyle

from docgen import document as d
from docgen.pdf.align import HALIGN, VALIGN
from docgen.pdf.reportlab_adapter import min_row_heights, row_count, set_min_row_heights

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from docgen.pdf.writer import PdfBuilder

__all__ = ["table_flowable", "signature_flowable", "table_style", "RowTable", "SignatureRoom"]

_LINE = 0.5


def table_flowable(builder: PdfBuilder, table: d.Table) -> Table:
    """A platypus Table: spans, widths, repeated header rows; rows split only if one allows it."""
    widths = d.column_widths(table, builder.frame_width)
    grid = d.table_grid(table)
    rows = max((g.row + g.cell.rowspan for g in grid), default=1)
    data: list[list[object]] = [["" for _ in widths] for _ in range(rows)]
    for placed in grid:
        inner = widths[placed.col] if placed.cell.colspan == 1 else sum(widths[placed.col:placed.col + placed.cell.colspan])
        data[placed.row][placed.col] = _cell_content(builder, placed.cell, inner - 2 * table.padding)
    minimums = [row.height or 0.0 for row in table.rows] + [0.0] * (rows - len(table.rows))
    flowable = RowTable(
        data, colWidths=widths, repeatRows=min(table.header_rows, rows), style=table_style(table, grid),
        splitInRow=0 if all(r.keep for r in table.rows) else 1,
        minRowHeights=minimums if any(minimums) else None,
    )
    flowable.hAlign = HALIGN[table.align]
    return flowable


class RowTable(Table):
    """A platypus Table whose minimum row heights survive page splits, and which knows its rows.

    ReportLab drops ``minRowHeights`` from the two tables a split makes (and rows
    not yet measured are then sized by their content alone), so they are handed on here.
    Each part also knows which row of the whole table it goes on from (``first_row``),
    and a continued part notes it on the canvas's ``continued_rows`` (page -> row) when
    drawn, unless it begins with the second half of a split row: a document laid out in
    parts can then begin the next part at that row.
    """

    first_row = 0  # the row of the whole table this part's own rows start at
    repeated = 0   # leading header rows repeated from the whole table (a continued part)
    split_row = False  # its first own row is the rest of a row split across pages

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        first, rest = parts
        repeat = rest.repeatRows if isinstance(rest.repeatRows, int) else len(rest.repeatRows)
        head, tail = row_count(first), row_count(rest) - repeat
        in_row = head + tail > row_count(self)  # one row was split in two
        first.first_row, first.repeated = self.first_row, self.repeated
        rest.first_row = self.first_row + head - self.repeated - (1 if in_row else 0)
        rest.repeated, rest.split_row = repeat, in_row
        first.split_row = self.split_row
        minimums = min_row_heights(self)
        if minimums:
            head_minimums, tail_minimums = list(minimums[:head]), list(minimums[len(minimums) - tail:])
            if in_row:  # neither half keeps its minimum
                head_minimums[-1] = tail_minimums[0] = 0.0
            set_min_row_heights(first, head_minimums)
            set_min_row_heights(rest, list(minimums[:repeat]) + tail_minimums)
        return parts

    def draw(self) -> None:
        continued = getattr(self.canv, "continued_rows", None)
        if continued is not None and self.first_row and not self.split_row:
            continued.setdefault(self.canv.getPageNumber(), self.first_row)
        super().draw()


def _cell_content(builder: PdfBuilder, cell: d.Cell, available: float) -> list[Flowable]:
    flowables = []
    for block in cell.blocks:
        if isinstance(block, d.Image):
            flowables.append(builder.image_flowable(block, available))
        else:
            flowables.extend(builder.visit(block))
    return flowables


def table_style(table: d.Table, grid: list[d.GridCell]) -> TableStyle:
    """Borders, padding, shading, vertical alignment and spans as TableStyle commands."""
    color = toColor(table.border_color)
    commands: list[tuple] = [
        ("LEFTPADDING", (0, 0), (-1, -1), table.padding), ("RIGHTPADDING", (0, 0), (-1, -1), table.padding),
        ("TOPPADDING", (0, 0), (-1, -1), table.padding), ("BOTTOMPADDING", (0, 0), (-1, -1), table.padding),
    ]
    if table.borders == "grid":
        commands.append(("GRID", (0, 0), (-1, -1), _LINE, color))
    elif table.borders == "outer":
        commands.append(("BOX", (0, 0), (-1, -1), _LINE, color))
    elif table.borders == "rows":
        commands += [("LINEABOVE", (0, 0), (-1, -1), _LINE, color), ("LINEBELOW", (0, -1), (-1, -1), _LINE, color)]
    commands += [("NOSPLIT", (0, first), (-1, last)) for first, last in _kept_together(table.rows)]
    for placed in grid:
        cell = placed.cell
        start, end = (placed.col, placed.row), (placed.col + cell.colspan - 1, placed.row + cell.rowspan - 1)
        if start != end:
            commands.append(("SPAN", start, end))
        commands.append(("VALIGN", start, end, VALIGN[cell.valign]))
        placed_align = _object_align(cell)
        if placed_align:
            commands.append(("ALIGN", start, end, HALIGN[placed_align]))
        if cell.shade:
            commands.append(("BACKGROUND", start, end, toColor(cell.shade)))
    return TableStyle(commands)


def _object_align(cell: d.Cell) -> str | None:
    """The ``align`` of the first image or QR code in a cell: ReportLab places a cell's
    flowables by the cell's ALIGN alone (paragraphs fill the width and align their own lines)."""
    return next((b.align for b in cell.blocks if isinstance(b, (d.Image, d.QRCode))), None)


def _kept_together(rows: tuple[d.Row, ...]) -> list[tuple[int, int]]:
    """(first, last) row index of each run of keep-with-next rows together with the row after it."""
    runs: list[tuple[int, int]] = []
    for index, row in enumerate(rows[:-1]):
        if not row.keep_with_next:
            continue
        if runs and runs[-1][1] == index:
            runs[-1] = (runs[-1][0], index + 1)
        else:
            runs.append((index, index + 1))
    return runs


def signature_flowable(builder: PdfBuilder, sig: d.Signature) -> Table:
    """Position lines, the room to sign (with signature and seal images), the name: one column, aligned."""
    rows: list[list[object]] = [[builder.paragraph_flowable(p)] for p in sig.position]
    rows.append([SignatureRoom(sig.width, sig.space, [i for i in (sig.seal, sig.image) if i], builder)])
    rows += [[builder.paragraph_flowable(p)] for p in sig.name]
    flowable = Table(rows, colWidths=[sig.width], style=TableStyle([
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    flowable.hAlign = HALIGN[sig.align]
    return flowable


class SignatureRoom(Flowable):
    """The empty space to sign in; scanned signature and seal images, if any, drawn in it side by side."""

    def __init__(self, width: float, height: float, images: list[d.Image], builder: PdfBuilder):
        super().__init__()
        self.width, self.height = width, height
        self.images = [builder.image_flowable(i, width / max(len(images), 1)) for i in images]
        for flowable in self.images:
            if flowable.drawHeight > height:
                flowable.drawWidth *= height / flowable.drawHeight
                flowable.drawHeight = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        total = sum(i.drawWidth for i in self.images)
        x = (self.width - total) / 2
        for image in self.images:
            image.drawOn(canvas, x, (self.height - image.drawHeight) / 2)
            x += image.drawWidth
