"""Agendas: per session and for the whole forum, Khmer, English and bilingual, on one page."""
from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from attendance_sample import sample_project

from docgen.build import BuildOptions
from docgen.compose import render
from docgen.document import Paragraph, Table, plain_text
from docgen.documents.agenda import agenda_context, agenda_path, build_agenda
from docgen.options import AgendaOptions


def _document(project, sessions, lang):
    return render(f"agenda/agenda.{lang}.xml", agenda_context(project, sessions, lang), project)


def _texts(document) -> list[str]:
    return [plain_text(b.inlines) for b in document.blocks if isinstance(b, Paragraph)]


def _table_rows(document):
    tables = [b for b in document.blocks if isinstance(b, Table)]
    return tables[-1].rows  # the bilingual layout sets its title block in a table too


def _row_text(row) -> list[str]:
    return [" ".join(plain_text(b.inlines) for b in c.blocks if isinstance(b, Paragraph)) for c in row.cells]


def test_khmer_session_agenda_has_lunar_and_solar_lines_chairs_and_items(tmp_path):
    project = sample_project(tmp_path)
    document = _document(project, [project.forum.session("takeo")], "km")
    texts = _texts(document)
    assert "ថ្ងៃអង្គារ ១៣កើត ខែផល្គុន ឆ្នាំរកា នព្វស័ក ព.ស.២៥៦១" in texts
    assert "ត្រូវនឹងថ្ងៃទី២៧ ខែកុម្ភៈ ឆ្នាំ២០១៨ វេលាម៉ោង ០៨:០០ – ១២:០០" in texts
    assert "អធិបតីភាព៖ លោក ខឹម រ័ត្នវិសិដ្ឋ ប្រធានក្រុមប្រឹក្សាភិបាល" in texts
    assert "សហអធិបតីភាព៖ ឯកឧត្តម អ៊ុន វណ្ណា អភិបាលរងខេត្តតាកែវ" in texts
    rows = _table_rows(document)
    assert _row_text(rows[0]) == ["ម៉ោង", "កម្មវិធី", "អ្នកទទួលខុសត្រូវ"]
    assert _row_text(rows[1]) == ["០៨:០០ – ០៨:៣០", "ចុះឈ្មោះអ្នកចូលរួម", "លេខាធិការដ្ឋាន"]
    assert len(rows) == 1 + len(project.forum.session("takeo").agenda)


def test_breaks_span_the_item_columns_and_are_shaded(tmp_path):
    project = sample_project(tmp_path)
    rows = _table_rows(_document(project, [project.forum.session("kep")], "en"))
    breaks = [r for r in rows if len(r.cells) == 2]
    assert [_row_text(r) for r in breaks] == [["10:00 – 10:15", "Coffee break"]]
    assert all(c.shade for c in breaks[0].cells)
    assert breaks[0].cells[1].colspan == 2
    items = [r for r in rows[1:] if len(r.cells) == 3]
    assert not any(c.shade for r in items for c in r.cells)


def test_forum_agenda_has_a_heading_row_per_session(tmp_path):
    project = sample_project(tmp_path)
    rows = _table_rows(_document(project, list(project.forum.sessions), "en"))
    headings = [_row_text(r)[0] for r in rows if len(r.cells) == 1]
    assert headings == [
        "Tuesday, 27 February 2018 — Takeo dialogue Takeo Provincial Hall, Takeo Province · Chair: Mr. Kem Rath Viseth",
        "Wednesday, 28 February 2018 — Kep dialogue Kep Provincial Hall, Kep Province · Chair: Mr. Kem Rath Viseth",
    ]


def test_bilingual_agenda_puts_khmer_and_english_side_by_side(tmp_path):
    project = sample_project(tmp_path)
    rows = _table_rows(_document(project, [project.forum.session("takeo")], "bilingual"))
    assert _row_text(rows[1]) == ["08:00 – 08:30", "ចុះឈ្មោះអ្នកចូលរួម — លេខាធិការដ្ឋាន", "Registration of participants — Secretariat"]


def test_build_writes_each_session_and_the_forum_in_each_language(tmp_path):
    project = sample_project(tmp_path)
    result = build_agenda(project, BuildOptions(out_dir=tmp_path / "out", formats=("docx",)))
    assert result.ok, result.problems
    expected = {agenda_path(tmp_path / "out", s, lang, "docx") for s in ("takeo", "kep", "forum") for lang in ("km", "en")}
    assert set(result.files) == expected and all(p.is_file() for p in expected)
    bilingual = build_agenda(project, BuildOptions(out_dir=tmp_path / "bi", formats=("docx",), family_options=(AgendaOptions(bilingual=True),)))
    assert sorted(p.name for p in bilingual.files) == ["forum.bilingual.docx", "kep.bilingual.docx", "takeo.bilingual.docx"]


@pytest.mark.parametrize("layout", ["", "bilingual"])
def test_each_agenda_of_the_bundled_forum_fits_one_page(tmp_path, layout):
    from docgen.project import load_project

    project = load_project(None, tmp_path)
    assert all(len(s.agenda) >= 5 for s in project.forum.sessions)
    result = build_agenda(project, BuildOptions(out_dir=tmp_path, formats=("pdf",), family_options=(AgendaOptions(bilingual=bool(layout)),)))
    assert result.ok and result.files
    for path in result.files:
        pdf = pdfium.PdfDocument(path)
        try:
            assert len(pdf) == 1, path.name
            text = pdf[0].get_textpage().get_text_range()
        finally:
            pdf.close()
        assert ("Registration of participants" in text) or ("ចុះឈ្មោះអ្នកចូលរួម" in text)
    assert len(result.files) == (4 if layout else 8)  # 3 sessions + the forum, per language
