"""``docgen preview``: one page of one document as PNG, or its model dump, before building hundreds."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from docgen import compose, variables
from docgen.document import Document, dump
from docgen.errors import Problem, WriteError
from docgen.files import write_output
from docgen.plurals import plural
from docgen.writers import WriteOptions, writer_for

__all__ = ["Preview", "preview", "compose_preview", "render_page"]


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
    needs_project = variables.builder_for(template) is not None
    project = load_project(project_dir) if needs_project else None
    context = variables.context_for(template, project, recipient, lang)
    document = compose.render(template, context, project if project is not None else (None if bundled else root))
    options = WriteOptions.for_project(project) if project is not None else WriteOptions()
    return document, options


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
