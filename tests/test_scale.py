"""Mailing at scale: same bytes whatever --jobs is, the streamed print file, images embedded once."""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import pypdfium2.raw as pdfium_raw

from docgen.build import BuildOptions
from docgen.document import Document, Image, Paragraph, Run
from docgen.documents.letters import build_letters, letter_path
from docgen.documents.printfile import combine_pdfs
from docgen.folders import EXAMPLE_DIR
from docgen.pdf.concat import NotStreamable, stream_concat
from docgen.options import WriteOptions
from docgen.writers import write
from letters_support import make_project

STAMP = dt.datetime(2018, 2, 1, 9, 0)
LOGO = EXAMPLE_DIR / "logo.png"


def build(project, jobs: int):
    return build_letters(project, BuildOptions(out_dir=project.out_dir, jobs=jobs, timestamp=STAMP,
                                               formats=("pdf", "docx")))


def texts(path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


def test_every_file_is_byte_for_byte_the_same_with_one_or_two_workers(tmp_path):
    one, two = make_project(tmp_path / "one"), make_project(tmp_path / "two")
    assert build(one, jobs=1).ok and build(two, jobs=2).ok
    for recipient in one.recipients:
        for fmt in ("pdf", "docx"):
            first = letter_path(one.out_dir, recipient, fmt).read_bytes()
            assert first == letter_path(two.out_dir, recipient, fmt).read_bytes(), (recipient.id, fmt)
    print_one = (one.out_dir / "letters" / "print.pdf").read_bytes()
    assert print_one == (two.out_dir / "letters" / "print.pdf").read_bytes()


def test_workers_spawned_as_on_windows_write_the_same_bytes_as_forked_ones(tmp_path, monkeypatch):
    from docgen.parallel import START_METHOD_ENV

    outputs = {}
    for method in ("fork", "spawn"):
        monkeypatch.setenv(START_METHOD_ENV, method)
        project = make_project(tmp_path / method)
        assert build(project, jobs=2).ok
        outputs[method] = {path.relative_to(project.out_dir): path.read_bytes()
                           for path in sorted(project.out_dir.rglob("*")) if path.is_file()}
    assert outputs["spawn"] == outputs["fork"] and len(outputs["fork"]) > 10


def test_an_unknown_start_method_is_one_problem(tmp_path, monkeypatch):
    from docgen.errors import DocgenError
    from docgen.parallel import START_METHOD_ENV

    monkeypatch.setenv(START_METHOD_ENV, "threads")
    with pytest.raises(DocgenError) as caught:
        build(make_project(tmp_path), jobs=2)
    assert "DOCGEN_START_METHOD" in str(caught.value) and "spawn" in str(caught.value)


def test_a_fixed_timestamp_is_every_docx_member_time(tmp_path):
    project = make_project(tmp_path)
    build(project, jobs=1)
    with zipfile.ZipFile(letter_path(project.out_dir, project.recipients[0], "docx")) as archive:
        assert archive.testzip() is None
        assert {info.date_time for info in archive.infolist()} == {(2018, 2, 1, 9, 0, 0)}


def test_print_file_holds_every_letter_page_in_order_with_duplex_blanks(tmp_path):
    project = make_project(tmp_path)
    build(project, jobs=1)
    letters = [letter_path(project.out_dir, r, "pdf") for r in project.recipients]
    expected = [text for path in letters for text in texts(path)]
    assert combine_pdfs(letters, tmp_path / "plain.pdf") == len(expected)
    assert texts(tmp_path / "plain.pdf") == expected
    with_blanks = []
    for path in letters:
        pages = texts(path)
        with_blanks += pages + ([""] if len(pages) % 2 else [])
    assert combine_pdfs(letters, tmp_path / "duplex.pdf", duplex=True) == len(with_blanks)
    assert texts(tmp_path / "duplex.pdf") == with_blanks


def test_the_cross_reference_table_kept_on_disk_points_at_every_object_by_its_number(tmp_path):
    project = make_project(tmp_path)
    build(project, jobs=1)
    letters = [letter_path(project.out_dir, r, "pdf") for r in project.recipients]
    combine_pdfs(letters, tmp_path / "print.pdf", duplex=True)  # blank pages are objects too
    data = (tmp_path / "print.pdf").read_bytes()
    table = data[int(data[data.rindex(b"startxref") + 9:].split()[0]):]
    rows = re.findall(rb"(\d{10}) \d{5} ([nf]) ", table)
    assert len(rows) == int(re.search(rb"/Size (\d+)", table).group(1)) > 3
    for number, (at, kind) in enumerate(rows):
        assert kind == (b"f" if number == 0 else b"n")
        if number:
            assert data[int(at):].startswith(b"%d 0 obj" % number)


def test_a_pdf_the_stream_cannot_take_apart_goes_through_pdfium(tmp_path):
    plain = tmp_path / "plain.pdf"
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(200, 300)
    pdf.save(str(plain))
    pdf.close()
    updated = tmp_path / "updated.pdf"   # an incremental update: two cross-reference sections
    pdf = pdfium.PdfDocument(str(plain))
    pdf.new_page(200, 300)
    pdf.save(str(updated), flags=pdfium_raw.FPDF_INCREMENTAL)
    pdf.close()
    try:
        with open(tmp_path / "scratch.pdf", "wb") as fh:
            stream_concat([updated], fh)
        raise AssertionError("an updated PDF must not be streamed")
    except NotStreamable as exc:
        assert "updated.pdf" in str(exc)
    assert combine_pdfs([plain, updated], tmp_path / "out.pdf") == 3
    assert len(texts(tmp_path / "out.pdf")) == 3
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_pdf_it_cannot_stream_midway_keeps_every_page_before_and_after_in_order(tmp_path):
    project = make_project(tmp_path)
    build(project, jobs=1)
    letters = [letter_path(project.out_dir, r, "pdf") for r in project.recipients]
    updated = tmp_path / "updated.pdf"  # a letter with a page added by an incremental update
    pdf = pdfium.PdfDocument(str(letters[0]))
    pdf.new_page(200, 300)
    pdf.save(str(updated), flags=pdfium_raw.FPDF_INCREMENTAL)
    pdf.close()
    files = [letters[0], letters[1], updated, letters[2], letters[3]]
    expected = []
    for path in files:
        pages = texts(path)
        expected += pages + ([""] if len(pages) % 2 else [])
    alive = []

    def as_they_come():  # the letters stream in: none of the paths is kept for a fallback
        for path in files:
            alive.append(_TrackedPath.alive)
            yield _TrackedPath(path)

    assert combine_pdfs(as_they_come(), tmp_path / "mixed.pdf", duplex=True) == len(expected)
    assert texts(tmp_path / "mixed.pdf") == expected
    assert max(alive) <= 1


class _TrackedPath:
    """A path whose file-system strings count how many of them are alive."""

    alive = 0

    def __init__(self, path: Path):
        self.path = path

    def __fspath__(self) -> str:
        return _CountedStr(self.path)


class _CountedStr(str):
    def __init__(self, _value: object):
        _TrackedPath.alive += 1

    def __del__(self):
        _TrackedPath.alive -= 1


def test_an_image_drawn_twice_is_embedded_once_with_its_transparency(tmp_path):
    logo = Image(src="logo.png", path=LOGO, width=40.0)
    document = Document(blocks=(logo, Paragraph(inlines=(Run(text="between"),)), logo))
    out = write(document, tmp_path / "two-logos.pdf", "pdf", WriteOptions(timestamp=STAMP))
    data = out.read_bytes()
    assert len(re.findall(rb"/Subtype /Image", data)) == 2      # the picture and its soft mask
    assert len(re.findall(rb"/SMask \d+ 0 R", data)) == 1
    with pdfium.PdfDocument(str(out)) as pdf:
        assert len(list(pdf[0].get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_IMAGE]))) == 2  # drawn twice
    again = write(document, tmp_path / "again.pdf", "pdf", WriteOptions(timestamp=STAMP)).read_bytes()
    assert again == data
