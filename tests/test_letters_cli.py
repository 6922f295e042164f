"""``docgen build letters`` from the command line: the mailing options and one bad value."""
from __future__ import annotations

from docgen.cli import cli


def test_build_letters_for_one_province(runner, project_copy):
    result = runner.invoke(cli, ["build", "letters", "-p", str(project_copy), "--where", "province=Kep",
                                 "--format", "pdf", "--envelopes", "dl", "--label-grid", "2x7", "--label-offset", "3",
                                 "-j", "1", "--timestamp", "2018-02-12T09:00:00"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = project_copy / "out"
    assert (out / "letters" / "print.pdf").is_file() and (out / "envelopes-dl.pdf").is_file()
    assert not (out / "envelopes-c5.pdf").exists()
    assert (out / "labels.pdf").is_file() and (out / "register.xlsx").is_file() and (out / "register.pdf").is_file()
    assert "letters:" in result.output and "Files are in" in result.output
    assert not list((out / "letters").glob("*.docx"))


def test_bad_label_grid_is_one_line_and_nothing_is_built(runner, project_copy):
    result = runner.invoke(cli, ["build", "letters", "-p", str(project_copy), "--label-grid", "3by8"])
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines[-1] == "--label-grid: 3by8: expected COLUMNSxROWS, e.g. 3x8"
    assert "Traceback" not in result.output
    assert not (project_copy / "out" / "letters").exists()


def test_jobs_beyond_the_cores_are_one_per_core(runner, project_copy, monkeypatch):
    import os

    from docgen import build

    seen = []
    monkeypatch.setattr(build, "build", lambda project, families, options: seen.append(options.jobs) or [])
    for jobs in ("5000", "1"):
        result = runner.invoke(cli, ["build", "letters", "-p", str(project_copy), "--jobs", jobs])
        assert result.exit_code == 0, result.output
    assert seen == [os.cpu_count() or 1, 1]
