"""``docgen build``'s typed options: every writer's format is accepted, a bad value is one line and exit 2,
and what the command line parses reaches the output."""
from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from docgen.cli import cli
from docgen.families import FAMILIES
from docgen.writers import WRITERS


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_every_writers_format_is_accepted(runner, tmp_path, fmt):
    result = runner.invoke(cli, ["build", "agenda", "-o", str(tmp_path), "--format", fmt, "--lang", "en", "-j", "1"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    made = list((tmp_path / "agenda").iterdir())
    assert made and {p.suffix for p in made} == {f".{fmt}"}


def test_build_help_names_every_family_and_format(runner):
    result = runner.invoke(cli, ["build", "--help"], catch_exceptions=False)
    assert all(name in result.output for name in FAMILIES)
    assert f"Comma-separated output formats: {', '.join(WRITERS)}." in " ".join(result.output.split())


@pytest.mark.parametrize(("args", "line"), [
    (["--label-grid", "3by8"], "--label-grid: 3by8: expected COLUMNSxROWS, e.g. 3x8"),
    (["--label-grid", "0x8"], "--label-grid: 0x8: expected 1 to 10 columns and 1 to 30 rows"),
    (["--label-grid", "3x99"], "--label-grid: 3x99: expected 1 to 10 columns and 1 to 30 rows"),
    (["--envelopes", "dl,b4"], "--envelopes: b4: unknown envelope size; known: dl, c5, none"),
    (["--format", "pdf,odt"], "--format: odt: unknown format; known: pdf, docx"),
    (["--format", ""], "--format: (none): name at least one format: pdf, docx"),
    (["--format", " , "], "--format: (none): name at least one format: pdf, docx"),
])
def test_a_bad_value_is_one_line_and_exit_code_2(runner, tmp_path, args, line):
    result = runner.invoke(cli, ["build", "letters", "-o", str(tmp_path), *args])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [line]
    assert not list(tmp_path.iterdir())  # refused before anything is read or built


def test_parsed_options_reach_the_mailing(runner, project_copy):
    from docgen.project import load_project

    ids = [r.id for r in load_project(project_copy).recipients[:3]]
    result = runner.invoke(cli, ["build", "letters", "-p", str(project_copy), "--only", ",".join(ids), "--format",
                                 "pdf", "--envelopes", "none", "--label-grid", "1×2", "--label-offset", "1", "-j", "1"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = project_copy / "out"
    pdf = pdfium.PdfDocument(out / "labels.pdf")
    assert len(pdf) == 2  # 3 labels, 2 a sheet, the first slot used: 1 + 2
    pdf.close()
    assert not list(out.glob("envelopes-*.pdf"))


def test_formats_are_named_in_any_case_once_each():
    from docgen.writers import check_formats

    assert check_formats(["PDF", "pdf", ".docx"]) == ("pdf", "docx")
