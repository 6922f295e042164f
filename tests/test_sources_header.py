"""Title rows above the header, as Excel users make lists (issue 26): one header search for CSV and XLSX."""
from __future__ import annotations

import datetime as dt

import pytest
from table_support import write_workbook

from docgen.sources import read_table

HEADER = ["ID", "Name (Khmer)", "Name (English)", "Province", "Category"]
DATA = [["K-1", "ងិន ងីនដា", "Ngin Nginda", "Kep", "ngo"], ["K-2", "ម៉ៅ ចន្ធី", "Mao Chanthy", "Kep", "union"]]
TITLES = {
    "two title rows": [["Provincial forum, Kep"], ["List of invitees"]],
    "a title and a date": [["List of invitees", dt.date(2018, 2, 27)]],
    "a title, a blank row, a note in two cells": [["Invitees"], [], ["Updated by", "Sokha"]],
}
COLUMNS = ["id", "name_km", "name_en", "province", "category"]


def _csv(tmp_path, rows):
    path = tmp_path / "list.csv"
    cells = [[c.isoformat() if isinstance(c, dt.date) else c for c in row] for row in rows]
    path.write_text("\n".join(",".join(row) for row in cells) + "\n", encoding="utf-8")
    return path


def _xlsx(tmp_path, rows):
    return write_workbook(tmp_path / "list.xlsx", rows)


@pytest.mark.parametrize("make", [_csv, _xlsx])
@pytest.mark.parametrize("titles", list(TITLES.values()), ids=list(TITLES))
def test_the_header_is_the_row_naming_the_most_known_columns(tmp_path, make, titles):
    table = read_table(make(tmp_path, [*titles, HEADER, *DATA]), "recipients/list")
    header_row = len(titles) + 1
    assert table.columns == COLUMNS
    assert [row.number for row in table.rows] == [header_row + 1, header_row + 2]
    assert table.rows[0].get("name_en") == "Ngin Nginda"
    assert [str(p) for p in table.problems] == [  # one warning, not a "value under no column header" per cell
        f"recipients/list:{header_row}: header on row {header_row}: the {len([t for t in titles if t])} row(s) "
        "above it are taken for a title and not read (warning)"]


def test_a_header_on_the_first_row_says_nothing(tmp_path):
    table = read_table(_csv(tmp_path, [HEADER, *DATA]))
    assert table.problems == [] and table.columns == COLUMNS


def test_a_typed_attendance_sheet_under_a_title(tmp_path):
    from attendance_sample import sample_project

    from docgen.attendance import import_attendance

    sheet = _csv(tmp_path, [["Attendance, Takeo"], ["No.", "ID", "Name", "Signature"], ["1", "TK-001", "", "x"]])
    result = import_attendance(sample_project(tmp_path / "forum"), sheet, session="takeo")
    assert result.ok and [r.recipient_id for r in result.records] == ["TK-001"]
    assert [p.row for p in result.problems] == [2]


# -- which sheet -------------------------------------------------------------------------------

def _workbook(tmp_path, sheets, name="list.xlsx"):
    return write_workbook(tmp_path / name, sheets)


def test_a_blank_first_sheet_is_passed_over_with_a_warning_naming_the_sheet_read(tmp_path):
    path = _workbook(tmp_path, {"Sheet1": [], "Invitees": [HEADER, *DATA]})
    table = read_table(path, "recipients/list.xlsx")
    assert table.columns == COLUMNS and len(table.rows) == 2
    assert [str(p) for p in table.problems] == ["recipients/list.xlsx: sheet: the first sheet 'Sheet1' is empty; "
                                                "sheet 'Invitees' is read (name another in forum.yaml's sheets:) (warning)"]


def test_forum_yaml_names_the_sheet_of_a_list(project_copy):
    from docgen.project import read_project

    other = [HEADER, ["X-1", "សុខ ដារា", "Sok Dara", "Kep", "ngo"]]
    _workbook(project_copy / "recipients", {"Old": [HEADER, *DATA], "New": other}, "extra.xlsx")
    forum = project_copy / "forum.yaml"
    forum.write_text(forum.read_text(encoding="utf-8") + "\nsheets:\n  recipients/extra.xlsx: New\n"
                     "  recipients/gone.xlsx: Sheet1\n", encoding="utf-8")
    loaded = read_project(project_copy)
    ids = {r.id for r in loaded.project.recipients}
    assert "X-1" in ids and "K-1" not in ids
    assert [str(p) for p in loaded.problems if "sheets" in str(p)] == [
        f"forum.yaml:{len(forum.read_text(encoding='utf-8').splitlines())}: sheets.recipients/gone.xlsx: "
        "'recipients/gone.xlsx' is not a file of this project (write it as recipients/NAME.xlsx) (warning)"]


def test_forum_yaml_s_sheet_is_found_whatever_the_case_of_the_file_name(project_copy):
    from docgen.project import read_project

    other = [HEADER, ["X-1", "សុខ ដារា", "Sok Dara", "Kep", "ngo"]]
    _workbook(project_copy / "recipients", {"Old": [HEADER, *DATA], "New": other}, "extra.xlsx")
    forum = project_copy / "forum.yaml"
    forum.write_text(forum.read_text(encoding="utf-8") + "\nsheets:\n  recipients/Extra.xlsx: New\n", encoding="utf-8")
    ids = {r.id for r in read_project(project_copy).project.recipients}
    assert "X-1" in ids and "K-1" not in ids   # as Windows reads Extra.xlsx: the file extra.xlsx


def test_attendance_import_reads_the_sheet_it_is_told(tmp_path):
    from attendance_sample import sample_project

    from docgen.attendance import import_attendance

    path = _workbook(tmp_path, {"Day 1": [["ID"], ["TK-001"]], "Day 2": [["ID"], ["TK-002"]]})
    project = sample_project(tmp_path / "forum")
    result = import_attendance(project, path, session="takeo", sheet="Day 2")
    assert result.ok and [r.recipient_id for r in result.records] == ["TK-002"]
