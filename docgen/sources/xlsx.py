"""XLSX workbooks into rows of text cells, as a person sees them in Excel.

The first sheet that holds data is read unless one is named (a warning names it
when it is not the first: Excel users leave a blank "Sheet1" in front). The header is the row
:func:`~docgen.sources.header.header_index` finds (title rows above it are kept for
:func:`~docgen.sources.rows_from_cells` to skip and report); when header cells are merged over several rows (a two-row header such as
"Name" above "Khmer | English") the rows of the merged block are joined per
column ("Name Khmer") and the data starts below the block. Numbers Excel stored
as floats come back as the text a person typed: ``12.0`` -> ``"12"`` (a phone
number's lost leading zero is put back by the shared rule,
:func:`docgen.sources.values.parse_phone`).
"""
from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

from docgen.errors import Problem, Severity, SourceError
from docgen.sources.header import header_index

__all__ = ["MAX_CELLS", "cell_text", "read_xlsx_cells"]

MAX_CELLS = 5_000_000  # rows × columns of the sheet read (issue 22): 50,000 recipients of 100 columns


def cell_text(value: object) -> str:
    """The text of one cell value: integral floats without ``.0``, dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def _open_workbook(path: Path, name: str):
    import openpyxl  # imported here: only XLSX users pay for it

    try:
        with warnings.catch_warnings():
            # openpyxl warns about Excel features it drops (data validation, default styles): harmless for reading
            warnings.simplefilter("ignore", UserWarning)
            with path.open("rb") as handle:  # ours to close: openpyxl leaves its own open when a part fails
                return openpyxl.load_workbook(handle, data_only=True)
    except Exception as exc:  # noqa: BLE001 - a damaged part raises whatever its parser meets (issue 22):
        # ParseError or lxml's XMLSyntaxError for broken XML, TypeError or IndexError for a broken styles.xml
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise SourceError(Problem(name, None, None, f"is not a readable XLSX workbook ({reason}); "
                                  "open it in Excel and save it again")) from exc


def _check_size(worksheet, name: str) -> None:
    if worksheet.max_row * worksheet.max_column > MAX_CELLS:  # one cell at XFD1048576 spans 17 billion
        raise SourceError(Problem(name, None, None, f"its sheet {worksheet.title!r} spans {worksheet.max_row} rows × "
                                  f"{worksheet.max_column} columns, more than the {MAX_CELLS} cells a list may have"))


def _holds_data(worksheet, name: str) -> bool:
    _check_size(worksheet, name)
    return any(cell_text(v) for row in worksheet.iter_rows(values_only=True) for v in row)


def _load_sheet(path: Path, name: str, sheet: str | None) -> tuple[object, list[Problem]]:
    """The sheet to read (the named one, else the first holding data) and a warning when that is not the first."""
    workbook = _open_workbook(path, name)
    if sheet is not None:
        if sheet not in workbook.sheetnames:
            raise SourceError(Problem(name, None, None, f"has no sheet {sheet!r}; it has {', '.join(workbook.sheetnames)}"))
        return workbook[sheet], []
    first = workbook.worksheets[0]
    chosen = next((ws for ws in workbook.worksheets if _holds_data(ws, name)), first)
    if chosen is first:
        return first, []
    return chosen, [Problem(name, None, "sheet", f"the first sheet {first.title!r} is empty; sheet {chosen.title!r} "
                            "is read (name another in forum.yaml's sheets:)", Severity.WARNING)]


def _merged_values(worksheet) -> tuple[dict[tuple[int, int], object], dict[int, int]]:
    """Each cell covered by a merged range -> the range's value; header row -> last row of its block."""
    values: dict[tuple[int, int], object] = {}
    block_end: dict[int, int] = {}
    for merged in worksheet.merged_cells.ranges:
        top_left = worksheet.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                values[(row, col)] = top_left
        # A cell merged across columns heads sub-headers in the row below ("Name" over "Khmer | English").
        end = max(merged.max_row, merged.min_row + 1 if merged.max_col > merged.min_col else merged.min_row)
        block_end[merged.min_row] = max(block_end.get(merged.min_row, merged.min_row), end)
    return values, block_end


def read_xlsx_cells(path: Path, name: str, sheet: str | None = None) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """The rows of a sheet as (spreadsheet row number, cells), and a warning naming the sheet read when it
    is not the first; a merged header block becomes one row."""
    worksheet, notes = _load_sheet(path, name, sheet)
    _check_size(worksheet, name)
    merged, block_end = _merged_values(worksheet)
    grid = [[merged.get((r, c), cell.value) for c, cell in enumerate(cells, start=1)]
            for r, cells in enumerate(worksheet.iter_rows(), start=1)]
    texts = [[cell_text(v) for v in row] for row in grid]
    at = header_index(texts)
    if at is None:
        return [], notes
    header_row = at + 1
    last = block_end.get(header_row, header_row)
    # the title rows stay, so that rows_from_cells finds the same header and says where it is
    rows: list[tuple[int, list[str]]] = [(n, texts[n - 1]) for n in range(1, header_row)]
    rows.append((header_row, _join_header_block(grid[header_row - 1:last])))
    rows.extend((number, texts[number - 1]) for number in range(last + 1, len(grid) + 1))
    return rows, notes


def _join_header_block(block: list[list[object]]) -> list[str]:
    """Per column, the distinct texts of the header rows joined by a space ("Name" + "Khmer")."""
    width = max(len(row) for row in block)
    header = []
    for col in range(width):
        parts: list[str] = []
        for row in block:
            text = cell_text(row[col]) if col < len(row) else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        header.append(" ".join(parts))
    return header
