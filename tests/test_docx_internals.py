"""The python-docx internals docgen relies on (docgen.docx.internals), pinned so that an upgrade that changes them fails here."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest
from private_names_support import private_attributes, uses_outside

from docgen.docx import internals
from docgen.docx.reference import REFERENCE


@pytest.fixture
def master():
    document = docx.Document(str(REFERENCE))
    document.sections[0].header.paragraphs[0].text = "letterhead"
    return document


def saved(document) -> list[tuple[str, bytes]]:
    out = io.BytesIO()
    document.save(out)
    with zipfile.ZipFile(out) as archive:
        return [(name, archive.read(name)) for name in archive.namelist()]


def test_element_is_the_xml_behind_each_proxy(master):
    table = master.add_table(rows=1, cols=1)
    section = master.sections[0]
    proxies = {"p": master.add_paragraph("x"), "tbl": table, "tr": table.rows[0], "tc": table.cell(0, 0),
               "hdr": section.header, "ftr": section.footer}
    assert {tag: internals.element(proxy).tag.rsplit("}", 1)[1] for tag, proxy in proxies.items()} == \
        {tag: tag for tag in proxies}


def test_cell_writes_into_its_tc(master):
    table = master.add_table(rows=1, cols=2)
    tc = internals.element(table.rows[0]).tc_lst[1]
    internals.cell(tc, table).paragraphs[0].text = "second"
    assert [c.text for c in table.rows[0].cells] == ["", "second"]


def test_the_letter_parts_are_the_document_its_headers_and_footers_and_the_core_properties(master):
    names = {str(p.partname) for p in master.part.package.parts if internals.is_letter_part(p)}
    assert names == {"/word/document.xml", "/word/header1.xml", "/docProps/core.xml"}


def test_a_new_document_copies_the_letter_parts_and_shares_the_others(master):
    first, second = internals.new_document(master), internals.new_document(master)
    first.add_paragraph("only in the first")
    first.sections[0].header.paragraphs[0].text = "first's header"
    first.core_properties.title = "first"
    assert [p.text for p in second.paragraphs] == [p.text for p in master.paragraphs]
    assert second.sections[0].header.paragraphs[0].text == "letterhead" and second.core_properties.title == ""
    assert first.styles.element is second.styles.element is master.styles.element
    assert first.part is not master.part and dict(saved(second)) == dict(saved(master))


def test_members_are_what_python_docx_save_writes_in_its_order(master):
    document = internals.new_document(master)
    document.add_paragraph("hello")
    listed = internals.members(document)
    assert [(m.name, m.read()) for m in listed] == saved(document)
    assert [m.part for m in listed[:2]] == [None, None]
    assert all(m.part is not None for m in listed[2:])
    styles = next(m for m in listed if m.name == "word/styles.xml")
    assert styles.part.element is master.styles.element  # a shared part's member is known by its part


def _python_docx_private_names() -> set[str]:
    """The private attributes of python-docx's classes, and of a document's proxies (table, row, cell,
    paragraph, run, section), where the XML behind each is kept."""
    import importlib
    import pkgutil

    classes = []
    for info in pkgutil.walk_packages(docx.__path__, "docx."):
        module = importlib.import_module(info.name)
        classes += [v for v in vars(module).values() if isinstance(v, type) and v.__module__ == info.name]
    document = docx.Document()
    table = document.add_table(rows=1, cols=1)
    paragraph = document.add_paragraph()
    proxies = (document, table, table.rows[0], table.cell(0, 0), paragraph, paragraph.add_run("a"), document.sections[0])
    return private_attributes(classes) | private_attributes(proxies)


def test_no_module_but_the_adapter_touches_a_private_python_docx_name():
    private = _python_docx_private_names()
    assert {"_element", "_tr", "_tc", "_tbl", "_p", "_r", "_parent"} <= private
    found = uses_outside(private, "docx", "docx", "internals.py", __file__)
    assert not found, "python-docx internals outside docgen/docx/internals.py:\n" + "\n".join(found)
