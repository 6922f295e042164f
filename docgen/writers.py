"""The writer registry: one Document, many formats; every output written atomically.

Each writer is ``write_x(document, out, options)`` where ``out`` is a binary file
object (the temporary file :func:`docgen.files.atomic_write` opens beside the
target) and knows nothing about forums.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from docgen.errors import Problem, WriteError
from docgen.files import atomic_write
from docgen.options import WriteOptions

if TYPE_CHECKING:
    from docgen.document import Document

__all__ = ["WRITERS", "FORMATS", "check_formats", "write", "writer_for"]

Writer = Callable[["Document", BinaryIO, WriteOptions], None]


def _write_pdf(document: Document, out: BinaryIO, options: WriteOptions) -> None:
    from docgen.pdf.writer import write_pdf

    write_pdf(document, out, options)


def _write_docx(document: Document, out: BinaryIO, options: WriteOptions) -> None:
    from docgen.docx.writer import write_docx

    write_docx(document, out, options)


# Imported lazily so that making a DOCX never loads ReportLab and the other way round.
WRITERS: dict[str, Writer] = {"pdf": _write_pdf, "docx": _write_docx}
FORMATS: tuple[str, ...] = tuple(WRITERS)  # what ``docgen build --format`` accepts, in this order


def check_formats(formats: Sequence[str]) -> tuple[str, ...]:
    """``formats`` (any case, once each) when there is at least one and every one has a writer, else a
    DocgenError naming ``--format`` and listing the known ones."""
    wanted = tuple(dict.fromkeys(f.strip().lower().lstrip(".") for f in formats))
    unknown = [f for f in wanted if f not in WRITERS]
    if unknown or not wanted:
        raise WriteError(Problem("--format", None, ", ".join(unknown) or "(none)",
                                 f"unknown format; known: {', '.join(FORMATS)}" if unknown
                                 else f"name at least one format: {', '.join(FORMATS)}"))
    return wanted


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
