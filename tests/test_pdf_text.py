"""Faithful text: what PDFium and poppler extract equals the source (STYLE.md practice 10c); `docgen typeset`."""
from __future__ import annotations

import pytest

from docgen.cli import cli
from docgen.khmer.segment import words
from docgen.text.layout import layout_paragraph
from docgen.pdf.paragraph import KhmerParagraph
from docgen.text.spans import ParaStyle, Span
from docgen.typeset import typeset
from pdf_support import drawn_pdf, font_widths, page_operators
from typeset_support import (ENGLISH_LETTER, KHMER_LETTER, MIXED_LETTER, build_pdf, joined_lines, pdfium_text,
                             poppler_text, squeeze)

TEXTS = {"km": KHMER_LETTER, "en": ENGLISH_LETTER, "mixed": MIXED_LETTER}


def paragraph_pdf(text: str, fonts, align: str = "justify", width: float = 300) -> tuple[bytes, list[str]]:
    """The PDF of one paragraph, and the lines it was set in (trailing spaces and U+200B dropped)."""
    paragraph = KhmerParagraph([Span(text)], ParaStyle(align=align), fonts)
    pdf = build_pdf([paragraph], margin=(595 - width) / 2)
    lines = paragraph.layout(paragraph.width).lines
    return pdf, [text[line.start:line.end].rstrip(" \n").replace("\u200b", "") for line in lines]


@pytest.mark.parametrize("name", TEXTS)
@pytest.mark.parametrize("align", ["left", "justify"])
def test_pdfium_extracts_the_source_text(system_fonts, name, align):
    text = TEXTS[name]
    pdf, lines = paragraph_pdf(text, system_fonts, align)
    (page,) = pdfium_text(pdf)
    assert squeeze(page) == squeeze(text)
    assert page.split("\r\n") == lines      # line by line, exactly, spaces included


@pytest.mark.parametrize("name", TEXTS)
def test_pdfium_extracts_the_source_with_the_bundled_fonts(bundled_fonts, name):
    pdf, lines = paragraph_pdf(TEXTS[name], bundled_fonts)
    (page,) = pdfium_text(pdf)
    assert page.split("\r\n") == lines


@pytest.mark.parametrize("name", TEXTS)
def test_poppler_extracts_the_source_text(system_fonts, name, tmp_path):
    text = TEXTS[name]
    pdf, lines = paragraph_pdf(text, system_fonts)
    extracted = poppler_text(pdf, tmp_path)
    assert [line for line in extracted.split("\n") if line.strip("\f")] == lines   # blank lines are layout


def test_every_khmer_word_extracts_intact(system_fonts):
    (page,) = pdfium_text(paragraph_pdf(KHMER_LETTER, system_fonts, width=220)[0])
    flat = joined_lines(page)
    assert all(word in flat for word in words(KHMER_LETTER))


def test_zero_width_space_draws_no_glyph_and_extracts_as_nothing(system_fonts):
    with_zwsp = "កម្មវត្ថុ\u200bសហគមន៍\u200bមូលដ្ឋាន"
    plain = with_zwsp.replace("\u200b", "")

    def glyph_ids(text):
        (line,) = layout_paragraph([Span(text)], ParaStyle(), system_fonts, 1000).lines
        return [g.gid for run in line.runs for g in run.glyphs], line.width

    assert glyph_ids(with_zwsp) == glyph_ids(plain)
    (page,) = pdfium_text(paragraph_pdf(with_zwsp, system_fonts)[0])
    assert page.strip() == plain


def test_actual_text_spans_are_in_the_page_content(system_fonts):
    paragraph = KhmerParagraph([Span("សហគមន៍")], ParaStyle(), system_fonts)
    paragraph.wrap(300, 100)
    content = page_operators(drawn_pdf(lambda canvas: paragraph.drawOn(canvas, 50, 700)))
    expected = ("\ufeffសហគមន៍").encode("utf-16-be").hex().upper()
    assert f"/Span <</ActualText <{expected}>>> BDC" in content
    assert content.index("BDC") < content.index(" TJ") < content.index("EMC")


def test_typeset_writes_a_pdf_whose_text_is_the_file(tmp_path, system_fonts):
    source = tmp_path / "letter.txt"
    source.write_text(f"{KHMER_LETTER}\n\n{ENGLISH_LETTER}\n\n{MIXED_LETTER}\n", encoding="utf-8")
    out = typeset(source, tmp_path / "out" / "letter.pdf", align="justify", width_mm=120)
    pages = pdfium_text(out.read_bytes())
    assert squeeze("".join(pages)) == squeeze(KHMER_LETTER + ENGLISH_LETTER + MIXED_LETTER)


def test_typeset_widens_the_page_for_a_wide_text_block(tmp_path, system_fonts):
    import pypdfium2 as pdfium

    source = tmp_path / "wide.txt"
    source.write_text(ENGLISH_LETTER, encoding="utf-8")
    out = typeset(source, tmp_path / "wide.pdf", width_mm=300)
    width_pt = pdfium.PdfDocument(out)[0].get_width()
    assert width_pt == pytest.approx((300 + 40) / 25.4 * 72, abs=0.5)


def test_cli_typeset_happy_path(runner, tmp_path, system_fonts):
    source = tmp_path / "letter.txt"
    source.write_text(KHMER_LETTER, encoding="utf-8")
    out = tmp_path / "letter.pdf"
    result = runner.invoke(cli, ["typeset", str(source), "-o", str(out), "--align", "justify", "--size", "12"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert out.is_file() and squeeze(pdfium_text(out.read_bytes())[0]) == squeeze(KHMER_LETTER)


def test_cli_typeset_rejects_a_file_that_is_not_utf8(runner, tmp_path):
    source = tmp_path / "legacy.txt"
    source.write_bytes("line one\n".encode() + "ក".encode("utf-16-le") + b"\xff\xfe")
    result = runner.invoke(cli, ["typeset", str(source), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0
    assert result.output.strip().splitlines() == [f"{source}:2: not UTF-8 text (save it as UTF-8)"]
    assert not (tmp_path / "x.pdf").exists()


def _glyph_origins(pdf: str) -> list[tuple[float, float]]:
    """Where a PDF reader puts each glyph of ``pdf``'s page: Tm, Tf, Ts and TJ played with the fonts' /Widths."""
    import re

    content, widths = page_operators(pdf), font_widths(pdf)
    origins, x, y, shear, rise, size, subset = [], 0.0, 0.0, 0.0, 0.0, 0.0, None
    for line in content.splitlines():
        if line.endswith(" Tm"):
            _, _, shear, _, x, y = map(float, line.split()[:6])
        elif line.endswith(" Tf"):
            subset, size = line.split()[0], float(line.split()[1])
        elif line.endswith(" Ts"):
            rise = float(line.split()[0])
        elif line.endswith(" TJ"):
            for kern, hexes in re.findall(r"(-?\d+)|<([0-9a-f]+)>", line):
                if kern:
                    x -= int(kern) * size / 1000
                    continue
                for byte in bytes.fromhex(hexes):
                    origins.append((round(x + shear * rise, 3), round(y + rise, 3)))
                    x += widths[subset][byte] * size / 1000
    return origins


@pytest.mark.parametrize("text", [KHMER_LETTER, MIXED_LETTER], ids=["km", "mixed"])
def test_glyphs_are_drawn_where_harfbuzz_placed_them(system_fonts, text):
    # The operators place glyphs by kerning numbers and text rise relative to the
    # previous glyph's PDF width; a reader must end up at the layout's own positions.
    paragraph = KhmerParagraph([Span(text)], ParaStyle(align="justify", size=10), system_fonts)
    width, height = paragraph.wrap(280, 1000)
    pdf = drawn_pdf(lambda canvas: paragraph.drawOn(canvas, 0, 0))
    expected = []
    top = height
    for line in paragraph.layout(280).lines:
        expected += [(pen + g.x_offset, top - line.baseline + g.y_offset)
                     for run in line.runs for g, pen in zip(run.glyphs, run.positions)]
        top -= line.height
    drawn = _glyph_origins(pdf)
    assert len(drawn) == len(expected) > 100
    for (dx, dy), (ex, ey) in zip(drawn, expected):
        assert dx == pytest.approx(ex, abs=0.01) and dy == pytest.approx(ey, abs=0.001)


def test_unmapped_glyphs_get_private_codes_by_glyph_id_not_by_first_use(system_fonts):
    # A subscript form has no character of its own: its private code is written into
    # the PDF's ToUnicode map, so it must not depend on which letter a worker drew first.
    from fontTools.ttLib import TTFont

    from docgen.pdf.actualtext import glyph_codes
    from docgen.pdf.reportlab_adapter import reportlab_font
    from docgen.text.shape import shape

    face = system_fonts.face("body")
    font = reportlab_font(face)
    with TTFont(face.path) as ttf:
        cmap_glyphs = {ttf.getGlyphID(name) for name in ttf.getBestCmap().values()}
    forms = sorted({g.gid for g in shape(face, "ក្នុងកម្មវត្ថុ ស្ត្រី", 10).glyphs} - cmap_glyphs)
    assert len(forms) >= 2
    late_first = glyph_codes(font, forms[::-1])[::-1]
    assert late_first == sorted(late_first) and all(0xEC00 <= code < 0xF900 for code in late_first)


def test_glyph_widths_written_are_whole_numbers(system_fonts):
    # PDFium (Chrome, Edge) truncates fractional /Widths: glyphs placed from fractional ones drift left.
    import re

    pdf = paragraph_pdf(MIXED_LETTER, system_fonts)[0]
    arrays = re.findall(rb"/Widths \[([^\]]*)\]", pdf)
    numbers = [n for array in arrays for n in array.split()]
    assert arrays and numbers and all(re.fullmatch(rb"-?\d+", n) for n in numbers)


FOREIGN = "ឯកឧត្តម محمد علي ☃ 😀 Zoë"


def test_a_character_no_chosen_face_has_is_drawn_never_left_out(system_fonts):
    """From an installed face that has it where one exists, else as a visible replacement mark."""
    (line,) = layout_paragraph([Span(FOREIGN)], ParaStyle(), system_fonts, 1000).lines
    assert "".join(run.text for run in line.runs) == FOREIGN
    assert all(glyph.gid != 0 for run in line.runs for glyph in run.glyphs)   # no .notdef: nothing invisible


def test_on_a_bare_machine_they_are_replacement_marks_and_the_text_extracts_as_written(bundled_fonts):
    latin = bundled_fonts.face("latin")
    (line,) = layout_paragraph([Span(FOREIGN)], ParaStyle(), bundled_fonts, 1000).lines
    marks = [run for run in line.runs if any(c in run.text for c in "مع☃😀")]
    mark = shape_gid(latin, "\ufffd")
    assert marks and all(g.gid == mark for run in marks for g in run.glyphs if not run.text[g.cluster].isspace())
    bmp = FOREIGN.replace(" 😀", "")   # PDFium drops characters past U+FFFF from an /ActualText; poppler does not
    assert pdfium_text(paragraph_pdf(bmp, bundled_fonts, align="left", width=500)[0]) == [bmp]


def test_poppler_extracts_replacement_marked_text_as_written(bundled_fonts, tmp_path):
    text = "ឯកឧត្តម 王 राम ☃ 😀 Zoë"   # left to right: poppler writes right-to-left text in visual order
    pdf, _lines = paragraph_pdf(text, bundled_fonts, align="left", width=500)
    assert poppler_text(pdf, tmp_path).strip() == text


def shape_gid(face, char: str) -> int:
    from docgen.text.shape import shape

    (glyph,) = shape(face, char, 10).glyphs
    return glyph.gid
