"""The DOCX writer, tested from the model: read back with python-docx, golden XML, letterhead, LibreOffice."""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from lxml import etree

from docgen import compose, variables, writers
from docgen import document as d
from docgen.options import WriteOptions
from docgen.khmer.digits import ascii_digits
from docgen.docx.internals import element
from docgen.docx.reference import REFERENCE, REFERENCE_XML, build_reference
from golden_support import assert_golden

STAMP = dt.datetime(2018, 2, 27, 8, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def demo() -> d.Document:
    return compose.render("demo/every-block.xml", variables.sample_context())


@pytest.fixture(scope="module")
def demo_docx(demo, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "demo.docx"
    return writers.write(demo, path, options=WriteOptions(timestamp=STAMP))


def test_text_styles_and_page_setup_read_back(demo_docx):
    out = docx.Document(str(demo_docx))
    headings = [(p.style.name, p.text) for p in out.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == [("Heading 1", "ព្រះរាជាណាចក្រកម្ពុជា"), ("Heading 1", "ជាតិ សាសនា ព្រះមហាក្សត្រ")]
    assert any("ឯកឧត្តម សុខ សុភា <Sok & Sophea>" in p.text for p in out.paragraphs)
    section = out.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (25, 30)
    assert section.different_first_page_header_footer
    assert out.core_properties.title == "ឯកសារសាកល្បង Demo document" and out.core_properties.language == "km-KH"


def test_khmer_runs_carry_complex_script_font_size_and_language(demo_docx):
    out = docx.Document(str(demo_docx))
    khmer_runs = [r for p in out.paragraphs for r in p.runs if re.search("[\u1780-\u17ff]", r.text)]
    assert khmer_runs
    for run in khmer_runs:
        xml = run.element.xml
        assert re.search(r'w:cs="Khmer OS (Siemreap|Muol Light)"', xml) and "<w:szCs " in xml
        assert 'w:bidi="km-KH"' in xml


def test_table_header_rows_repeat_rows_do_not_split_and_spans_merge(demo_docx):
    table = docx.Document(str(demo_docx)).tables[0]
    rows = table.rows
    assert element(rows[0]).trPr.find("{*}tblHeader") is not None
    assert all(element(r).trPr.find("{*}cantSplit") is not None for r in rows)
    assert element(rows[1]).trPr.find("{*}tblHeader") is None
    assert element(table.cell(4, 0)) is element(table.cell(5, 0))  # rowspan=2
    assert element(table.cell(4, 1)) is element(table.cell(4, 2))  # colspan=2
    assert [c.text for c in rows[2].cells] == ["២", "Chan Dara", "NGO Forum <b>&</b>"]


def test_row_minimum_height_and_keep_with_next_in_the_row_xml(tmp_path):
    def row(text: str, **kw) -> d.Row:
        cells = tuple(d.Cell(blocks=(d.Paragraph(inlines=(d.Run(text=f"{text}{i}"),)),)) for i in range(2))
        return d.Row(cells=cells, **kw)

    doc = d.Document(blocks=(d.Table(rows=(row("group", keep_with_next=True), row("body", height=10 * d.MM))),))
    path = writers.write(doc, tmp_path / "rows.docx")
    rows = [etree.tostring(element(r), encoding="unicode") for r in docx.Document(str(path)).tables[0].rows]
    assert '<w:trHeight w:val="567" w:hRule="atLeast"/>' in rows[1] and "trHeight" not in rows[0]
    assert rows[0].count("<w:keepNext/>") == 2 and "keepNext" not in rows[1]
    assert rows[1].index("<w:cantSplit/>") < rows[1].index("<w:trHeight")  # schema order


def test_page_numbers_are_fields(demo_docx):
    footer = docx.Document(str(demo_docx)).sections[0].footer.part.element.xml
    assert "> PAGE <" in footer.replace("<w:instrText xml:space=\"preserve\">", ">") and " NUMPAGES " in footer


def test_document_xml_matches_the_golden_part(demo_docx):
    with zipfile.ZipFile(demo_docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    assert_golden("docx/demo-document.xml", etree.tostring(root, pretty_print=True, encoding="unicode"))


def test_the_zip_layout_matches_the_golden(demo_docx):
    """Content types and package relationships first, the shared parts, then the document's own (pictures stored)."""
    with zipfile.ZipFile(demo_docx) as archive:
        layout = [f"{i.filename} {'deflated' if i.compress_type == zipfile.ZIP_DEFLATED else 'stored'}"
                  for i in archive.infolist()]
    assert_golden("docx/demo-members.txt", "\n".join(layout) + "\n")


def test_a_letterhead_gives_its_header_and_styles(tmp_path):
    letterhead = docx.Document()
    letterhead.sections[0].header.paragraphs[0].text = "MINISTRY LETTERHEAD"
    letterhead.styles["Normal"].font.name = "Arial"
    letterhead.save(tmp_path / "letterhead.docx")
    doc = d.Document(page=d.PageSetup(header=(d.Paragraph(inlines=(d.Run(text="ours"),)),)),
                     blocks=(d.Paragraph(inlines=(d.Run(text="body"),)),))
    path = writers.write(doc, tmp_path / "out.docx", options=WriteOptions(letterhead_docx=tmp_path / "letterhead.docx"))
    out = docx.Document(str(path))
    assert out.sections[0].header.paragraphs[0].text == "MINISTRY LETTERHEAD"
    assert out.styles["Normal"].font.name == "Arial" and [p.text for p in out.paragraphs] == ["body"]


def test_reference_docx_matches_its_builder_and_unzipped_xml():
    with zipfile.ZipFile(REFERENCE) as committed, zipfile.ZipFile(io.BytesIO(build_reference())) as built:
        for name in ("word/styles.xml", "word/document.xml"):
            assert etree.tostring(etree.fromstring(committed.read(name)), method="c14n") == \
                etree.tostring(etree.fromstring(built.read(name)), method="c14n")
            unzipped = etree.parse(str(REFERENCE_XML / name), etree.XMLParser(remove_blank_text=True))
            assert etree.tostring(unzipped, method="c14n") == \
                etree.tostring(etree.fromstring(committed.read(name), etree.XMLParser(remove_blank_text=True)), method="c14n")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_pdf_of_the_docx_has_the_same_text_as_docgens_pdf(demo, demo_docx, tmp_path):
    pdfium = pytest.importorskip("pypdfium2")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(demo_docx)], check=True, capture_output=True, timeout=180)
    ours = writers.write(demo, tmp_path / "ours.pdf")
    texts = []
    for path in (tmp_path / "demo.pdf", ours):
        pdf = pdfium.PdfDocument(str(path))
        texts.append(_squeeze("".join(page.get_textpage().get_text_range() for page in pdf)))
        pdf.close()
    # LibreOffice extracts Khmer in glyph order (no /ActualText), so its text is compared as a multiset
    # of characters; page numbers are Latin digits in Word fields, so digits are compared as ASCII.
    libreoffice, docgen = (Counter(ascii_digits(t)) for t in texts)
    assert libreoffice == docgen
    paragraphs = [b for b in d.walk(demo) if isinstance(b, d.Paragraph)
                  and not any(isinstance(i, d.PageNumber) for i in b.inlines)]
    assert len(paragraphs) > 20
    for para in paragraphs:
        assert _squeeze(d.plain_text(para.inlines)) in texts[1], "docgen's PDF lost a paragraph"
