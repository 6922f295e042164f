"""The writer registry: one Document, many formats; every output written atomically.

Each writer is ``write_x(document, out, options)`` where ``out`` is a binary file
object (the temporary file :func:`docgen.files.atomic_write` opens beside the
target) and knows nothing about forums.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from docgen.document import Document
from docgen.errors import Problem, WriteError
from docgen.files import atomic_write

if TYPE_CHECKING:
    from docgen.model import Project

__all__ = ["WriteOptions", "WRITERS", "write", "writer_for", "LETTERHEAD_NAMES"]

# In a project folder: the Word letterhead for DOCX, the image or one-page PDF for page 1 of the PDF.
LETTERHEAD_NAMES = {"docx": ("letterhead.docx",), "pdf": ("letterhead.pdf", "letterhead.png", "letterhead.jpg")}


@dataclass(frozen=True)
class WriteOptions:
    """How to write: fonts (forum.yaml's ``fonts``), letterheads and a fixed creation time."""

    fonts: dict[str, str] | None = None
    letterhead_docx: Path | None = None  # styles, header and footer of the DOCX come from it
    letterhead_pdf: Path | None = None  # PNG/JPEG or one-page PDF drawn under page 1 of the PDF
    timestamp: dt.datetime | None = None  # creation time written into the file (None = now)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def for_project(cls, project: Project, **overrides: Any) -> WriteOptions:
        """Options from a project: its fonts and any ``letterhead.*`` file in its folder."""
        found = {fmt: next((project.root / n for n in names if (project.root / n).is_file()), None)
                 for fmt, names in LETTERHEAD_NAMES.items()}
        values = dict(fonts=dict(project.forum.fonts) or None, letterhead_docx=found["docx"],
                      letterhead_pdf=found["pdf"])
        return cls(**{**values, **overrides})


Writer = Callable[[Document, BinaryIO, WriteOptions], None]


def _write_pdf(document: Document, out: BinaryIO, options: WriteOptions) -> None:
    from docgen.pdf.writer import write_pdf

    write_pdf(document, out, options)


def _write_docx(document: Document, out: BinaryIO, options: WriteOptions) -> None:
    from docgen.docx.writer import write_docx

    write_docx(document, out, options)


# Imported lazily so that making a DOCX never loads ReportLab and the other way round.
WRITERS: dict[str, Writer] = {"pdf": _write_pdf, "docx": _write_docx}


def writer_for(fmt: str) -> Writer:
    """The writer of ``fmt``; an unknown format is an error listing the known ones."""
    name = fmt.lower().lstrip(".")
    try:
        return WRITERS[name]
    except KeyError:
        known = ", ".join(sorted(WRITERS))
        raise WriteError(Problem(None, None, "format", f"unknown output format {name!r}; known formats: {known}")) from None


def write(document: Document, path: str | Path, fmt: str | None = None,
          options: WriteOptions | None = None) -> Path:
    """Write ``document`` to ``path`` as ``fmt`` (default: the path's suffix), atomically."""
    path = Path(path)
    writer = writer_for(fmt or path.suffix or "?")
    with atomic_write(path, "wb") as out:
        writer(document, out, options or WriteOptions())
    return path
