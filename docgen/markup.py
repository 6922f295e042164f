"""Parse docgen's XML markup (see docs/markup.md) into a :class:`docgen.document.Document`.

Problems name the template and its line: ``compose`` passes a ``locate``
function that maps a line of the rendered markup back to the template line it
came from. All problems found in one document are reported together.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from lxml import etree

from docgen import document as d
from docgen.errors import Problem, TemplateError
from docgen.markup_attrs import AttributeReader
from docgen.markup_space import SPACES, collapse

__all__ = ["parse", "Locator"]

Locator = Callable[[int], tuple[str, int]]

BLOCK_TAGS = ("h1", "h2", "h3", "p", "table", "image", "qr", "signature", "spacer", "pagebreak", "keep", "chart")
CELL_BLOCK_TAGS = ("p", "image", "qr", "spacer")
INLINE_TAGS = ("b", "i", "span", "br", "page", "pages")
PARA_ATTRS = ("align", "font", "size", "spacing", "before", "after", "indent", "left", "right", "color")
_LINE_REF = re.compile(r"line (\d+)")


def parse(markup: str, *, source: str = "<markup>", locate: Locator | None = None,
          base_dir: Path | Sequence[Path] | None = None) -> d.Document:
    """Parse ``markup`` into a Document; raise TemplateError listing every problem, with its line.

    Relative image paths are looked up in ``base_dir`` (a folder, or folders in order).
    """
    locate = locate or (lambda line: (source, line))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True,
                             remove_pis=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(markup.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        file, line = locate(exc.lineno or 1)
        message = _LINE_REF.sub(lambda m: f"line {locate(int(m.group(1)))[1]}", exc.msg)
        raise TemplateError(Problem(file, line, None, f"malformed markup: {message}")) from exc
    if root.getroottree().docinfo.doctype:
        file, line = locate(1)
        raise TemplateError(Problem(file, line, None, "a DOCTYPE is not allowed in markup"))
    folders = [base_dir] if isinstance(base_dir, Path) else list(base_dir or [Path.cwd()])
    builder = _Builder(locate, folders)
    doc = builder.document(root)
    if builder.problems:
        raise TemplateError(f"{len(builder.problems)} problem(s) in {source}", builder.problems)
    return doc


class _Builder:
    """Walks the element tree, building model nodes and collecting problems."""

    def __init__(self, locate: Locator, folders: list[Path]):
        self.locate = locate
        self.folders = folders
        self.problems: list[Problem] = []
        self.base_size = 11.0

    # -- plumbing -----------------------------------------------------------------

    def problem(self, el: etree._Element, field: str | None, message: str) -> None:
        file, line = self.locate(el.sourceline or 1)
        self.problems.append(Problem(file, line, field, message))

    def attrs(self, el: etree._Element, allowed: tuple[str, ...]) -> AttributeReader:
        return AttributeReader(el.tag, dict(el.attrib), allowed, lambda f, m: self.problem(el, f, m))

    def no_text(self, el: etree._Element, text: str | None) -> None:
        if text and text.strip():
            self.problem(el, el.tag, f"text {text.strip()[:30]!r} is not allowed here; put it in a <p>")

    # -- document and page setup --------------------------------------------------

    def document(self, root: etree._Element) -> d.Document:
        if root.tag != "document":
            self.problem(root, root.tag, "the markup must start with <document>")
            return d.Document()
        a = self.attrs(root, ("paper", "orientation", "margins", "lang", "digits", "size",
                              "title", "author", "subject", "keywords"))
        self.base_size = a.size("size", 11.0)
        lang = a.text("lang", "en")
        page = d.PageSetup(size=a.choice("paper", tuple(d.PAGE_SIZES), "A4"),
                           orientation=a.choice("orientation", ("portrait", "landscape"), "portrait"),
                           margins=a.margins("margins", d.PageSetup().margins))
        meta = d.Metadata(title=a.text("title", ""), author=a.text("author", ""),
                          subject=a.text("subject", ""), keywords=a.text("keywords", ""))
        digits = a.choice("digits", ("khmer", "latin"), "khmer" if lang == "km" else "latin")
        a.finish()
        page, blocks = self.body(root, page)
        return d.Document(page=page, meta=meta, lang=lang, digits=digits, size=self.base_size, blocks=blocks)

    def body(self, root: etree._Element, page: d.PageSetup) -> tuple[d.PageSetup, tuple]:
        self.no_text(root, root.text)
        blocks = []
        for child in root:
            self.no_text(child, child.tail)
            if child.tag in ("header", "footer"):
                page = self.header_footer(child, page)
            else:
                blocks.extend(self.block(child, BLOCK_TAGS))
        return page, tuple(blocks)

    def header_footer(self, el: etree._Element, page: d.PageSetup) -> d.PageSetup:
        a = self.attrs(el, ("pages",))
        which = a.choice("pages", ("all", "first", "rest"), "all")
        a.finish()
        paras = tuple(b for b in self.blocks_of(el, ("p",)))
        kind = el.tag
        if which in ("all", "rest"):
            page = replace(page, **{kind: paras})
        if which in ("all", "first"):
            page = replace(page, **{f"first_{kind}": paras})
        return page

    def blocks_of(self, el: etree._Element, allowed: tuple[str, ...]) -> list:
        self.no_text(el, el.text)
        blocks = []
        for child in el:
            self.no_text(child, child.tail)
            blocks.extend(self.block(child, allowed))
        return blocks

    # -- blocks -------------------------------------------------------------------

    def block(self, el: etree._Element, allowed: tuple[str, ...], **defaults) -> list:
        if el.tag not in allowed:
            where = "here" if el.tag in BLOCK_TAGS + INLINE_TAGS + ("tr", "td") else "in docgen markup"
            self.problem(el, el.tag, f"<{el.tag}> is not allowed {where}; expected one of: {', '.join(allowed)}")
            return []
        method = getattr(self, f"block_{el.tag}")
        return [method(el, **defaults) if el.tag == "p" else method(el)]

    def block_p(self, el: etree._Element, **defaults) -> d.Paragraph:
        return self.paragraph(el, d.Paragraph, (), **defaults)

    def block_h1(self, el: etree._Element) -> d.Heading:
        return self.heading(el, 1, self.base_size + 3, "centre")

    def block_h2(self, el: etree._Element) -> d.Heading:
        return self.heading(el, 2, self.base_size + 1, "left")

    def block_h3(self, el: etree._Element) -> d.Heading:
        return self.heading(el, 3, self.base_size, "left")

    def heading(self, el: etree._Element, level: int, size: float, align: str) -> d.Heading:
        return self.paragraph(el, d.Heading, (), level=level, size=size, align=align, font="heading",
                              space_before=6.0, space_after=6.0)

    def paragraph(self, el: etree._Element, cls: type, extra: tuple[str, ...], **defaults):
        a = self.attrs(el, PARA_ATTRS + extra)
        base = cls(**defaults) if defaults else cls(size=self.base_size)
        para = cls(**{**defaults, **self.para_fields(a, base), "inlines": self.inlines(el)})
        a.finish()
        return para

    def para_fields(self, a: AttributeReader, base: d.Paragraph) -> dict:
        return dict(
            align=a.align("align", base.align), font=a.choice("font", d.FONT_ROLES, base.font),
            size=a.size("size", base.size), line_spacing=a.number("spacing", base.line_spacing),
            space_before=a.length("before", base.space_before), space_after=a.length("after", base.space_after),
            first_indent=a.length("indent", base.first_indent), left_indent=a.length("left", base.left_indent),
            right_indent=a.length("right", base.right_indent), color=a.color("color", base.color),
        )

    def block_image(self, el: etree._Element) -> d.Image:
        a = self.attrs(el, ("src", "width", "height", "align"))
        src = a.required("src")
        image = d.Image(src=src, path=self.resolve(el, src), width=a.length("width", None),
                        height=a.length("height", None), align=a.align("align", "centre"))
        a.finish()
        self.no_children(el)
        return image

    def resolve(self, el: etree._Element, src: str) -> Path:
        candidates = [Path(src)] if Path(src).is_absolute() else [folder / src for folder in self.folders]
        path = next((p for p in candidates if p.is_file()), candidates[0])
        if src and not path.is_file():
            self.problem(el, "src", f"image file not found: {src}")
        elif src and path.suffix.lower() not in (".png", ".jpg", ".jpeg"):
            self.problem(el, "src", f"only PNG and JPEG images are supported, not {path.suffix or src}")
        return path

    def block_qr(self, el: etree._Element) -> d.QRCode:
        a = self.attrs(el, ("data", "size", "align"))
        qr = d.QRCode(data=a.required("data"), size=a.length("size", 20 * d.MM), align=a.align("align", "centre"))
        a.finish()
        self.no_children(el)
        return qr

    def block_spacer(self, el: etree._Element) -> d.Spacer:
        a = self.attrs(el, ("height",))
        spacer = d.Spacer(a.length("height", 5 * d.MM))
        a.finish()
        self.no_children(el)
        return spacer

    def block_pagebreak(self, el: etree._Element) -> d.PageBreak:
        self.attrs(el, ()).finish()
        self.no_children(el)
        return d.PageBreak()

    def block_keep(self, el: etree._Element) -> d.Keep:
        self.attrs(el, ()).finish()
        return d.Keep(tuple(self.blocks_of(el, tuple(t for t in BLOCK_TAGS if t != "keep"))))

    def no_children(self, el: etree._Element) -> None:
        self.no_text(el, el.text)
        for child in el:
            self.problem(child, child.tag, f"<{el.tag}> takes no content")

    # -- tables -------------------------------------------------------------------

    def block_table(self, el: etree._Element) -> d.Table:
        a = self.attrs(el, ("widths", "header-rows", "borders", "border-color", "padding", "align",
                            "after", "keep-rows", "font", "size"))
        cell_defaults = dict(font=a.choice("font", d.FONT_ROLES, "body"), size=a.size("size", self.base_size),
                             space_after=0.0)
        keep_rows = a.boolean("keep-rows", True)
        rows = tuple(self.row(tr, keep_rows, cell_defaults) for tr in self.children(el, "tr"))
        table = d.Table(widths=a.widths("widths"), rows=rows, header_rows=a.integer("header-rows", 0),
                        borders=a.choice("borders", d.BORDERS, "grid"),
                        border_color=a.color("border-color", "#000000"), padding=a.length("padding", 3.0),
                        align=a.align("align", "centre"), space_after=a.length("after", 6.0))
        a.finish()
        self.check_table(el, table)
        return table

    def children(self, el: etree._Element, tag: str) -> list[etree._Element]:
        self.no_text(el, el.text)
        found = []
        for child in el:
            self.no_text(child, child.tail)
            if child.tag == tag:
                found.append(child)
            else:
                self.problem(child, child.tag, f"<{child.tag}> is not allowed in <{el.tag}>; expected <{tag}>")
        return found

    def row(self, el: etree._Element, keep_rows: bool, cell_defaults: dict) -> d.Row:
        a = self.attrs(el, ("keep", "height", "keep-with-next"))
        row = d.Row(cells=tuple(self.cell(td, cell_defaults) for td in self.children(el, "td")),
                    keep=a.boolean("keep", keep_rows), height=a.length("height", None),
                    keep_with_next=a.boolean("keep-with-next", False))
        a.finish()
        return row

    def cell(self, el: etree._Element, defaults: dict) -> d.Cell:
        a = self.attrs(el, ("colspan", "rowspan", "valign", "shade") + PARA_ATTRS)
        para = d.Paragraph(**defaults)
        para = replace(para, **self.para_fields(a, para))
        if any(child.tag in CELL_BLOCK_TAGS for child in el):
            fields = {f: getattr(para, f) for f in ("align", "font", "size", "color")}
            blocks = tuple(b for child in self.cell_children(el)
                           for b in self.block(child, CELL_BLOCK_TAGS, **{**defaults, **fields}))
        else:
            blocks = (replace(para, inlines=self.inlines(el)),)
        cell = d.Cell(blocks=blocks, colspan=a.integer("colspan", 1), rowspan=a.integer("rowspan", 1),
                      valign=a.choice("valign", ("top", "middle", "bottom"), "top"), shade=a.color("shade", None))
        a.finish()
        return cell

    def cell_children(self, el: etree._Element) -> list[etree._Element]:
        self.no_text(el, el.text)
        for child in el:
            self.no_text(child, child.tail)
        return list(el)

    def check_table(self, el: etree._Element, table: d.Table) -> None:
        grid = d.table_grid(table)
        columns = max((g.col + g.cell.colspan for g in grid), default=0)
        if table.widths and len(table.widths) != columns:
            self.problem(el, "widths", f"{len(table.widths)} widths given for {columns} columns")
        if table.header_rows > len(table.rows):
            self.problem(el, "header-rows", f"{table.header_rows} header rows but the table has {len(table.rows)} rows")

    # -- chart --------------------------------------------------------------------

    def block_chart(self, el: etree._Element) -> d.Chart:
        a = self.attrs(el, ("kind", "title", "width", "height", "size", "align", "after"))
        labels: list[str] = []
        series: list[d.Series] = []
        for child in self.children_of(el, ("label", "series")):
            if child.tag == "label":
                labels.append(SPACES.sub(" ", "".join(child.itertext())).strip())
                continue
            s = self.attrs(child, ("name", "values", "color"))
            values = self.chart_values(child, s.text("values", ""))
            series.append(d.Series(s.required("name"), values, s.color("color", None)))
            s.finish()
        for s in series:
            if len(s.values) != len(labels):
                self.problem(el, "values", f"series {s.name!r} has {len(s.values)} values for {len(labels)} labels")
        chart = d.Chart(kind=a.choice("kind", ("bar", "pie"), "bar"), title=a.text("title", ""),
                        labels=tuple(labels), series=tuple(series), width=a.length("width", None),
                        height=a.length("height", None), size=a.size("size", self.base_size - 2),
                        align=a.align("align", "centre"), space_after=a.length("after", 6.0))
        a.finish()
        return chart

    def children_of(self, el: etree._Element, tags: tuple[str, ...]) -> list[etree._Element]:
        self.no_text(el, el.text)
        found = []
        for child in el:
            self.no_text(child, child.tail)
            if child.tag in tags:
                found.append(child)
            else:
                self.problem(child, child.tag, f"<{child.tag}> is not allowed in <{el.tag}>; expected " + ", ".join(f"<{t}>" for t in tags))
        return found

    def chart_values(self, el: etree._Element, text: str) -> tuple[float, ...]:
        values = []
        for item in text.replace(",", " ").split():
            try:
                values.append(float(item))
            except ValueError:
                self.problem(el, "values", f"{item!r} is not a number")
        return tuple(values)

    # -- signature ----------------------------------------------------------------

    def block_signature(self, el: etree._Element) -> d.Signature:
        a = self.attrs(el, ("position", "name", "space", "align", "width", "image", "seal", "font", "size"))
        para = d.Paragraph(align="centre", font=a.choice("font", d.FONT_ROLES, "body"),
                           size=a.size("size", self.base_size), space_after=0.0)
        position = [replace(para, inlines=(d.Run(text=t),)) for t in [a.text("position", "")] if t]
        name = [replace(para, inlines=(d.Run(text=t),)) for t in [a.text("name", "")] if t]
        self.no_text(el, el.text)
        for child in el:
            self.no_text(child, child.tail)
            if child.tag in ("position", "name"):
                target = position if child.tag == "position" else name
                target.append(self.paragraph(child, d.Paragraph, (), **{**_fields(para), "inlines": ()}))
            else:
                self.problem(child, child.tag, f"<{child.tag}> is not allowed in <signature>; expected <position> or <name>")
        image, seal = (self.signature_image(el, a.text(key, "")) for key in ("image", "seal"))
        sig = d.Signature(position=tuple(position), name=tuple(name), space=a.length("space", 22 * d.MM),
                          align=a.align("align", "right"), width=a.length("width", 80 * d.MM), image=image, seal=seal)
        a.finish()
        return sig

    def signature_image(self, el: etree._Element, src: str) -> d.Image | None:
        return d.Image(src=src, path=self.resolve(el, src)) if src else None

    # -- inlines ------------------------------------------------------------------

    def inlines(self, el: etree._Element) -> tuple[d.Inline, ...]:
        items: list[d.Inline] = []
        self.collect(el, {}, items)
        return collapse(items)

    def collect(self, el: etree._Element, style: dict, items: list) -> None:
        if el.text:
            items.append(d.Run(text=el.text, **style))
        for child in el:
            self.inline(child, style, items)
            if child.tail:
                items.append(d.Run(text=child.tail, **style))

    def inline(self, el: etree._Element, style: dict, items: list) -> None:
        tag = el.tag
        if tag not in INLINE_TAGS:
            self.problem(el, tag, f"<{tag}> is not allowed inside text; expected one of: {', '.join(INLINE_TAGS)}")
            return
        a = self.attrs(el, ("size", "color", "font") if tag in ("span", "page", "pages") else ())
        inner = dict(style)
        if tag in ("b", "i"):
            inner["bold" if tag == "b" else "italic"] = True
        else:
            for key, value in (("size", a.size("size", None)), ("color", a.color("color", None)),
                               ("font", a.choice("font", d.FONT_ROLES, None))):
                if value is not None:
                    inner[key] = value
        a.finish()
        if tag == "br":
            items.append(d.LineBreak())
        elif tag in ("page", "pages"):
            items.append(d.PageNumber(kind=tag, **inner))
        if tag in ("br", "page", "pages"):
            self.no_children(el)
        else:
            self.collect(el, inner, items)


def _fields(para: d.Paragraph) -> dict:
    return {f: getattr(para, f) for f in ("align", "font", "size", "space_after")}
