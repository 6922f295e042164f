"""The reference package, read once per process: each letter gets a fresh python-docx Document on it.

A mailing writes thousands of DOCX files from one reference (``reference.docx`` or a
project's ``letterhead.docx``). Opening it for every letter parsed, re-serialised and
re-compressed the 800 kB of styles each time (issue 10). Here the package is opened
once; the parts a letter writes (the document, its headers and footers, the core
properties) are copied fresh for each letter, and every other part is shared.

The zip (``docgen.docx.archive``) starts with ``[Content_Types].xml``, the package
relationships and the shared parts, in python-docx's order, compressed once and kept as a
prefix; each letter appends its own parts after it, in python-docx's order, with its
pictures stored (PNG and JPEG are compressed already: deflating the logo again for every
letter cost a fifth of the writing time to save 0.1 %). Every member has one fixed time,
so a fixed ``--timestamp`` gives the same bytes in any process.
"""
from __future__ import annotations

import copy
import datetime as dt
import zipfile
from collections.abc import Hashable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeVar

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from docgen.docx import archive, internals
from docgen.docx.reference import REFERENCE, STYLE_NAMES
from docgen.errors import Problem, WriteError

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

__all__ = ["ReferencePackage", "Remembered", "reference_package"]

V = TypeVar("V")

# settings.xml children after w:compat (CT_Settings sequence, ECMA-376 17.15.1.78)
_AFTER_COMPAT = ("w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
                 "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                 "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
                 "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")


class Remembered(dict):
    """A cache that forgets everything once it holds ``limit`` entries (a mailing uses a handful of keys)."""

    def __init__(self, limit: int = 64):
        super().__init__()
        self.limit = limit

    def remember(self, key: Hashable, value: V) -> V:
        """Keep ``value`` under ``key`` and return it."""
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value


class ReferencePackage:
    """A Word package prepared for the writer, from which each letter takes a fresh Document."""

    def __init__(self, source: Path):
        try:
            self.master = docx.Document(str(source))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
            raise WriteError(Problem(str(source), None, "letterhead",
                                     f"not a Word document python-docx can read: {exc}")) from exc
        _prepare(self.master, letterhead=source != REFERENCE)
        self._shared = {p.partname: p for p in self.master.part.package.parts if not internals.is_letter_part(p)}
        self.style_ids = _paragraph_style_ids(self.master)
        # python-docx builds each element by a schema-ordered search, so a mailing copies the few
        # distinct ones: run and paragraph properties (w:rPr, w:pPr) by their settings, empty tables by shape
        self.run_properties, self.paragraph_properties, self.tables = Remembered(), Remembered(), Remembered()
        self._prefixes: Remembered = Remembered(limit=4)  # (time, package members) -> the zip of the shared parts

    def new_document(self) -> DocxDocument:
        """A Document of its own copies of the letter parts, sharing the other parts read-only."""
        return internals.new_document(self.master)

    def write(self, document: DocxDocument, out: BinaryIO, stamp: dt.datetime) -> None:
        """Write ``document`` (from ``new_document``) to ``out``, every zip member dated ``stamp``."""
        when = archive.date_time(stamp)
        listed = internals.members(document)
        shared = [m for m in listed if m.part is None or self._shared.get(m.part.partname) is m.part]
        own = [m for m in listed if m not in shared]
        # The content types and package relationships are read for each letter (they name its parts);
        # a shared part never changes, so its name stands for it.
        head = tuple((m.name, m.read() if m.part is None else None) for m in shared)
        key = (when, head)
        prefix = self._prefixes.get(key)
        if prefix is None:
            entries = [(name, m.read() if blob is None else blob, True) for (name, blob), m in zip(head, shared)]
            prefix = self._prefixes.remember(key, archive.write_archive(entries, when))
        out.write(archive.write_archive([(m.name, m.read(), _deflated(m)) for m in own], when, prefix))


def _deflated(member: internals.Member) -> bool:
    """Whether a letter's own member is deflated: XML is, pictures (PNG, JPEG: compressed already) are stored."""
    return member.name.endswith(".rels") or member.part is None or member.part.content_type.endswith("xml")


@lru_cache(maxsize=4)
def _cached_package(source: Path, mtime_ns: int, size: int) -> ReferencePackage:
    return ReferencePackage(source)


def reference_package(letterhead: Path | None) -> ReferencePackage:
    """The process's package for ``letterhead`` (or the bundled reference), read again only when the file changes."""
    source = Path(letterhead or REFERENCE)
    stat = source.stat()
    return _cached_package(source, stat.st_mtime_ns, stat.st_size)


def _prepare(master: DocxDocument, letterhead: bool) -> None:
    """Empty the body (keeping its section), add the writer's styles a letterhead lacks, set compat options."""
    body = master.element.body
    for child in list(body)[:-1]:
        body.remove(child)
    if letterhead:
        _add_missing_styles(master)
    _no_stretch_before_line_breaks(master)


def _no_stretch_before_line_breaks(master: DocxDocument) -> None:
    """A justified line that ends in a line break is not stretched (as in the PDF): w:doNotExpandShiftReturn."""
    settings = master.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        settings.insert_element_before(compat, *_AFTER_COMPAT)
    if compat.find(qn("w:doNotExpandShiftReturn")) is None:
        compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))


def _add_missing_styles(master: DocxDocument) -> None:
    """Give a letterhead the styles the writer names that it lacks, copied from reference.docx."""
    reference = docx.Document(str(REFERENCE))
    have = {s.name for s in master.styles}
    needed = {*STYLE_NAMES.values(), "Heading 1", "Heading 2", "Heading 3"}
    for name in sorted(needed - have):
        master.styles.element.append(copy.deepcopy(reference.styles[name].element))


def _paragraph_style_ids(master: DocxDocument) -> dict[str, str | None]:
    """Paragraph style name -> style id (None for the default style, which Word leaves unnamed)."""
    styles = master.styles
    default = styles.default(WD_STYLE_TYPE.PARAGRAPH)
    return {s.name: (None if default is not None and s.style_id == default.style_id else s.style_id)
            for s in styles if s.type == WD_STYLE_TYPE.PARAGRAPH}

