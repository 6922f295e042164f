"""Cells of the CSV and XLSX files docgen writes: text that a spreadsheet never runs as a formula.

Excel, LibreOffice and Google Sheets run a cell that begins with ``=``, ``+``,
``-`` or ``@`` (some read past a leading tab or carriage return), and the
full-width ＝＋－＠ an input method may type can be taken for them. Names, ids and
phone numbers typed by hand can begin so (issue 22: ``=HYPERLINK(…)``, ``-1+1``,
``+855 12 345 678``). Such text is written with one leading apostrophe, the
neutralisation OWASP recommends for "CSV injection": a spreadsheet takes the
apostrophe as "this is text" and shows the rest, so a phone number reads as typed
and ``-1+1`` is not computed. It also survives a later save as CSV from Excel.

docgen reads some of these files back (``letters-register.csv``, the stored
attendance): :func:`restore` removes that one apostrophe, so ids and phone numbers
come back exactly. Text that already begins with apostrophes before a formula
character gets one more, so the round trip is exact for every value.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

__all__ = ["FORMULA_STARTS", "neutralise", "restore", "csv_text"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def _needs_quote(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_STARTS)


def neutralise(value: object) -> object:
    """``value`` safe for a spreadsheet cell: text a spreadsheet would run as a formula gets a leading ``'``."""
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The text :func:`neutralise` was given, from a cell docgen wrote."""
    return text[1:] if text.startswith("'") and _needs_quote(text) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]], lineterminator: str = "\r\n") -> str:
    """A CSV document of ``header`` and ``rows``, every cell through :func:`neutralise`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=lineterminator)
    writer.writerow([neutralise(v) for v in header])
    writer.writerows([neutralise(v) for v in row] for row in rows)
    return buffer.getvalue()
