"""Table blocks -> Word tables: grid and spans, widths, borders, shading, header and unsplittable rows."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from docgen import document as d
from docgen.docx import oxml

if TYPE_CHECKING:
    from docgen.docx.writer import DocxWriter

__all__ = ["add_table", "BORDER_EDGES"]

# which edges get a line, per border mode of the model
BORDER_EDGES = {
    "grid": ("top", "left", "bottom", "right", "insideH", "insideV"),
    "outer": ("top", "left", "bottom", "right"),
    "rows": ("top", "bottom", "insideH"),
    "none": (),
}
_TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def add_table(writer: DocxWriter, table: d.Table) -> Any:
    """Add ``table`` to the writer's current container; return the python-docx table."""
    from docgen.docx.writer import TABLE_ALIGNMENTS, VALIGN

    grid = d.table_grid(table)
    widths = d.column_widths(table, writer.document.page.frame_width)
    rows = max((g.row + g.cell.rowspan for g in grid), default=1)
    docx_table = writer.container.add_table(rows, len(widths))
    if table.borders == "grid":
        docx_table.style = writer.docx.styles["Table Grid"]
    docx_table.alignment = TABLE_ALIGNMENTS[table.align]
    docx_table.autofit = False
    _set_borders(docx_table._tbl, table.borders, table.border_color)
    _set_cell_margins(docx_table._tbl, table.padding)
    for column, width in zip(docx_table.columns, widths):
        column.width = Pt(width)
    for row_index, row in enumerate(docx_table.rows):
        model_row = table.rows[row_index] if row_index < len(table.rows) else d.Row()
        oxml.set_row_flags(row, header=row_index < table.header_rows, cant_split=model_row.keep)
        for col, width in enumerate(widths):
            row.cells[col].width = Pt(width)
    for placed in grid:
        cell = placed.cell
        target = docx_table.cell(placed.row, placed.col)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(docx_table.cell(placed.row + cell.rowspan - 1, placed.col + cell.colspan - 1))
        target.vertical_alignment = VALIGN[cell.valign]
        if cell.shade:
            oxml.set_cell_shading(target._tc, cell.shade)
        writer.cell_blocks(target, cell.blocks)
    for model_row, row in zip(table.rows, docx_table.rows):
        _set_row_layout(model_row, row)
    if table.space_after:
        writer.visit_spacer(d.Spacer(table.space_after))
    return docx_table


def _set_row_layout(model_row: d.Row, row: Any) -> None:
    """Minimum height (``w:trHeight`` at least) and keep-with-next on every paragraph of the row."""
    if model_row.height:
        row.height = Pt(model_row.height)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    if model_row.keep_with_next:
        for p in row._tr.iter(qn("w:p")):
            Paragraph(p, None).paragraph_format.keep_with_next = True


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
