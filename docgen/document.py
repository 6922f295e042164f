"""The backend-neutral document model between templates and writers, and its text dump.

A :class:`Document` is plain data: a :class:`PageSetup`, metadata and a list of
blocks. Blocks hold inlines (:class:`Run`, :class:`LineBreak`,
:class:`PageNumber`). Every length is in points; font sizes are in points;
colours are ``#rrggbb``. Writers walk the blocks with a :class:`Visitor`, whose
dispatch is by class name (``visit_paragraph``) and which raises on a block it
does not know, so a new block type (say a chart) is one dataclass plus one
``visit_`` method per writer. ``dump(document)`` is the stable, indented text
form used by golden tests and ``docgen preview --model``.

This module is the model's one name for its users (``from docgen import document as d``):
the nodes are defined in :mod:`docgen.nodes`, the table grid in :mod:`docgen.grid`,
walking, visiting and dumping in :mod:`docgen.tree`.
"""
from __future__ import annotations

from docgen.grid import GridCell, column_widths, table_grid
from docgen.nodes import (
    ALIGNS,
    BLOCK_TYPES,
    BORDERS,
    FONT_ROLES,
    MM,
    PAGE_SIZES,
    Cell,
    Chart,
    Document,
    Heading,
    Image,
    Inline,
    Keep,
    LineBreak,
    Metadata,
    PageBreak,
    PageNumber,
    PageSetup,
    Paragraph,
    QRCode,
    Row,
    Run,
    Series,
    Signature,
    Spacer,
    Table,
    Width,
    format_float,
    format_number,
    plain_text,
    register_block,
)
from docgen.tree import Visitor, dump, walk

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
    "GridCell",
    "table_grid",
    "column_widths",
    "walk",
    "Visitor",
    "dump",
]
