"""Errors of data only some documents use (attendance files, outcomes.yaml) stop those documents, not the others (issue 26)."""
from __future__ import annotations

import pytest

from docgen.attendance import attendance_report
from docgen.build import BuildOptions, build
from docgen.errors import SourceError
from docgen.project import load_project, read_project

OWN_LIST = ("id,name_km,name_en,category,province\n"
            "MY-001,សុខ ដារា,Sok Dara,ngo,Takeo\n"
            "MY-002,ចាន់ ថា,Chan Tha,ngo,Kep\n")


@pytest.fixture
def own_list(project_copy):
    """``docgen init`` then the user's own recipient list: the example's attendance names no one in it."""
    for path in (project_copy / "recipients").iterdir():
        path.unlink()
    (project_copy / "recipients" / "mine.csv").write_text(OWN_LIST, encoding="utf-8")
    return project_copy


def test_attendance_errors_do_not_stop_the_letters_but_stop_the_summary(own_list, tmp_path):
    project = load_project(own_list)  # before issue 26: SourceError "no recipient has the id 'NAT-001'"
    errors = project.unusable["attendance"]
    assert errors and all(str(p.file).startswith("attendance/") for p in errors)
    assert any("no recipient has the id" in p.message for p in errors)
    options = BuildOptions(out_dir=tmp_path / "out", formats=("docx",), jobs=1)
    letters, agenda = build(project, ["letters", "agenda"], options)
    assert letters.ok and agenda.ok and letters.counts["letters"] == 2
    warnings = [p for p in letters.problems if str(p.file).startswith("attendance/")]
    assert all(not p.is_error for p in warnings) and str(warnings[0]).endswith("(warning)")
    assert sorted(str(p.file) for p in warnings) == sorted({str(p.file) for p in errors})   # one line per file
    assert not [p for p in agenda.problems if str(p.file).startswith("attendance/")]  # shown once per run
    (summary,) = build(project, ["summary"], options)
    assert not summary.ok and summary.files == []
    assert {str(p) for p in summary.problems if p.is_error} >= {str(p) for p in errors}
    assert summary.summary() == "summary: 0 files (not made: its data has errors)"
    with pytest.raises(SourceError) as raised:
        attendance_report(project)
    assert raised.value.problems == errors


def test_check_still_reports_them_as_errors(own_list):
    lines = [str(p) for p in read_project(own_list).errors]
    assert any(line.startswith("attendance/") and ": id: no recipient has the id" in line for line in lines)
    assert not any(line.endswith("(warning)") for line in lines)


def test_outcomes_errors_stop_only_the_summary(project_copy, tmp_path):
    (project_copy / "outcomes.yaml").write_text("- id: X\n  session: nowhere\n", encoding="utf-8")
    project = load_project(project_copy)
    assert project.unusable.keys() == {"outcomes"}
    (summary,) = build(project, ["summary"], BuildOptions(out_dir=tmp_path / "out", formats=("docx",), jobs=1))
    assert not summary.ok and all(str(p.file) == "outcomes.yaml" for p in summary.problems)


def test_a_recipient_list_error_still_stops_the_load(own_list):
    (own_list / "recipients" / "mine.csv").write_text(OWN_LIST.replace(",ngo,Kep", ",nope,Kep"), encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        load_project(own_list)
    assert [str(p.file) for p in raised.value.problems] == ["recipients/mine.csv"]
