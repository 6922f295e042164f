"""The python-docx internals docgen relies on, in one module; every other module uses its public API.

python-docx has no public way to make a Document out of parts already read, nor to list
the zip members its writer would write without writing them, and it keeps the XML element
of a paragraph, table, row, cell or header private. A mailing needs all three: each letter
takes a fresh package that shares the reference package's unchanged parts (issue 10), and
the writer extends python-docx at the XML level (``docgen.docx.oxml``).
``tests/test_docx_internals.py`` pins the behaviour relied on here, so that a python-docx
upgrade that changes it fails there first.
"""
from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docx.opc.packuri import PACKAGE_URI
from docx.opc.parts.coreprops import CorePropertiesPart
from docx.opc.pkgwriter import _ContentTypesItem  # python-docx's own [Content_Types].xml builder
from docx.package import Package
from docx.parts.document import DocumentPart
from docx.parts.hdrftr import FooterPart, HeaderPart
from docx.table import Table, _Cell

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.opc.part import Part
    from docx.oxml.xmlchemy import BaseOxmlElement

__all__ = ["Member", "cell", "element", "is_letter_part", "members", "new_document"]

# The parts the writer changes: each letter has its own copies of these; every other part is shared.
_LETTER_PARTS = (DocumentPart, HeaderPart, FooterPart, CorePropertiesPart)


def element(proxy: Any) -> BaseOxmlElement:
    """The XML element behind a python-docx paragraph, table, row, cell, header or footer."""
    return proxy._element


def cell(tc: BaseOxmlElement, table: Table) -> _Cell:
    """The python-docx cell of the ``w:tc`` element ``tc`` in ``table``."""
    return _Cell(tc, table)


def is_letter_part(part: Part) -> bool:
    """Whether the writer changes ``part`` (the document, a header or footer, the core properties)."""
    return isinstance(part, _LETTER_PARTS)


def new_document(master: DocxDocument) -> DocxDocument:
    """A Document with its own copies of ``master``'s letter parts, sharing every other part.

    The shared parts must be left as they are: they belong to every Document made here.
    """
    source = master.part.package
    package = Package()
    copies = {p.partname: type(p)(p.partname, p.content_type, copy.deepcopy(p.element), package)
              for p in source.parts if is_letter_part(p)}
    originals = [p for p in source.parts if p.partname in copies]
    for owner, target in [(source, package)] + [(p, copies[p.partname]) for p in originals]:
        for rel in owner.rels.values():
            end = rel.target_ref if rel.is_external else copies.get(rel.target_part.partname, rel.target_part)
            target.load_rel(rel.reltype, end, rel.rId, rel.is_external)
    package.after_unmarshal()
    return copies[source.main_document_part.partname].document


@dataclass(frozen=True)
class Member:
    """One zip member of a package: its name, the part it comes from (None for the package's own) and its bytes."""

    name: str
    part: Part | None
    read: Callable[[], bytes]


def members(document: DocxDocument) -> list[Member]:
    """The zip members python-docx's ``save`` would write for ``document``, in its order.

    ``[Content_Types].xml`` and the package relationships first, then each part and, when it
    has any, its relationships. Reading a member's bytes serialises the part only then.
    """
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    listed = [Member("[Content_Types].xml", None, lambda: _ContentTypesItem.from_parts(parts).blob),
              Member(PACKAGE_URI.rels_uri.membername, None, lambda: package.rels.xml)]
    for part in parts:
        listed.append(Member(part.partname.membername, part, lambda part=part: part.blob))
        if len(part.rels):
            listed.append(Member(part.partname.rels_uri.membername, part, lambda part=part: part.rels.xml))
    return listed
