"""What goes out with the letters: the combined print file, envelopes, address labels, dispatch register.

Everything here follows the print file's order (``--order``), so the secretariat
can fold letter n into envelope n and tick line n of the register.

Its options are the run's :class:`docgen.options.LetterOptions` (envelope sizes,
label grid, offset and margin), checked before any letter is rendered.
"""
from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator, Sequence
from pathlib import Path
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docgen.documents.envelopes import check_envelope_sizes, envelope_path, submit_envelopes
from docgen.documents.labels import LABELS_FILE, LabelGrid, label_slots, submit_labels
from docgen.documents.printfile import PRINT_FILE, PdfParts, combine_pdfs, parse_order
from docgen.options import LetterOptions, WriteOptions
from docgen.documents.register import register_context, register_entries, write_register_pdf, write_register_xlsx

if TYPE_CHECKING:
    import datetime as dt

    from docgen.build import BuildOptions, BuildResult
    from docgen.model import Project, Recipient
    from concurrent.futures import Executor

__all__ = ["build_mailing", "stream_print_file", "mailing_settings", "MailingSettings"]


@dataclass(frozen=True)
class MailingSettings:
    """The mailing options of a run, checked before any letter is rendered."""

    envelopes: tuple[str, ...]
    grid: LabelGrid
    label_offset: int


def mailing_settings(options: BuildOptions) -> MailingSettings:
    """Check the run's ``LetterOptions`` and ``--order``; a bad value is a DocgenError naming its option."""
    letters = options.options_for(LetterOptions)
    parse_order(options.order)
    grid = LabelGrid(*letters.label_grid, margin=letters.label_margin)
    label_slots(0, grid, letters.label_offset)  # checks the offset against the grid
    return MailingSettings(check_envelope_sizes(letters.envelopes), grid, letters.label_offset)


def build_mailing(project: Project, options: BuildOptions, recipients: Sequence[Recipient], numbers: Sequence[int],
                  date: dt.date, result: BuildResult, pool: Executor) -> None:
    """Write the envelopes, labels and register for the letters made for ``recipients`` (in print-file
    order), numbered (``numbers``, one for each) and dated as their letters (the print file is streamed
    by :func:`stream_print_file` while the letters are made); the pool renders them, in parts."""
    settings = mailing_settings(options)
    write_options = WriteOptions.for_project(project, timestamp=options.timestamp)
    out = options.out_dir
    entries = register_entries(project, recipients, numbers, date)
    with contextlib.ExitStack() as cleanup:  # after an error: no work left queued, no parts left on disk
        # The register PDF is one long task: started first, it runs while the others take the parts.
        register_pdf = pool.submit(write_register_pdf, register_context(project, entries, date),
                                   project.root, write_options, out / "register.pdf")
        cleanup.callback(register_pdf.cancel)
        envelopes = []
        for size in settings.envelopes:
            envelopes.append(cleanup.enter_context(PdfParts(envelope_path(out, size))))
            submit_envelopes(envelopes[-1], project, recipients, size, write_options, pool)
        labels = cleanup.enter_context(PdfParts(out / LABELS_FILE))
        submit_labels(labels, recipients, pool, settings.grid, settings.label_offset, dict(project.forum.fonts) or None)
        # Last, being short: whoever is free at the end writes it.
        register_xlsx = pool.submit(write_register_xlsx, entries, out / "register.xlsx", project.forum.title.km,
                                    options.timestamp)
        cleanup.callback(register_xlsx.cancel)
        for parts in envelopes:
            parts.finish()
            result.files.append(parts.out_path)
        result.counts["label sheets"] = labels.finish()
        result.files += [labels.out_path, register_xlsx.result(), register_pdf.result()]


def stream_print_file(pdfs: Iterator[Path], folder: Path, options: BuildOptions, result: BuildResult) -> None:
    """Stream each letter's PDF into the print file in ``folder`` as it is made (``pdfs`` come in print
    order); the print file is written only if there is at least one."""
    first = next(pdfs, None)
    if first is None:
        return
    print_path = folder / PRINT_FILE
    result.counts["pages"] = combine_pdfs(itertools.chain([first], pdfs), print_path, options.duplex)
    result.files.append(print_path)
