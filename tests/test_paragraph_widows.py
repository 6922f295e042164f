"""A paragraph split at a page's foot leaves no widow: its last line never begins a page alone."""
from __future__ import annotations

from docgen import writers
from docgen.markup import parse
from typeset_support import pdfium_text


def test_a_four_line_paragraph_cut_after_three_lines_goes_on_two_and_two(tmp_path):
    # Four-line paragraphs one after another, after 0-3 one-line paragraphs: one of the four leads in
    # puts a page's foot after the third line of a paragraph (lines of one height, no space between).
    four = "".join(f'<p after="0">L{n}a<br/>L{n}b<br/>L{n}c<br/>L{n}d</p>' for n in range(40))
    lead_in, first_lines = '<p after="0">lead</p>', []
    for lead in range(4):
        markup = f'<document lang="en">{lead_in * lead}{four}</document>'
        path = writers.write(parse(markup), tmp_path / f"lead{lead}.pdf", "pdf")
        pages = [text.split() for text in pdfium_text(path.read_bytes())]
        assert len(pages) >= 2
        assert [word for page in pages for word in page if word != "lead"] == [
            f"L{n}{x}" for n in range(40) for x in "abcd"]  # every line once, in order
        first_lines += [page[0][-1] for page in pages[1:]]
    assert "d" not in first_lines  # no page begins with a paragraph's last line
    assert "c" in first_lines  # a page's foot fell after a third line: the paragraph went on two and two
