"""Khmer run properties as XML strings, the way python-docx tests itself."""
from __future__ import annotations

import re

import docx
from docx.oxml.ns import nsdecls

from docgen.docx import internals, oxml

W = nsdecls("w")


def make_run(rpr: str = ""):
    paragraph = docx.Document().add_paragraph()
    run = paragraph.add_run("ក")
    if rpr:
        from docx.oxml import parse_xml

        run.element.insert(0, parse_xml(f"<w:rPr {W}>{rpr}</w:rPr>"))
    return run


def rpr_xml(run) -> str:
    from lxml import etree

    return re.sub(r' xmlns:\w+="[^"]*"', "", etree.tostring(run.element.rPr).decode())


def test_complex_script_properties_are_inserted_in_schema_order():
    run = make_run('<w:b/><w:color w:val="FF0000"/><w:sz w:val="22"/><w:u w:val="single"/>')
    oxml.set_complex_script(run.element, "Khmer OS Siemreap", 11, bold=True, italic=True)
    assert rpr_xml(run) == (
        '<w:rPr><w:rFonts w:cs="Khmer OS Siemreap"/><w:b/><w:bCs/><w:iCs/><w:color w:val="FF0000"/>'
        '<w:sz w:val="22"/><w:szCs w:val="22"/><w:u w:val="single"/><w:lang w:bidi="km-KH"/></w:rPr>'
    )


def test_existing_fonts_keep_their_latin_names_and_lose_a_theme_override():
    run = make_run('<w:rFonts w:ascii="Times New Roman" w:cstheme="minorBidi"/><w:lang w:val="en-GB"/>')
    oxml.set_complex_script(run.element, "Khmer OS Muol Light", 10.5)
    assert rpr_xml(run) == (
        '<w:rPr><w:rFonts w:ascii="Times New Roman" w:cs="Khmer OS Muol Light"/><w:szCs w:val="21"/>'
        '<w:lang w:val="en-GB" w:bidi="km-KH"/></w:rPr>'
    )


def test_turning_bold_off_removes_bcs():
    run = make_run("<w:bCs/><w:iCs/>")
    oxml.set_complex_script(run.element, None, None, bold=False, italic=True)
    assert rpr_xml(run) == '<w:rPr><w:iCs/><w:lang w:bidi="km-KH"/></w:rPr>'


def test_row_flags_mark_header_rows_and_unsplittable_rows():
    table = docx.Document().add_table(rows=1, cols=1)
    tr = internals.element(table.rows[0])
    oxml.set_row_flags(tr, header=True, cant_split=True)
    assert re.sub(r"\s+", "", tr.trPr.xml).endswith("<w:cantSplit/><w:tblHeader/></w:trPr>")
    oxml.set_row_flags(tr, header=False, cant_split=True)
    assert "tblHeader" not in tr.xml and "cantSplit" in tr.xml


def test_has_khmer():
    assert oxml.has_khmer("abc ក") and not oxml.has_khmer("abc 123")
