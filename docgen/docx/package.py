"""The reference package, read once per process: each letter gets a fresh python-docx Document on it.

A mailing writes thousands of DOCX files from one reference (``reference.docx`` or a
project's ``letterhead.docx``). Opening it for every letter parsed, re-serialised and
re-compressed the 800 kB of styles each time (issue 10). Here the package is opened
once; the parts a letter writes (the document, its headers and footers, the core
properties) are copied fresh for each letter, and every other part is shared, its zip
member compressed once. The zip is written in python-docx's part order with one fixed
member time, so a fixed ``--timestamp`` gives the same bytes in any process.
"""
from __future__ import annotations

import copy
import datetime as dt
import struct
import zipfile
import zlib
from collections.abc import Hashable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeVar

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.packuri import PACKAGE_URI
from docx.opc.parts.coreprops import CorePropertiesPart
from docx.opc.pkgwriter import _ContentTypesItem  # python-docx's own [Content_Types].xml builder
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.package import Package
from docx.parts.document import DocumentPart
from docx.parts.hdrftr import FooterPart, HeaderPart
from lxml import etree

from docgen.docx.reference import REFERENCE, STYLE_NAMES
from docgen.errors import Problem, WriteError

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.opc.part import Part

__all__ = ["ReferencePackage", "Remembered", "reference_package", "write_package"]

V = TypeVar("V")
_UTF8_NAME = 0x0800  # zip general-purpose flag bit 11: the member name is UTF-8

# The parts the writer changes; each letter gets its own copy of these, all others are shared.
LETTER_PARTS = (DocumentPart, HeaderPart, FooterPart, CorePropertiesPart)
# settings.xml children after w:compat (CT_Settings sequence, ECMA-376 17.15.1.78)
_AFTER_COMPAT = ("w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
                 "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                 "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
                 "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")


@dataclass(frozen=True)
class _Member:
    """One zip member, ready to write: its raw deflate data, CRC-32 and uncompressed size."""

    name: bytes
    data: bytes
    crc: int
    size: int

    @classmethod
    def of(cls, name: str, blob: bytes, deflated: bytes | None = None) -> _Member:
        """The member ``name`` holding ``blob`` (``deflated``: its compressed data, when known already)."""
        return cls(name.lstrip("/").encode(), _deflate(blob) if deflated is None else deflated,
                   zlib.crc32(blob), len(blob))


def _deflate(blob: bytes) -> bytes:
    """Raw deflate at zipfile's default level, as python-docx writes its members."""
    packer = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return packer.compress(blob) + packer.flush()


class Remembered(dict):
    """A cache that forgets everything once it holds ``limit`` entries (a mailing uses a handful of keys)."""

    limit = 64

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
            master = docx.Document(str(source))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
            raise WriteError(Problem(str(source), None, "letterhead",
                                     f"not a Word document python-docx can read: {exc}")) from exc
        _prepare(master, letterhead=source != REFERENCE)
        self.package = master.part.package
        parts = self.package.parts
        self.shared: dict[str, Part] = {p.partname: p for p in parts if not isinstance(p, LETTER_PARTS)}
        self._own = [p for p in parts if isinstance(p, LETTER_PARTS)]
        self._members: dict[str, list[_Member]] = {}
        self.style_ids = _paragraph_style_ids(master)
        # python-docx builds each element by a schema-ordered search, so a mailing copies the few
        # distinct ones: run and paragraph properties (w:rPr, w:pPr) by their settings, empty tables by shape
        self.run_properties, self.paragraph_properties, self.tables = Remembered(), Remembered(), Remembered()
        self._pictures: Remembered = Remembered()  # picture bytes -> deflated (a logo or seal is in every letter)

    def new_document(self) -> DocxDocument:
        """A Document of its own copies of the letter parts, sharing the other parts read-only."""
        package = Package()
        copies = {p.partname: type(p)(p.partname, p.content_type, copy.deepcopy(p.element), package) for p in self._own}
        for source, target in [(self.package, package)] + [(p, copies[p.partname]) for p in self._own]:
            for rel in source.rels.values():
                end = rel.target_ref if rel.is_external else copies.get(rel.target_part.partname, rel.target_part)
                target.load_rel(rel.reltype, end, rel.rId, rel.is_external)
        package.after_unmarshal()
        return copies[self.package.main_document_part.partname].document

    def shared_members(self, part: Part) -> list[_Member] | None:
        """The compressed member(s) of a shared part and its relationships, or None for a letter's own part."""
        if self.shared.get(part.partname) is not part:
            return None
        if part.partname not in self._members:
            self._members[part.partname] = self.part_members(part)
        return self._members[part.partname]

    def part_members(self, part: Part) -> list[_Member]:
        """The members of ``part`` and of its relationships, if any; a picture seen before is not deflated again."""
        blob = part.blob
        deflated = None
        if not part.content_type.endswith("xml"):
            deflated = self._pictures.get(blob) or self._pictures.remember(blob, _deflate(blob))
        members = [_Member.of(part.partname, blob, deflated)]
        if len(part.rels):
            members.append(_Member.of(part.partname.rels_uri, part.rels.xml))
        return members


@lru_cache(maxsize=4)
def _cached_package(source: Path, mtime_ns: int, size: int) -> ReferencePackage:
    return ReferencePackage(source)


def reference_package(letterhead: Path | None) -> ReferencePackage:
    """The process's package for ``letterhead`` (or the bundled reference), read again only when the file changes."""
    source = Path(letterhead or REFERENCE)
    stat = source.stat()
    return _cached_package(source, stat.st_mtime_ns, stat.st_size)


def write_package(document: DocxDocument, reference: ReferencePackage, out: BinaryIO, stamp: dt.datetime) -> None:
    """Write ``document``'s package to ``out`` as python-docx would, every member dated ``stamp``."""
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    members = [_Member.of("[Content_Types].xml", _ContentTypesItem.from_parts(parts).blob),
               _Member.of(PACKAGE_URI.rels_uri, package.rels.xml)]
    for part in parts:
        members += reference.shared_members(part) or reference.part_members(part)
    out.write(_zip_bytes(members, stamp))


def _zip_bytes(members: list[_Member], stamp: dt.datetime) -> bytes:
    """A zip archive of deflated ``members``, each dated ``stamp`` (local headers, central directory, end record)."""
    dos_time = (stamp.hour << 11) | (stamp.minute << 5) | (stamp.second // 2)
    dos_date = (max(stamp.year, 1980) - 1980) << 9 | (stamp.month << 5) | stamp.day
    local, central = bytearray(), bytearray()
    for m in members:
        flags = 0 if m.name.isascii() else _UTF8_NAME
        fields = struct.pack("<HHHHHIIIHH", 20, flags, zlib.DEFLATED, dos_time, dos_date, m.crc, len(m.data), m.size,
                             len(m.name), 0)
        central += b"PK\x01\x02" + struct.pack("<H", 20) + fields + struct.pack("<HHHII", 0, 0, 0, 0, len(local))
        central += m.name
        local += b"PK\x03\x04" + fields + m.name + m.data
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(local), 0)
    return bytes(local + central + end)


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

