"""The model's alignment words as python-docx's enums, for paragraphs, tables and table cells."""
from __future__ import annotations

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

__all__ = ["ALIGNMENTS", "TABLE_ALIGNMENTS", "VALIGN"]

ALIGNMENTS = {"left": WD_ALIGN_PARAGRAPH.LEFT, "centre": WD_ALIGN_PARAGRAPH.CENTER,
              "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
# Word cannot justify a table: a justified one is centred
TABLE_ALIGNMENTS = {"left": WD_TABLE_ALIGNMENT.LEFT, "centre": WD_TABLE_ALIGNMENT.CENTER,
                    "right": WD_TABLE_ALIGNMENT.RIGHT, "justify": WD_TABLE_ALIGNMENT.CENTER}
VALIGN = {"top": WD_CELL_VERTICAL_ALIGNMENT.TOP, "middle": WD_CELL_VERTICAL_ALIGNMENT.CENTER,
          "bottom": WD_CELL_VERTICAL_ALIGNMENT.BOTTOM}
