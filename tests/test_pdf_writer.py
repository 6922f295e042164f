"""The PDF writer, tested from the model: extracted text, page x of y, metadata, letterhead, preview."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from docgen import compose, variables, writers
from docgen import document as d
from docgen.options import WriteOptions
from docgen.errors import WriteError
from docgen.folders import EXAMPLE_DIR

pdfium = pytest.importorskip("pypdfium2")


@pytest.fixture(scope="module")
def demo() -> d.Document:
    return compose.render("demo/every-block.xml", variables.sample_context())


def page_texts(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range().replace("\r\n", "\n") for page in pdf]
    finally:
        pdf.close()


def para(text: str, **kw) -> d.Paragraph:
    return d.Paragraph(inlines=(d.Run(text=text),), **kw)


def test_extracted_text_equals_the_model_text(demo, tmp_path):
    text = re.sub(r"\s+", "", "".join(page_texts(writers.write(demo, tmp_path / "demo.pdf"))))
    paragraphs = [b for b in d.walk(demo) if isinstance(b, d.Paragraph)
                  and not any(isinstance(i, d.PageNumber) for i in b.inlines)]
    for paragraph in paragraphs:
        assert re.sub(r"\s+", "", d.plain_text(paragraph.inlines)) in text


def test_page_x_of_y_in_khmer_digits_and_first_page_furniture(tmp_path):
    field = (d.PageNumber(kind="page"), d.Run(text=" / "), d.PageNumber(kind="pages"))
    doc = d.Document(lang="km", digits="khmer", page=d.PageSetup(
        first_header=(para("FIRST"),), header=(d.Paragraph(inlines=field),)),
        blocks=(para("one"), d.PageBreak(), para("two"), d.PageBreak(), para("three")))
    pages = page_texts(writers.write(doc, tmp_path / "x.pdf"))
    assert len(pages) == 3 and "FIRST" in pages[0] and "១ / ៣" not in pages[0]
    assert "២ / ៣" in pages[1] and "៣ / ៣" in pages[2]


def test_page_numbers_in_the_body_are_the_page_it_lands_on(tmp_path):
    field = d.Paragraph(inlines=(d.Run(text="page "), d.PageNumber(kind="page"), d.Run(text=" of "),
                                 d.PageNumber(kind="pages")))
    doc = d.Document(blocks=(field, d.PageBreak(), field, d.PageBreak(), para("end")))
    assert [("page 1 of 3" in t, "page 2 of 3" in t) for t in page_texts(writers.write(doc, tmp_path / "b.pdf"))] == \
        [(True, False), (False, True), (False, False)]


def test_table_header_rows_repeat_on_every_page(tmp_path):
    rows = [d.Row(cells=(d.Cell(blocks=(para("HEAD"),)),))] + \
        [d.Row(cells=(d.Cell(blocks=(para(f"row {i}"),)),)) for i in range(80)]
    doc = d.Document(blocks=(d.Table(rows=tuple(rows), header_rows=1),))
    pages = page_texts(writers.write(doc, tmp_path / "t.pdf"))
    assert len(pages) >= 2 and all(t.startswith("HEAD") for t in pages)


def _tall_rows(labels: list[str], **kw) -> tuple[d.Row, ...]:
    return tuple(d.Row(cells=(d.Cell(blocks=(para(label),)),), height=30 * d.MM, **kw) for label in labels)


def test_rows_are_at_least_their_height_on_every_page(tmp_path):
    rows = _tall_rows([f"row{i:02}" for i in range(20)])  # 8 rows of 30 mm fill the 252 mm frame
    spanned = d.Cell(blocks=(para("span"),), rowspan=2)  # a row span makes ReportLab measure lazily
    rows = (dataclasses.replace(rows[0], cells=(spanned, *rows[0].cells)),) + rows[1:2] + \
        tuple(dataclasses.replace(row, cells=(d.Cell(), *row.cells)) for row in rows[2:])
    pages = page_texts(writers.write(d.Document(blocks=(d.Table(rows=rows),)), tmp_path / "h.pdf"))
    assert [len(re.findall(r"row\d\d", t)) for t in pages] == [8, 8, 4]


@pytest.mark.parametrize("keep_with_next", [False, True])
def test_a_keep_with_next_row_moves_to_the_next_page_with_the_row_after_it(tmp_path, keep_with_next):
    rows = _tall_rows([f"row{i}" for i in range(7)]) + _tall_rows(["GROUP"], keep_with_next=keep_with_next) + \
        _tall_rows(["member", "last"])
    pages = page_texts(writers.write(d.Document(blocks=(d.Table(rows=rows),)), tmp_path / "k.pdf"))
    assert len(pages) == 2 and "member" in pages[1] and "row6" in pages[0]
    assert ("GROUP" in pages[1]) is keep_with_next and ("GROUP" in pages[0]) is not keep_with_next


def test_metadata_title_author_subject_and_language(tmp_path):
    doc = d.Document(lang="km", meta=d.Metadata(title="លិខិត", author="Secretariat", subject="Invitation"),
                     blocks=(para("x"),))
    path = writers.write(doc, tmp_path / "m.pdf", options=WriteOptions(
        timestamp=dt.datetime(2018, 2, 27, 8, 0)))
    pdf = pdfium.PdfDocument(str(path))
    meta = pdf.get_metadata_dict()
    pdf.close()
    assert (meta["Title"], meta["Author"], meta["Subject"]) == ("លិខិត", "Secretariat", "Invitation")
    assert meta["CreationDate"].startswith("D:20180227080000")
    assert b"/Lang (km)" in path.read_bytes()


def test_a_letterhead_image_is_drawn_under_page_one_only(tmp_path):
    from PIL import Image

    Image.new("RGB", (210, 297), (255, 0, 0)).save(tmp_path / "letterhead.png")
    doc = d.Document(blocks=(para("one"), d.PageBreak(), para("two")))
    path = writers.write(doc, tmp_path / "l.pdf", options=WriteOptions(letterhead_pdf=tmp_path / "letterhead.png"))
    pdf = pdfium.PdfDocument(str(path))
    first, second = (pdf[i].render(scale=0.2).to_pil().getpixel((5, 5)) for i in range(2))
    pdf.close()
    assert first[:3] == (255, 0, 0) and second[:3] == (255, 255, 255)


def test_a_multi_page_letterhead_pdf_is_refused(tmp_path):
    two = writers.write(d.Document(blocks=(para("a"), d.PageBreak(), para("b"))), tmp_path / "two.pdf")
    with pytest.raises(WriteError, match="must have one page"):
        writers.write(d.Document(), tmp_path / "x.pdf", options=WriteOptions(letterhead_pdf=two))
    assert not (tmp_path / "x.pdf").exists()


def test_an_unknown_format_lists_the_known_ones(tmp_path):
    with pytest.raises(WriteError, match="unknown output format 'odt'; known formats: docx, pdf"):
        writers.write(d.Document(), tmp_path / "x.odt")


def test_preview_renders_the_asked_page_to_png(runner, tmp_path):
    from docgen.cli import cli

    out = tmp_path / "p2.png"
    result = runner.invoke(cli, ["preview", "demo/every-block.xml", "--page", "2", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0 and "page 2 of 3" in result.output
    assert out.read_bytes().startswith(b"\x89PNG")
    model = runner.invoke(cli, ["preview", "demo/every-block.xml", "--model"], catch_exceptions=False)
    assert model.output.startswith("Document lang=km digits=khmer")


def test_preview_of_a_missing_page_fails_with_one_line(runner, tmp_path):
    from docgen.cli import cli

    result = runner.invoke(cli, ["preview", "demo/every-block.xml", "--page", "9", "-o", str(tmp_path / "x.png")])
    assert result.exit_code != 0
    assert result.stderr.strip() == "<project>: page: the document has 3 pages; there is no page 9"


@pytest.mark.parametrize(("lines", "pages"), [(20, 1), (28, 2)])
def test_keep_with_a_signature_inside_moves_only_when_it_does_not_fit(tmp_path, lines, pages):
    """A <keep> holding a <signature> nests two KeepTogethers; ReportLab moved such a block a page too far."""
    from docgen.markup import parse

    body = "<p>បន្ទាត់</p>" * lines
    closing = '<keep><p>សេចក្តីដូចបានជម្រាបជូន</p><signature position="ប្រធាន" name="កែម រ័ត្នវិសិដ្ឋ"/></keep>'
    path = writers.write(parse(f'<document lang="km">{body}{closing}</document>'), tmp_path / "k.pdf", "pdf")
    texts = page_texts(path)
    assert len(texts) == pages
    assert "សេចក្តីដូចបានជម្រាបជូន" in texts[-1] and "កែម រ័ត្នវិសិដ្ឋ" in texts[-1]


@pytest.mark.parametrize("align", ["left", "centre", "right"])
def test_an_image_in_a_table_cell_is_placed_by_its_align(tmp_path, align):
    """The letter's logo is centred over the organiser's name in its cell, as in the DOCX."""
    from docgen.markup import parse
    from docgen.pdf.tables import table_style
    from docgen.document import table_grid

    logo = tmp_path / "logo.png"
    logo.write_bytes((EXAMPLE_DIR / "logo.png").read_bytes())
    doc = parse(f'<document><table widths="80mm 80mm"><tr><td><image src="{logo}" height="10mm" align="{align}"/>'
                f'<p>វេទិកា</p></td><td><p>x</p></td></tr></table></document>')
    table = doc.blocks[0]
    commands = table_style(table, table_grid(table)).getCommands()
    expected = {"left": "LEFT", "centre": "CENTER", "right": "RIGHT"}[align]
    assert ("ALIGN", (0, 0), (0, 0), expected) in commands
    assert not any(c[0] == "ALIGN" and c[1] == (1, 0) for c in commands)


def test_a_second_pdf_with_the_same_glyphs_reuses_the_embedded_subsets(tmp_path):
    from docgen.pdf.reportlab_adapter import reportlab_font
    from docgen.text.fonts import resolve_fonts

    doc = d.Document(lang="km", blocks=(para("ព្រះរាជាណាចក្រកម្ពុជា ជាតិ សាសនា ព្រះមហាក្សត្រ"),))
    options = WriteOptions(timestamp=dt.datetime(2018, 2, 1))
    cache = reportlab_font(resolve_fonts().face("body")).face.subset_cache
    first = writers.write(doc, tmp_path / "a.pdf", options=options).read_bytes()
    hits = cache.cache_info().hits
    second = writers.write(doc, tmp_path / "b.pdf", options=options).read_bytes()
    assert cache.cache_info().hits > hits
    assert second == first
    assert page_texts(tmp_path / "b.pdf")[0].strip() == "ព្រះរាជាណាចក្រកម្ពុជា ជាតិ សាសនា ព្រះមហាក្សត្រ"


def _write_series(documents, paths) -> None:
    """Lay out each document as a part, then write them as one run of pages."""
    from docgen.pdf.writer import lay_out_part, write_parts

    write_parts([lay_out_part(document, path, WriteOptions()) for document, path in zip(documents, paths)])


def test_a_series_numbers_its_footers_across_the_files_and_refuses_body_page_numbers(tmp_path):
    numbers = (d.Paragraph(inlines=(d.PageNumber(kind="page"), d.Run(text=" / "), d.PageNumber(kind="pages"))),)
    footer = d.PageSetup(footer=numbers, first_footer=numbers)
    first = d.Document(page=footer, blocks=(para("one"), d.PageBreak(), para("two")))
    second = d.Document(page=footer, blocks=(para("three"),))
    paths = [tmp_path / "a.pdf", tmp_path / "b.pdf"]
    _write_series([first, second], paths)
    assert [("1 / 3" in t, "2 / 3" in t, "3 / 3" in t) for p in paths for t in page_texts(p)] == \
        [(True, False, False), (False, True, False), (False, False, True)]
    numbered = d.Document(blocks=(d.Paragraph(inlines=(d.PageNumber(kind="page"),)),))
    with pytest.raises(WriteError, match="headers and footers only"):
        _write_series([numbered], [tmp_path / "c.pdf"])
    assert not (tmp_path / "c.pdf").exists()


def test_a_footer_taller_than_the_bottom_margin_pushes_the_body_up(tmp_path):
    footer = (d.Paragraph(inlines=(d.Run(text="FOOTER "), d.PageNumber(kind="page")), size=14),)
    body = tuple(para(f"Line {n:03d}") for n in range(120))
    doc = d.Document(page=d.PageSetup(margins=(15.0, 15.0, 12.0, 15.0), footer=footer, first_footer=footer),
                     blocks=body)
    pdf = pdfium.PdfDocument(str(writers.write(doc, tmp_path / "f.pdf")))
    try:
        textpage = pdf[0].get_textpage()
        text = textpage.get_text_range()
        footer_top = max(textpage.get_charbox(i)[3] for i in range(text.index("FOOTER"), text.index("FOOTER") + 6))
        lines = [n for n in range(120) if f"Line {n:03d}" in text]
        last = text.index(f"Line {lines[-1]:03d}")
        body_bottom = min(textpage.get_charbox(i)[1] for i in range(last, last + 8))
    finally:
        pdf.close()
    assert body_bottom > footer_top


def test_a_series_lets_each_written_files_pages_go_before_the_next_is_written(tmp_path, monkeypatch):
    import weakref

    from docgen.pdf import writer

    canvases, alive_when_written = [], []
    build, write_bytes = writer._build, writer.atomic_write_bytes

    def recording_build(*args, **kwargs):
        canvas = build(*args, **kwargs)
        canvases.append(weakref.ref(canvas))
        return canvas

    def recording_write(path, data):
        alive_when_written.append([ref() is not None for ref in canvases])
        return write_bytes(path, data)

    monkeypatch.setattr(writer, "_build", recording_build)
    monkeypatch.setattr(writer, "atomic_write_bytes", recording_write)
    documents = [d.Document(blocks=(para(f"part {n}"),)) for n in range(3)]
    paths = [tmp_path / f"{n}.pdf" for n in range(3)]
    _write_series(documents, paths)
    # A finished canvas is a web of reference cycles: without a collection it would stay until much later.
    assert alive_when_written == [[True, True, True], [False, True, True], [False, False, True]]


def _row(*texts: str, keep: bool = True) -> d.Row:
    return d.Row(cells=tuple(d.Cell(blocks=(para(t),)) for t in texts), keep=keep)


def test_a_part_hands_its_last_page_on_only_when_a_table_row_begins_it(tmp_path):
    from docgen.pdf.writer import lay_out_part

    header = _row("Heading")
    rows = tuple(_row(f"Row {n:03d}") for n in range(1, 81))
    table = d.Document(blocks=(d.Table(rows=(header, *rows), header_rows=1),))
    pages = page_texts(writers.write(table, tmp_path / "whole.pdf"))
    top_of_last = int(re.search(r"Row (\d{3})", pages[-1]).group(1))
    part = lay_out_part(table, tmp_path / "part.pdf", WriteOptions())
    assert part.drop_last_page(first=top_of_last + 1) is None and part.pages == len(pages)  # a row before `first`
    assert part.drop_last_page(first=top_of_last) == top_of_last  # the model row (the heading is row 0)
    part.discard()
    assert part.pages == len(pages) - 1
    # The rest of a row split across pages: beginning the next part with the whole row would repeat its start.
    tall = d.Document(blocks=(d.Table(rows=(header, _row("\n".join(["line"] * 150), keep=False)), header_rows=1),))
    part = lay_out_part(tall, tmp_path / "tall.pdf", WriteOptions())
    assert part.pages >= 2 and part.drop_last_page() is None
    part.discard()


def _numbered(paragraphs: int) -> d.Document:
    numbers = (d.Paragraph(inlines=(d.Run(text="ទំព័រ "), d.PageNumber(kind="page"), d.Run(text=" / "),
                                    d.PageNumber(kind="pages"))),)
    return d.Document(lang="km", page=d.PageSetup(footer=numbers, first_footer=numbers),
                      blocks=tuple(para(f"ជួរ {n % 40:03d} ព្រះរាជាណាចក្រកម្ពុជា") for n in range(paragraphs)))


def test_a_part_is_written_as_the_whole_document_would_be(tmp_path):
    from docgen.pdf.writer import lay_out_part, write_parts

    doc, options = _numbered(150), WriteOptions(timestamp=dt.datetime(2018, 2, 1))
    whole = writers.write(doc, tmp_path / "whole.pdf", options=options).read_bytes()
    part = lay_out_part(doc, tmp_path / "part.pdf", options)
    assert part.pages >= 3
    write_parts([part])
    assert (tmp_path / "part.pdf").read_bytes() == whole


def test_a_waiting_part_holds_about_two_kilobytes_a_page(tmp_path):
    # A register of 800 pages waits for its total: each page's drawing waits in a temporary file and
    # only what differs from the first page's canvas in memory.
    import gc
    import tracemalloc

    from docgen.pdf.writer import lay_out_part

    def held(paragraphs: int) -> tuple[int, int]:
        gc.collect()
        tracemalloc.start()
        try:
            part = lay_out_part(_numbered(paragraphs), tmp_path / "part.pdf", WriteOptions())
            gc.collect()
            memory = tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
        part.discard()
        return part.pages, memory

    held(1000)   # layouts and fonts cached
    (few, small), (many, large) = held(100), held(1000)
    assert many - few >= 30
    assert (large - small) / (many - few) < 2500   # about 2,000 here; over 3,000 with the whole canvas held a page


def test_the_space_after_a_table_that_fills_its_page_begins_no_blank_page(tmp_path):
    def pages(rows: int, space_after: float) -> int:
        table = d.Table(rows=tuple(_row(f"Row {n:03d}") for n in range(rows)), space_after=space_after)
        pdf = pdfium.PdfDocument(str(writers.write(d.Document(blocks=(table,)), tmp_path / "t.pdf")))
        try:
            return len(pdf)
        finally:
            pdf.close()

    filling = next(n for n in range(20, 200) if pages(n + 1, 0) > 1)  # the most rows one page holds
    assert pages(filling, 0) == 1
    assert pages(filling, 50 * d.MM) == 1  # the space left is less than a row, far less than 50 mm
