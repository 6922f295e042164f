"""The build orchestrator: every registered family builds, typed options reach the output, option checks."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from docgen.build import BuildOptions, build
from docgen.errors import DocgenError
from docgen.families import FAMILIES
from docgen.model import Forum, Organiser, Project, Text
from docgen.options import AgendaOptions, LetterOptions


@pytest.fixture
def empty_project(tmp_path) -> Project:
    forum = Forum(title=Text("វេទិកា", "Forum"), organiser=Organiser(Text("ក", "O")), sessions=())
    return Project(root=tmp_path, forum=forum, recipients=[], out_dir=tmp_path / "out")


@pytest.fixture(scope="module")
def small_example(bundled_project) -> Project:
    """The bundled forum with its first recipient of each session: every family's data, built in seconds."""
    first = {}
    for recipient in bundled_project.recipients:
        first.setdefault(recipient.session, recipient)
    return dataclasses.replace(bundled_project, recipients=list(first.values()))


def _pages(path: Path) -> int:
    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


@pytest.mark.parametrize("name", list(FAMILIES))
def test_every_registered_family_builds_from_the_bundled_example(small_example, tmp_path, name):
    (result,) = build(small_example, [name], BuildOptions(out_dir=tmp_path, jobs=1, formats=("pdf",), lang="en"))
    assert result.ok, [str(p) for p in result.problems]
    assert result.family == name and result.files and all(p.is_file() for p in result.files)
    assert all(_pages(p) >= 1 for p in tmp_path.rglob("*.pdf"))


def test_typed_letter_options_reach_the_mailing(small_example, tmp_path):
    letters = LetterOptions(envelopes=("C5",), label_grid=(1, 1), label_offset=0)
    (result,) = build(small_example, ["letters"], BuildOptions(out_dir=tmp_path, jobs=1, formats=("pdf",),
                                                               family_options=(letters,)))
    assert result.ok and result.counts["letters"] == len(small_example.recipients)
    assert _pages(tmp_path / "labels.pdf") == len(small_example.recipients)  # one label per sheet
    assert (tmp_path / "envelopes-c5.pdf").is_file() and not (tmp_path / "envelopes-dl.pdf").exists()


def test_typed_agenda_options_reach_the_output(small_example, tmp_path):
    options = BuildOptions(out_dir=tmp_path, formats=("pdf",), family_options=(AgendaOptions(bilingual=True),))
    (result,) = build(small_example, ["agenda"], options)
    assert result.ok and {p.name.split(".", 1)[1] for p in result.files} == {"bilingual.pdf"}


@pytest.mark.parametrize(("letters", "option"), [
    (LetterOptions(label_grid=(0, 8)), "--label-grid"),
    (LetterOptions(label_grid=(3, 8), label_offset=24), "--label-offset"),
    (LetterOptions(envelopes=("B4",)), "--envelopes"),
])
def test_bad_typed_letter_options_stop_the_run_naming_the_option(small_example, tmp_path, letters, option):
    with pytest.raises(DocgenError) as info:
        build(small_example, ["letters"], BuildOptions(out_dir=tmp_path, jobs=1, family_options=(letters,)))
    assert info.value.problems[0].file == option
    assert not (tmp_path / "letters").exists()


def test_unknown_family_lists_the_known_ones(empty_project):
    with pytest.raises(DocgenError, match="letters"):
        build(empty_project, ["invoices"])


def test_unknown_format_is_refused(empty_project):
    options = BuildOptions(out_dir=Path(empty_project.out_dir), formats=("odt",))
    with pytest.raises(DocgenError, match="odt"):
        build(empty_project, ["letters"], options)


def test_options_no_family_takes_are_refused(empty_project):
    from docgen.options import WriteOptions

    options = BuildOptions(out_dir=Path(empty_project.out_dir), family_options=(WriteOptions(),))
    with pytest.raises(DocgenError, match="no document family takes WriteOptions"):
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
