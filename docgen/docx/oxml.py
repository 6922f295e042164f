"""Complex-script (Khmer) run properties and table-row flags, in python-docx's own idiom.

python-docx's ``CT_RPr`` knows ``w:rFonts``, ``w:b``, ``w:bCs``, ``w:i``, ``w:iCs``
and ``w:sz`` but not ``w:szCs`` or ``w:lang``; Word falls back to a Latin font for
Khmer unless they are set (python-docx issues #1315, #1081). Every child is
inserted in the ``CT_RPr`` schema sequence (ECMA-376 §17.3.2.28), never appended.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from docgen.khmer.segment import has_khmer

if TYPE_CHECKING:
    from docx.oxml.text.run import CT_R
    from docx.oxml.xmlchemy import BaseOxmlElement

__all__ = ["has_khmer", "set_complex_script", "set_run_lang", "set_row_flags", "set_cell_shading",
           "add_field"]


# CT_RPr children in schema order (ECMA-376 Part 1, 17.3.2.28 / python-docx CT_RPr._tag_seq).
RPR_SEQUENCE = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
    "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
    "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
    "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
    "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)
# CT_TrPr children (17.4.82) are a choice group, but Word writes cantSplit before tblHeader.
TRPR_SEQUENCE = ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
                 "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden")




def _get_or_insert(parent: BaseOxmlElement, tag: str, sequence: tuple[str, ...]) -> BaseOxmlElement:
    """The ``tag`` child of ``parent``, inserted before its schema successors when missing."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        successors = sequence[sequence.index(tag) + 1:]
        parent.insert_element_before(child, *successors)
    return child


def _set_flag(rPr: BaseOxmlElement, tag: str, on: bool) -> None:
    existing = rPr.find(qn(tag))
    if on:
        _get_or_insert(rPr, tag, RPR_SEQUENCE)
    elif existing is not None:
        rPr.remove(existing)


def set_complex_script(r: CT_R, font: str | None, size: float | None, bold: bool = False,
                       italic: bool = False, lang: str = "km-KH") -> None:
    """Give run ``r`` complex-script font, size (points), bold, italic and language.

    Sets ``w:rFonts/@w:cs``, ``w:bCs``, ``w:iCs``, ``w:szCs`` and ``w:lang/@w:bidi``.
    """
    rPr = r.get_or_add_rPr()
    if font:
        rFonts = _get_or_insert(rPr, "w:rFonts", RPR_SEQUENCE)
        rFonts.attrib.pop(qn("w:cstheme"), None)  # a theme font would win over the named one
        rFonts.set(qn("w:cs"), font)
    _set_flag(rPr, "w:bCs", bold)
    _set_flag(rPr, "w:iCs", italic)
    if size:
        _get_or_insert(rPr, "w:szCs", RPR_SEQUENCE).set(qn("w:val"), str(round(size * 2)))
    set_run_lang(r, bidi=lang)


def set_run_lang(r: CT_R, val: str | None = None, bidi: str | None = None) -> None:
    """Set ``w:lang/@w:val`` (Latin text) and/or ``w:lang/@w:bidi`` (complex script) on run ``r``."""
    lang = _get_or_insert(r.get_or_add_rPr(), "w:lang", RPR_SEQUENCE)
    if val:
        lang.set(qn("w:val"), val)
    if bidi:
        lang.set(qn("w:bidi"), bidi)


def set_row_flags(tr: BaseOxmlElement, header: bool, cant_split: bool) -> None:
    """Mark the table row ``tr`` as a repeated header row (``w:tblHeader``) and/or unsplittable (``w:cantSplit``)."""
    trPr = tr.get_or_add_trPr()
    for tag, on in (("w:cantSplit", cant_split), ("w:tblHeader", header)):
        existing = trPr.find(qn(tag))
        if on and existing is None:
            _get_or_insert(trPr, tag, TRPR_SEQUENCE)
        elif not on and existing is not None:
            trPr.remove(existing)


def set_cell_shading(tc: BaseOxmlElement, fill: str) -> None:
    """Fill a table cell with a solid colour (``#rrggbb``)."""
    tcPr = tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill.lstrip("#").upper())
    successors = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
                  "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange")
    tcPr.insert_element_before(shd, *successors)


def add_field(r_before: CT_R, instruction: str, shown: str) -> list[BaseOxmlElement]:
    """Runs of a complex field (``PAGE``, ``NUMPAGES``) that copy ``r_before``'s formatting.

    Returns the five ``w:r`` elements: begin, instruction, separate, the cached result, end.
    """
    import copy

    runs = []
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", shown), ("end", None)):
        r = copy.deepcopy(r_before)
        for child in list(r):
            if child.tag != qn("w:rPr"):
                r.remove(child)
        if kind in ("begin", "separate", "end"):
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            r.append(fld)
        else:
            t = OxmlElement("w:instrText" if kind == "instr" else "w:t")
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            t.text = f" {text} " if kind == "instr" else text
            r.append(t)
        runs.append(r)
    return runs
