"""Line geometry of the Khmer paragraph: alignment, indents, line height, styles, splitting, tables."""
from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont
from reportlab.platypus import Table

from docgen.text.layout import layout_paragraph
from docgen.pdf.paragraph import KhmerParagraph, draw_line
from docgen.text.layout import measure
from docgen.text.spans import ParaStyle, Span
from typeset_support import ENGLISH_LETTER, KHMER_LETTER, MIXED_LETTER, build_pdf, pdfium_text, squeeze

WIDTH = 280.0


def left_edge(line) -> float:
    return line.runs[0].positions[0]


def test_left_aligned_lines_start_at_the_indent_and_fit(system_fonts):
    style = ParaStyle(left_indent=12, first_indent=20)
    layout = layout_paragraph([Span(KHMER_LETTER)], style, system_fonts, WIDTH)
    assert left_edge(layout.lines[0]) == pytest.approx(32)
    assert all(left_edge(line) == pytest.approx(12) for line in layout.lines[1:])
    assert all(left_edge(line) + line.width <= WIDTH + 1e-6 for line in layout.lines)


@pytest.mark.parametrize("align", ["right", "centre"])
def test_right_and_centre_alignment(system_fonts, align):
    layout = layout_paragraph([Span(ENGLISH_LETTER)], ParaStyle(align=align), system_fonts, WIDTH)
    for line in layout.lines:
        gap = WIDTH - (left_edge(line) + line.width)
        assert gap == pytest.approx(0 if align == "right" else left_edge(line), abs=0.01)


@pytest.mark.parametrize("text", [KHMER_LETTER, ENGLISH_LETTER], ids=["km", "en"])
def test_justify_fills_all_lines_but_the_last(system_fonts, text):
    layout = layout_paragraph([Span(text)], ParaStyle(align="justify"), system_fonts, WIDTH)
    spaced = [line for line in layout.lines[:-1] if " " in text[line.start:line.end].strip()]
    assert spaced and all(line.width == pytest.approx(WIDTH, abs=0.01) for line in spaced)
    natural = layout_paragraph([Span(text)], ParaStyle(), system_fonts, WIDTH)
    assert layout.lines[-1].width == pytest.approx(natural.lines[-1].width)


def test_justify_stretches_real_spaces_only(system_fonts):
    phrase = "វេទិកាអង្គការសង្គមស៊ីវិលជាមួយអាជ្ញាធរខេត្ត"
    text = f"{phrase} វេទិកាអង្គការសង្គមស៊ីវិល"
    (alone,) = layout_paragraph([Span(phrase + " វេទិកា")], ParaStyle(), system_fonts, 1000).lines
    width = alone.width - 1    # the phrase fits, the word after its space does not
    layout = layout_paragraph([Span(text)], ParaStyle(align="justify"), system_fonts, width)
    first = layout.lines[0]
    assert " " not in text[first.start:first.end].strip()
    natural = layout_paragraph([Span(text)], ParaStyle(), system_fonts, width)
    assert first.width == pytest.approx(natural.lines[0].width)


def test_line_height_comes_from_the_font_so_stacks_do_not_clip(bundled_fonts):
    # (Khmer OS Siemreap's double stack ស្ត្រី reaches 0.3 pt below its descent at 12 pt.)
    face = bundled_fonts.face("body")
    layout = layout_paragraph([Span("ស្ត្រីក្នុងសហគមន៍")], ParaStyle(size=12), bundled_fonts, WIDTH)
    (line,) = layout.lines
    assert line.height == pytest.approx((face.ascent + face.descent) * 12)
    assert line.baseline == pytest.approx(face.ascent * 12)
    with TTFont(face.path) as font:   # the deepest subscript of the stacks fits under the baseline
        order, glyf, upem = font.getGlyphOrder(), font["glyf"], font["head"].unitsPerEm
        lowest = min(g.y_offset + getattr(glyf[order[g.gid]], "yMin", 0) * 12 / upem
                     for run in line.runs for g in run.glyphs)
    assert lowest < 0 and -lowest < line.height - line.baseline


def test_english_paragraph_is_spaced_by_its_latin_face_and_mixed_by_the_tallest(system_fonts):
    khmer, latin = system_fonts.face("body"), system_fonts.face("latin")
    english = layout_paragraph([Span(ENGLISH_LETTER)], ParaStyle(size=11), system_fonts, WIDTH)
    assert [line.height for line in english.lines] == pytest.approx([(latin.ascent + latin.descent) * 11] * len(english.lines))
    mixed = layout_paragraph([Span(MIXED_LETTER)], ParaStyle(size=11), system_fonts, WIDTH)
    tallest = max(khmer.ascent + khmer.descent, latin.ascent + latin.descent) * 11
    assert len(mixed.lines) > 1
    assert [line.height for line in mixed.lines] == pytest.approx([tallest] * len(mixed.lines))


def test_fixed_leading_is_used_as_given(system_fonts):
    layout = layout_paragraph([Span(KHMER_LETTER)], ParaStyle(leading=30), system_fonts, WIDTH)
    assert {line.height for line in layout.lines} == {30}


def test_bold_and_size_changes_inside_a_paragraph(system_fonts):
    spans = [Span("វេទិកា"), Span("អង្គការ", bold=True), Span("សង្គម", size=16)]
    (line,) = layout_paragraph(spans, ParaStyle(), system_fonts, WIDTH).lines
    assert [run.text for run in line.runs] == ["វេទិកា", "អង្គការ", "សង្គម"]
    body = system_fonts.face("body")
    assert [run.face for run in line.runs] == [body, system_fonts.face("body", bold=True), body]
    assert line.runs[2].size == 16
    assert line.height == pytest.approx((system_fonts.face("body").ascent + system_fonts.face("body").descent) * 16)


def test_forced_line_break(system_fonts):
    text = "សូមគោរពជូន\nឯកឧត្តម អភិបាលខេត្តតាកែវ"
    layout = layout_paragraph([Span(text)], ParaStyle(), system_fonts, WIDTH)
    assert ["".join(r.text for r in line.runs) for line in layout.lines] == ["សូមគោរពជូន", "ឯកឧត្តម អភិបាលខេត្តតាកែវ"]


def test_a_font_per_script(system_fonts):
    (line, *_rest) = layout_paragraph([Span(MIXED_LETTER)], ParaStyle(), system_fonts, 2000).lines
    families = {run.text.strip(): run.face.family for run in line.runs}
    assert families["8:00"] == system_fonts.face("latin").family
    assert families["កិច្ចប្រជុំនឹងចាប់ផ្តើមនៅម៉ោង"] == system_fonts.face("body").family


def test_latin_digits_in_a_khmer_line_are_set_in_the_latin_face(bundled_fonts):
    body = bundled_fonts.face("body")
    layout = layout_paragraph([Span("ម៉ោង 8:00 ព្រឹក")], ParaStyle(), bundled_fonts, WIDTH)
    faces = [run.face for run in layout.lines[0].runs]
    assert body.family == "Battambang" and bundled_fonts.face("latin") in faces and body in faces
    assert all(g.gid != 0 for run in layout.lines[0].runs for g in run.glyphs)


def test_over_long_word_is_cut_between_clusters(system_fonts):
    word = "វេទិកាអង្គការសង្គមស៊ីវិល" * 2
    layout = layout_paragraph([Span(word)], ParaStyle(), system_fonts, 40)
    assert "".join(word[l.start:l.end] for l in layout.lines) == word
    assert all(l.width <= 40 + 1e-6 for l in layout.lines)


def test_split_across_frames_keeps_all_text(system_fonts):
    paragraph = KhmerParagraph([Span(KHMER_LETTER)], ParaStyle(first_indent=20, space_before=6), system_fonts)
    _width, height = paragraph.wrap(WIDTH, 1000)
    head, tail = paragraph.split(WIDTH, height / 2)
    head_h, tail_h = head.wrap(WIDTH, 1000)[1], tail.wrap(WIDTH, 1000)[1]
    assert head_h <= height / 2 and head_h + tail_h == pytest.approx(height)
    assert "".join(s.text for s in head.spans + tail.spans) == KHMER_LETTER
    assert tail.getSpaceBefore() == 0 and left_edge(tail.layout(WIDTH).lines[0]) == 0
    assert paragraph.split(WIDTH, 1) == []


def test_split_leaves_no_orphan_and_no_widow(system_fonts):
    paragraph = KhmerParagraph([Span(KHMER_LETTER)], ParaStyle(), system_fonts)
    lines = paragraph.layout(WIDTH).lines
    one_line, all_but_one = lines[0].height * 1.5, sum(line.height for line in lines[:-1]) + 0.1
    assert paragraph.split(WIDTH, one_line) == []
    head, tail = paragraph.split(WIDTH, all_but_one)
    assert len(head.layout(WIDTH).lines) == len(lines) - 2 and len(tail.layout(WIDTH).lines) == 2


def test_paragraphs_flow_over_pages(system_fonts):
    story = [KhmerParagraph([Span(KHMER_LETTER)], ParaStyle(space_after=6), system_fonts) for _ in range(8)]
    pages = pdfium_text(build_pdf(story))
    assert len(pages) >= 2
    assert squeeze("".join(pages)) == squeeze(KHMER_LETTER * 8)


def test_paragraph_in_a_table_cell(system_fonts):
    cell = KhmerParagraph([Span("ឈ្មោះអង្គការ")], ParaStyle(), system_fonts)
    wide = KhmerParagraph([Span(KHMER_LETTER)], ParaStyle(align="justify"), system_fonts)
    table = Table([[cell, wide]], colWidths=[90, 300])
    text = pdfium_text(build_pdf([table]))[0]
    assert squeeze(text) == squeeze("ឈ្មោះអង្គការ" + KHMER_LETTER)


def test_min_width_is_the_widest_unbreakable_piece(system_fonts):
    paragraph = KhmerParagraph([Span("ក អង្គការ ខ")], ParaStyle(left_indent=5), system_fonts)
    assert paragraph.minWidth() == pytest.approx(measure([Span("អង្គការ")], ParaStyle(), system_fonts) + 5)


def test_draw_line_aligns_in_the_width_and_returns_the_drawn_width(system_fonts):
    from pdf_support import drawn_pdf, page_operators

    spans, widths = [Span("ទំព័រ ១ នៃ ២")], []
    pdf = drawn_pdf(lambda canvas: widths.append(
        draw_line(canvas, 100, 50, spans, ParaStyle(align="right"), system_fonts, width=200)))
    (width,) = widths
    assert width == pytest.approx(measure(spans, ParaStyle(), system_fonts))
    operators = page_operators(pdf)
    first_x = float(operators.split(" Tm")[0].split()[-2])
    assert first_x == pytest.approx(300 - width, abs=0.5)


@pytest.mark.parametrize("text", [KHMER_LETTER, MIXED_LETTER, ENGLISH_LETTER], ids=["km", "mixed", "en"])
def test_shape_once_then_cut_gives_the_glyphs_of_shaping_each_line_alone(system_fonts, text):
    # STYLE.md practice 9: runs are shaped once and cut at line ends, reshaped only
    # where HarfBuzz flags a cut as unsafe; the result must equal shaping each piece anew.
    from docgen.text.shape import shape

    layout = layout_paragraph([Span(text)], ParaStyle(), system_fonts, 230)
    for line in layout.lines:
        for run in line.runs:
            fresh = shape(run.face, run.text, run.size).glyphs
            assert [g.gid for g in run.glyphs] == [g.gid for g in fresh], run.text
            assert sum(g.advance for g in run.glyphs) == pytest.approx(sum(g.advance for g in fresh))


def test_a_four_line_paragraph_split_after_three_leaves_two_and_two_no_widow(system_fonts):
    lines = layout_paragraph([Span(KHMER_LETTER)], ParaStyle(), system_fonts, WIDTH).lines
    text = KHMER_LETTER[:lines[3].end].rstrip()
    paragraph = KhmerParagraph([Span(text)], ParaStyle(), system_fonts)
    four = paragraph.layout(WIDTH).lines
    assert len(four) == 4
    head, tail = paragraph.split(WIDTH, sum(line.height for line in four[:3]) + 0.1)
    assert (len(head.layout(WIDTH).lines), len(tail.layout(WIDTH).lines)) == (2, 2)


def test_justification_widens_no_break_spaces_as_it_does_spaces(system_fonts):
    words = ["វេទិកា", "អង្គការ", "សង្គម", "ស៊ីវិល", "ជាមួយ", "អាជ្ញាធរ", "ខេត្ត"] * 3
    text = "\u00a0".join(words)   # no break at a no-break space: lines break between Khmer words only
    layout = layout_paragraph([Span(text)], ParaStyle(align="justify"), system_fonts, 150)
    first = layout.lines[0]
    assert len(layout.lines) > 1 and "\u00a0" in text[first.start:first.end]
    assert first.width == pytest.approx(150, abs=0.01)
