"""docgen check: each problem a user can make, with file, row and field; the CLI's exit codes."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docgen.check import check_project
from docgen.cli import cli
from docgen.folders import EXAMPLE_DIR

BROKEN = Path(__file__).parent / "fixtures" / "broken"


def _lines(project: Path) -> list[str]:
    return [str(p) for p in check_project(project)]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_bundled_forum_checks_clean(assert_no_problems):
    assert_no_problems(check_project(EXAMPLE_DIR))
    assert check_project(EXAMPLE_DIR) == []  # not even a warning


@pytest.mark.parametrize(("row", "field", "message"), [
    (2, "name_km", "is required for language km (or give position_km)"),
    (3, "email", "'sok.dara@example' is not an e-mail address"),
    (4, "province", "unknown province 'Atlantis'"),
    (5, "session", "unknown session 'siemreap'; the sessions are takeo, kep, kampot"),
    (6, "category", "unknown category 'bank'"),
    (7, "language", "unknown language 'fr'; use km, en or both"),
    (9, "name_km", "'Sok Dara' has no Khmer text"),
    (10, "name_km", "looks like legacy (Limon) Khmer"),
    (11, "id", "is required"),
    (12, "sex", "'X' is not a sex"),
    (12, "report", "'maybe' is not yes or no"),
])
def test_each_recipient_problem_names_file_row_and_field(project_copy, row, field, message):
    shutil.copy(BROKEN / "bad_rows.csv", project_copy / "recipients")
    prefix = f"recipients/bad_rows.csv:{row}: {field}: "
    lines = _lines(project_copy)
    assert any(line.startswith(prefix) and message in line for line in lines), "\n".join(lines)


def test_duplicate_id_names_both_places_once(project_copy):
    shutil.copy(BROKEN / "bad_rows.csv", project_copy / "recipients")
    # lists are read in name order, so bad_rows.csv comes first and takeo.csv holds the duplicate
    duplicates = [line for line in _lines(project_copy) if "duplicate id" in line]
    assert duplicates == ["recipients/takeo.csv:2: id: duplicate id 'TAK-001': also at recipients/bad_rows.csv:8"]


def test_ids_whose_letters_would_share_a_file_name_are_reported(project_copy):
    header = (EXAMPLE_DIR / "recipients" / "national.csv").read_text(encoding="utf-8").splitlines()[0]
    row = "{id},លោក,Mr.,សុខ ដារា,{name},,,អង្គការ,NGO,ngo,Phnom Penh,takeo,{lang},,,,,M,no"
    rows = [row.format(id=i, name=n, lang=lang) for i, n, lang in
            [("X/1", "Sok Dara", "km"), ("X:1", "Sok Dara", "km"),  # both clean to X-1
             ("ZZ-A", "B", "en"), ("ZZ", "A-B", "en")]]              # both join as ZZ-A-B
    (project_copy / "recipients" / "clash.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    clashes = [line for line in _lines(project_copy) if "would be named" in line]
    assert clashes == [
        "recipients/clash.csv:3: id: its letters would be named 'X-1-សុខ-ដារា', as those of 'X/1' at "
        "recipients/clash.csv:2; change one of the ids",
        "recipients/clash.csv:5: id: its letters would be named 'ZZ-A-B', as those of 'ZZ-A' at "
        "recipients/clash.csv:4; change one of the ids",
    ]


def test_empty_and_unreadable_lists(project_copy):
    shutil.copy(BROKEN / "header_only.csv", project_copy / "recipients")
    shutil.copy(BROKEN / "not_a_workbook.xlsx", project_copy / "recipients")
    shutil.copy(Path(__file__).parent / "fixtures" / "tables" / "windows_1252.csv", project_copy / "recipients")
    lines = _lines(project_copy)
    assert "recipients/header_only.csv: the list has a header but no recipients" in lines
    assert any(line.startswith("recipients/not_a_workbook.xlsx: is not a readable XLSX workbook") for line in lines)
    assert any(line.startswith("recipients/windows_1252.csv: is not UTF-8 or UTF-16 text") for line in lines)


def test_no_recipient_lists(project_copy):
    shutil.rmtree(project_copy / "recipients")
    assert "recipients: no recipient lists: put CSV or XLSX files in recipients/" in _lines(project_copy)


def test_session_date_outside_the_forum(project_copy):
    _edit(project_copy / "forum.yaml", "date: 2018-02-28", "date: 2018-04-28")
    assert any(line.startswith("forum.yaml:") and ": sessions.1.date: 2018-04-28 is outside the forum's dates" in line
               for line in _lines(project_copy))


def test_password_in_forum_yaml(project_copy):
    _edit(project_copy / "forum.yaml", "  port: 587\n", "  port: 587\n  password: secret\n")
    assert any(": mail.password: never write a password" in line for line in _lines(project_copy))


def test_latin_text_in_a_khmer_yaml_field(project_copy):
    _edit(project_copy / "forum.yaml", 'km: "វេទិកាសម្ព័ន្ធភាពសង្គមស៊ីវិល", en: "Civil', 'km: "Civil Society", en: "Civil')
    assert any(line.endswith("organiser.name: 'Civil Society' has no Khmer text; write the Khmer here, or leave it empty")
               for line in _lines(project_copy))


def test_outcome_problems(project_copy):
    outcomes = project_copy / "outcomes.yaml"
    _edit(outcomes, "  status: pending\n", "  status: forgotten\n")
    _edit(outcomes, "  session: kep\n", "  session: battambang\n")
    _edit(outcomes, "deadline: 2018-09-30", "deadline: 2017-09-30")
    lines = _lines(project_copy)
    assert any(": 0.status: 'forgotten' is not one of addressed, pending, referred" in line for line in lines)
    assert any(": 4.session: unknown session 'battambang'" in line for line in lines)
    assert any(": 7.deadline: 2017-09-30 is before the session it follows (2018-03-01)" in line for line in lines)


def test_referred_outcome_without_authority(project_copy):
    outcomes = project_copy / "outcomes.yaml"
    _edit(outcomes, '  responsible_km: "រដ្ឋបាលខេត្តកែប"\n  responsible_en: "Kep Provincial Administration"\n', "")
    assert any(".responsible: a referred challenge must name the authority it was referred to" in line
               for line in _lines(project_copy))


def test_attendance_problems(project_copy):
    path = project_copy / "attendance" / "kep.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("kep,NOPE-1,សុខ ដារ៉ា,Sok Dara,M,,,,,ngo,\nmars,,សុខ ដារ៉ា,Sok Dara,M,,,,,,\n")
    lines = _lines(project_copy)
    assert any(line.startswith("attendance/kep.csv:") and ": id: no recipient has the id 'NOPE-1'" in line for line in lines)
    assert any(": session: unknown session 'mars'" in line for line in lines)


# -- the command line ---------------------------------------------------------------

def test_cli_check_clean_bundled_forum(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["check"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "bundled example forum" in result.stderr and "No problems" in result.stderr
    assert result.stdout == ""


def test_cli_check_problems_exit_1(runner, project_copy):
    shutil.copy(BROKEN / "bad_rows.csv", project_copy / "recipients")
    result = runner.invoke(cli, ["check", "-p", str(project_copy)])
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if not line.endswith("(warning)")]
    assert len(lines) == 12 and all(line.startswith("recipients/") for line in lines)
    assert "Traceback" not in result.output


def test_cli_check_unreadable_project_exit_2(runner, project_copy):
    shutil.copy(BROKEN / "forum_syntax_error.yaml", project_copy / "forum.yaml")
    result = runner.invoke(cli, ["check", "-p", str(project_copy)])
    assert result.exit_code == 2
    assert result.stderr.startswith("forum.yaml:2: is not valid YAML")
    assert "Traceback" not in result.output


def test_cli_check_missing_folder_exit_2(runner, tmp_path):
    result = runner.invoke(cli, ["check", "-p", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "no such project folder" in result.stderr


def test_cli_init_makes_a_project_that_checks_clean(runner, tmp_path):
    target = tmp_path / "my-forum"
    result = runner.invoke(cli, ["init", str(target)], catch_exceptions=False)
    assert result.exit_code == 0 and "Created a forum project" in result.stdout
    assert check_project(target) == []
    again = runner.invoke(cli, ["init", str(target)])
    assert again.exit_code == 2 and again.stderr.strip().endswith("is not empty; give a new or empty folder so nothing is overwritten")


def test_broken_sessions_are_reported_once_not_on_every_row(project_copy):
    path = project_copy / "forum.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("sessions:")] + "sessions: []\n", encoding="utf-8")
    assert _lines(project_copy) == [f"forum.yaml:{text[: text.index('sessions:')].count(chr(10)) + 1}: sessions: "
                                    "the forum needs at least one session"]


def test_recipient_in_a_province_without_a_session(project_copy):
    path = project_copy / "recipients" / "national.csv"
    _edit(path, ",Phnom Penh,takeo,", ",Phnom Penh,,")
    assert any(line.startswith("recipients/national.csv:2: session: no session is held in Phnom Penh")
               for line in _lines(project_copy))


def test_attendance_at_another_session_is_a_warning(project_copy, runner):
    path = project_copy / "attendance" / "kep.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("kep,TAK-003,សុខ ដារ៉ា,Sok Dara,M,,,,,authority,\n")
    [problem] = check_project(project_copy)
    assert not problem.is_error
    assert str(problem).endswith("session: TAK-003 was invited to session takeo, but is recorded at kep (warning)")
    result = runner.invoke(cli, ["check", "-p", str(project_copy)], catch_exceptions=False)
    assert result.exit_code == 0 and "(warning)" in result.stdout


@pytest.mark.parametrize(("name_km", "message"), [
    ("\u17b6ក សុខ", "invalid order (shown with a dotted circle)"),
    ("សុខ\u200b ដារ៉ា", "ZERO WIDTH SPACE"),
])
def test_khmer_text_health_is_checked_for_list_fields(project_copy, name_km, message):
    _edit(project_copy / "recipients" / "takeo.csv", "TAK-001,ឯកឧត្តម,H.E.,តាំង ភារម្យ,", f"TAK-001,ឯកឧត្តម,H.E.,{name_km},")
    lines = _lines(project_copy)
    assert len(lines) == 1 and lines[0].startswith("recipients/takeo.csv:2: name_km: ") and message in lines[0]


def test_summary_line_counts_problems_and_warnings(tmp_path):
    from docgen.check import summary_line
    from docgen.errors import Problem, Severity

    problems = [Problem("a.csv", 2, "id", "missing"), Problem("a.csv", 3, "email", "odd", Severity.WARNING)]
    assert summary_line(problems, tmp_path) == f"1 problem, 1 warning in {tmp_path}"
    assert summary_line([], tmp_path) == f"No problems in {tmp_path}"


# -- issue 22: nothing escapes and nothing is lost ------------------------------------

def test_problems_of_one_list_are_capped_at_twenty(project_copy):
    lines = (project_copy / "recipients" / "kampot.csv").read_text(encoding="utf-8").splitlines()
    broken = [lines[0]] + [line.replace("@", " at ", 1) if "@" in line else line for line in lines[1:]]
    (project_copy / "recipients" / "kampot.csv").write_text("\n".join(broken) + "\n", encoding="utf-8")
    wrong = sum("@" in line for line in lines[1:])
    listed = [line for line in _lines(project_copy) if line.startswith("recipients/kampot.csv")]
    assert wrong > 20 and len(listed) == 21
    assert listed[-1] == f"recipients/kampot.csv: and {wrong - 20} more problems in this file"


def test_cli_check_a_name_with_a_line_break(runner, project_copy):
    _edit(project_copy / "recipients" / "takeo.csv", ",Tang Phearum,", ',"Tang\r\nPhearum",')
    result = runner.invoke(cli, ["check", "-p", str(project_copy)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert [line.split(";")[0] for line in result.stdout.splitlines()] == [
        "recipients/takeo.csv:2: name_en: holds the invisible character U+000D"]


def test_cli_build_with_a_lone_surrogate_in_forum_yaml(runner, project_copy, tmp_path):
    _edit(project_copy / "forum.yaml", 'phone: "023 214 356"', 'phone: "023\\ud800"')
    result = runner.invoke(cli, ["build", "-p", str(project_copy), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "forum.yaml:48: organiser.phone: holds the invisible character U+D800" in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.pdf"))


def test_characters_no_font_has_are_a_warning_naming_file_row_field_and_characters(project_copy, bundled_fonts):
    from docgen.check import check_project

    takeo = project_copy / "recipients" / "takeo.csv"
    lines = takeo.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("Tang Phearum", "Tang محمد 😀")
    takeo.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (problem,) = [p for p in check_project(project_copy) if p.field == "name_en"]
    assert (str(problem.file).endswith("takeo.csv"), problem.row, problem.is_error) == (True, 2, False)
    assert "U+0645" in problem.message and "U+1F600" in problem.message and "replacement marks" in problem.message
