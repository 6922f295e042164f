"""Which row of a table is its header: the one, of the first ten that hold anything, naming the most known columns.

Excel users put title rows above the header ("Participants", a date in a second
cell); the header is the row whose cells fold to the most distinct standard
columns (:mod:`docgen.sources.columns`), the first of equals. When no row names a
known column, the first non-empty row is the header, as before. Both readers use
it: the XLSX reader to join a merged header block, :func:`docgen.sources.rows_from_cells` to read.
"""
from __future__ import annotations

from collections.abc import Sequence

from docgen.sources.columns import ALIASES, canonical_column

__all__ = ["SEARCHED_ROWS", "header_index"]

SEARCHED_ROWS = 10
_KNOWN = frozenset(ALIASES.values())


def _known_columns(row: Sequence[str]) -> int:
    return len({canonical_column(cell) for cell in row if cell and cell.strip()} & _KNOWN)


def header_index(rows: Sequence[Sequence[str]]) -> int | None:
    """The index in ``rows`` of the header row, or None when every row is empty."""
    filled = [i for i, row in enumerate(rows) if any(cell and cell.strip() for cell in row)][:SEARCHED_ROWS]
    if not filled:
        return None
    return max(filled, key=lambda i: (_known_columns(rows[i]), -i))
