"""Reading an attendance file into typed rows, through the project's table readers.

A typed sheet copies the printed sheet's columns, so its running number column
("No.", "ល.រ") and its signature column are not data and are dropped before the
headers are folded (the recipient readers would take "No." for the id). A
check-in export with a single column that is neither an id nor a name column
holds one id or one name per row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from docgen.attendance.fields import looks_like_id, split_by_script
from docgen.errors import Problem
from docgen.model import Text
from docgen.sources import read_cells, rows_from_cells
from docgen.sources.header import header_index

__all__ = ["TypedRow", "read_rows", "SHEET_ONLY_HEADERS"]

# Printed-sheet columns that carry no data (folded: lower case, no spaces or dots).
SHEET_ONLY_HEADERS = frozenset({"no", "nº", "#", "ល.រ", "លរ", "ល", "signature", "sign", "ហត្ថលេខា"})
_ID_OR_NAME = {"id", "name_km", "name_en"}


@dataclass(frozen=True)
class TypedRow:
    """One data row of an attendance file: spreadsheet row number and standard fields."""

    row: int
    values: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "").strip()

    def text(self, stem: str) -> Text:
        """A bilingual field; a Khmer value typed in the English column (or the reverse) is moved."""
        km, en = self.get(f"{stem}_km"), self.get(f"{stem}_en")
        if en and not km and split_by_script(en)[0]:
            km, en = en, ""
        elif km and not en and not split_by_script(km)[0]:
            km, en = "", km
        return Text(km, en)


def _fold(header: str) -> str:
    return re.sub(r"[\s._]+", "", header.strip().casefold())


def _drop_sheet_columns(cells: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """Blank the header of the running-number and signature columns so the reader drops them."""
    header_at = header_index([row for _, row in cells])
    if header_at is None:
        return cells
    number, header = cells[header_at]
    kept = ["" if _fold(h) in SHEET_ONLY_HEADERS else h for h in header]
    blanked = {i for i, h in enumerate(kept) if not h and header[i].strip()}
    fixed = [(n, ["" if i in blanked else c for i, c in enumerate(row)]) for n, row in cells]
    fixed[header_at] = (number, kept)
    return fixed


def _single_column(values: dict[str, str]) -> dict[str, str]:
    """A one-column check-in export: its value is an id or a name (by its look)."""
    (value,) = values.values()
    value = value.strip()
    if looks_like_id(value):
        return {"id": value}
    km, en = split_by_script(value)
    return {"name_km": km, "name_en": en}


def read_rows(path: Path, sheet: str | None = None) -> tuple[list[TypedRow], list[Problem]]:
    """The non-blank rows of an attendance file (of its ``sheet``, for a workbook) and the problems its reader found."""
    name = str(path)
    cells, notes = read_cells(path, name, sheet)
    table = rows_from_cells(_drop_sheet_columns(cells), name, notes)
    single = len(table.columns) == 1 and not _ID_OR_NAME & set(table.columns)
    rows = [
        TypedRow(r.number, _single_column(r.values) if single else dict(r.values))
        for r in table.rows
        if any(v.strip() for v in r.values.values())
    ]
    return rows, list(table.problems)
