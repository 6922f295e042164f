"""Readers for a forum project's data files: tables (CSV, XLSX) and YAML.

``read_table(path)`` picks the reader from the file's suffix and returns a
:class:`Table`: rows of standard column names (see :mod:`docgen.sources.columns`)
to text, each with the row number a spreadsheet shows (the header is row 1 when
it is the first row). A file that cannot be read at all raises ``SourceError``.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from pathlib import Path

from docgen.errors import Problem, Severity, SourceError
from docgen.sources.columns import canonical_header
from docgen.sources.header import header_index
from docgen.sources.problems import capped
from docgen.sources.table import TABLE_SUFFIXES, Row, Table, one_copy
from docgen.sources.values import bad_character, parse_phone

__all__ = ["TABLE_SUFFIXES", "Row", "Table", "read_cells", "read_table", "rows_from_cells", "one_copy"]

def read_table(path: Path, display: str | None = None, sheet: str | None = None) -> Table:
    """Read a CSV/TSV/TXT or XLSX file into a :class:`Table`; ``display`` names it in problems.

    ``sheet`` names the workbook's sheet to read (default: the first that holds data).
    """
    name = display or path.name
    cells, notes = read_cells(path, name, sheet)
    return rows_from_cells(cells, name, notes)


def read_cells(path: Path, display: str | None = None,
               sheet: str | None = None) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """A CSV/TSV/TXT or XLSX file's raw cells as (spreadsheet row number, cells) pairs, before any header is
    read, and what the reader has to say about them (the XLSX sheet it chose)."""
    name = display or path.name
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from docgen.sources.xlsx import read_xlsx_cells

        return read_xlsx_cells(path, name, sheet)
    if suffix in (".csv", ".tsv", ".txt"):
        from docgen.sources.csv import read_csv_cells

        return read_csv_cells(path, name), []
    hint = " (save it as .xlsx)" if suffix in (".xls", ".ods", ".numbers") else ""
    raise SourceError(Problem(name, None, None, f"cannot read {suffix or 'this'} files{hint}; "
                              f"use one of {', '.join(TABLE_SUFFIXES)}"))


def rows_from_cells(cells: list[tuple[int, list[str]]], name: str, notes: Sequence[Problem] = ()) -> Table:
    """Turn (row number, cells) pairs into a Table under the header :func:`~docgen.sources.header.header_index` finds.

    Rows above the header (titles) are not read, and a warning says which row is the header. Blank rows are skipped (their numbers are kept by the others); columns with
    neither a header nor a value are dropped; a value under no header, and a cell
    holding a control character, are problems (capped by :func:`~docgen.sources.problems.capped`).
    Phone numbers are read by :func:`~docgen.sources.values.parse_phone`, the one rule of every reader.
    ``notes`` (the reader's own problems) come first.
    """
    once = one_copy()  # a value repeated down a column (province, position, category) is kept once
    cells = [(n, [once(value.strip()) for value in row]) for n, row in cells]
    data = [(n, row) for n, row in cells if any(row)]
    if not data:
        return Table(name, [], [], [*notes, Problem(name, None, None, "the file is empty: no header and no rows")])
    at = header_index([row for _, row in data]) or 0
    data = data[at:]
    header_number, raw_header = data[0]
    columns = canonical_header(raw_header)
    table = Table(name, [c for c in columns if c])
    found = [Problem(name, header_number, None, f"header on row {header_number}: the {at} row(s) above it are "
                     "taken for a title and not read", Severity.WARNING)] if at else []
    for number, row in data[1:]:
        values: dict[str, str] = {}
        for column, value in zip(columns, row):
            if column:
                values.setdefault(column, value)
        table.rows.append(Row(number, values))
    phones = _read_phones(name, table.rows)
    table.problems = capped(itertools.chain(notes, found, _cell_problems(name, columns, data), phones))
    return table


def _read_phones(name: str, rows: list[Row]) -> list[Problem]:
    """Put each row's phone through :func:`parse_phone` (in place); the problems it found, as warnings."""
    problems = []
    for row in rows:
        if row.values.get("phone"):
            row.values["phone"], message = parse_phone(row.values["phone"])
            if message:
                problems.append(Problem(name, row.number, "phone", message, Severity.WARNING))
    return problems


def _cell_problems(name: str, columns: list[str], data: list[tuple[int, list[str]]]) -> Iterator[Problem]:
    """The problems of a table's header and cells, one at a time (there may be millions)."""
    header_number = data[0][0]
    seen: dict[str, int] = {}
    for index, column in enumerate(columns):
        if column and column in seen:
            yield Problem(name, header_number, column,
                          f"two columns are named {column} (columns {seen[column] + 1} and {index + 1})")
        seen.setdefault(column, index)
    for number, row in data:
        for index, value in enumerate(row):
            column = columns[index] if index < len(columns) else ""
            message = bad_character(value) if value else None
            if message:
                yield Problem(name, number, column if column and number != header_number else f"column {index + 1}", message)
            elif value and not column and number != header_number:
                yield Problem(name, number, f"column {index + 1}", f"value {value!r} is under no column header")
