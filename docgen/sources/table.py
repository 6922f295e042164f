"""What every table reader gives: rows of cells under standard column names, and the problems found."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from docgen.errors import Problem

__all__ = ["TABLE_SUFFIXES", "Row", "Table", "one_copy"]

# .txt and .tsv: what Excel's "Unicode Text" and "Text (Tab delimited)" save as.
TABLE_SUFFIXES: tuple[str, ...] = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")


@dataclass(frozen=True)
class Row:
    """One data row: its spreadsheet row number and its cells by standard column name."""

    number: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass
class Table:
    """A table read from one file: the display name, the standard headers, rows and problems."""

    file: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def one_copy() -> Callable[[str], str]:
    """A function giving the same string object for equal values, so a value repeated down a list is
    held once (``sys.intern`` without a table that outlives the reading)."""
    seen: dict[str, str] = {}
    return lambda value: seen.setdefault(value, value)
