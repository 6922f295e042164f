"""Issue 26, the command line: what tripped a new user of the secretariat's day."""
from __future__ import annotations

from docgen.cli import cli


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
