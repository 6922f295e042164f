"""The combined print file: every letter in one PDF, in the order the secretariat files them.

Letters are sorted by province, then category in protocol order, then name
(``--order`` chooses other keys), and each letter starts on a new sheet: with
``duplex`` a letter with an odd page count gets a blank back page. docgen's
own PDFs are copied object by object, one letter at a time, straight into the
output file, so memory does not grow with the mailing. Long documents of
independent pages (envelopes, label sheets) are rendered in parts the same way.
"""
from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future, wait
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from docgen.errors import DocgenError, Problem
from docgen.files import atomic_write, parts_folder
from docgen.model import Forum, Recipient
from docgen.provinces import find_province

__all__ = ["PRINT_FILE", "SORT_KEYS", "parse_order", "order_recipients", "combine_pdfs", "PdfParts", "write_template"]

PRINT_FILE = "print.pdf"  # beside the letters


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


def combine_pdfs(paths: Iterable[Path], out_path: Path, duplex: bool = False, keep_info: bool = False) -> int:
    """Concatenate the PDFs at ``paths`` into ``out_path``; return the page count written.

    ``paths`` may be a generator: each file is read when it is reached (the print
    file is written while the letters are being made). With ``duplex``, a blank
    page of the same size follows every file with an odd page count, so the next
    letter starts on the front of a new sheet; with ``keep_info`` the first file's
    title and author are the output's. docgen's own PDFs are streamed object by
    object (flat memory, the same bytes every run); from the first other PDF on, the
    rest goes through PDFium's page import, after what was streamed before it.
    """
    from docgen.pdf.concat import NotStreamable, stream_concat

    remaining = iter(paths)
    with atomic_write(out_path, "w+b") as fh:
        try:
            return stream_concat(remaining, fh, duplex, keep_info)
        except NotStreamable as stop:
            # The files before it are in ``fh``, a PDF of their own: no list of them was kept.
            fh.seek(0)
            streamed = fh.read() if stop.pages else None
            fh.seek(0)
            fh.truncate()
            return _import_pages(streamed, [stop.path, *remaining], fh, duplex)


def _import_pages(streamed: bytes | None, paths: Iterable[Path], out: BinaryIO, duplex: bool) -> int:
    """Concatenate ``streamed`` (a PDF, if any) and the files at ``paths`` into ``out`` with PDFium's
    page import (which holds the output document in memory)."""
    import pypdfium2 as pdfium

    combined = pdfium.PdfDocument.new()
    try:
        for source_of in ([streamed] if streamed else []) + [os.fspath(path) for path in paths]:
            source = pdfium.PdfDocument(source_of)
            try:
                count = len(source)
                combined.import_pages(source)
                if duplex and count % 2 and source_of is not streamed:  # streamed: its blank pages are in
                    width, height = source[count - 1].get_size()
                    combined.new_page(width, height)
            finally:
                source.close()
        combined.save(out)
        return len(combined)
    finally:
        combined.close()


class PdfParts:
    """One PDF made of parts that a pool renders in parallel; :meth:`finish` streams them into the file in order.

    A long document of independent pages (envelopes, label sheets) is never held
    whole in memory. The parts live in a hidden folder beside the output, removed
    by :meth:`finish`, or :meth:`discard` (leaving a ``with`` block), whatever happens.
    """

    def __init__(self, out_path: Path):
        self.out_path = Path(out_path)
        self.folder = parts_folder(self.out_path)
        self._futures: list[Future] = []

    def __enter__(self) -> PdfParts:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.discard()

    def submit(self, pool: Executor, write_part: Callable[..., Path], *args: Any) -> None:
        """Have ``pool`` run ``write_part(*args, path)``, which writes the next part at ``path`` and returns it."""
        path = self.folder / f"part-{len(self._futures):05d}.pdf"
        self._futures.append(pool.submit(_write_part, write_part, *args, path))

    def finish(self) -> int:
        """Wait for the parts, stream them into the output and return its page count."""
        try:
            return combine_pdfs([future.result() for future in self._futures], self.out_path, keep_info=True)
        finally:
            self.discard()

    def discard(self) -> None:
        """Remove the parts (after an error elsewhere, the output is never made)."""
        for future in self._futures:
            future.cancel()
        wait(self._futures)  # a part still being written would land in the folder after it is gone
        shutil.rmtree(self.folder, ignore_errors=True)


def _write_part(write_part: Callable[..., Path], *args: Any) -> Path:
    """``write_part(*args)``, then its garbage collected (a canvas is a web of reference cycles): a worker's
    memory stays flat over many parts."""
    try:
        return write_part(*args)
    finally:
        gc.collect()


def write_template(template: str, context: dict[str, Any], root: Path, write_options: object, path: Path) -> Path:
    """Render ``template`` with ``context`` and write it as the PDF ``path`` (a task for a worker process)."""
    from docgen.compose import render
    from docgen.writers import write

    return write(render(template, context, root), path, "pdf", write_options)  # type: ignore[arg-type]
