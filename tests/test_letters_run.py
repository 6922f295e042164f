"""Letters made in a process pool: outcomes in order, a failure is one error naming its recipient, an
interrupted run leaves no partial file, and the parent's memory does not grow with the mailing."""
from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import signal
import subprocess
import sys
import time
import tracemalloc

import pypdfium2 as pdfium
import pytest

from docgen.build import BuildOptions
from docgen.document import Document, Paragraph, Run
from docgen.documents import letters
from docgen.documents.letter_context import LetterFacts
from docgen.documents.letter_run import Letter, LetterRun, letter_project, make_letters
from docgen.documents.letters import build_letters
from docgen.errors import DocgenError, Problem
from docgen.options import WriteOptions
from letters_support import make_project, make_recipient

STAMP = dt.datetime(2018, 2, 1, 9, 0)


def _recipients(count: int):
    return [make_recipient(f"K{n:03d}", name_en=f"SOK Chan {n}", row=n + 2) for n in range(count)]


def _short_letter(project, recipient, langs, facts) -> Document:
    """A one-line letter, quick to make; the recipients whose id ends in 3 have data it cannot use."""
    if recipient.id.endswith("3"):
        raise DocgenError(Problem(recipient.source.file, recipient.source.row, "name", "cannot be used"))
    return Document(blocks=(Paragraph(inlines=(Run(text=f"{recipient.id} {facts.number}"),)),))


def _broken_for_k007(project, recipient, langs, facts) -> Document:
    """A letter composer with a bug that only one recipient's letter meets."""
    if recipient.id == "K007":
        raise ZeroDivisionError("division by zero")
    return _short_letter(project, recipient, langs, facts)


def _run(project, compose, tmp_path) -> LetterRun:
    return LetterRun(letter_project(project), compose, tmp_path / "letters", ("pdf",), WriteOptions(timestamp=STAMP))


def _plan(project) -> list[Letter]:
    return [Letter(r, ("en",), LetterFacts(n, STAMP.date()), r.id) for n, r in enumerate(project.recipients, 1)]


def _hidden(folder) -> list:
    """Work in progress left behind: temporary files (``.x.pdf.1a2b3c4d.part``) and folders of parts."""
    return [p for p in folder.rglob(".*") if p.name.endswith((".part", ".parts"))]


@pytest.mark.parametrize("jobs", [1, 2])
def test_outcomes_come_back_in_the_plan_s_order(tmp_path, jobs):
    project = make_project(tmp_path, _recipients(40))
    run, plan = _run(project, _short_letter, tmp_path), _plan(project)
    with make_letters(run, plan, jobs) as outcomes:
        problems = list(outcomes)
    assert [bool(found) for found in problems] == [letter.stem.endswith("3") for letter in plan]
    assert [found[0].row for found in problems if found] == [r.source.row for r in project.recipients
                                                            if r.id.endswith("3")]
    made = [letter for letter, found in zip(plan, problems) if not found]
    for letter in made:
        with pdfium.PdfDocument(str(run.path(letter, "pdf"))) as pdf:
            assert pdf[0].get_textpage().get_text_range().startswith(letter.stem)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failure_in_a_worker_is_one_error_naming_the_recipient(tmp_path, jobs):
    project = make_project(tmp_path, _recipients(30))
    with pytest.raises(DocgenError) as caught:
        with make_letters(_run(project, _broken_for_k007, tmp_path), _plan(project), jobs) as outcomes:
            list(outcomes)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.field) == ("recipients/kep.csv", 9, "id")
    assert "'K007'" in problem.message and "ZeroDivisionError: division by zero" in problem.message
    assert not _hidden(tmp_path)


def _build(project, jobs: int, **options):
    return build_letters(project, BuildOptions(out_dir=project.out_dir, jobs=jobs, timestamp=STAMP,
                                               formats=("pdf",), **options))


def _whole_pdfs(folder) -> int:
    """How many PDFs ``folder`` holds, each of which must open: no letter is half written."""
    paths = list(folder.glob("*.pdf"))
    for path in paths:
        with pdfium.PdfDocument(str(path)) as pdf:
            assert len(pdf) >= 1
    return len(paths)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failed_letter_stops_the_build_with_no_half_written_output(tmp_path, monkeypatch, jobs):
    project = make_project(tmp_path, _recipients(30))
    monkeypatch.setattr(letters, "letter_document", _broken_for_k007)
    with pytest.raises(DocgenError, match="K007"):
        _build(project, jobs)
    out = project.out_dir
    assert not (out / "letters" / "print.pdf").exists()
    assert not [p.name for p in out.iterdir() if p.is_file()]  # no envelopes, labels nor register
    assert not _hidden(tmp_path)
    _whole_pdfs(out / "letters")


class _Interrupt:
    """A progress callback that is a Ctrl-C after a few letters."""

    def __init__(self, after: int):
        self.after = after

    def __call__(self, what: str, done: int, total: int) -> None:
        if what == "letters" and done == self.after:
            raise KeyboardInterrupt


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_interrupted_build_leaves_whole_letters_and_no_partial_file(tmp_path, jobs):
    project = make_project(tmp_path, _recipients(60))
    with pytest.raises(KeyboardInterrupt):
        _build(project, jobs, progress=_Interrupt(after=3))
    out = project.out_dir
    made = _whole_pdfs(out / "letters")
    assert 3 <= made < 60
    assert not (out / "letters" / "print.pdf").exists() and not (out / "register.xlsx").exists()
    assert not _hidden(tmp_path)
    assert _whole_pdfs(out / "letters") == made  # the workers have stopped: nothing is written after


def _traced_peak(project, jobs: int) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        assert _build(project, jobs).ok
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_parent_s_memory_does_not_grow_with_the_letters(tmp_path):
    small, large = make_project(tmp_path / "small", _recipients(8)), make_project(tmp_path / "large", _recipients(80))
    _build(make_project(tmp_path / "warm", _recipients(2)), jobs=1)  # fonts and templates loaded once, untraced
    growth = _traced_peak(large, jobs=2) - _traced_peak(small, jobs=2)
    # Each letter costs this process its plan, outcome and register line (a few kB), never its document or PDF
    # (tens of kB each).
    assert growth < 72 * 8_000, growth


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="sends Ctrl-C to a process group")
def test_ctrl_c_stops_the_build_and_its_workers_with_no_partial_file(tmp_path):
    """As a terminal's Ctrl-C: SIGINT to docgen and its workers at once, mid-run."""
    build = subprocess.Popen([sys.executable, "-m", "docgen", "build", "letters", "-j", "2", "--format", "pdf",
                              "-o", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    try:
        while build.poll() is None and len(list((tmp_path / "letters").glob("*.pdf"))) < 3:
            time.sleep(0.05)
        os.killpg(build.pid, signal.SIGINT)
        assert build.wait(timeout=120) != 0
        deadline = time.monotonic() + 10
        while _group_alive(build.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _group_alive(build.pid), "workers outlived the build"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build.pid, signal.SIGKILL)  # whatever is left of the group
    assert not (tmp_path / "letters" / "print.pdf").exists()
    assert not _hidden(tmp_path)
    _whole_pdfs(tmp_path / "letters")


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True
