"""Attendance sheets: invitees grouped by category in protocol order, blank rows, numbering, sheet layout."""
from __future__ import annotations

from dataclasses import replace

import pypdfium2 as pdfium
import pytest
from attendance_sample import sample_project

from docgen.docx.internals import element
from docgen.build import BuildOptions
from docgen.compose import render
from docgen.document import Paragraph, QRCode, Table, plain_text
from docgen.documents.attendance import (
    DEFAULT_BLANK_ROWS,
    attendance_path,
    blank_rows_setting,
    sheet_context,
    sheet_groups,
)
from docgen.errors import DocgenError
from docgen.options import AttendanceOptions
from docgen.khmer.digits import khmer_digits
from docgen.model import Recipient, Text

MM = 72 / 25.4


def _sheet(project, session_id, lang="en", blank_rows=DEFAULT_BLANK_ROWS, qr=False):
    session = project.forum.session(session_id)
    return render(f"attendance/sheet.{lang}.xml", sheet_context(project, session, lang, blank_rows, qr), project)


def _table(document) -> Table:
    (table,) = [b for b in document.blocks if isinstance(b, Table)]
    return table


def _cell_text(cell) -> str:
    return " ".join(plain_text(b.inlines) for b in cell.blocks if isinstance(b, Paragraph)).strip()


def _rows(document) -> list[list[str]]:
    return [[_cell_text(c) for c in row.cells] for row in _table(document).rows]


def _walk(rows: list[list[str]]) -> list[tuple[str, list[str]]]:
    """(group heading, the rows under it) for the body of a sheet."""
    groups: list[tuple[str, list[str]]] = []
    for cells in rows[1:]:
        if len(cells) == 1:
            groups.append((cells[0], []))
        else:
            groups[-1][1].append(cells)
    return groups


def test_groups_follow_protocol_order_with_each_invitee_once(tmp_path):
    project = sample_project(tmp_path)
    groups = sheet_groups(project, project.forum.session("takeo"))
    assert [g.category.code for g in groups] == [c.code for c in project.forum.categories]
    placed = [(r.id, g.category.code) for g in groups for r in g.invitees]
    invited = [(r.id, r.category) for r in project.recipients if r.session == "takeo"]
    assert sorted(placed) == sorted(invited)
    assert all(g.blanks == DEFAULT_BLANK_ROWS for g in groups)


def test_every_invitee_once_on_the_right_sheet_in_the_right_group(tmp_path):
    project = sample_project(tmp_path)
    for session in project.forum.sessions:
        groups = _walk(_rows(_sheet(project, session.id)))
        labels = [f"{i}. {c.label.en} {c.label.km}" for i, c in enumerate(project.forum.categories, start=1)]
        assert [heading for heading, _ in groups] == labels
        for recipient in project.recipients:
            name = f"{recipient.honorific.en} {recipient.name.en}"
            found = [heading for heading, rows in groups for cells in rows if cells[1] == name]
            if recipient.session == session.id:
                label = project.forum.category(recipient.category).label.en
                assert len(found) == 1 and label in found[0], (recipient.id, found)
            else:
                assert found == []


def test_blank_rows_are_numbered_after_the_invitees_of_each_group(tmp_path):
    project = sample_project(tmp_path)
    groups = _walk(_rows(_sheet(project, "kep", blank_rows=3)))
    authority = groups[0][1]
    assert [cells[0] for cells in authority] == ["1", "2", "3", "4"]
    assert authority[0][1] == "H.E. Ngin Nginda" and authority[0][2] == "M"
    assert all(not any(cells[1:]) for cells in authority[1:])
    assert all(len(rows) >= 3 for _, rows in groups)
    numbers = [int(cells[0]) for _, rows in groups for cells in rows]
    assert numbers == list(range(1, len(numbers) + 1))


def test_khmer_sheet_numbers_in_khmer_digits_with_bilingual_headers(tmp_path):
    project = sample_project(tmp_path)
    document = _sheet(project, "takeo", "km", blank_rows=1)
    rows = _rows(document)
    assert rows[0] == ["ល.រ\nNo.", "គោត្តនាម និងនាម\nName", "ភេទ\nSex", "តួនាទី\nPosition", "អង្គភាព\nOrganisation",
                       "ទូរស័ព្ទ\nPhone", "ហត្ថលេខា\nSignature"]
    body = _walk(rows)
    assert body[0][0] == "១. អាជ្ញាធរខេត្ត Provincial authorities"
    assert body[0][1][0][:3] == ["១", "ឯកឧត្តម អ៊ុន វណ្ណា", "ប្រុស"]
    assert body[1][1][0][0] == "៣"  # one invitee and one blank row above
    assert document.digits == "khmer" and document.lang == "km"


def test_sheet_layout_is_landscape_with_a_repeated_header_and_unsplittable_tall_rows(tmp_path):
    project = sample_project(tmp_path)
    document = _sheet(project, "takeo")
    table = _table(document)
    assert document.page.orientation == "landscape" and document.page.size == "A4"
    assert table.header_rows == 1
    assert all(row.keep for row in table.rows)
    for row in table.rows[1:]:
        if len(row.cells) > 1:  # a person's row: at least 10 mm tall to sign in
            assert row.height is not None and row.height >= 10 * MM - 0.01 and not row.keep_with_next
        else:  # a group heading never ends a page: it goes over with its first row
            assert row.keep_with_next and row.height is None
    footer = plain_text(document.page.footer[0].inlines, page=2, pages=3)
    assert footer.endswith("Page\u00a02\u00a0of\u00a03")   # no-break spaces: "of | 3" never ends a line


def test_qr_codes_encode_the_invitee_ids(tmp_path):
    project = sample_project(tmp_path)
    table = _table(_sheet(project, "takeo", qr=True))
    codes = [b.data for row in table.rows for c in row.cells for b in c.blocks if isinstance(b, QRCode)]
    assert codes == ["TK-001", "TK-002", "TK-004", "TK-003", "TK-005"]  # protocol order
    assert not any(isinstance(b, QRCode) for b in _table(_sheet(project, "takeo")).rows[2].cells[-1].blocks)


def test_invitees_of_an_unknown_category_get_their_own_last_group(tmp_path):
    project = sample_project(tmp_path)
    stray = Recipient(id="TK-099", honorific=Text("លោក", "Mr."), name=Text("ស៊ាង ដារ៉ា", "Seang Dara"),
                      position=Text(), organisation=Text(), category="media", province="Takeo",
                      session="takeo", language="both")
    project.recipients.append(stray)
    groups = _walk(_rows(_sheet(project, "takeo", blank_rows=0)))
    assert groups[-1][0] == "8. Others ផ្សេងៗ"
    assert [cells[1] for cells in groups[-1][1]] == ["Mr. Seang Dara"]


def test_blank_rows_setting_from_options_then_forum_yaml(tmp_path):
    project = sample_project(tmp_path)
    assert blank_rows_setting(project) == 5
    project.forum.extra["attendance"] = {"blank_rows": 8}
    assert blank_rows_setting(project) == 8
    assert blank_rows_setting(project, AttendanceOptions(blank_rows=2)) == 2
    project.forum.extra["attendance"] = {"blank_rows": "many"}
    with pytest.raises(DocgenError) as info:
        blank_rows_setting(project)
    assert info.value.lines() == ["forum.yaml: attendance.blank_rows: expected a whole number ≥ 0, found 'many'"]


def test_output_paths(tmp_path):
    assert attendance_path(tmp_path, "kep", "km", "pdf") == tmp_path / "attendance" / "kep.km.pdf"


# -- the bundled forum, printed ------------------------------------------------------------

@pytest.fixture(scope="module")
def bundled_sheets(tmp_path_factory):
    """The bundled forum's Takeo sheets as PDF (Khmer and English) and the project."""
    from docgen.documents.attendance import build_attendance
    from docgen.project import load_project

    out = tmp_path_factory.mktemp("sheets")
    project = load_project(None, out)
    only_takeo = replace(project.forum, sessions=(project.forum.session("takeo"),))
    project = replace(project, forum=only_takeo)
    result = build_attendance(project, BuildOptions(out_dir=out, formats=("pdf",)))
    assert result.ok, result.problems
    return project, {lang: _pages(attendance_path(out, "takeo", lang, "pdf")) for lang in ("km", "en")}


def _pages(path) -> list[str]:
    pdf = pdfium.PdfDocument(path)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def test_printed_sheet_repeats_the_header_and_numbers_pages(bundled_sheets):
    _, pages = bundled_sheets
    for lang, header in (("en", ["No.", "Name", "Sex", "Position", "Organisation", "Phone", "Signature"]),
                         ("km", ["ល.រ", "គោត្តនាម និងនាម", "ភេទ", "តួនាទី", "អង្គភាព", "ទូរស័ព្ទ", "ហត្ថលេខា"])):
        assert len(pages[lang]) >= 3
        for page in pages[lang][1:]:
            assert all(word in page for word in header), (lang, page[:200])
    total = len(pages["en"])
    assert f"Page\u00a02\u00a0of\u00a0{total}" in pages["en"][1]
    assert f"ទំព័រ\u00a0២\u00a0នៃ\u00a0{khmer_digits(len(pages['km']))}" in pages["km"][1]


def test_printed_sheet_lists_every_invitee_once_and_splits_no_row(bundled_sheets):
    project, pages = bundled_sheets
    invitees = [r for r in project.recipients if r.session == "takeo"]
    assert len(invitees) > 40
    # A long name may wrap inside its cell (how far depends on the Latin face): compare words, not lines.
    pages = [" ".join(page.split()) for page in pages["en"]]
    text = "\n".join(pages)
    for recipient in invitees:
        name = f"{recipient.honorific.en} {recipient.name.en}"
        assert text.count(name) == 1, name
        page = next(p for p in pages if name in p)
        assert recipient.phone in page  # the row's last text cell is on the same page: not split
    others = [r for r in project.recipients if r.session != "takeo"]
    assert not any(f"{r.honorific.en} {r.name.en}" in text for r in others if r.name.en not in {i.name.en for i in invitees})


def test_docx_sheet_repeats_its_header_row_and_keeps_rows_whole(tmp_path):
    import docx
    from docx.oxml.ns import qn

    from docgen.documents.attendance import build_attendance

    project = sample_project(tmp_path)
    result = build_attendance(project, BuildOptions(out_dir=tmp_path, formats=("docx",), lang="en"))
    assert result.ok and len(result.files) == 2
    table = docx.Document(str(attendance_path(tmp_path, "takeo", "en", "docx"))).tables[0]
    first, *body = table.rows
    assert element(first).trPr.find(qn("w:tblHeader")) is not None
    assert all(element(row).trPr is not None and element(row).trPr.find(qn("w:cantSplit")) is not None for row in body)
    names = [row.cells[1].text for row in body]
    for recipient in (r for r in project.recipients if r.session == "takeo"):
        assert names.count(f"{recipient.honorific.en} {recipient.name.en}") == 1
    section = docx.Document(str(result.files[0])).sections[0]
    assert section.page_width > section.page_height  # landscape
