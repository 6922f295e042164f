"""The document model: page geometry, table grid, column widths, plain text, dump and the visitor."""
from __future__ import annotations

import pytest

from docgen import document as d


def test_page_dimensions_follow_paper_and_orientation():
    assert d.PageSetup(size="A4").dimensions == pytest.approx((595.28, 841.89), abs=0.01)
    width, height = d.PageSetup(size="DL", orientation="landscape").dimensions
    assert (width / d.MM, height / d.MM) == pytest.approx((220, 110))
    assert d.PageSetup(size="A5", margins=(0, 10 * d.MM, 0, 20 * d.MM)).frame_width == pytest.approx(118 * d.MM)


def test_table_grid_skips_slots_taken_by_row_spans():
    cell = d.Cell()
    table = d.Table(rows=(
        d.Row(cells=(d.Cell(rowspan=2), d.Cell(colspan=2))),
        d.Row(cells=(cell, cell)),
    ))
    assert [(g.row, g.col) for g in d.table_grid(table)] == [(0, 0), (0, 1), (1, 1), (1, 2)]


def test_column_widths_share_what_fixed_columns_leave():
    table = d.Table(widths=(d.Width(100), d.Width(1, star=True), d.Width(3, star=True)))
    assert d.column_widths(table, 500) == [100, 100, 300]
    equal = d.Table(rows=(d.Row(cells=(d.Cell(), d.Cell())),))
    assert d.column_widths(equal, 300) == [150, 150]


def test_plain_text_writes_page_fields_in_the_documents_digits():
    inlines = (d.Run(text="ទំព័រ "), d.PageNumber(kind="page"), d.Run(text="/"), d.PageNumber(kind="pages"),
               d.LineBreak(), d.Run(text="x"))
    assert d.plain_text(inlines, page=2, pages=12, digits="khmer") == "ទំព័រ ២/១២\nx"
    assert d.plain_text(inlines, page=2, pages=12) == "ទំព័រ 2/12\nx"


def test_dump_is_indented_and_shows_only_what_differs_from_defaults():
    doc = d.Document(lang="km", blocks=(
        d.Paragraph(inlines=(d.Run(text='say "hi"', bold=True),), align="centre"),
        d.Table(widths=(d.Width(10), d.Width(2, star=True)), rows=(d.Row(cells=(d.Cell(colspan=2),)),)),
    ))
    assert d.dump(doc) == (
        "Document lang=km\n"
        "  Paragraph align=centre\n"
        '    Run "say \\"hi\\"" bold\n'
        "  Table widths=10pt,2*\n"
        "    Row\n"
        "      Cell colspan=2\n"
    )


def test_walk_reaches_runs_inside_tables_and_keeps():
    run = d.Run(text="deep")
    doc = d.Document(blocks=(d.Keep((d.Table(rows=(d.Row(cells=(d.Cell(blocks=(d.Paragraph(inlines=(run,)),)),)),)),)),))
    assert run in list(d.walk(doc))


def test_visitor_raises_on_a_block_it_does_not_know():
    class Partial(d.Visitor):
        def visit_spacer(self, spacer):
            return spacer.height

    assert Partial().visit(d.Spacer(3.0)) == 3.0
    with pytest.raises(TypeError, match="cannot handle a PageBreak"):
        Partial().visit(d.PageBreak())
