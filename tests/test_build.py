"""The build orchestrator's registry and option checks."""
from __future__ import annotations

from pathlib import Path

import pytest

from docgen.build import FAMILIES, BuildOptions, build
from docgen.errors import DocgenError
from docgen.model import Forum, Organiser, Project, Text


@pytest.fixture
def empty_project(tmp_path) -> Project:
    forum = Forum(title=Text("វេទិកា", "Forum"), organiser=Organiser(Text("ក", "O")), sessions=())
    return Project(root=tmp_path, forum=forum, recipients=[], out_dir=tmp_path / "out")


def test_every_family_resolves_to_a_function():
    import importlib

    for target in FAMILIES.values():
        module, _, func = target.partition(":")
        assert callable(getattr(importlib.import_module(module), func))


def test_unknown_family_lists_the_known_ones(empty_project):
    with pytest.raises(DocgenError, match="letters"):
        build(empty_project, ["invoices"])


def test_unknown_format_is_refused(empty_project):
    options = BuildOptions(out_dir=Path(empty_project.out_dir), formats=("odt",))
    with pytest.raises(DocgenError, match="odt"):
        build(empty_project, ["letters"], options)


def test_result_summary_line_counts_and_notes():
    from docgen.build import BuildResult

    result = BuildResult("letters", counts={"letters": 158, "pages": 188}, note="(1 skipped)")
    assert result.summary() == "letters: 158 letters, 188 pages (1 skipped)"
    assert BuildResult("agenda", files=[Path("a.pdf"), Path("a.docx")]).summary() == "agenda: 2 files"


def _agenda(project, out: Path):
    return build(project, ["agenda"], BuildOptions(out_dir=out, jobs=1, formats=("pdf",)))


def test_a_second_build_into_the_same_folder_is_refused_in_one_line(tmp_path):
    from docgen.build import BUILD_LOCK
    from docgen.lock import exclusive
    from docgen.project import load_project

    project = load_project(None, tmp_path)
    with exclusive(tmp_path / BUILD_LOCK, DocgenError("held by the first build")):
        with pytest.raises(DocgenError) as caught:
            _agenda(project, tmp_path)
    assert caught.value.lines() == [f"{tmp_path}: another `docgen build` or `docgen send` is using this folder; wait for it to end"]
    assert not (tmp_path / "agenda").exists()
    (result,) = _agenda(project, tmp_path)   # the lock went with the first build
    assert result.ok and result.files


def test_two_builds_of_one_project_into_two_folders_are_refused_too(project_copy, tmp_path):
    from docgen.build import BUILD_LOCK
    from docgen.lock import exclusive
    from docgen.project import load_project

    project = load_project(project_copy, tmp_path / "one")
    with exclusive(project_copy / ".docgen" / BUILD_LOCK, DocgenError("held")):
        with pytest.raises(DocgenError, match="this project"):
            _agenda(project, tmp_path / "two")


def test_a_build_removes_what_a_killed_build_left_half_made(tmp_path):
    from docgen.project import load_project

    letters = tmp_path / "letters"
    (letters / ".print.pdf.parts").mkdir(parents=True)
    (letters / ".print.pdf.parts" / "part-00000.pdf").write_bytes(b"%PDF-1.4 half")
    (letters / ".print.pdf.0123abcd.part").write_bytes(b"%PDF-1.4 half")
    (tmp_path / ".register.xlsx.fedcba98.part").write_bytes(b"PK")
    (letters / "notes.txt.part").write_text("not docgen's: a browser's download")
    (result,) = _agenda(load_project(None, tmp_path), tmp_path)
    assert result.ok
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if "part" in p.name)
    assert left == ["letters/notes.txt.part"]


def test_a_lock_that_cannot_be_made_is_a_write_error_not_another_build(tmp_path):
    from docgen.errors import WriteError
    from docgen.lock import exclusive

    (tmp_path / "lock").write_text("not a database, and not a lock")
    with pytest.raises(WriteError) as caught, exclusive(tmp_path / "lock", DocgenError("busy")):
        pass
    assert "not a lock docgen made; delete it" in str(caught.value) and "busy" not in str(caught.value)
    (tmp_path / "file").write_text("a file where the lock's folder should be")
    with pytest.raises(WriteError), exclusive(tmp_path / "file" / "lock", DocgenError("busy")):
        pass
