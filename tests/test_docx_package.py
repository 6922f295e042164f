"""The reference package read once per process: letters share its unchanged parts and nothing else."""
from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from docgen import document as d
from docgen import writers
from docgen.docx import package
from docgen.docx.reference import REFERENCE
from docgen.folders import EXAMPLE_DIR

STAMP = dt.datetime(2018, 2, 27, 8, 0)
LOGO = EXAMPLE_DIR / "logo.png"


def para(text: str) -> d.Paragraph:
    return d.Paragraph(inlines=(d.Run(text=text),))


def table(*texts: str) -> d.Table:
    cells = tuple(d.Cell(blocks=(para(t),)) for t in texts)
    return d.Table(rows=(d.Row(cells=cells),), borders="outer")


def letter(name: str, *, image: bool = False) -> d.Document:
    """A small letter whose every part (title, header, body, table, picture) names ``name``."""
    blocks = [para(f"Dear {name},"), table(f"{name} cell", "second")]
    if image:
        blocks.append(d.Image(src="logo.png", path=LOGO, width=40.0))
    return d.Document(meta=d.Metadata(title=f"Letter to {name}"),
                      page=d.PageSetup(header=(para(f"For {name}"),)), blocks=tuple(blocks))


def write(document: d.Document, path: Path, letterhead: Path | None = None) -> bytes:
    options = writers.WriteOptions(timestamp=STAMP, letterhead_docx=letterhead)
    return writers.write(document, path, "docx", options).read_bytes()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def make_letterhead(path: Path, header: str) -> Path:
    letterhead = docx.Document()
    letterhead.sections[0].header.paragraphs[0].text = header
    letterhead.save(path)
    return path


def header_text(data: bytes) -> str:
    return docx.Document(io.BytesIO(data)).sections[0].header.paragraphs[0].text


@pytest.mark.parametrize("with_letterhead", [False, True], ids=["reference", "letterhead-with-empty-header"])
def test_a_letter_carries_nothing_of_the_letter_written_before_it(tmp_path, with_letterhead):
    letterhead = make_letterhead(tmp_path / "letterhead.docx", "") if with_letterhead else None
    write(letter("ALPHAONE", image=True), tmp_path / "a.docx", letterhead)
    after = write(letter("BETATWO"), tmp_path / "b.docx", letterhead)
    assert not any(b"ALPHAONE" in blob for blob in members(after).values())
    assert not any(name.startswith("word/media/") for name in members(after))  # a's picture stayed with a
    assert header_text(after) == "For BETATWO"
    package._cached_package.cache_clear()  # as in a fresh process
    alone = write(letter("BETATWO"), tmp_path / "alone.docx", letterhead)
    assert alone == after


def test_the_part_list_and_order_are_python_docx_own(tmp_path):
    data = write(letter("GAMMA", image=True), tmp_path / "g.docx")
    ours = list(members(data))
    resaved = io.BytesIO()
    docx.Document(io.BytesIO(data)).save(resaved)
    assert ours == list(members(resaved.getvalue()))
    with zipfile.ZipFile(REFERENCE) as reference:
        assert set(reference.namelist()) - set(ours) == set()
    assert {"word/header1.xml", "word/media/image1.png"} <= set(ours)


def test_every_member_is_deflated_with_the_fixed_time_and_pictures_come_back_whole(tmp_path):
    first = write(letter("DELTA", image=True), tmp_path / "d.docx")
    again = write(letter("EPSILON", image=True), tmp_path / "e.docx")  # the logo's compressed data is reused
    for data in (first, again):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
        assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
        assert {i.date_time for i in infos} == {(2018, 2, 27, 8, 0, 0)}
        assert members(data)["word/media/image1.png"] == LOGO.read_bytes()


def test_two_tables_of_one_shape_keep_their_own_cells(tmp_path):
    doc = d.Document(blocks=(table("first a", "first b"), table("second a", "second b"), table("third")))
    out = docx.Document(io.BytesIO(write(doc, tmp_path / "t.docx")))
    assert [[c.text for c in t.rows[0].cells] for t in out.tables] == [
        ["first a", "first b"], ["second a", "second b"], ["third"]]


def test_each_letterhead_is_honoured_and_an_edited_one_read_again(tmp_path):
    ministry = make_letterhead(tmp_path / "ministry.docx", "MINISTRY OF PLANNING")
    council = make_letterhead(tmp_path / "council.docx", "PROVINCIAL COUNCIL")
    assert header_text(write(letter("A"), tmp_path / "1.docx", ministry)) == "MINISTRY OF PLANNING"
    assert header_text(write(letter("B"), tmp_path / "2.docx", council)) == "PROVINCIAL COUNCIL"
    plain = write(letter("C"), tmp_path / "3.docx")
    assert header_text(plain) == "For C" and b"MINISTRY" not in b"".join(members(plain).values())
    before = ministry.stat().st_mtime_ns
    make_letterhead(ministry, "MINISTRY OF INTERIOR")
    os.utime(ministry, ns=(before + 10**9, before + 10**9))
    assert header_text(write(letter("D"), tmp_path / "4.docx", ministry)) == "MINISTRY OF INTERIOR"


def test_writing_leaves_the_shared_parts_as_they_were(tmp_path):
    reference = package.reference_package(None)
    shared_before = {name: part.blob for name, part in reference.shared.items()}
    for name in ("EPSILON", "ZETA"):
        write(letter(name, image=True), tmp_path / f"{name}.docx")
    assert {name: part.blob for name, part in reference.shared.items()} == shared_before
    document_xml = members(write(letter("ETA"), tmp_path / "eta.docx"))["word/document.xml"]
    body = etree.fromstring(document_xml).find("{*}body")
    assert b"EPSILON" not in document_xml and len(body.findall("{*}tbl")) == 1


def test_a_member_named_in_khmer_reads_back_by_its_name():
    # A letterhead's picture may carry a Khmer file name: the zip must say the name is UTF-8.
    named = [package._Member.of("word/media/ឡូហ្គោ.png", b"picture"), package._Member.of("word/a.xml", b"<a/>")]
    assert members(package._zip_bytes(named, STAMP)) == {"word/media/ឡូហ្គោ.png": b"picture", "word/a.xml": b"<a/>"}


def test_a_letterhead_that_is_not_a_word_document_is_one_error_naming_it(tmp_path):
    broken = tmp_path / "letterhead.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a zip")
    with pytest.raises(writers.WriteError, match="letterhead.docx") as caught:
        write(letter("ZETA"), tmp_path / "z.docx", letterhead=broken)
    assert caught.value.problems[0].field == "letterhead"
    assert not (tmp_path / "z.docx").exists()
