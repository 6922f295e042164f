"""Markup -> model: every element, white space, and problems that name the line."""
from __future__ import annotations

import pytest

from docgen import document as d
from docgen.errors import TemplateError
from docgen.folders import TEMPLATES_DIR
from docgen.markup import parse

DEMO_FOLDER = TEMPLATES_DIR / "demo"


def problems(markup: str) -> list[str]:
    with pytest.raises(TemplateError) as info:
        parse(markup, source="t.xml")
    return info.value.lines()


def test_document_attributes_make_the_page_setup_and_metadata():
    doc = parse('<document paper="A5" orientation="landscape" margins="10 20" lang="km" size="12" title="T"/>')
    assert doc.page.size == "A5" and doc.page.orientation == "landscape"
    assert doc.page.margins == pytest.approx((10 * d.MM, 20 * d.MM, 10 * d.MM, 20 * d.MM))
    assert (doc.lang, doc.digits, doc.size, doc.meta.title) == ("km", "khmer", 12.0, "T")


def test_headers_and_footers_for_first_and_other_pages():
    doc = parse('<document><header pages="first"><p>one</p></header><header pages="rest"><p>more</p></header>'
                '<footer><p><page/>/<pages/></p></footer></document>')
    assert d.plain_text(doc.page.first_header[0].inlines) == "one"
    assert d.plain_text(doc.page.header[0].inlines) == "more"
    assert doc.page.footer == doc.page.first_footer
    assert [i.kind for i in doc.page.footer[0].inlines if isinstance(i, d.PageNumber)] == ["page", "pages"]


def test_inline_styles_nest_and_white_space_collapses():
    doc = parse('<document><p>  a\n   <b>b <i>c</i></b>  <span size="9" color="#abc" font="latin">d</span><br/>'
                '  e\u200bf </p></document>')
    inlines = doc.blocks[0].inlines
    assert inlines == (
        d.Run(text="a "), d.Run(text="b ", bold=True), d.Run(text="c", bold=True, italic=True), d.Run(text=" "),
        d.Run(text="d", size=9.0, color="#aabbcc", font="latin"), d.LineBreak(), d.Run(text="e\u200bf"),
    )


def test_headings_take_the_heading_font_and_larger_sizes():
    doc = parse('<document size="10"><h1>a</h1><h2 align="right">b</h2><h3>c</h3></document>')
    h1, h2, h3 = doc.blocks
    assert (h1.level, h1.size, h1.align, h1.font) == (1, 13.0, "centre", "heading")
    assert (h2.level, h2.size, h2.align) == (2, 11.0, "right")
    assert (h3.level, h3.size) == (3, 10.0)


def test_table_rows_cells_spans_and_defaults():
    doc = parse('<document><table widths="15mm * 2*" header-rows="1" borders="rows" size="9" keep-rows="false">'
                '<tr keep="true"><td shade="#eee" align="center" colspan="3">h</td></tr>'
                '<tr><td rowspan="2" valign="middle">1</td><td><p>a</p><qr data="x"/></td><td>b</td></tr>'
                '<tr><td>c</td><td>d</td></tr></table></document>')
    table = doc.blocks[0]
    assert table.widths == (d.Width(15 * d.MM), d.Width(1, star=True), d.Width(2, star=True))
    assert (table.header_rows, table.borders) == (1, "rows")
    assert [r.keep for r in table.rows] == [True, False, False]
    head = table.rows[0].cells[0]
    assert (head.shade, head.colspan, head.blocks[0].align, head.blocks[0].size) == ("#eeeeee", 3, "centre", 9.0)
    assert [type(b).__name__ for b in table.rows[1].cells[1].blocks] == ["Paragraph", "QRCode"]


def test_rows_take_a_minimum_height_and_keep_with_next():
    doc = parse('<document><table><tr keep-with-next="true"><td>group</td></tr>'
                '<tr height="10mm"><td>a</td></tr><tr><td>b</td></tr></table></document>')
    rows = doc.blocks[0].rows
    assert [(r.keep_with_next, r.height) for r in rows] == [(True, None), (False, 10 * d.MM), (False, None)]
    assert "Row height=28.35" in d.dump(doc) and "Row keep_with_next=True" in d.dump(doc)


def test_bad_row_height_and_keep_with_next_are_reported():
    assert problems('<document><table><tr height="tall" keep-with-next="maybe"><td>a</td></tr>'
                    '</table></document>') == [
        "t.xml:1: height: <tr height='tall'>: expected a length like 15mm, 1.5cm, 12pt or 1in",
        "t.xml:1: keep-with-next: <tr keep-with-next='maybe'>: expected true or false",
    ]


def test_image_qr_signature_spacer_pagebreak_keep():
    doc = parse('<document><image src="emblem.png" width="2cm"/><qr data="q" size="1in" align="right"/>'
                '<keep><signature position="Chair" seal="emblem.png"><name font="heading">N <b>B</b></name></signature>'
                '<spacer height="3mm"/><pagebreak/></keep></document>', base_dir=DEMO_FOLDER)
    image, qr, keep = doc.blocks
    assert image.path == DEMO_FOLDER / "emblem.png" and image.width == pytest.approx(20 * d.MM)
    assert (qr.data, qr.size, qr.align) == ("q", 72.0, "right")
    signature, spacer, pagebreak = keep.blocks
    assert d.plain_text(signature.position[0].inlines) == "Chair"
    assert signature.name[0].font == "heading" and signature.seal.src == "emblem.png"
    assert spacer.height == pytest.approx(3 * d.MM) and pagebreak == d.PageBreak()


def test_malformed_markup_names_the_line():
    [line] = problems("<document>\n\n<p>a <b>b</p>\n</document>")
    assert line.startswith("t.xml:3: malformed markup: Opening and ending tag mismatch: b line 3 and p")


def test_undefined_entities_and_doctypes_are_refused():
    assert "Entity 'nbsp' not defined" in problems("<document><p>&nbsp;</p></document>")[0]
    assert problems('<!DOCTYPE d [<!ENTITY x "y">]>\n<document/>') == ["t.xml:1: a DOCTYPE is not allowed in markup"]


def test_every_problem_of_a_document_is_reported_with_its_line():
    lines = problems('<document>\n<p bogus="1" size="big">a<u>b</u></p>\n<table widths="1mm"><tr><td>a</td><td>b</td>'
                     '</tr></table>\n<image src="missing.png"/>\n<blink/>\nloose text\n</document>')
    assert lines[:-1] == [
        "t.xml:2: size: <p size='big'>: expected a font size in points, like 11 or 10.5",
        "t.xml:2: u: <u> is not allowed inside text; expected one of: b, i, span, br, page, pages",
        "t.xml:2: bogus: <p> has no attribute 'bogus' (it takes: align, font, size, spacing, before, after, "
        "indent, left, right, color)",
        "t.xml:3: widths: 1 widths given for 2 columns",
        "t.xml:4: src: image file not found: missing.png",
        "t.xml:5: blink: text 'loose text' is not allowed here; put it in a <p>",
    ]
    assert lines[-1].startswith("t.xml:5: blink: <blink> is not allowed in docgen markup; expected one of: h1, h2, h3,")


def test_the_root_must_be_document():
    assert problems("<p>x</p>") == ["t.xml:1: p: the markup must start with <document>"]
