"""Issue 26, the command line: what tripped a new user of the secretariat's day."""
from __future__ import annotations

import io

import pytest
from mail_support import built_forum  # noqa: F401  (a fixture)

from docgen.cli import cli


@pytest.fixture
def mail_forum(built_forum):
    return built_forum


def test_build_with_a_filter_that_matches_nobody_says_so_and_exits_1(runner, project_copy):
    result = runner.invoke(cli, ["build", "letters", "-p", str(project_copy), "--where", "province=Kep",
                                 "--where", "province!=Kep"])
    assert result.exit_code == 1
    assert result.output.strip() == "--where province=Kep --where province!=Kep: no recipient matches"
    assert not (project_copy / "out" / "letters").exists()


def test_send_with_a_filter_that_matches_nobody_says_so(runner, project_copy):
    result = runner.invoke(cli, ["send", "letters", "--dry-run", "-p", str(project_copy), "--where", "category!=ngo",
                                 "--where", "category=ngo"])
    assert result.exit_code == 1
    assert result.output.strip().endswith("no recipient matches")


def test_send_before_build_is_one_line_with_the_count_and_what_to_do(runner, project_copy):
    from docgen.project import load_project

    emailed = sum(1 for r in load_project(project_copy).recipients if r.email.strip())
    result = runner.invoke(cli, ["send", "letters", "--dry-run", "-p", str(project_copy)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, lines
    assert f"{emailed} invitation letters not built yet: run `docgen build letters` first" in lines[0]
    assert lines[0].startswith(str(project_copy / "out" / "letters"))


def test_plurals_agree_with_their_count():
    from docgen.build import BuildResult
    from docgen.check import summary_line
    from docgen.errors import Problem
    from docgen.plurals import plural

    assert plural(1, "label sheets") == "1 label sheet" and plural(2, "label sheets") == "2 label sheets"
    assert plural(1, "walk-ins") == "1 walk-in" and plural(0, "pages") == "0 pages"
    result = BuildResult("letters", counts={"letters": 1, "pages": 1, "label sheets": 1})
    assert result.summary() == "letters: 1 letter, 1 page, 1 label sheet"
    assert summary_line([Problem("a.csv", 2, "id", "x")], "forum").startswith("1 problem, 0 warnings in")


# -- item 7: long silent waits --------------------------------------------------------------

def test_an_unreachable_server_says_what_it_waits_for(tmp_path):
    """The library calls ``notice`` before each pause; the CLI prints it (``Progress.note``)."""
    from mail_support import FakeClock, make_project, write_letters

    from docgen.mail import CannotConnect, MemoryTransport, SendOptions, send_mailing

    project = make_project(tmp_path / "forum")
    write_letters(project)
    notices: list[str] = []
    transport = MemoryTransport(fault=lambda m: CannotConnect("cannot connect to smtp.example.org:587: refused"))
    send_mailing(project, SendOptions(max_attempts=3, notice=notices.append), transport=transport, clock=FakeClock())
    assert notices == [
        "cannot connect to smtp.example.org:587: refused; trying again in 2 s (2 of 3)",
        "cannot connect to smtp.example.org:587: refused; trying again in 4 s (3 of 3)",
    ]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_with_counts_on_a_terminal_and_silent_off_one():
    from docgen.console import NORMAL, QUIET, VERBOSE, Progress

    terminal = _Terminal()
    progress = Progress(NORMAL, terminal)
    for done in range(1, 4):
        progress("letters", done, 3)
    assert "letters" in terminal.getvalue() and "3/3" in terminal.getvalue()
    pipe = io.StringIO()
    Progress(NORMAL, pipe)("letters", 1, 3)
    Progress(QUIET, _Terminal())("letters", 1, 3)
    assert pipe.getvalue() == ""
    lines = io.StringIO()
    Progress(VERBOSE, lines)("sending", 1, 3, "sent  KEP-001")
    assert lines.getvalue() == "sent  KEP-001\n"


@pytest.mark.parametrize("args", [["-q", "send", "letters"], ["send", "letters", "-q"]])
def test_quiet_prints_nothing_but_problems(runner, mail_forum, args):
    result = runner.invoke(cli, [*args, "--dry-run", "-p", str(mail_forum)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output == ""


@pytest.mark.parametrize("args", [["-v", "send", "letters"], ["send", "letters", "--verbose"]])
def test_verbose_prints_a_line_per_recipient(runner, mail_forum, args):
    from docgen.project import load_project

    result = runner.invoke(cli, [*args, "--dry-run", "-p", str(mail_forum)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    ids = [line.split()[1] for line in result.output.splitlines()[:-1]]
    assert sorted(ids) == sorted(r.id for r in load_project(mail_forum).recipients)
    assert result.output.splitlines()[-1].startswith("letters (dry run):")


def test_normal_send_off_a_terminal_prints_the_summary_only(runner, mail_forum):
    result = runner.invoke(cli, ["send", "letters", "--dry-run", "-p", str(mail_forum)], catch_exceptions=False)
    assert result.exit_code == 0
    assert len(result.output.splitlines()) == 1 and result.output.startswith("letters (dry run):")


# -- item 8: standard input and output --------------------------------------------------------

def test_preview_to_standard_output_writes_png_bytes_and_no_file(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["preview", "demo/every-block.xml", "-o", "-"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"\x89PNG\r\n\x1a\n")
    assert "standard output" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_typeset_reads_standard_input_and_writes_pdf_to_standard_output(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = "សួស្តី ពិភពលោក\n\nHello".encode()
    result = runner.invoke(cli, ["typeset", "-", "-o", "-"], input=text, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"%PDF-")
    assert list(tmp_path.iterdir()) == []


def test_typeset_from_standard_input_refuses_what_is_not_utf8_naming_the_line(runner, tmp_path):
    result = runner.invoke(cli, ["typeset", "-", "-o", str(tmp_path / "x.pdf")], input=b"ok\n\xff\n")
    assert result.exit_code == 1
    assert result.stderr.startswith("<stdin>:2:") and "UTF-8" in result.stderr and "Traceback" not in result.output


def test_attendance_import_reads_standard_input(runner, project_copy):
    from docgen.project import load_project

    invitee = next(r for r in load_project(project_copy).recipients if r.session == "kep")
    sheet = f"id,name\n{invitee.id},{invitee.name.en}\n".encode()
    result = runner.invoke(cli, ["attendance", "import", "-", "--session", "kep", "-p", str(project_copy)],
                           input=sheet, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert invitee.id in (project_copy / "attendance" / "kep.csv").read_text(encoding="utf-8-sig")


def test_attendance_import_from_standard_input_names_it_in_problems(runner, project_copy):
    result = runner.invoke(cli, ["attendance", "import", "-", "--session", "kep", "-p", str(project_copy)],
                           input=b"id,name\nKEP-0O2,x\n")
    assert result.exit_code == 1
    assert result.stderr.startswith("<stdin>:2: id: unknown id 'KEP-0O2'")


# -- item 9: small ones ---------------------------------------------------------------------------

def test_help_lists_the_commands_in_the_order_of_the_work(runner):
    result = runner.invoke(cli, ["--help"], catch_exceptions=False)
    listed = [line.split()[0] for line in result.output.split("Commands:")[1].splitlines() if line.strip()]
    assert listed == ["init", "check", "build", "preview", "send", "attendance", "templates", "date", "typeset",
                      "fonts"]


def test_letters_built_in_english_have_english_names_and_send_attaches_them(project_copy):
    from docgen.build import BuildOptions, build
    from docgen.documents.letters import LETTERS_DIR
    from docgen.mail import SendOptions, send_mailing
    from docgen.project import load_project

    project = load_project(project_copy)
    build(project, ["letters"], BuildOptions(project.out_dir, formats=("pdf",), lang="en", only=("TAK-001",)))
    folder = project.out_dir / LETTERS_DIR
    assert sorted(p.name for p in folder.glob("TAK-*")) == ["TAK-001-Tang-Phearum.pdf"]
    report = send_mailing(project, SendOptions(dry_run=True, only=("TAK-001",)))
    (delivery,) = report.deliveries
    assert delivery.outcome == "dry-run" and delivery.files


def test_letter_names_that_clash_in_english_only_are_reported_at_load():
    from docgen.letter_names import file_name_clashes
    from docgen.model import Recipient, Text

    def person(rid, km, en, row):
        from docgen.model import Source

        return Recipient(id=rid, honorific=Text(), name=Text(km, en), position=Text(), organisation=Text(),
                         category="ngo", province="Kep", session="kep", language="km", source=Source("l.csv", row))

    problems = file_name_clashes([person("A-B", "សុខ", "C", 2), person("A", "សៅ", "B-C", 3)])
    assert [(p.row, p.field) for p in problems] == [(3, "id")]
    assert "'A-B-C'" in problems[0].message


def test_khmer_attendance_report_columns_line_up(runner):
    from docgen.attendance.report import display_width

    result = runner.invoke(cli, ["attendance", "report", "--lang", "km"], catch_exceptions=False)
    lines = result.stdout.splitlines()
    rule = lines[1]
    full = [line for line in lines if len(line.split()) >= 3 and line.rstrip().endswith("%")]
    assert full and any(not line.isascii() for line in full)
    assert {display_width(line) for line in full} == {len(rule)}
    assert display_width("ស្រ្តី") == 1 and display_width("អាជ្ញាធរ") == 6  # subscripts and marks above/below take none


def test_quiet_check_of_a_clean_project_prints_nothing(runner, project_copy):
    loud = runner.invoke(cli, ["check", "-p", str(project_copy)], catch_exceptions=False)
    quiet = runner.invoke(cli, ["check", "-q", "-p", str(project_copy)], catch_exceptions=False)
    assert loud.exit_code == quiet.exit_code == 0
    assert loud.stderr.startswith("No problems") and quiet.output == ""


def test_letter_file_names_follow_lang_km_or_en_and_both_keeps_the_recipients_own():
    from docgen.letter_names import letter_stem
    from docgen.model import Recipient, Text

    english = Recipient(id="E1", honorific=Text(), name=Text("សុខ", "Sok"), position=Text(), organisation=Text(),
                        category="ngo", province="Kep", session="kep", language="en")
    assert letter_stem(english) == letter_stem(english, "both") == letter_stem(english, "en") == "E1-Sok"
    assert letter_stem(english, "km") == "E1-សុខ"


def test_send_attaches_the_letter_of_the_last_build_not_an_earlier_one_in_the_other_language(project_copy):
    import os

    from docgen.build import BuildOptions, build
    from docgen.options import LetterOptions
    from docgen.documents.letters import LETTERS_DIR, built_letter
    from docgen.project import load_project

    project = load_project(project_copy)
    khmer_first = next(r for r in project.recipients if r.language == "km")
    folder = project.out_dir / LETTERS_DIR
    made = {}
    for lang in ("km", "en"):   # a Khmer build, then the same letter again in English
        build(project, ["letters"], BuildOptions(project.out_dir, formats=("pdf",), lang=lang, only=(khmer_first.id,),
                                                 family_options=(LetterOptions(envelopes=()),)))
        made[lang] = max(folder.glob(f"{khmer_first.id}-*.pdf"), key=lambda p: p.stat().st_mtime_ns)
    assert made["km"] != made["en"] and made["km"].is_file()
    os.utime(made["km"], ns=(1, 1))   # whatever the clock's resolution: the Khmer one is the older
    assert built_letter(folder, khmer_first, "pdf") == made["en"]      # what send attaches
