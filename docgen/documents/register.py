"""The dispatch register (លិខិតចេញ, the outgoing-mail book) of a mailing, as XLSX and PDF.

One line per letter sent: its number, date, recipient, organisation, province,
language, channel (post or e-mail) and the reference printed on the letter.
The spreadsheet is opened by people in Excel or LibreOffice, so every cell goes
through :func:`docgen.cells.neutralise` (text that could run as a formula gets a
leading apostrophe) and text is stored as text, never as a formula.
"""
from __future__ import annotations

import datetime as dt
import gc
import shutil
import zipfile
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from docgen.cells import neutralise
from docgen.documents.letter_context import format_reference, text_in
from docgen.files import atomic_write, parts_folder
from docgen.model import Project, Recipient
from docgen.provinces import find_province

if TYPE_CHECKING:
    from docgen.document import Document

__all__ = ["RegisterEntry", "COLUMNS", "register_entries", "write_register_xlsx", "write_register_pdf",
           "register_context"]

# (field, Khmer heading, English heading)
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("number", "លេខរៀង", "No."),
    ("date", "កាលបរិច្ឆេទ", "Date"),
    ("recipient", "អ្នកទទួល", "Recipient"),
    ("organisation", "ស្ថាប័ន", "Organisation"),
    ("province", "ខេត្ត", "Province"),
    ("language", "ភាសា", "Language"),
    ("channel", "មធ្យោបាយ", "Channel"),
    ("reference", "លេខលិខិត", "Reference"),
)
ROWS_PER_PART = 120  # register lines laid out as one document: a part's model and table are held at once (250: 3 MB more)
_LANGUAGE_NAMES = {"km": "ខ្មែរ", "en": "English", "both": "ខ្មែរ + English"}


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    """One line of the register, in the recipient's first language."""

    number: int
    date: dt.date
    recipient: str
    organisation: str
    province: str
    language: str
    channel: str  # "post" or "e-mail"
    reference: str


def channel_of(recipient: Recipient) -> str:
    """How the letter travels: the recipient list's ``channel`` column, else e-mail when there is an address."""
    chosen = recipient.extra.get("channel", "").strip().lower().replace("email", "e-mail")
    if chosen in ("post", "e-mail"):
        return chosen
    return "e-mail" if recipient.email.strip() else "post"


def _entry(project: Project, recipient: Recipient, number: int, date: dt.date) -> RegisterEntry:
    lang = recipient.first_lang
    province = find_province(recipient.province)
    addressee = " ".join(p for p in (text_in(recipient.honorific, lang), text_in(recipient.name, lang)) if p)
    return RegisterEntry(
        number=number, date=date, recipient=addressee,
        organisation=text_in(recipient.organisation, lang),
        province=(province.km if lang == "km" else province.en) if province else recipient.province,
        language=_LANGUAGE_NAMES.get(recipient.language, recipient.language),
        channel=channel_of(recipient),
        reference=format_reference(project.forum.letters, number, lang),
    )


def register_entries(project: Project, recipients: Sequence[Recipient], numbers: Sequence[int],
                     date: dt.date) -> list[RegisterEntry]:
    """The register lines of the letters built for ``recipients``, numbered ``numbers`` (one each), in number order."""
    if len(recipients) != len(numbers):
        raise ValueError(f"{len(recipients)} recipients but {len(numbers)} letter numbers")
    order = sorted(range(len(numbers)), key=numbers.__getitem__)
    return [_entry(project, recipients[i], numbers[i], date) for i in order]


def write_register_xlsx(entries: Sequence[RegisterEntry], path: Path, title: str = "",
                        timestamp: dt.datetime | None = None) -> Path:
    """Write the register as one sheet with a two-language header row; return ``path``.

    The sheet is written row by row (openpyxl's write-only mode), so a national
    mailing's register costs little time and memory.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("លិខិតចេញ")
    for column, width in zip("ABCDEFGH", (8, 12, 32, 40, 18, 14, 10, 24)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:H{len(entries) + 1}"
    bold, top = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    sheet.append([_cell(sheet, f"{km} / {en}", font=bold, alignment=top) for _, km, en in COLUMNS])
    for entry in entries:
        values = [neutralise(v) for v in astuple(entry)]
        sheet.append([_cell(sheet, v, number_format="yyyy-mm-dd" if i == 1 else None) for i, v in enumerate(values)])
    workbook.properties.title = title
    # openpyxl's save() stamps "modified" with the clock; its writer, used directly, keeps a fixed time.
    stamp = timestamp or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    workbook.properties.created = workbook.properties.modified = stamp
    with atomic_write(path, "wb") as fh, _DatedZip(fh, stamp) as archive:
        ExcelWriter(workbook, archive).save()
    return path


class _DatedZip(zipfile.ZipFile):
    """A zip being written whose members all bear the date ``stamp`` (openpyxl dates them by the clock),
    so a workbook written with a fixed time stamp is the same file every run. Members are streamed in."""

    def __init__(self, file: BinaryIO, stamp: dt.datetime):
        super().__init__(file, "w", zipfile.ZIP_DEFLATED)
        self._when = (max(stamp.year, 1980), *stamp.timetuple()[1:6])

    def _dated(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self._when)
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        super().writestr(self._dated(name), data)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None) -> None:
        with open(filename, "rb") as source, self.open(self._dated(arcname or str(filename)), "w") as target:
            shutil.copyfileobj(source, target)


def _cell(sheet, value: object, font=None, alignment=None, number_format: str | None = None):
    """A streamed cell; text is always stored as text, never as a formula, whatever it starts with."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if font is not None:
        cell.font, cell.alignment = font, alignment
    if number_format:
        cell.number_format = number_format
    return cell


def write_register_pdf(context: dict[str, Any], root: Path, write_options: object, path: Path) -> Path:
    """The register as PDF, laid out ``ROWS_PER_PART`` lines at a time, reading as one table.

    A national mailing's register is hundreds of pages; as one document its
    model and table would all be held at once. Each part is a document of its
    own (the first with the headings, ``first_part``). A part's last page, when
    the table goes on at its top, is left out and its lines begin the next part,
    so no page but the last is part-filled; the page footers count on across
    the parts ("page x of y" of the whole).
    """
    from docgen.compose import render
    from docgen.documents.printfile import combine_pdfs
    from docgen.pdf.writer import lay_out_part, write_parts

    entries = context["entries"]
    folder = parts_folder(path)
    parts, start = [], 0
    try:
        while True:
            lines = entries[start:start + ROWS_PER_PART]
            document = render("register/register.xml", {**context, "entries": lines, "first_part": start == 0}, root)
            first_entry = _first_entry_row(document, len(lines))
            parts.append(lay_out_part(document, folder / f"part-{len(parts):05d}.pdf", write_options))  # type: ignore[arg-type]
            del document
            end = start + len(lines)
            if end < len(entries) and first_entry is not None:
                # An entry's row after the first: each part takes one line at least.
                row = parts[-1].drop_last_page(first=first_entry + 1)
                if row is not None:
                    end = start + row - first_entry  # the left-out page's first line
            gc.collect()  # what laying out the part took (reference cycles), before the next is laid out
            if end >= len(entries):
                break
            start = end
        files = [part.path for part in parts]
        write_parts(parts)
        combine_pdfs(files, path, keep_info=True)
    finally:
        for part in parts:  # those write_parts did not reach
            part.discard()
        shutil.rmtree(folder, ignore_errors=True)
    return path


def _first_entry_row(document: Document, entries: int) -> int | None:
    """The row of the first entry in the register's table, when the document has one table made of
    its header rows and then a row per entry; None otherwise (a template of another shape: its parts
    then simply follow each other, each from a new page)."""
    from docgen.document import Table

    tables = [block for block in document.blocks if isinstance(block, Table)]
    if len(tables) != 1 or len(tables[0].rows) != tables[0].header_rows + entries:
        return None
    return tables[0].header_rows


def register_context(project: Project, entries: Sequence[RegisterEntry], date: dt.date) -> dict[str, object]:
    """The variables of the register's PDF template (``register/register.xml``)."""
    forum = project.forum
    return {
        "forum": {"title": text_in(forum.title, "km"), "title_en": forum.title.en},
        "organiser": {"name": text_in(forum.organiser.name, "km"), "parent": text_in(forum.organiser.parent, "km")},
        "columns": [{"km": km, "en": en} for _, km, en in COLUMNS],
        "entries": entries,
        "date": date,
        "count": len(entries),
        "first_part": True,
    }
