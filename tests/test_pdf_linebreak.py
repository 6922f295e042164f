"""Line breaking as strings: whole ICU words on each line, no gaps, no lost text (STYLE.md practice 10a)."""
from __future__ import annotations

import pytest

from docgen.khmer.segment import BreakKind, breakpoints, words
from docgen.text.layout import boxes, char_advances, font_runs, layout_paragraph
from docgen.text.linebreak import Box, break_lines
from docgen.text.layout import measure
from docgen.text.spans import ParaStyle, Span
from typeset_support import ENGLISH_LETTER, KHMER_LETTER, MIXED_LETTER


def line_strings(text: str, lines) -> list[str]:
    return [text[line.start:line.end] for line in lines]


# -- the pure function ----------------------------------------------------------------

def test_greedy_fills_each_line_with_whole_boxes():
    items = [Box(0, 3, 30), Box(3, 6, 30), Box(6, 9, 30), Box(9, 12, 30, kind=None)]
    assert [(l.start, l.end) for l in break_lines(items, [65])] == [(0, 6), (6, 12)]


def test_trailing_space_does_not_count_at_a_line_end():
    items = [Box(0, 4, 30, trailing=5), Box(4, 8, 30, trailing=5), Box(8, 10, 10, kind=None)]
    lines = break_lines(items, [65])   # 30 + 5 + 30 fits; the second box's own space hangs outside
    assert [(l.start, l.end, l.width) for l in lines] == [(0, 8, 65.0), (8, 10, 10.0)]


def test_mandatory_break_ends_the_line_and_is_not_justified():
    items = [Box(0, 2, 10, kind=BreakKind.MANDATORY), Box(2, 4, 10, kind=None)]
    lines = break_lines(items, [100])
    assert [(l.start, l.end, l.last) for l in lines] == [(0, 2, True), (2, 4, True)]


def test_over_long_box_is_cut_between_clusters_only_as_a_last_resort():
    long_word = Box(0, 6, 60, kind=None, cuts=((2, 20), (4, 40), (6, 60)))
    assert [(l.start, l.end) for l in break_lines([Box(10, 11, 5), long_word], [45])] == [(10, 11), (0, 4), (4, 6)]


def test_widths_may_differ_per_line():
    items = [Box(i, i + 1, 10, kind=BreakKind.NORMAL) for i in range(5)]
    assert [l.end - l.start for l in break_lines(items, [25, 40])] == [2, 3]


# -- on real text -----------------------------------------------------------------------

@pytest.mark.parametrize("text", [KHMER_LETTER, ENGLISH_LETTER, MIXED_LETTER], ids=["km", "en", "mixed"])
def test_lines_keep_every_character_and_end_only_at_opportunities(system_fonts, text):
    layout = layout_paragraph([Span(text)], ParaStyle(), system_fonts, 300)
    strings = [text[line.start:line.end] for line in layout.lines]
    assert "".join(strings) == text
    assert len(strings) > 3
    allowed = {b.index for b in breakpoints(text)}
    assert all(line.end in allowed for line in layout.lines[:-1])


def test_no_line_ends_inside_an_icu_word(system_fonts):
    layout = layout_paragraph([Span(KHMER_LETTER)], ParaStyle(), system_fonts, 250)
    ends = {line.end for line in layout.lines[:-1]}
    position = 0
    for word in words(KHMER_LETTER):
        position = KHMER_LETTER.index(word, position)
        assert not ends & set(range(position + 1, position + len(word))), word
        position += len(word)


def test_lines_are_filled_greedily(system_fonts):
    style, width = ParaStyle(), 300
    text = KHMER_LETTER
    layout = layout_paragraph([Span(text)], style, system_fonts, width)
    for line, after in zip(layout.lines, layout.lines[1:]):
        next_piece = text[line.start:_next_opportunity(text, after.start)].rstrip(" ")
        assert measure([Span(next_piece)], style, system_fonts) > width, "the next word would have fitted"


def _next_opportunity(text: str, start: int) -> int:
    return next((b.index for b in breakpoints(text) if b.index > start), len(text))


def test_no_width_is_added_where_the_source_has_no_space(system_fonts):
    style = ParaStyle()
    whole = measure([Span("វេទិកាអង្គការសង្គមស៊ីវិល")], style, system_fonts)
    parts = sum(measure([Span(w)], style, system_fonts) for w in ("វេទិកា", "អង្គការ", "សង្គម", "ស៊ីវិល"))
    assert whole == pytest.approx(parts, abs=0.01)


def test_zero_width_space_adds_no_width(system_fonts):
    style = ParaStyle()
    plain = measure([Span("កម្មវត្ថុសហគមន៍")], style, system_fonts)
    assert measure([Span("កម្មវត្ថុ\u200bសហគមន៍")], style, system_fonts) == pytest.approx(plain)


def test_box_widths_sum_the_shaped_advances(system_fonts):
    text = "ក្នុងកម្មវត្ថុ សហគមន៍"
    style = ParaStyle()
    found = boxes(text, char_advances(text, font_runs([Span(text)], style, system_fonts)))
    assert [text[b.start:b.end] for b in found] == ["ក្នុង", "កម្មវត្ថុ ", "សហគមន៍"]
    assert found[1].trailing > 0 and found[0].trailing == 0
