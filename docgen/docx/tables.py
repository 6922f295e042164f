"""Table blocks -> Word tables: grid and spans, widths, borders, shading, header and unsplittable rows.

Each shape of empty table is built once per reference package and copied for every table of that shape.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from docgen import document as d
from docgen.docx import internals, oxml
from docgen.docx.alignment import TABLE_ALIGNMENTS, VALIGN
from docgen.docx.internals import element

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from docgen.docx.package import ReferencePackage

__all__ = ["add_table", "BORDER_EDGES", "TableWriter"]

# which edges get a line, per border mode of the model
BORDER_EDGES = {
    "grid": ("top", "left", "bottom", "right", "insideH", "insideV"),
    "outer": ("top", "left", "bottom", "right"),
    "rows": ("top", "bottom", "insideH"),
    "none": (),
}
_TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


class TableWriter(Protocol):
    """What a table needs of the writer (``docgen.docx.writer.DocxWriter``)."""

    document: d.Document
    reference: ReferencePackage
    docx: DocxDocument
    container: Any  # where new blocks go: the document, a cell, a header or footer

    def cell_blocks(self, cell: Any, blocks: tuple) -> None:
        """Fill a python-docx cell with model blocks."""

    def visit_spacer(self, spacer: d.Spacer) -> Any:
        """Add vertical space."""


def add_table(writer: TableWriter, table: d.Table) -> Any:
    """Add ``table`` to the writer's current container; return the python-docx table.

    The empty table (grid, spans, widths, borders, shading, row flags) is built once per
    shape and copied; only the cells' content is written for each table.
    """
    grid = d.table_grid(table)
    widths = d.column_widths(table, writer.document.page.frame_width)
    key = (_table_shape(table, grid), tuple(widths))
    skeleton = writer.reference.tables.get(key)
    if skeleton is None:
        skeleton = writer.reference.tables.remember(key, _skeleton(writer, table, grid, widths))
    # python-docx places the table (and, in a cell, the paragraph Word needs after it); the copy takes its place
    placeholder = writer.container.add_table(1, 1)
    tbl = copy.deepcopy(skeleton.tbl)
    element(placeholder).addnext(tbl)
    tbl.getparent().remove(element(placeholder))
    docx_table = Table(tbl, writer.container)
    rows = tbl.tr_lst
    for placed, (row, index) in zip(grid, skeleton.cells):
        writer.cell_blocks(internals.cell(rows[row].tc_lst[index], docx_table), placed.cell.blocks)
    for model_row, tr in zip(table.rows, rows):
        if model_row.keep_with_next:
            for p in tr.iter(qn("w:p")):
                Paragraph(p, None).paragraph_format.keep_with_next = True
    if table.space_after:
        writer.visit_spacer(d.Spacer(table.space_after))
    return docx_table


@dataclass(frozen=True)
class _Skeleton:
    """An empty table element and, for each placed cell, its row and index among the row's ``w:tc``."""

    tbl: Any
    cells: tuple[tuple[int, int], ...]


def _table_shape(table: d.Table, grid: list[d.GridCell]) -> tuple:
    """Everything about a table but its cells' content."""
    cells = tuple((g.row, g.col, g.cell.rowspan, g.cell.colspan, g.cell.valign, g.cell.shade) for g in grid)
    rows = tuple((r.keep, r.height) for r in table.rows)
    return (cells, rows, table.header_rows, table.borders, table.border_color, table.padding, table.align)


def _skeleton(writer: TableWriter, table: d.Table, grid: list[d.GridCell], widths: list[float]) -> _Skeleton:
    """Build the empty table, detached, and note where each placed cell landed after the merges."""
    rows = max((g.row + g.cell.rowspan for g in grid), default=1)
    docx_table = Table(CT_Tbl.new_tbl(rows, len(widths), Pt(sum(widths))), writer.docx)
    if table.borders == "grid":
        docx_table.style = writer.docx.styles["Table Grid"]
    docx_table.alignment = TABLE_ALIGNMENTS[table.align]
    docx_table.autofit = False
    _set_borders(element(docx_table), table.borders, table.border_color)
    _set_cell_margins(element(docx_table), table.padding)
    for column, width in zip(docx_table.columns, widths):
        column.width = Pt(width)
    for row_index, row in enumerate(docx_table.rows):
        model_row = table.rows[row_index] if row_index < len(table.rows) else d.Row()
        oxml.set_row_flags(element(row), header=row_index < table.header_rows, cant_split=model_row.keep)
        if model_row.height:
            row.height = Pt(model_row.height)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        for col, width in enumerate(widths):
            row.cells[col].width = Pt(width)
    targets = []
    for placed in grid:
        cell = placed.cell
        target = docx_table.cell(placed.row, placed.col)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(docx_table.cell(placed.row + cell.rowspan - 1, placed.col + cell.colspan - 1))
        target.vertical_alignment = VALIGN[cell.valign]
        if cell.shade:
            oxml.set_cell_shading(element(target), cell.shade)
        targets.append(element(target))
    tr_list = element(docx_table).tr_lst
    where = tuple((tr_list.index(tc.getparent()), tc.getparent().tc_lst.index(tc)) for tc in targets)
    return _Skeleton(element(docx_table), where)


def _set_borders(tbl: Any, mode: str, color: str) -> None:
    tblPr = tbl.tblPr
    existing = tblPr.find(qn("w:tblBorders"))
    if existing is not None:
        tblPr.remove(existing)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        if edge in BORDER_EDGES[mode]:
            line.set(qn("w:val"), "single")
            line.set(qn("w:sz"), "4")
            line.set(qn("w:space"), "0")
            line.set(qn("w:color"), color.lstrip("#").upper())
        else:
            line.set(qn("w:val"), "nil")
        borders.append(line)
    tblPr.insert_element_before(borders, *_TBLPR_AFTER_BORDERS)


def _set_cell_margins(tbl: Any, padding: float) -> None:
    tblPr = tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for edge in ("top", "left", "bottom", "right"):
        side = OxmlElement(f"w:{edge}")
        side.set(qn("w:w"), str(round(padding * 20)))
        side.set(qn("w:type"), "dxa")
        margins.append(side)
    tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
