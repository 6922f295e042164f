"""Build the bundled reference.docx: the named styles the DOCX writer uses, restyled for Khmer.

Staff may restyle ``reference.docx`` (or give a letterhead .docx) in Word; the writer
only names styles. Regenerate the file and its unzipped XML beside it with
``python -m docgen.docx.reference``.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from lxml import etree

from docgen.docx.oxml import set_complex_script, set_run_lang
from docgen.files import atomic_write_bytes

__all__ = ["REFERENCE", "REFERENCE_XML", "LATIN_FONT", "KHMER_FONTS", "STYLE_NAMES", "build_reference", "main"]

REFERENCE = Path(__file__).with_name("reference.docx")
REFERENCE_XML = Path(__file__).with_name("reference")
LATIN_FONT = "Times New Roman"
KHMER_FONTS = {"body": "Khmer OS Siemreap", "heading": "Khmer OS Muol Light", "latin": LATIN_FONT}
# model block -> style name in the reference document
STYLE_NAMES = {"paragraph": "Normal", "cell": "Table Text", "signature": "Signature",
               "header": "Header", "footer": "Footer", "table": "Table Grid"}
# (style, size in points, cs font role, bold, alignment)
_PARAGRAPH_STYLES = (
    ("Normal", 11, "body", False, None),
    ("Heading 1", 14, "heading", False, WD_ALIGN_PARAGRAPH.CENTER),
    ("Heading 2", 12, "heading", False, None),
    ("Heading 3", 11, "heading", False, None),
    ("Header", 9, "body", False, None),
    ("Footer", 9, "body", False, None),
    ("Table Text", 11, "body", False, None),
    ("Signature", 11, "body", False, WD_ALIGN_PARAGRAPH.CENTER),
)


def build_reference() -> bytes:
    """The reference document: python-docx's default template with docgen's styles."""
    document = docx.Document()
    for name, size, role, bold, align in _PARAGRAPH_STYLES:
        style = _paragraph_style(document, name)
        style.font.name = LATIN_FONT
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.color.rgb = RGBColor(0, 0, 0)
        rFonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme"):
            rFonts.attrib.pop(qn(theme), None)  # theme fonts would override Times New Roman
        set_complex_script(style.element, KHMER_FONTS[role], size, bold=bold)
        set_run_lang(style.element, val="en-GB")
        fmt = style.paragraph_format
        fmt.space_before = Pt(6 if name.startswith("Heading") else 0)
        fmt.space_after = Pt(0 if name in ("Header", "Footer", "Table Text", "Signature") else 6)
        if align is not None:
            fmt.alignment = align
    body = document.element.body
    for child in list(body):
        if child.tag != body[-1].tag:
            body.remove(child)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraph_style(document, name: str):
    if name in [s.name for s in document.styles]:
        return document.styles[name]
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    return style


def unzip_pretty(data: bytes, folder: Path) -> list[Path]:
    """Write every XML part of a .docx under ``folder``, indented, so a diff shows what changed."""
    written = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in sorted(archive.namelist()):
            if not name.endswith((".xml", ".rels")):
                continue
            root = etree.fromstring(archive.read(name))
            text = etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8", standalone=True)
            written.append(atomic_write_bytes(folder / name, text))
    return written


def main() -> None:
    """Regenerate reference.docx and its unzipped XML."""
    data = build_reference()
    atomic_write_bytes(REFERENCE, data)
    unzip_pretty(data, REFERENCE_XML)


if __name__ == "__main__":
    main()
