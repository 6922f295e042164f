"""The DOCX package: letters share the reference's unchanged parts and nothing else; same bytes in any process."""
from __future__ import annotations

import datetime as dt
import io
import os
import pickle
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from docgen import document as d
from docgen import writers
from docgen.options import WriteOptions
from docgen.docx.reference import REFERENCE
from docgen.folders import EXAMPLE_DIR

STAMP = dt.datetime(2018, 2, 27, 8, 0)


@pytest.fixture(scope="module")
def picture() -> Path:
    """The example forum's logo: a real picture, 57 kB."""
    return EXAMPLE_DIR / "logo.png"


def para(text: str, color: str | None = None) -> d.Paragraph:
    return d.Paragraph(inlines=(d.Run(text=text, color=color),))


def table(*texts: str) -> d.Table:
    cells = tuple(d.Cell(blocks=(para(t),)) for t in texts)
    return d.Table(rows=(d.Row(cells=cells),), borders="outer")


def letter(name: str, picture: Path | None = None, color: str | None = None) -> d.Document:
    """A small letter whose every part (title, header, body, table, picture) names ``name``."""
    blocks = [para(f"Dear {name},", color), table(f"{name} cell", "second")]
    if picture:
        blocks.append(d.Image(src=picture.name, path=picture, width=40.0))
    return d.Document(meta=d.Metadata(title=f"Letter to {name}"),
                      page=d.PageSetup(header=(para(f"For {name}"),)), blocks=tuple(blocks))


def options(letterhead: Path | None = None, stamp: dt.datetime = STAMP) -> WriteOptions:
    return WriteOptions(timestamp=stamp, letterhead_docx=letterhead)


def write(document: d.Document, path: Path, letterhead: Path | None = None) -> bytes:
    return writers.write(document, path, "docx", options(letterhead)).read_bytes()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def canonical(named: dict[str, bytes]) -> dict[str, bytes]:
    """Members with their XML canonicalised (python-docx writes an empty element read back as ``<a/>``)."""
    return {name: etree.tostring(etree.fromstring(blob), method="c14n") if name.endswith((".xml", ".rels")) else blob
            for name, blob in named.items()}


def make_letterhead(path: Path, header: str) -> Path:
    letterhead = docx.Document()
    letterhead.sections[0].header.paragraphs[0].text = header
    letterhead.save(path)
    return path


def header_text(data: bytes) -> str:
    return docx.Document(io.BytesIO(data)).sections[0].header.paragraphs[0].text


def write_in_a_fresh_process(document: d.Document, path: Path, letterhead: Path | None = None) -> bytes:
    job = path.with_suffix(".pickle")
    job.write_bytes(pickle.dumps((document, options(letterhead))))
    code = ("import pickle, sys; from docgen import writers; document, options = pickle.loads(open(sys.argv[1], 'rb')"
            ".read()); writers.write(document, sys.argv[2], 'docx', options)")
    subprocess.run([sys.executable, "-c", code, str(job), str(path)], check=True, env=os.environ, timeout=120)
    return path.read_bytes()


@pytest.mark.parametrize("with_letterhead", [False, True], ids=["reference", "letterhead-with-empty-header"])
def test_a_letter_is_the_same_bytes_after_another_letter_as_in_a_fresh_process(tmp_path, picture, with_letterhead):
    letterhead = make_letterhead(tmp_path / "letterhead.docx", "") if with_letterhead else None
    write(letter("ALPHAONE", picture), tmp_path / "a.docx", letterhead)
    after = write(letter("BETATWO"), tmp_path / "b.docx", letterhead)
    assert not any(b"ALPHAONE" in blob for blob in members(after).values())
    assert not any(name.startswith("word/media/") for name in members(after))  # a's picture stayed with a
    assert header_text(after) == "For BETATWO"
    assert write(letter("BETATWO"), tmp_path / "again.docx", letterhead) == after
    assert write_in_a_fresh_process(letter("BETATWO"), tmp_path / "alone.docx", letterhead) == after


def test_the_members_are_python_docx_own_with_the_content_types_first(tmp_path, picture):
    data = write(letter("GAMMA", picture), tmp_path / "g.docx")
    ours = members(data)
    resaved = io.BytesIO()
    docx.Document(io.BytesIO(data)).save(resaved)
    assert canonical(ours) == canonical(members(resaved.getvalue()))  # every part, as python-docx writes it
    assert list(ours)[:2] == ["[Content_Types].xml", "_rels/.rels"]
    with zipfile.ZipFile(REFERENCE) as reference:
        assert set(reference.namelist()) <= set(ours)
    assert {"word/header1.xml", "word/media/image1.png"} <= set(ours)


def test_members_have_the_fixed_time_xml_is_deflated_and_pictures_come_back_whole(tmp_path, picture):
    for name in ("DELTA", "EPSILON"):  # the second letter reuses the shared parts compressed for the first
        data = write(letter(name, picture), tmp_path / f"{name}.docx")
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = {i.filename: i for i in archive.infolist()}
        assert {i.date_time for i in infos.values()} == {(2018, 2, 27, 8, 0, 0)}
        assert {(i.create_system, i.external_attr >> 16) for i in infos.values()} == {(3, 0o100644)}  # on any system
        xml = [i for n, i in infos.items() if n.endswith((".xml", ".rels"))]
        assert {i.compress_type for i in xml} == {zipfile.ZIP_DEFLATED}
        assert infos["word/media/image1.png"].compress_type == zipfile.ZIP_STORED  # a PNG is compressed already
        assert members(data)["word/media/image1.png"] == picture.read_bytes()


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


def test_writing_letters_leaves_the_shared_parts_as_they_were(tmp_path, picture):
    first = members(write(letter("EPSILON", picture), tmp_path / "e.docx"))
    write(letter("ZETA", picture), tmp_path / "z.docx")
    last = members(write(letter("ETA"), tmp_path / "eta.docx"))
    own = {"[Content_Types].xml", "docProps/core.xml", "word/document.xml", "word/_rels/document.xml.rels"}
    shared = {name for name in first if name not in own and not name.startswith(("word/header", "word/media/"))}
    assert "word/styles.xml" in shared and {name: last[name] for name in shared} == {name: first[name] for name in shared}
    assert b"EPSILON" not in last["word/document.xml"] and len(docx.Document(str(tmp_path / "eta.docx")).tables) == 1


def test_two_hundred_letters_keep_memory_flat(picture):
    """Caches are bounded: 200 letters, each with its own name, colour, picture and time, and five table shapes."""
    def one(i: int) -> None:
        document = letter(f"R{i:05d}", picture, color=f"#{i:06x}")
        document = d.Document(meta=document.meta, page=document.page,
                              blocks=document.blocks + (table(*["cell"] * (i % 5 + 1)),))
        writers.writer_for("docx")(document, io.BytesIO(), options(stamp=STAMP + dt.timedelta(seconds=2 * i)))

    one(0)  # the reference package is read once per process, before the count starts
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        for i in range(1, 201):
            one(i)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # About 2.6 MB today, the bounded caches filling up; 10 MB with unbounded ones, 14 MB keeping each
    # Document. tracemalloc sees Python's memory, not lxml's: the pictures and zips are what show.
    assert peak - base < 6_000_000


def test_a_letterhead_that_is_not_a_word_document_is_one_error_naming_it(tmp_path):
    broken = tmp_path / "letterhead.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a zip")
    with pytest.raises(writers.WriteError, match="letterhead.docx") as caught:
        write(letter("ZETA"), tmp_path / "z.docx", letterhead=broken)
    assert caught.value.problems[0].field == "letterhead"
    assert not (tmp_path / "z.docx").exists()
