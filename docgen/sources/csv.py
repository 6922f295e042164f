"""CSV and tab-separated text as Excel and LibreOffice write it, into rows of cells.

Accepted: UTF-8 with or without a byte-order mark, UTF-16 with a BOM (Excel's
"Unicode Text", tab-separated) and comma, semicolon or tab delimiters. Text in
any other encoding is refused with a message naming the likely encoding: a
guessed decoding would silently corrupt Khmer.
"""
from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from docgen.errors import Problem, SourceError
from docgen.sources.table import one_copy

__all__ = ["MAX_CELL", "MAX_LINE", "decode_text", "guess_legacy_encoding", "sniff_delimiter", "read_csv_cells"]

DELIMITERS = (",", ";", "\t")
MAX_LINE = 1_000_000  # characters; a recipient's row is a few hundred
MAX_CELL = 100_000  # characters; under the csv module's own field_size_limit (131,072)

_SAVE_AS = 'save it again as "CSV UTF-8" (Excel) or with character set "Unicode (UTF-8)" (LibreOffice)'


def decode_text(data: bytes, name: str) -> str:
    """The text of a file in UTF-8 or UTF-16; anything else raises SourceError naming the likely encoding."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif _looks_like_bomless_utf16(data):
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
    else:
        encoding = "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8":
            raise SourceError(Problem(name, None, None, f"is not valid {encoding.upper()} text "
                                      f"(byte {exc.start}); {_SAVE_AS}")) from exc
        likely = guess_legacy_encoding(data)
        raise SourceError(Problem(name, None, None, f"is not UTF-8 or UTF-16 text; it looks like {likely}; "
                                  f"{_SAVE_AS}")) from exc


def _looks_like_bomless_utf16(data: bytes) -> bool:
    """Many NUL bytes on one side of each pair: UTF-16 text saved without its BOM."""
    sample = data[:2000]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0), odd.count(0)) > len(sample) // 4


def guess_legacy_encoding(data: bytes) -> str:
    """A human description of the 8-bit encoding a non-UTF-8 file most likely uses."""
    high = bytes(b for b in data if b >= 0x80)
    # cp1252 puts curly quotes, dashes and the like in 0x80-0x9F; Latin-1 has only controls there.
    in_c1 = sum(1 for b in high if 0x80 <= b <= 0x9F)
    letters = sum(1 for b in high if b >= 0xC0)
    if letters > 3 * max(in_c1, 1) and letters >= 8:
        # Limon/ABC fonts draw Khmer from Latin-1 letters (Ã, Ê, Î ...): many of them, few quotes.
        return ("Windows-1252 (cp1252) with legacy Khmer typed in a Limon-style non-Unicode font; "
                "convert the Khmer to Unicode first")
    return "Windows-1252 (cp1252)"


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the most frequent of comma, semicolon and tab outside quotes."""
    first = next((line for line in text.splitlines() if line.strip(" \t,;")), "")
    unquoted = "".join(part for i, part in enumerate(first.split('"')) if i % 2 == 0)
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    if counts[best] == 0:
        try:
            return csv.Sniffer().sniff(text[:4096], delimiters="".join(DELIMITERS)).delimiter
        except csv.Error:
            return ","
    return best


class _LongLine(Exception):
    """A physical line past :data:`MAX_LINE` characters."""


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` for the csv reader, refusing one past :data:`MAX_LINE` before it is split."""
    for line in io.StringIO(text, newline=""):
        if len(line) > MAX_LINE:
            raise _LongLine
        yield line


def read_csv_cells(path: Path, name: str) -> list[tuple[int, list[str]]]:
    """Every record of a CSV/TSV file as (spreadsheet row number, cells).

    A line past :data:`MAX_LINE` or a cell past :data:`MAX_CELL` characters is one
    SourceError: a 50 MB line of commas is not a list (issue 22).
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(Problem(name, None, None, f"cannot be read: {exc.strerror or exc}")) from exc
    text = decode_text(data, name)
    if "\x00" in text:
        raise SourceError(Problem(name, None, None, f"holds NUL characters, it is not a text file; {_SAVE_AS}"))
    reader = csv.reader(_lines(text), delimiter=sniff_delimiter(text))
    once = one_copy()  # a value repeated down a column (province, position, category) is kept once
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, row in enumerate(reader, start=1):
            wide = next((i for i, cell in enumerate(row) if len(cell) > MAX_CELL), None)
            if wide is not None:
                raise SourceError(Problem(name, number, f"column {wide + 1}", f"a cell is longer than {MAX_CELL} characters"))
            rows.append((number, list(map(once, row))))
    except _LongLine:
        raise SourceError(Problem(name, len(rows) + 1, None, f"the line is longer than {MAX_LINE} characters; "
                                  "is this a list?")) from None
    except csv.Error as exc:
        raise SourceError(Problem(name, reader.line_num, None, f"is not valid CSV: {exc}")) from exc
    return rows
