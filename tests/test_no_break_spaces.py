"""A no-break space is a space to the layout: it keeps the font of its words and vanishes at a line's end."""
from __future__ import annotations

import pytest

from docgen.text.layout import layout_paragraph
from docgen.text.spans import ParaStyle, Span


def test_a_no_break_space_between_khmer_words_is_set_in_their_font(system_fonts):
    (line,) = layout_paragraph([Span("វេទិកា\u00a0អង្គការ")], ParaStyle(), system_fonts, 300).lines
    assert [run.text for run in line.runs] == ["វេទិកា\u00a0អង្គការ"]  # one run: no switch to the Latin face
    assert line.runs[0].face.covers("\u1780")


@pytest.mark.parametrize("align", ["left", "right"])
def test_a_no_break_space_at_a_line_end_takes_no_room(system_fonts, align):
    (bare,) = layout_paragraph([Span("ខេត្តកែប")], ParaStyle(align=align), system_fonts, 300).lines
    (spaced,) = layout_paragraph([Span("ខេត្តកែប\u00a0")], ParaStyle(align=align), system_fonts, 300).lines
    assert spaced.width == pytest.approx(bare.width)
    assert spaced.runs[0].positions[0] == pytest.approx(bare.runs[0].positions[0])  # right-aligned to the edge
