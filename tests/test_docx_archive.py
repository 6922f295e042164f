"""Deterministic zip archives (docgen.docx.archive): a prefix compressed once, members appended after it."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

from docgen.docx import archive

WHEN = (2018, 2, 27, 8, 0, 0)


def read(data: bytes) -> list[tuple[str, bytes, int]]:
    with zipfile.ZipFile(io.BytesIO(data)) as opened:
        assert opened.testzip() is None
        return [(i.filename, opened.read(i), i.compress_type) for i in opened.infolist()]


def test_members_follow_the_prefix_which_is_kept_byte_for_byte():
    prefix = archive.write_archive([("[Content_Types].xml", b"<Types/>", True), ("word/styles.xml", b"<styles/>" * 99, True)],
                                   WHEN)
    data = archive.write_archive([("word/document.xml", b"<document/>", True), ("word/media/image1.png", b"png", False)],
                                 WHEN, prefix)
    assert read(data) == [("[Content_Types].xml", b"<Types/>", zipfile.ZIP_DEFLATED),
                          ("word/styles.xml", b"<styles/>" * 99, zipfile.ZIP_DEFLATED),
                          ("word/document.xml", b"<document/>", zipfile.ZIP_DEFLATED),
                          ("word/media/image1.png", b"png", zipfile.ZIP_STORED)]
    central = prefix.index(b"PK\x01\x02")
    assert data[:central] == prefix[:central]  # the prefix's members are not compressed again


def test_the_same_members_give_the_same_bytes():
    entries = [("a.xml", b"<a/>", True), ("b.bin", bytes(range(256)), False)]
    assert archive.write_archive(entries, WHEN) == archive.write_archive(list(entries), WHEN)
    assert archive.write_archive(entries, WHEN) != archive.write_archive(entries, (2018, 2, 27, 8, 0, 2))


def test_a_member_named_in_khmer_reads_back_by_its_name():
    # A letterhead's picture may carry a Khmer file name: the zip must say the name is UTF-8.
    data = archive.write_archive([("word/media/ឡូហ្គោ.png", b"picture", False), ("word/a.xml", b"<a/>", True)], WHEN)
    assert [(name, blob) for name, blob, _ in read(data)] == [("word/media/ឡូហ្គោ.png", b"picture"), ("word/a.xml", b"<a/>")]


def test_a_time_before_1980_is_1980():
    assert archive.date_time(dt.datetime(1975, 4, 17, 9, 30, 5)) == (1980, 4, 17, 9, 30, 5)
    data = archive.write_archive([("a.xml", b"<a/>", True)], archive.date_time(dt.datetime(1975, 4, 17)))
    assert zipfile.ZipFile(io.BytesIO(data)).infolist()[0].date_time == (1980, 4, 17, 0, 0, 0)
