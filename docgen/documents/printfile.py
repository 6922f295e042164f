"""The combined print file: every letter in one PDF, in the order the secretariat files them.

Letters are sorted by province, then category in protocol order, then name
(``--order`` chooses other keys), and each letter starts on a new sheet: with
``duplex`` a letter with an odd page count gets a blank back page. Pages are
copied with PDFium's page import one letter at a time, and each source file is
closed at once, so only the output document is held while it grows.
"""
from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

from docgen.errors import DocgenError, Problem
from docgen.files import atomic_write
from docgen.model import Forum, Recipient
from docgen.provinces import find_province

__all__ = ["SORT_KEYS", "parse_order", "order_recipients", "combine_pdfs", "write_pdf_in_parts"]


@lru_cache(maxsize=1)
def _collator():
    """An ICU collator for Khmer (which also orders Latin text sensibly)."""
    import icu

    return icu.Collator.createInstance(icu.Locale("km"))


def _name_key(recipient: Recipient) -> bytes:
    return _collator().getSortKey(recipient.name.km or recipient.name.en)


def _province_key(recipient: Recipient) -> tuple[str, str]:
    province = find_province(recipient.province)
    # Official order (province code) first; unknown provinces go last, by their text.
    return (province.code, "") if province else ("99", recipient.province.casefold())


def _key_functions(forum: Forum, numbers: dict[str, int]) -> dict[str, Callable[[Recipient], object]]:
    protocol = {c.code: i for i, c in enumerate(forum.categories)}
    sessions = {s.id: i for i, s in enumerate(forum.sessions)}
    return {
        "province": _province_key,
        "category": lambda r: protocol.get(r.category, len(protocol)),
        "name": _name_key,
        "organisation": lambda r: _collator().getSortKey(r.organisation.km or r.organisation.en),
        "id": lambda r: r.id,
        "session": lambda r: sessions.get(r.session, len(sessions)),
        "language": lambda r: r.language,
        "number": lambda r: numbers.get(r.id, 0),
    }


SORT_KEYS = ("province", "category", "name", "organisation", "id", "session", "language", "number")


def parse_order(order: str) -> list[str]:
    """``"province,category,name"`` -> its keys; an unknown key is a DocgenError naming ``--order``."""
    keys = [k.strip().lower() for k in order.split(",") if k.strip()]
    unknown = [k for k in keys if k not in SORT_KEYS]
    if unknown:
        raise DocgenError(Problem("--order", None, ", ".join(unknown), f"unknown sort key; known keys: {', '.join(SORT_KEYS)}"))
    return keys


def order_recipients(recipients: Sequence[Recipient], order: str, forum: Forum,
                     numbers: dict[str, int] | None = None) -> list[Recipient]:
    """``recipients`` sorted by the ``order`` keys; ties keep the recipient lists' order."""
    functions = _key_functions(forum, numbers or {})
    keys = [functions[k] for k in parse_order(order)]
    return sorted(recipients, key=lambda r: tuple(f(r) for f in keys))


def combine_pdfs(paths: Sequence[Path], out_path: Path, duplex: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> int:
    """Concatenate the PDFs at ``paths`` into ``out_path``; return the page count written.

    With ``duplex``, a blank page of the same size follows every file with an odd
    page count, so the next letter starts on the front of a new sheet. docgen's own
    PDFs are streamed object by object (flat memory, the same bytes every run); any
    other PDF makes the whole file go through PDFium's page import instead.
    """
    from docgen.pdf.concat import NotStreamable, stream_concat

    try:
        with atomic_write(out_path, "wb") as fh:
            return stream_concat(paths, fh, duplex, progress)
    except NotStreamable:
        return _import_pages(paths, out_path, duplex, progress)


def _import_pages(paths: Sequence[Path], out_path: Path, duplex: bool,
                  progress: Callable[[int, int], None] | None) -> int:
    """Concatenate with PDFium's page import (holds the output document in memory)."""
    import pypdfium2 as pdfium

    combined = pdfium.PdfDocument.new()
    try:
        for done, path in enumerate(paths, start=1):
            source = pdfium.PdfDocument(str(path))
            try:
                count = len(source)
                combined.import_pages(source)
                if duplex and count % 2:
                    width, height = source[count - 1].get_size()
                    combined.new_page(width, height)
            finally:
                source.close()
            if progress:
                progress(done, len(paths))
        total = len(combined)
        with atomic_write(out_path, "wb") as fh:
            combined.save(fh)
    finally:
        combined.close()
    return total


def write_pdf_in_parts(template: str, contexts: Sequence[dict[str, Any]], root: Path, out_path: Path,
                       write_options: object, jobs: int = 1) -> Path:
    """Render ``template`` once per context into part PDFs and stream them into ``out_path``, in order.

    A long document of independent pages (envelopes) is never held whole in memory,
    and with ``jobs`` > 1 its parts are rendered in parallel. The parts live in a
    hidden folder beside ``out_path`` and are removed afterwards.
    """
    parts_dir = out_path.parent / f".{out_path.name}.parts"
    tasks = [(template, context, root, parts_dir / f"part-{n:05d}.pdf", write_options)
             for n, context in enumerate(contexts)]
    try:
        if jobs > 1 and len(tasks) > 1:
            with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
                parts = list(pool.map(_write_part, tasks))
        else:
            parts = [_write_part(task) for task in tasks]
        combine_pdfs(parts, out_path)
    finally:
        shutil.rmtree(parts_dir, ignore_errors=True)
    return out_path


def _write_part(task: tuple[str, dict[str, Any], Path, Path, object]) -> Path:
    from docgen.compose import render
    from docgen.writers import write

    template, context, root, path, write_options = task
    return write(render(template, context, root), path, "pdf", write_options)  # type: ignore[arg-type]
