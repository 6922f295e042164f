"""The dispatch register: one line per letter, and a spreadsheet that never runs a formula."""
from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import replace

import openpyxl
import pytest

from docgen.cells import neutralise
from docgen.documents.register import COLUMNS, channel_of, register_entries, write_register_xlsx
from docgen.folders import TEMPLATES_DIR
from docgen.model import Text
from letters_support import make_project, make_recipient

DAY = dt.date(2018, 2, 1)


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path)


def test_entries_follow_the_numbers_and_the_recipients_language(project):
    numbers = {"KEP-001": 3, "KEP-002": 1, "KPT-001": 2, "KPT-002": 4}
    entries = register_entries(project, project.recipients, [numbers[r.id] for r in project.recipients], DAY)
    assert [e.number for e in entries] == [1, 2, 3, 4]
    english, both = entries[0], entries[1]
    assert (english.recipient, english.organisation, english.province) == (
        "H.E. CHAN Thida", "Kep Provincial Administration", "Kep")
    assert english.reference == "001/18 NCDDS"
    assert both.recipient == "ឯកឧត្តម កែវ សុភា" and both.province == "កំពត"
    assert both.reference == "០០២/១៨ ល.គ.ជ.អ.ប"
    assert {e.date for e in entries} == {DAY}


def test_channel_is_email_when_there_is_an_address_unless_the_list_says_so():
    assert channel_of(make_recipient("A")) == "post"
    assert channel_of(make_recipient("A", email="a@example.org")) == "e-mail"
    assert channel_of(make_recipient("A", email="a@example.org", extra={"channel": "Post"})) == "post"
    assert channel_of(make_recipient("A", extra={"channel": "email"})) == "e-mail"


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\",\"y\")", "+855 12", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_like_text_is_neutralised(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["ឯកឧត្តម សុខ ចាន់", "Kep", "a=b", 5, DAY])
def test_ordinary_values_are_kept(value):
    assert neutralise(value) == value


def test_xlsx_cells(project, tmp_path):
    hostile = make_recipient("EVIL", name_en="=cmd|' /C calc'!A0", language="en",
                             organisation=Text("", "@SUM(1+1)*cmd"), row=9)
    recipients = [project.recipients[0], hostile]
    entries = register_entries(project, recipients, [1, 2], DAY)
    path = write_register_xlsx(entries, tmp_path / "register.xlsx", "Forum")
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(f"{km} / {en}" for _, km, en in COLUMNS)
    assert rows[1][:6] == (1, dt.datetime(2018, 2, 1), "ឯកឧត្តម សុខ ចាន់", "រដ្ឋបាលខេត្តកែប", "កែប", "ខ្មែរ")
    assert rows[1][6:] == ("post", "០០១/១៨ ល.គ.ជ.អ.ប")
    assert rows[2][2] == "H.E. =cmd|' /C calc'!A0"  # begins with the honorific: harmless, kept as is
    assert rows[2][3] == "'@SUM(1+1)*cmd"
    # No cell anywhere is stored as a formula.
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_name_that_is_a_formula_is_neutralised_in_the_sheet(project, tmp_path):
    bare = replace(make_recipient("EVIL", language="en", row=9), honorific=Text("", ""), name=Text("", "=1+1"))
    entries = register_entries(project, [bare], [1], DAY)
    sheet = openpyxl.load_workbook(write_register_xlsx(entries, tmp_path / "r.xlsx")).active
    cell = sheet.cell(2, 3)
    assert cell.value == "'=1+1" and cell.data_type == "s"


def test_xlsx_times_are_the_build_stamp_not_the_clock(project, tmp_path):
    stamp = dt.datetime(2018, 2, 1, 9, 0)
    entries = register_entries(project, project.recipients, range(1, len(project.recipients) + 1), DAY)
    path = write_register_xlsx(entries, tmp_path / "register.xlsx", "Forum", stamp)
    properties = openpyxl.load_workbook(path).properties
    assert properties.created == properties.modified == stamp
    with zipfile.ZipFile(path) as archive:
        assert {member.date_time for member in archive.infolist()} == {(2018, 2, 1, 9, 0, 0)}


def test_a_long_register_is_laid_out_in_parts_numbered_as_one(project, tmp_path, monkeypatch):
    import pypdfium2 as pdfium

    from docgen.documents import register
    from docgen.options import WriteOptions

    monkeypatch.setattr(register, "ROWS_PER_PART", 3)
    entries = register_entries(project, project.recipients, range(1, len(project.recipients) + 1), DAY)
    context = register.register_context(project, entries, DAY)
    path = register.write_register_pdf(context, project.root, WriteOptions(), tmp_path / "register.pdf")
    document = pdfium.PdfDocument(str(path))
    texts = [page.get_textpage().get_text_range() for page in document]
    document.close()
    assert len(texts) == 2 and "បញ្ជីលិខិតចេញ" in texts[0] and "បញ្ជីលិខិតចេញ" not in texts[1]
    assert "ទំព័រ\u00a0១\u00a0នៃ\u00a0២" in texts[0] and "ទំព័រ\u00a0២\u00a0នៃ\u00a0២" in texts[1]
    assert [sum(e.reference in t for e in entries) for t in texts] == [3, 1]
    assert not list(tmp_path.glob(".*"))


def test_a_register_in_parts_reads_as_one_table_no_page_but_the_last_part_filled(project, tmp_path, monkeypatch):
    import pypdfium2 as pdfium

    from docgen.documents import register
    from docgen.options import WriteOptions

    base = register_entries(project, project.recipients, range(1, len(project.recipients) + 1), DAY)
    long_name = "ឯកឧត្តម " + "សុខ សុភា " * 6  # some lines take two rows of text: pages hold unequal counts
    entries = [replace(base[n % len(base)], number=n + 1, reference=f"R{n + 1:03d}",
                       recipient=long_name if n % 5 == 0 else base[n % len(base)].recipient) for n in range(70)]

    def pages(rows_per_part: int, name: str) -> list[list[str]]:
        monkeypatch.setattr(register, "ROWS_PER_PART", rows_per_part)
        context = register.register_context(project, entries, DAY)
        path = register.write_register_pdf(context, project.root, WriteOptions(), tmp_path / name)
        document = pdfium.PdfDocument(str(path))
        texts = [page.get_textpage().get_text_range() for page in document]
        document.close()
        return texts

    whole, in_parts = pages(10_000, "whole.pdf"), pages(17, "parts.pdf")
    assert len(whole) >= 4  # the parts of 17 lines each run over two pages
    assert in_parts == whole  # the same lines on each page, and the same "page x of y"
    assert [e.reference for t in in_parts for e in entries if e.reference in t] == [e.reference for e in entries]
    # A project's own register with a total under the lines: its parts follow each other, each line once.
    bundled = (TEMPLATES_DIR / "register" / "register.xml").read_text("utf-8")
    own = project.root / "templates" / "register" / "register.xml"
    own.parent.mkdir(parents=True)
    own.write_text(bundled.replace("  {% endfor %}\n</table>",
                                   '  {% endfor %}\n  <tr><td colspan="8">សរុប {{ entries | length }}</td></tr>\n</table>'),
                   encoding="utf-8")
    with_total = pages(17, "total.pdf")
    assert sum("សរុប" in t for t in with_total) == -(-len(entries) // 17)  # one total a part
    assert [e.reference for t in with_total for e in entries if e.reference in t] == [e.reference for e in entries]


def _libreoffice_calc() -> bool:
    import shutil
    from pathlib import Path

    soffice = shutil.which("soffice")
    program = Path(soffice).resolve().parent if soffice else None
    return program is not None and any(program.glob("libsclo*"))  # Calc's library: not in a Writer-only install


@pytest.mark.skipif(not _libreoffice_calc(), reason="LibreOffice Calc is not installed")
def test_libreoffice_reads_the_streamed_register_spreadsheet_as_written(project, tmp_path):
    import csv
    import subprocess

    entries = register_entries(project, project.recipients, range(1, len(project.recipients) + 1), DAY)
    path = write_register_xlsx(entries, tmp_path / "register.xlsx", "Forum", dt.datetime(2018, 2, 1, 9))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    with open(tmp_path / "register.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == [f"{km} / {en}" for _, km, en in COLUMNS]
    assert [row[2] for row in rows[1:]] == [e.recipient for e in entries]
    assert [row[7] for row in rows[1:]] == [e.reference for e in entries]


def test_entries_come_in_number_order_and_need_a_number_for_each_recipient(project):
    entries = register_entries(project, project.recipients, range(len(project.recipients), 0, -1), DAY)
    assert [e.recipient for e in entries] == [register_entries(project, [r], [1], DAY)[0].recipient
                                              for r in reversed(project.recipients)]
    assert [e.number for e in entries] == list(range(1, len(project.recipients) + 1))
    with pytest.raises(ValueError):
        register_entries(project, project.recipients, [1], DAY)


def test_parts_that_fill_their_pages_exactly_leave_no_blank_page(project, tmp_path, monkeypatch):
    import pypdfium2 as pdfium

    from docgen.documents import register
    from docgen.options import WriteOptions

    base = register_entries(project, project.recipients, range(1, len(project.recipients) + 1), DAY)
    entries = [replace(base[n % len(base)], number=n + 1, reference=f"R{n + 1:03d}") for n in range(120)]

    def lines_per_page(rows_per_part: int) -> list[int]:
        monkeypatch.setattr(register, "ROWS_PER_PART", rows_per_part)
        path = register.write_register_pdf(register.register_context(project, entries, DAY), project.root,
                                           WriteOptions(), tmp_path / f"r{rows_per_part}.pdf")
        document = pdfium.PdfDocument(str(path))
        texts = [page.get_textpage().get_text_range() for page in document]
        document.close()
        return [sum(e.reference in t for e in entries) for t in texts]

    whole = lines_per_page(10_000)
    per_page = whole[1]  # a continued page, without the headings: the parts after the first begin so
    in_parts = lines_per_page(2 * per_page)
    assert 0 not in in_parts and sum(in_parts) == len(entries)
    assert in_parts == whole
