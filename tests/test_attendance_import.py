"""Attendance import (typed sheets, check-in exports) and the participation counts and report."""
from __future__ import annotations

import csv
import shutil

import pytest
from attendance_sample import FIXTURES, sample_project

from docgen.attendance import (
    COLUMNS,
    OTHER,
    attendance_report,
    format_table,
    import_attendance,
    participation,
)
from docgen.errors import DocgenError, SourceError
from docgen.model import Attendance, Text


def _stored(project, session):
    with open(project.root / "attendance" / f"{session}.csv", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames) == COLUMNS
        return list(reader)


def test_typed_sheet_with_typos_reports_each_by_row_and_writes_nothing(tmp_path):
    project = sample_project(tmp_path)
    result = import_attendance(project, FIXTURES / "typed_takeo.csv", session="takeo")
    lines = [str(p) for p in result.problems]
    file = str(FIXTURES / "typed_takeo.csv")
    assert f"{file}:3: id: unknown id 'TK-0O2' (did you mean TK-002, whose name is on this row?)" in lines
    assert f"{file}:5: id: TK-001 attends session takeo twice: also on row 2" in lines
    assert any(line.startswith(f"{file}:7: id: unknown id 'TK-0044' (did you mean TK-004") for line in lines)
    assert len(lines) == 3
    assert not result.ok and result.written_paths == []
    assert not (tmp_path / "attendance").exists()


def test_unknown_id_without_a_name_suggests_the_closest_id(tmp_path):
    project = sample_project(tmp_path)
    source = tmp_path / "ids.csv"
    source.write_text("id\nKP-00l\n", encoding="utf-8")
    result = import_attendance(project, source, session="kep")
    assert [str(p) for p in result.problems] == [f"{source}:2: id: unknown id 'KP-00l' (did you mean KP-001?)"]


def test_clean_typed_sheet_is_stored_in_the_contract_format(tmp_path):
    project = sample_project(tmp_path)
    result = import_attendance(project, FIXTURES / "clean_takeo.csv", session="takeo")
    assert result.ok, result.problems
    assert result.written_path == tmp_path / "attendance" / "takeo.csv"
    rows = _stored(project, "takeo")
    assert [r["id"] for r in rows] == ["TK-001", "TK-002", "TK-003", "", ""]  # Khmer digits and case folded
    walk_in = rows[3]
    assert walk_in == {
        "session": "takeo", "id": "", "name_km": "លឹម សុផល", "name_en": "Lim Sophal", "sex": "F",
        "position_km": "", "position_en": "Volunteer", "organisation_km": "", "organisation_en": "Youth Club",
        "category": "ngo", "phone": "097 111 222",
    }
    assert rows[2]["sex"] == "M" and rows[2]["category"] == "ngo"  # invitee details come from the list


def test_checkin_export_of_ids_and_names(tmp_path):
    project = sample_project(tmp_path)
    result = import_attendance(project, FIXTURES / "checkin_kep.csv", session="kep")
    assert result.ok
    assert [r.recipient_id for r in result.records] == ["KP-001", "KP-003", "KP-002", "TK-005", None]
    assert result.records[-1].name == Text("", "Seng Rith")
    (warning,) = result.problems
    assert str(warning).endswith(":5: id: TK-005 was invited to session takeo, signed in at kep (warning)")


def test_xlsx_with_khmer_headers_and_session_column(tmp_path):
    project = sample_project(tmp_path)
    result = import_attendance(project, FIXTURES / "typed_kep.xlsx")
    assert result.ok, result.problems
    assert result.written_path == tmp_path / "attendance" / "kep.csv"
    walk_in = result.records[-1]
    assert walk_in.walk_in and walk_in.name.km == "ឈិន ស្រីនាង" and walk_in.sex == "F"
    assert walk_in.organisation.km == "សហគមន៍នេសាទ" and walk_in.phone == "012987654"


def test_rows_need_a_session_when_the_forum_has_several(tmp_path):
    project = sample_project(tmp_path)
    source = tmp_path / "walkins.csv"
    source.write_text("name,sex\nLim Sophal,F\n,\nSok Dara,X\n", encoding="utf-8")
    result = import_attendance(project, source)
    assert [str(p) for p in result.problems] == [
        f"{source}:2: session: no session: add a session column or give --session",
        f"{source}:4: session: no session: add a session column or give --session",
    ]
    with_session = import_attendance(project, source, session="kep")
    assert [str(p) for p in with_session.problems] == [
        f"{source}:4: sex: cannot read 'X'; write M or F (ប្រុស or ស្រី) (warning)"
    ]
    assert with_session.ok and len(with_session.records) == 2


def test_a_name_that_does_not_match_the_id_is_a_warning(tmp_path):
    project = sample_project(tmp_path)
    source = tmp_path / "swap.csv"
    source.write_text("id,name\nTK-002,Chan Dara\n", encoding="utf-8")
    result = import_attendance(project, source, session="takeo")
    assert [str(p) for p in result.problems] == [
        f"{source}:2: name_en: 'Chan Dara' is not the name of TK-002 (Sun Sophea); check the id (warning)"
    ]


def test_unknown_session_option_and_unreadable_file(tmp_path):
    project = sample_project(tmp_path)
    with pytest.raises(DocgenError) as info:
        import_attendance(project, FIXTURES / "clean_takeo.csv", session="siemreap")
    assert info.value.lines() == ["--session: session: unknown session 'siemreap'; known: takeo, kep"]
    odd = tmp_path / "sheet.ods"
    shutil.copy(FIXTURES / "clean_takeo.csv", odd)
    with pytest.raises(SourceError):
        import_attendance(project, odd, session="takeo")


def _record(session, rid=None, name="", sex="", category=""):
    return Attendance(session=session, recipient_id=rid, name=Text("", name), sex=sex, category=category)


def test_participation_counts_match_the_data(tmp_path):
    attendance = [
        _record("takeo", "TK-001"), _record("takeo", "TK-002"), _record("takeo", "TK-002"),  # listed twice
        _record("takeo", None, "Lim Sophal", "F", "ngo"), _record("takeo", None, "Seng Rith", "M"),
        _record("kep", "KP-002"), _record("kep", "TK-005"),  # TK-005 is a Takeo invitee: a guest at Kep
    ]
    figures = participation(sample_project(tmp_path, attendance))
    takeo, kep = figures.sessions["takeo"], figures.sessions["kep"]
    assert (takeo.total.invited, takeo.total.present, takeo.total.walk_ins, takeo.total.attended) == (5, 2, 2, 4)
    assert takeo.by_category["ngo"].invited == 1 and takeo.by_category["ngo"].present == 0
    assert takeo.by_category["ngo"].walk_ins == 1
    assert takeo.by_category[OTHER].walk_ins == 1  # Seng Rith gave no category
    assert takeo.by_sex["F"].invited == 2 and takeo.by_sex["F"].present == 1 and takeo.by_sex["F"].walk_ins == 1
    assert takeo.by_sex["M"].attended == 2
    assert (kep.total.invited, kep.total.present, kep.total.guests, kep.total.attended) == (3, 1, 1, 2)
    assert kep.by_category["union"].present == 1 and kep.by_category["union"].guests == 1
    assert figures.forum.total.invited == 8 and figures.forum.total.attended == 6
    assert list(takeo.by_category) == ["authority", "department", "district", "commune", "ngo", "union", "community", OTHER]
    for session in figures.sessions.values():  # the breakdowns add up to the total
        for breakdown in (session.by_category, session.by_sex):
            assert sum(t.attended for t in breakdown.values()) == session.total.attended
            assert sum(t.invited for t in breakdown.values()) == session.total.invited


def test_report_after_an_import_counts_the_stored_file(tmp_path):
    project = sample_project(tmp_path)
    result = import_attendance(project, FIXTURES / "clean_takeo.csv", session="takeo")
    project.attendance = result.records
    table = attendance_report(project)
    assert table.header[:4] == ("Session", "Group", "Invited", "Present")
    assert table.rows[0] == ("takeo", "All", "5", "3", "2", "0", "5", "60%")
    assert ("", "Women", "2", "1", "2", "0", "3", "50%") in table.rows
    text = format_table(table)
    assert text.splitlines()[0].split() == ["Session", "Group", "Invited", "Present", "Walk-ins", "Guests", "Attended", "Rate"]
    assert "Whole forum" in text
    khmer = format_table(attendance_report(project, "km"))
    assert "សម័យប្រជុំ" in khmer and "ស្រី" in khmer


# -- the commands ---------------------------------------------------------------------------

@pytest.fixture
def own_project(tmp_path):
    from docgen.project import init_project

    return init_project(tmp_path / "forum")


def test_cli_import_then_report(runner, own_project, tmp_path):
    from docgen.cli import cli

    sheet = tmp_path / "kep-checkin.csv"
    sheet.write_text("ID,Name,Sex\nKEP-001,,\nKEP-002,,\n,Pen Sokha,F\n", encoding="utf-8")
    result = runner.invoke(cli, ["attendance", "import", str(sheet), "--session", "kep", "-p", str(own_project)],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    stored = own_project / "attendance" / "kep.csv"
    (backup,) = (stored.parent / "backup").iterdir()
    # merged into the 34 people stored: KEP-001 and KEP-002 are among them, the walk-in is new
    assert result.output.strip() == (f"kep: 1 added, 0 updated, 34 unchanged; 35 present (32 invited, 3 walk-ins), "
                                     f"stored in {stored}; the previous file is kept as {backup}")
    report = runner.invoke(cli, ["attendance", "report", "-p", str(own_project)], catch_exceptions=False)
    assert report.exit_code == 0
    kep = next(line for line in report.output.splitlines() if line.startswith("kep "))
    assert kep.split()[2:7] == ["44", "32", "3", "0", "35"]


def test_cli_import_reports_a_typo_by_file_row_and_field(runner, own_project, tmp_path):
    from docgen.cli import cli

    sheet = tmp_path / "typed.csv"
    sheet.write_text("ID,Name\nKEP-001,\nKEP-0O2,\n", encoding="utf-8")
    result = runner.invoke(cli, ["attendance", "import", str(sheet), "--session", "kep", "-p", str(own_project)])
    assert result.exit_code == 1
    assert result.output.strip() == f"{sheet}:3: id: unknown id 'KEP-0O2' (did you mean KEP-002?)"
    assert "Traceback" not in result.output
    bundled = runner.invoke(cli, ["attendance", "import", str(sheet)])
    assert bundled.exit_code != 0 and "bundled example forum cannot be changed" in bundled.output


@pytest.mark.parametrize(("typed", "sex"), [("Mr.", "M"), ("ប្រុស", "M"), ("នារី", "F"), ("Mrs", "F"), ("", ""), ("?", None)])
def test_typed_sex_reads_with_the_same_aliases_as_recipient_lists(typed, sex):
    from docgen.attendance.fields import parse_sex
    from docgen.sources.values import parse_sex as list_sex

    assert parse_sex(typed) == sex
    if sex is not None:
        assert list_sex(typed.rstrip(".").lower())[0] == sex


def test_cli_merges_by_default_and_replaces_with_replace_keeping_a_backup(runner, project_copy):
    import csv

    from docgen.cli import cli

    stored = project_copy / "attendance" / "takeo.csv"

    def ids() -> list[str]:
        with stored.open(encoding="utf-8") as fh:
            return [row["id"] for row in csv.DictReader(fh)]

    before = len(ids())
    typed = project_copy / "typed.csv"
    typed.write_text("id\nTAK-001\nTAK-002\n", encoding="utf-8")
    args = ["attendance", "import", str(typed), "--session", "takeo", "-p", str(project_copy)]
    assert runner.invoke(cli, args).exit_code == 0
    assert len(ids()) == before > 2     # merged: nobody lost
    assert runner.invoke(cli, [*args, "--replace"]).exit_code == 0
    assert ids() == ["TAK-001", "TAK-002"]
    assert list((project_copy / "attendance" / "backup").glob("takeo-*.csv"))
