"""Concatenate docgen's own PDFs into one file by streaming their objects: memory stays flat whatever N is.

A PDF library that imports pages keeps the whole growing document in memory (2 GB
for a national mailing). The letters docgen writes are plain ReportLab files: a
classic cross-reference table and no object streams. So each file is read on its
own, its objects are renumbered and written straight out (stream data copied
untouched), and only the page list and the byte offsets are kept, in temporary
files (52 MB peak for 10,000 letters; PDFium's page import and pypdf grow by 0.17 and
0.4 MB a letter). A file this reader does not understand raises :class:`NotStreamable`,
and the caller can fall back to a page-importing library; that ReportLab writes files
it understands is pinned by ``tests/test_pdf_reportlab_adapter.py``.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

__all__ = ["NotStreamable", "stream_concat"]

_REF = re.compile(rb"(\d+) 0 R\b")
_OBJ_HEAD = re.compile(rb"\d+ 0 obj")
_STREAM = re.compile(rb"\bstream\r?\n")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_CATALOG, _PAGES, _FIRST_FREE = 1, 2, 3


class NotStreamable(ValueError):
    """The file is not a PDF that :func:`stream_concat` can take apart.

    Raised by :func:`stream_concat`, ``path`` is the file, and ``out`` already holds the files
    before it as a finished PDF of ``pages`` pages (none: nothing written).
    """

    path: Path | None = None
    pages = 0


class _Source:
    """One input PDF: its objects by number, its pages in order, and the objects not to copy."""

    def __init__(self, data: bytes, name: str):
        self.data = data
        try:
            offsets = self._xref()
            trailer = data[data.rindex(b"trailer"):]
            if re.search(rb"/(Prev|Encrypt|XRefStm)\b", trailer) or b"/ObjStm" in data:
                raise ValueError("updated, encrypted or compressed-object PDF")
            root = int(re.search(rb"/Root (\d+) 0 R", trailer).group(1))
            info = re.search(rb"/Info (\d+) 0 R", trailer)
            self.spans = self._spans(offsets, data.rindex(b"xref"))
            self.info = int(info.group(1)) if info else None
            self.skip = {root} | ({self.info} if info else set())
            self.pages: list[int] = []
            self._collect_pages(self._ref(self.body(root), rb"/Pages"), name)
        except (ValueError, AttributeError, KeyError, IndexError) as exc:
            raise NotStreamable(f"{name}: not a plain PDF with one cross-reference table") from exc

    def _xref(self) -> dict[int, int]:
        start = int(self.data[self.data.rindex(b"startxref") + 9:].split()[0])
        table = self.data[start:self.data.index(b"trailer", start)]
        if not table.startswith(b"xref"):
            raise ValueError("no xref table")
        offsets: dict[int, int] = {}
        for line in table.splitlines()[1:]:
            fields = line.split()
            if len(fields) == 2:
                number = int(fields[0])
            elif (entry := _XREF_ENTRY.match(line.strip())) is not None:
                if entry.group(3) == b"n":
                    offsets[number] = int(entry.group(1))
                number += 1
        return offsets

    @staticmethod
    def _spans(offsets: dict[int, int], xref: int) -> dict[int, tuple[int, int]]:
        """Each object's bytes run from its offset to the next object's (the last one's to the xref table)."""
        starts = sorted(offsets.values())
        next_start = dict(zip(starts, [*starts[1:], xref]))
        return {num: (off, next_start[off]) for num, off in offsets.items()}

    def body(self, number: int) -> bytes:
        start, end = self.spans[number]
        return self.data[start:end]

    @staticmethod
    def _ref(body: bytes, key: bytes) -> int:
        return int(re.search(re.escape(key) + rb"\s+(\d+) 0 R", body).group(1))

    def _collect_pages(self, node: int, name: str) -> None:
        body = self.body(node)
        if b"/Kids" not in body:
            self.pages.append(node)
            return
        self.skip.add(node)
        kids = re.search(rb"/Kids\s*\[([^\]]*)\]", body)
        if kids is None:
            raise NotStreamable(f"{name}: a page tree node without kids")
        for kid in _REF.findall(kids.group(1)):
            self._collect_pages(int(kid), name)

    def media_box(self, page: int) -> bytes:
        found = re.search(rb"/MediaBox\s*(\[[^\]]*\])", self.body(page))
        return found.group(1) if found else b"[ 0 0 595.2756 841.8898 ]"


class _Writer:
    """Writes numbered objects one after another; their cross-reference rows and the page list wait
    in temporary files, not in memory (a national mailing has a million objects)."""

    def __init__(self, out: BinaryIO):
        self.out = out
        self.position = 0
        self.next_number = _FIRST_FREE  # objects from here on are written in number order
        self.rows = tempfile.TemporaryFile()  # the xref row of each of them, in order
        self.written = 0
        self.kids = tempfile.TemporaryFile()  # "n 0 R" of each page, space-separated
        self.pages = 0
        self.info: int | None = None   # the document information (title, author…) written, if any
        self.write(b"%PDF-1.4\n%\x93\x8c\x8b\x9e docgen\n")

    def close(self) -> None:
        self.rows.close()
        self.kids.close()

    def write(self, data: bytes) -> None:
        self.out.write(data)
        self.position += len(data)

    def obj(self, number: int, body: bytes) -> None:
        if number != _FIRST_FREE + self.written:
            raise RuntimeError(f"PDF object {number} written out of order")  # its row would be misplaced
        self.written += 1
        self.rows.write(b"%010d 00000 n \n" % self.position)
        self.write(b"%d 0 obj\n%s\nendobj\n" % (number, body.strip()))

    def copy(self, source: _Source, keep_info: bool = False) -> None:
        """Copy the objects of ``source`` but its catalogue; its information dictionary too when ``keep_info``."""
        copy_info = keep_info and source.info is not None
        skip = source.skip - {source.info} if copy_info else source.skip
        numbers = {n: (_PAGES if n in skip else None) for n in source.spans}
        for n in sorted(n for n in source.spans if n not in skip):
            numbers[n] = self.next_number
            self.next_number += 1
        if copy_info:
            self.info = numbers[source.info]
        def renumber(match: re.Match) -> bytes:
            return b"%d 0 R" % numbers.get(int(match.group(1)), 0)

        for old in sorted(n for n in source.spans if n not in skip):  # in the order they were numbered
            raw = _OBJ_HEAD.sub(b"", source.body(old), count=1).rstrip()
            raw = raw[:-len(b"endobj")] if raw.endswith(b"endobj") else raw
            stream = _STREAM.search(raw)
            head, tail = (raw[:stream.start()], raw[stream.start():]) if stream else (raw, b"")
            self.obj(numbers[old], _REF.sub(renumber, head) + tail)
        for page in source.pages:
            self._kid(numbers[page])

    def blank_page(self, media_box: bytes) -> None:
        number, self.next_number = self.next_number, self.next_number + 1
        self.obj(number, b"<< /Type /Page /Parent %d 0 R /MediaBox %s /Resources << >> >>" % (_PAGES, media_box))
        self._kid(number)

    def _kid(self, number: int) -> None:
        self.kids.write(b"%s%d 0 R" % (b" " if self.pages else b"", number))
        self.pages += 1

    def finish(self, fingerprint: bytes) -> None:
        """The page tree, the catalogue (objects 2 and 1, whose rows lead the table), the table, the trailer."""
        pages_at = self.position
        self.write(b"%d 0 obj\n<< /Type /Pages /Count %d /Kids [ " % (_PAGES, self.pages))
        self._append(self.kids)
        self.write(b" ] >>\nendobj\n")
        catalog_at = self.position
        self.write(b"%d 0 obj\n<< /Type /Catalog /Pages %d 0 R >>\nendobj\n" % (_CATALOG, _PAGES))
        xref_at, size = self.position, self.next_number
        self.write(b"xref\n0 %d\n0000000000 65535 f \n%010d 00000 n \n%010d 00000 n \n" % (size, catalog_at, pages_at))
        self._append(self.rows)
        digest = hashlib.md5(fingerprint).hexdigest().encode()
        info = b" /Info %d 0 R" % self.info if self.info is not None else b""
        self.write(b"trailer\n<< /Size %d /Root %d 0 R%s /ID [<%s><%s>] >>\nstartxref\n%d\n%%%%EOF\n"
                   % (size, _CATALOG, info, digest, digest, xref_at))

    def _append(self, spill: BinaryIO) -> None:
        self.position += spill.tell()
        spill.seek(0)
        shutil.copyfileobj(spill, self.out)


def stream_concat(paths: Iterable[Path], out: BinaryIO, duplex: bool = False, keep_info: bool = False) -> int:
    """Write the pages of ``paths`` in order to ``out``; return the page count.

    With ``duplex``, a blank page of the same size follows every file with an odd
    page count; with ``keep_info``, the title, author… of the first file are the
    output's. The file ID is a digest of the inputs, so equal inputs give equal bytes.
    A file it cannot take apart stops it with :class:`NotStreamable`, ``out`` then a
    PDF of the files before.
    """
    writer = _Writer(out)
    try:
        fingerprint = hashlib.md5()
        for number, path in enumerate(paths):
            data = Path(path).read_bytes()
            fingerprint.update(hashlib.md5(data).digest())
            try:
                source = _Source(data, str(path))
            except NotStreamable as stop:
                stop.path, stop.pages = Path(path), writer.pages
                if writer.pages:
                    writer.finish(fingerprint.digest())  # the files before it, a PDF of their own
                raise
            writer.copy(source, keep_info and number == 0)
            if duplex and len(source.pages) % 2:
                writer.blank_page(source.media_box(source.pages[-1]))
        writer.finish(fingerprint.digest())
    finally:
        writer.close()
    return writer.pages
