"""``docgen preview``: one page of one document as PNG, or its model dump, before building hundreds."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from docgen import compose, variables
from docgen.document import Document, dump
from docgen.errors import Problem, TemplateError, WriteError
from docgen.families import family_of_template
from docgen.files import write_output
from docgen.plurals import plural
from docgen.options import WriteOptions
from docgen.writers import writer_for

if TYPE_CHECKING:
    from docgen.model import Project

__all__ = ["Preview", "preview", "compose_preview", "context_for", "render_page"]


@dataclass(frozen=True)
class Preview:
    """What a preview made: the PNG file (and its page count), or the model dump."""

    path: Path | None = None
    pages: int = 0
    model: str = ""


def compose_preview(template: str, project_dir: Path | None = None, recipient: str | None = None,
                    lang: str = "km") -> tuple[Document, WriteOptions]:
    """The document ``template`` gives with a family's real context (project + recipient) or the samples."""
    from docgen.project import find_project_dir, load_project

    root, bundled = find_project_dir(project_dir)
    project = load_project(project_dir) if family_of_template(template) is not None else None
    context = context_for(template, project, recipient, lang)
    document = compose.render(template, context, project if project is not None else (None if bundled else root))
    options = WriteOptions.for_project(project) if project is not None else WriteOptions()
    return document, options


def _template_lang(template: str, default: str) -> str:
    """``en`` for ``letters/invitation.en.xml``, ``bilingual`` for ``agenda/agenda.bilingual.xml``; the default
    when the name carries no language."""
    parts = template.rsplit("/", 1)[-1].split(".")
    return next((part for part in parts[1:] if part in ("km", "en", "bilingual")), default)


def context_for(template: str, project: Project | None = None, recipient: str | None = None,
                lang: str = "km") -> dict[str, Any]:
    """The context to preview ``template``: its family's preview context when there is a project, else the samples.

    ``recipient`` is the id of the item the family makes a document for (a recipient,
    or a session for agendas, attendance sheets and reports).
    """
    family = family_of_template(template)
    if family is not None and project is not None:
        return family.preview_context(project, recipient, _template_lang(template, lang), template)
    if recipient is not None:
        raise TemplateError(Problem(template, None, "recipient",
                                    "this template has no family that knows recipients; preview it without --recipient"))
    return variables.sample_context()


def render_page(document: Document, page: int, out: Path | BinaryIO, options: WriteOptions | None = None,
                scale: float = 2.0) -> tuple[Path | None, int]:
    """Write page ``page`` (1-based) of ``document``'s PDF as a PNG at ``out`` (a path, or a binary stream such as
    standard output); return the path (None for a stream) and the page count."""
    import pypdfium2 as pdfium

    pdf_bytes = io.BytesIO()
    writer_for("pdf")(document, pdf_bytes, options or WriteOptions())
    pdf = pdfium.PdfDocument(pdf_bytes.getvalue())
    try:
        count = len(pdf)
        if not 1 <= page <= count:
            raise WriteError(Problem(None, None, "page", f"the document has {plural(count, 'pages')}; there is no page {page}"))
        png = io.BytesIO()
        pdf[page - 1].render(scale=scale).to_pil().save(png, format="PNG")
    finally:
        pdf.close()
    return write_output(out, png.getvalue()), count


def preview(template: str, project_dir: Path | None = None, recipient: str | None = None, page: int = 1,
            out: Path | BinaryIO | None = None, model: bool = False, lang: str = "km") -> Preview:
    """Render one page of ``template`` to PNG (default ``<template stem>.png`` here), or dump its model."""
    document, options = compose_preview(template, project_dir, recipient, lang)
    if model:
        return Preview(model=dump(document))
    target = out or Path(Path(template).stem.replace(".", "-") + f"-p{page}.png")
    path, pages = render_page(document, page, target, options)
    return Preview(path=path, pages=pages)
