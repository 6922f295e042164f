"""Invitation letters of the bundled forum: one per recipient, right language, the right text, PDF = DOCX."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document as DocxDocument

from docgen.build import BuildOptions
from docgen.documents.letters import build_letters, letter_langs, letter_path
from docgen.documents.refnumbers import ReferenceRegister, register_path
from docgen.project import load_project

KHMER = re.compile("[\u1780-\u17ff]")


def pdf_pages(path: Path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def squash(text: str) -> str:
    """Text without any white space: line breaks fall in different places in PDF and DOCX."""
    return re.sub(r"\s+", "", text)


def docx_text(path: Path) -> list[str]:
    """Every paragraph of a DOCX, body and table cells, in order."""
    doc = DocxDocument(str(path))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        texts += [p.text for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return [t for t in texts if t.strip()]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The bundled forum's whole mailing, PDF and DOCX, built once with two workers."""
    out = tmp_path_factory.mktemp("letters")
    project = load_project(None, out)
    result = build_letters(project, BuildOptions(out_dir=out, jobs=2, timestamp=dt.datetime(2018, 2, 12, 9)))
    return project, result, out


def test_every_recipient_gets_exactly_one_letter(built):
    project, result, out = built
    assert result.ok and not result.problems
    assert result.counts["letters"] == len(project.recipients) >= 150
    pdfs = sorted(p for p in (out / "letters").glob("*.pdf") if p.name != "print.pdf")
    assert len(pdfs) == len(project.recipients)
    assert {letter_path(out, r, "pdf") for r in project.recipients} == set(pdfs)
    assert {letter_path(out, r, "docx") for r in project.recipients} == set((out / "letters").glob("*.docx"))


def test_each_letter_is_in_the_recipients_language(built):
    project, _, out = built
    for recipient in project.recipients:
        pages = pdf_pages(letter_path(out, recipient, "pdf"))
        langs = letter_langs(recipient)
        assert len(pages) == len(langs), recipient.id
        for lang, text in zip(langs, pages):
            if lang == "km":
                assert "ព្រះរាជាណាចក្រកម្ពុជា" in text and "KINGDOM OF CAMBODIA" not in text, recipient.id
            else:
                assert "KINGDOM OF CAMBODIA" in text and "សូមគោរពជូន" not in text, recipient.id


def test_khmer_letter_text(built):
    project, _, out = built
    recipient = project.recipient("TAK-001")
    number = ReferenceRegister.load(register_path(project)).numbers["TAK-001"]
    text = squash(pdf_pages(letter_path(out, recipient, "pdf"))[0])
    for expected in (
        recipient.name.km, recipient.position.km, recipient.organisation.km,
        f"លេខ៖{number:03d}/១៨វ.ស.ស".translate(str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")),  # Khmer digits
        "ថ្ងៃចន្ទ១២រោចខែមាឃឆ្នាំរកានព្វស័កព.ស.២៥៦១", "រាជធានីភ្នំពេញថ្ងៃទី១២ខែកុម្ភៈឆ្នាំ២០១៨",  # the letter's date lines
        "ថ្ងៃអង្គារ១៣កើតខែផល្គុនឆ្នាំរកានព្វស័កព.ស.២៥៦១ត្រូវនឹងថ្ងៃទី២៧ខែកុម្ភៈឆ្នាំ២០១៨",  # the session, both calendars
        "ម៉ោង០៨:០០ព្រឹក", project.forum.sessions[0].venue.km,
        "សូមគោរពជូន", "កម្មវត្ថុ៖", "យោង៖", "សូមគោរពអញ្ជើញ", "អញ្ជើញចូលរួម", "ចម្លងជូន៖",
        project.forum.letters.signatory.name.km,
    ):
        assert squash(expected) in text, expected


def test_english_letter_text(built):
    project, _, out = built
    recipient = next(r for r in project.recipients if r.language == "en")
    session = project.forum.session(recipient.session)
    text = " ".join(pdf_pages(letter_path(out, recipient, "pdf"))[0].split())
    for expected in (recipient.name.en, recipient.position.en, recipient.organisation.en, "Phnom Penh, 12 February 2018",
                     session.date.strftime("%A, %-d %B %Y"), "8:00 a.m.", session.venue.en, "Subject:", "Reference:"):
        assert " ".join(expected.split()) in text, expected


def test_docx_and_pdf_of_a_letter_carry_the_same_text(built):
    project, _, out = built
    for rid in ("TAK-001", next(r.id for r in project.recipients if r.language == "both")):
        recipient = project.recipient(rid)
        pdf_text = "\n".join(pdf_pages(letter_path(out, recipient, "pdf")))
        docx_paragraphs = docx_text(letter_path(out, recipient, "docx"))
        whole_docx, whole_pdf = squash("".join(docx_paragraphs)), squash(pdf_text)
        for paragraph in docx_paragraphs:
            assert squash(paragraph) in whole_pdf, paragraph
        for line in pdf_text.splitlines():
            assert squash(line) in whole_docx, line
        assert abs(len(whole_docx) - len(whole_pdf)) <= 2  # no text in one that the other lacks


def test_reference_numbers_follow_the_register(built):
    project, _, out = built
    register = ReferenceRegister.load(register_path(project))
    assert sorted(register.numbers.values()) == list(range(1, len(project.recipients) + 1))
    last = project.recipients[-1]
    expected = f"{register.numbers[last.id]:03d}".translate(str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩"))
    assert f"លេខ៖ {expected}/" in pdf_pages(letter_path(out, last, "pdf"))[0]


def test_english_greeting_keeps_the_lists_spelling_of_the_title(tmp_path):
    from docgen.documents.letter_context import LetterFacts, letter_context
    from docgen.model import Text
    from letters_support import make_project, make_recipient

    project = make_project(tmp_path)
    recipient = make_recipient("W", honorific=Text("លោកស្រី", "Ms."), name_en="UM Sophea", language="en")
    context = letter_context(project, recipient, "en", LetterFacts(1, dt.date(2018, 2, 1)))
    assert context["recipient"]["salutation"] == "Dear Ms. UM"


def test_a_bare_machine_s_khmer_letter_has_the_kingdom_header_in_the_bundled_muol(bundled_fonts, tmp_path):
    project = load_project(None, tmp_path)
    khmer = next(r for r in project.recipients if "km" in letter_langs(r))
    result = build_letters(project, BuildOptions(out_dir=tmp_path, jobs=1, formats=("pdf",), only=(khmer.id,)))
    assert result.ok
    pdf = letter_path(tmp_path, khmer, "pdf")
    fonts = set(re.findall(rb"/BaseFont /[A-Z]{6}\+([\w.-]+)", pdf.read_bytes()))
    assert {b"Moul-Regular", b"Battambang-Regular"} <= fonts
    assert "ព្រះរាជាណាចក្រកម្ពុជា" in pdf_pages(pdf)[0]
