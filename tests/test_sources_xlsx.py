"""XLSX workbooks: title rows, merged two-row headers, Khmer headers, numbers stored as floats."""
from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from table_support import write_workbook

from docgen.errors import SourceError
from docgen.sources import read_table
from docgen.sources.xlsx import cell_text

TABLES = Path(__file__).parent / "fixtures" / "tables"
WORKBOOK = TABLES / "merged_header.xlsx"


def test_merged_two_row_header_under_a_title_row():
    table = read_table(WORKBOOK, "kep.xlsx")
    assert [str(p) for p in table.problems] == [
        "kep.xlsx:2: header on row 2: the 1 row(s) above it are taken for a title and not read (warning)"]
    assert table.columns == ["id", "name_km", "name_en", "province", "phone", "Seats"]
    assert [row.number for row in table.rows] == [4, 6, 7]  # data starts under the header block; row 5 is blank


def test_numbers_stored_as_floats_read_as_typed():
    rows = read_table(WORKBOOK).rows
    assert rows[0].get("phone") == "012345678"  # 12345678.0: Excel dropped the trunk zero
    assert rows[1].get("phone") == "0977654321"
    assert rows[2].get("phone") == "85512345678"  # text stays as it is
    assert rows[0].get("Seats") == "2"


def test_named_sheet():
    table = read_table(WORKBOOK, sheet="Walk-ins")
    assert table.columns == ["name_en", "phone"]
    assert table.rows[0].get("phone") == "016555666"


def test_unknown_sheet_lists_the_sheets():
    with pytest.raises(SourceError, match="Invitees, Walk-ins"):
        read_table(WORKBOOK, "kep.xlsx", sheet="Sheet9")


def test_not_a_workbook_is_a_source_error():
    with pytest.raises(SourceError) as info:
        read_table(Path(__file__).parent / "fixtures" / "broken" / "not_a_workbook.xlsx", "recipients/x.xlsx")
    assert info.value.lines()[0].startswith("recipients/x.xlsx: is not a readable XLSX workbook")


@pytest.mark.parametrize(("value", "text"), [
    (None, ""), (12.0, "12"), (12.5, "12.5"), (True, "yes"), (dt.datetime(2018, 2, 27), "2018-02-27"),
    (dt.date(2018, 3, 1), "2018-03-01"), ("  x ", "x"),
])
def test_cell_text(value, text):
    assert cell_text(value) == text


# -- issue 22: nothing escapes and nothing is lost ------------------------------------

def _workbook(tmp_path: Path, rows: list[list[object]]) -> Path:
    return write_workbook(tmp_path / "good.xlsx", rows)


def _damaged(tmp_path: Path, member: str, damage) -> Path:
    """A copy of a valid workbook with one of its zip members changed by ``damage``."""
    good = _workbook(tmp_path, [["id", "name_en"], ["T1", "Sok"]])
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, damage(data) if item.filename == member else data)
    return path


@pytest.mark.parametrize(("member", "damage"), [
    ("xl/worksheets/sheet1.xml", lambda data: data[: len(data) // 2]),            # ParseError
    ("xl/worksheets/sheet1.xml", lambda data: b"<<<not xml"),
    ("xl/styles.xml", lambda data: data.replace(b'numFmtId="0"', b'numFmtId="zz"', 1)),  # TypeError
    ("xl/styles.xml", lambda data: data.replace(b'fontId="0"', b'fontId="9"', 1)),       # IndexError
    ("xl/styles.xml", lambda data: b"garbage"),
    ("xl/workbook.xml", lambda data: b"<x"),
], ids=["sheet-cut", "sheet-garbage", "styles-type", "styles-index", "styles-garbage", "workbook-garbage"])
def test_a_damaged_workbook_is_one_line_naming_the_file(tmp_path, member, damage):
    with pytest.raises(SourceError) as info:
        read_table(_damaged(tmp_path, member, damage), "recipients/kep.xlsx")
    [line] = info.value.lines()
    assert line.startswith("recipients/kep.xlsx: is not a readable XLSX workbook") and "\n" not in line


def test_a_control_character_in_a_workbook_cell_is_a_problem(tmp_path):
    path = _workbook(tmp_path, [["id", "name_en"], ["T1", "Sok\r\nDara"]])
    assert [str(p).split(";")[0] for p in read_table(path, "kep.xlsx").problems] == [
        "kep.xlsx:2: name_en: holds the invisible character U+000D"]


def test_a_sheet_spanning_billions_of_cells_is_refused_before_it_is_read(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"], workbook.active["XFD1048576"] = "id", "x"
    workbook.save(tmp_path / "wide.xlsx")
    with pytest.raises(SourceError) as info:
        read_table(tmp_path / "wide.xlsx", "kep.xlsx")
    assert info.value.lines() == ["kep.xlsx: its sheet 'Sheet' spans 1048576 rows × 16384 columns, more than the 5000000 cells "
                                  "a list may have"]
