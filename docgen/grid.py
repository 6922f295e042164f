"""A table's grid, shared by the writers: where each cell sits once row and column spans are placed, and the column widths."""
from __future__ import annotations

from dataclasses import dataclass

from docgen.nodes import Cell, Table, Width

__all__ = ["GridCell", "table_grid", "column_widths"]


@dataclass(frozen=True)
class GridCell:
    """A cell placed on the table grid: its top-left (row, column) and its spans."""

    row: int
    col: int
    cell: Cell


def table_grid(table: Table) -> list[GridCell]:
    """Place every cell of ``table`` on the grid, skipping slots taken by earlier row spans."""
    taken: set[tuple[int, int]] = set()
    placed: list[GridCell] = []
    for r, row in enumerate(table.rows):
        col = 0
        for cell in row.cells:
            while (r, col) in taken:
                col += 1
            placed.append(GridCell(r, col, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, col + dc))
            col += cell.colspan
    return placed


def column_widths(table: Table, available: float) -> list[float]:
    """Column widths in points: fixed ones as given, star shares splitting what is left.

    A table without widths gets equal shares of ``available`` for each grid column.
    """
    widths = table.widths or tuple(Width(1, star=True) for _ in range(_column_count(table)))
    fixed = sum(w.value for w in widths if not w.star)
    shares = sum(w.value for w in widths if w.star)
    left = max(available - fixed, 0.0)
    return [w.value * left / shares if w.star else w.value for w in widths]


def _column_count(table: Table) -> int:
    return max((g.col + g.cell.colspan for g in table_grid(table)), default=1)
