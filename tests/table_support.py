"""Workbooks made in code for the reader tests: one sheet of rows, or several sheets by title."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path


def write_workbook(path: Path, sheets: Sequence[Sequence[object]] | Mapping[str, Sequence[Sequence[object]]]) -> Path:
    """Save an XLSX file at ``path`` with ``sheets`` (rows for one sheet, or {sheet title: rows}); return ``path``."""
    import openpyxl

    workbook = openpyxl.Workbook()
    if isinstance(sheets, Mapping):
        workbook.remove(workbook.active)
        for title, rows in sheets.items():
            sheet = workbook.create_sheet(title)
            for row in rows:
                sheet.append(list(row))
    else:
        for row in sheets:
            workbook.active.append(list(row))
    workbook.save(path)
    return path
