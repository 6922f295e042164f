"""Atomic writes and the problem/exception values."""
from __future__ import annotations

import os
import stat

import pytest

from docgen.errors import DocgenError, Problem, ProjectError, Severity, WriteError
from docgen.files import atomic_write, atomic_write_text


def test_atomic_write_leaves_nothing_when_interrupted(tmp_path):
    target = tmp_path / "letter.pdf"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_write(target) as fh:
        fh.write(b"half a letter")
        raise RuntimeError("power cut")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["letter.pdf"]


def test_atomic_write_creates_folders_and_replaces(tmp_path):
    target = tmp_path / "out" / "letters" / "a.txt"
    atomic_write_text(target, "ខេត្តកំពត")
    atomic_write_text(target, "ខេត្តកែប")
    assert target.read_text(encoding="utf-8") == "ខេត្តកែប"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664)])
def test_atomic_write_gives_a_new_files_usual_permissions_not_private_ones(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        target = atomic_write_text(tmp_path / "letter.txt", "ខេត្តកែប")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_atomic_write_into_a_file_path_is_a_write_error(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    with pytest.raises(WriteError, match="blocker"):
        atomic_write_text(blocker / "x.txt", "x")


def test_problem_renders_file_row_field():
    assert str(Problem("recipients/kep.csv", 7, "email", "not an e-mail address")) == (
        "recipients/kep.csv:7: email: not an e-mail address"
    )
    warning = Problem("forum.yaml", None, None, "no logo", Severity.WARNING)
    assert str(warning) == "forum.yaml: no logo (warning)"
    assert not warning.is_error


def test_error_lines_and_exit_codes():
    err = DocgenError(Problem("a.csv", 2, "id", "missing"), [Problem("a.csv", 3, "id", "missing")])
    assert err.lines() == ["a.csv:2: id: missing", "a.csv:3: id: missing"]
    assert err.exit_code == 1
    assert ProjectError("no forum.yaml").exit_code == 2


@pytest.mark.parametrize("family", ["agenda", "attendance", "summary"])
def test_a_build_that_cannot_write_its_files_fails_naming_the_file(tmp_path, family):
    from docgen.build import BuildOptions, build
    from docgen.project import load_project

    out = tmp_path / "out1"
    out.mkdir()
    (out / family).write_text("a file where the folder should be")
    project = load_project(None, out)
    (result,) = build(project, [family], BuildOptions(out_dir=out, jobs=1, formats=("pdf",)))
    assert not result.ok and not result.files
    assert all(str(out / family) in str(p) and "cannot write" in p.message for p in result.problems)


def test_cli_build_that_wrote_nothing_exits_non_zero(runner, tmp_path):
    from docgen.cli import cli

    (tmp_path / "agenda").write_text("in the way")
    result = runner.invoke(cli, ["build", "agenda", "-o", str(tmp_path), "--format", "pdf"])
    assert result.exit_code == 1 and "cannot write" in result.output and "Traceback" not in result.output


def test_every_docgen_error_carries_a_problem():
    from docgen.errors import DocgenError, WriteError

    assert WriteError("disk full").problems[0].message == "disk full"
    assert DocgenError("x").lines() == ["x"]
