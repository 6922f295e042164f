"""DOCX writer: visits each block of a Document and makes python-docx calls on named styles.

Styles come from the bundled ``reference.docx`` or from a project's Word letterhead,
whose header and footer are kept; the package is read once per process
(``docgen.docx.package``). Khmer runs get complex-script properties
(``docgen.docx.oxml``); page numbers are ``PAGE``/``NUMPAGES`` fields.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import re
from typing import TYPE_CHECKING, Any, BinaryIO

import segno
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from docgen import document as d
from docgen.docx import oxml
from docgen.docx.alignment import ALIGNMENTS
from docgen.docx.internals import element
from docgen.docx.package import ReferencePackage, reference_package
from docgen.docx.reference import KHMER_FONTS, LATIN_FONT, STYLE_NAMES
from docgen.docx.tables import add_table
from docgen.filenames import truncate

if TYPE_CHECKING:
    from docgen.options import WriteOptions

__all__ = ["write_docx", "DocxWriter"]


def write_docx(document: d.Document, out: BinaryIO, options: WriteOptions) -> None:
    """Write ``document`` as DOCX to the binary file ``out``."""
    reference = reference_package(options.letterhead_docx)
    writer = DocxWriter(reference, document, options)
    writer.write()
    reference.write(writer.docx, out, options.timestamp or dt.datetime.now())  # zip times are local


class DocxWriter(d.Visitor):
    """Turns model blocks into paragraphs and tables of a python-docx Document."""

    def __init__(self, reference: ReferencePackage, document: d.Document, options: WriteOptions):
        self.reference = reference
        self.docx = reference.new_document()
        self.document = document
        self.options = options
        self.fonts = {**KHMER_FONTS, **_named_fonts(options.fonts)}
        self.container: Any = self.docx
        self.lang = "km-KH" if document.lang == "km" else "en-GB"
        self.style_ids = reference.style_ids
        self.stamp = options.timestamp or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)

    def write(self) -> None:
        self.page_setup()
        for block in self.document.blocks:
            self.visit(block)
        self.metadata()

    # -- page and metadata ---------------------------------------------------------

    def page_setup(self) -> None:
        page = self.document.page
        section = self.docx.sections[0]
        width, height = page.dimensions
        section.orientation = WD_ORIENT.LANDSCAPE if page.orientation == "landscape" else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Pt(width), Pt(height)
        top, right, bottom, left = page.margins
        section.top_margin, section.right_margin = Pt(top), Pt(right)
        section.bottom_margin, section.left_margin = Pt(bottom), Pt(left)
        different = (page.first_header, page.first_footer) != (page.header, page.footer)
        section.different_first_page_header_footer = different or section.different_first_page_header_footer
        for part, paras in ((section.header, page.header), (section.footer, page.footer),
                            (section.first_page_header, page.first_header), (section.first_page_footer, page.first_footer)):
            self.fill_header_footer(part, paras)

    def fill_header_footer(self, part: Any, paras: tuple[d.Paragraph, ...]) -> None:
        """Fill a header/footer, unless a letterhead already gives it content."""
        if not paras or (not part.is_linked_to_previous and _has_content(part)):
            return
        part.is_linked_to_previous = False
        for p in list(part.paragraphs):
            _remove(p)
        style = STYLE_NAMES["header" if "hdr" in element(part).tag else "footer"]
        with self.inside(part):
            for para in paras:
                self.paragraph(para, style)

    def metadata(self) -> None:
        props = self.docx.core_properties
        meta = self.document.meta
        props.title, props.author, props.subject, props.keywords = (
            _property(meta.title), _property(meta.author), _property(meta.subject), _property(meta.keywords))
        props.language = self.lang
        props.created = props.modified = self.stamp
        props.last_modified_by = _property(meta.author)
        props.revision = 1

    # -- containers ----------------------------------------------------------------

    def inside(self, container: Any) -> _Inside:
        return _Inside(self, container)

    def add_paragraph(self, style: str) -> Any:
        """A new paragraph in the current container, in the named style."""
        if style not in self.style_ids:
            return self.container.add_paragraph(style=style)  # python-docx reports the unknown name
        p = self.container.add_paragraph()
        element(p).style = self.style_ids[style]
        return p

    # -- blocks --------------------------------------------------------------------

    def visit_paragraph(self, para: d.Paragraph) -> Any:
        return self.paragraph(para, STYLE_NAMES["paragraph"])

    def visit_heading(self, heading: d.Heading) -> Any:
        return self.paragraph(heading, f"Heading {heading.level}")

    def paragraph(self, para: d.Paragraph, style: str) -> Any:
        key = (self.style_ids.get(style, style), para.align, para.space_before, para.space_after,
               para.first_indent, para.left_indent, para.right_indent, para.line_spacing)
        template = self.reference.paragraph_properties.get(key)
        if template is None or style not in self.style_ids:
            p = self.add_paragraph(style)
            fmt = p.paragraph_format
            fmt.alignment = ALIGNMENTS[para.align]
            fmt.space_before, fmt.space_after = Pt(para.space_before), Pt(para.space_after)
            fmt.first_line_indent, fmt.left_indent, fmt.right_indent = (
                Pt(para.first_indent), Pt(para.left_indent), Pt(para.right_indent))
            if para.line_spacing:
                fmt.line_spacing = para.line_spacing
            self.reference.paragraph_properties.remember(key, copy.deepcopy(element(p).pPr))
        else:
            p = self.container.add_paragraph()
            element(p).insert(0, copy.deepcopy(template))
        for inline in para.inlines:
            self.inline(p, inline, para)
        return p

    def inline(self, p: Any, item: d.Inline, para: d.Paragraph) -> None:
        if isinstance(item, d.LineBreak):
            p.add_run().add_break(WD_BREAK.LINE)
            return
        if isinstance(item, d.Run):
            self.styled_run(p, item.text, item, para)
            return
        run = self.styled_run(p, "", item, para)
        shown = d.format_number(1, self.document.digits)
        for r in oxml.add_field(run.element, "PAGE" if item.kind == "page" else "NUMPAGES", shown):
            run.element.addprevious(r)
        _remove(run)

    def styled_run(self, p: Any, text: str, style: Any, para: d.Paragraph) -> Any:
        run = p.add_run()
        _set_text(run, text)
        role = style.font or para.font
        size = style.size or para.size
        latin = self.fonts["latin"] if role == "latin" else LATIN_FONT
        color = style.color or para.color
        complex_font = self.fonts[role] if oxml.has_khmer(text) or not text else None
        key = (latin, size, bool(style.bold), bool(style.italic), color, complex_font)
        template = self.reference.run_properties.get(key)
        if template is not None:
            run.element.insert(0, copy.deepcopy(template))
            return run
        run.font.name = latin
        run.font.size = Pt(size)
        run.font.bold = style.bold or None
        run.font.italic = style.italic or None
        if color:
            run.font.color.rgb = RGBColor.from_string(color.lstrip("#").upper())
        if complex_font is not None:
            oxml.set_complex_script(run.element, complex_font, size, style.bold, style.italic)
        self.reference.run_properties.remember(key, copy.deepcopy(run.element.rPr))
        return run

    def visit_table(self, table: d.Table) -> Any:
        return add_table(self, table)

    def cell_blocks(self, cell: Any, blocks: tuple) -> None:
        """Fill a python-docx cell with model blocks (its first, empty paragraph is reused)."""
        first = cell.paragraphs[0]
        with self.inside(cell):
            for block in blocks:
                if isinstance(block, d.Paragraph):
                    self.paragraph(block, STYLE_NAMES["cell"])
                else:
                    self.visit(block)
        if len(cell.paragraphs) > 1:
            _remove(first)

    def visit_image(self, image: d.Image) -> Any:
        return self.picture(str(image.path), image.width, image.height, image.align)

    def picture(self, source: Any, width: float | None, height: float | None, align: str) -> Any:
        p = self.add_paragraph(STYLE_NAMES["paragraph"])
        p.paragraph_format.alignment = ALIGNMENTS[align]
        p.paragraph_format.space_after = Pt(0)
        p.add_run().add_picture(source, width=Pt(width) if width else None, height=Pt(height) if height else None)
        return p

    def visit_qrcode(self, qr: d.QRCode) -> Any:
        png = io.BytesIO()
        segno.make(qr.data, error="m").save(png, kind="png", scale=10, border=2)
        png.seek(0)
        return self.picture(png, qr.size, qr.size, qr.align)

    def visit_signature(self, sig: d.Signature) -> Any:
        frame = self.document.page.frame_width
        indent = {"left": 0.0, "centre": (frame - sig.width) / 2}.get(sig.align, frame - sig.width)
        paras = []
        for para in sig.position:
            paras.append(self.paragraph(para, STYLE_NAMES["signature"]))
        images = [i for i in (sig.seal, sig.image) if i is not None]
        room = self.add_paragraph(STYLE_NAMES["signature"])
        room.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        room.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        room.paragraph_format.line_spacing = Pt(sig.space)
        for image in images:
            room.add_run().add_picture(str(image.path), height=Pt(sig.space * 0.9))
        paras.append(room)
        for para in sig.name:
            paras.append(self.paragraph(para, STYLE_NAMES["signature"]))
        for p in paras:
            p.paragraph_format.left_indent = Pt(max(indent, 0.0))
            p.paragraph_format.right_indent = Pt(max(frame - indent - sig.width, 0.0))
            p.paragraph_format.keep_with_next = True
        paras[-1].paragraph_format.keep_with_next = False
        return paras

    def visit_spacer(self, spacer: d.Spacer) -> Any:
        p = self.add_paragraph(STYLE_NAMES["paragraph"])
        fmt = p.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(max(spacer.height, 1.0))
        return p

    def visit_pagebreak(self, _: d.PageBreak) -> Any:
        p = self.add_paragraph(STYLE_NAMES["paragraph"])
        p.paragraph_format.space_after = Pt(0)
        p.add_run().add_break(WD_BREAK.PAGE)
        return p

    def visit_chart(self, chart: d.Chart) -> Any:
        """The chart as a picture painted by the PDF chart code (one drawing, two outputs), its figures as alt text."""
        from docgen.pdf.charts import chart_png  # ReportLab is loaded only when a chart is written
        from docgen.text.charts import chart_alt_text
        from docgen.text.fonts import resolve_fonts

        width = chart.width or self.document.page.frame_width
        png = chart_png(chart, resolve_fonts(self.options.fonts), self.document.digits, width)
        p = self.picture(io.BytesIO(png), width, None, chart.align)
        p.paragraph_format.space_after = Pt(chart.space_after)
        p.paragraph_format.keep_together = True
        for doc_pr in element(p).iter(qn("wp:docPr")):
            doc_pr.set("descr", chart_alt_text(chart, self.document.digits))
        return p

    def visit_keep(self, keep: d.Keep) -> Any:
        """Keep-with-next on every paragraph of the group but the last; table rows never split."""
        body = self.docx.element.body if self.container is self.docx else element(self.container)
        # New blocks go before the body's final w:sectPr (or at a cell's end): find them by position,
        # not by comparing lxml proxies, which are recreated when nothing holds them.
        tail = 1 if len(body) and body[-1].tag == qn("w:sectPr") else 0
        start = len(body) - tail
        for block in keep.blocks:
            self.visit(block)
        added = list(body)[start:len(body) - tail]
        paragraphs = [p for el in added for p in el.iter(qn("w:p"))]
        for p in paragraphs[:-1]:
            DocxParagraph(p, None).paragraph_format.keep_with_next = True
        return added


class _Inside:
    """Context manager: the writer adds blocks to ``container`` (a cell, header or footer) for a while."""

    def __init__(self, writer: DocxWriter, container: Any):
        self.writer, self.container, self.previous = writer, container, writer.container

    def __enter__(self) -> Any:
        self.writer.container = self.container
        return self.container

    def __exit__(self, *exc: object) -> None:
        self.writer.container = self.previous


def _set_text(run: Any, text: str) -> None:
    """python-docx's ``run.text = text``, skipping its per-character scan for tabs and breaks when there are none."""
    if "\t" in text or "\n" in text or "\r" in text:
        run.text = text
    elif text:
        run.element.add_t(text)


def _remove(proxy: Any) -> None:
    """Take a python-docx paragraph or run out of its parent."""
    node = element(proxy)
    node.getparent().remove(node)


def _has_content(part: Any) -> bool:
    """A header/footer with any text, picture or table."""
    root = element(part)
    return any(t.text and t.text.strip() for t in root.iter(qn("w:t"))) or \
        next(root.iter(qn("w:drawing")), None) is not None or \
        next(root.iter(qn("w:tbl")), None) is not None


def _named_fonts(config: dict[str, str] | None) -> dict[str, str]:
    """Font family names from forum.yaml's ``fonts`` (font file paths mean nothing to Word)."""
    return {role: name for role, name in (config or {}).items()
            if role in KHMER_FONTS and not name.lower().endswith((".ttf", ".otf")) and "/" not in name}


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _property(value: str | None) -> str:
    """A core property as Word takes it: XML characters only, at most 255 characters, no cluster cut."""
    return truncate(_NOT_XML.sub("", value or ""), 255)
