"""Envelopes for the mailing: DL and C5, the sender at the top left, the recipient's address block.

One PDF per size (``out/envelopes-dl.pdf``, ``out/envelopes-c5.pdf``), one envelope
per page in the print file's order, from the template ``envelopes/envelope.xml``.
The address block is in the recipient's language (Khmer for ``both``), and so is
the sender block above it, so a postman reads one script per envelope.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.documents.letter_context import text_in
from docgen.documents.printfile import write_template
from docgen.errors import DocgenError, Problem
from docgen.model import Project, Recipient
from docgen.provinces import find_province

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from docgen.documents.printfile import PdfParts

__all__ = ["ENVELOPE_SIZES", "check_envelope_sizes", "envelope_path", "envelope_context", "submit_envelopes",
           "write_envelopes"]

# size -> (address block left edge, top edge) in mm on the landscape envelope, clear of the window-less
# sender zone at the top left and of the stamp at the top right.
ENVELOPE_SIZES: dict[str, tuple[float, float]] = {"DL": (95.0, 50.0), "C5": (100.0, 75.0)}
ENVELOPES_PER_PART = 250  # envelopes rendered as one document before being streamed into the file
_MARGIN_TOP, _SENDER_HEIGHT = 10.0, 20.0  # mm: the template's top margin and the room the sender block takes


def check_envelope_sizes(sizes: Sequence[str]) -> tuple[str, ...]:
    """``sizes`` (``LetterOptions.envelopes``: "DL", "C5" in any case; none for no envelopes) in upper case
    when all are known, else a DocgenError naming ``--envelopes`` and listing the known sizes."""
    sizes = tuple(s.upper() for s in sizes)
    unknown = [s for s in sizes if s not in ENVELOPE_SIZES]
    if unknown:
        raise DocgenError(Problem("--envelopes", None, ", ".join(s.lower() for s in unknown),
                                  f"unknown envelope size; known: {', '.join(s.lower() for s in ENVELOPE_SIZES)}, none"))
    return sizes


def envelope_path(out_dir: Path, size: str) -> Path:
    return Path(out_dir) / f"envelopes-{size.lower()}.pdf"


def address_block(recipient: Recipient) -> dict[str, Any]:
    """The recipient's address lines in their first language; empty lines left out."""
    lang = "en" if recipient.language == "en" else "km"
    province = find_province(recipient.province)
    place = (province.full_km if lang == "km" else province.full_en) if province else recipient.province
    address = text_in(recipient.address, lang)
    lines = [text_in(recipient.position, lang), text_in(recipient.organisation, lang), address]
    if place and place not in address:
        lines.append(place)
    addressee = " ".join(p for p in (text_in(recipient.honorific, lang), text_in(recipient.name, lang)) if p)
    return {"lang": lang, "addressee": addressee, "lines": [line for line in lines if line], "id": recipient.id,
            "position": lines[0]}


def sender_block(project: Project, lang: str) -> list[str]:
    """The organiser's return address lines in ``lang``."""
    organiser = project.forum.organiser
    lines = [text_in(organiser.parent, lang), text_in(organiser.name, lang), text_in(organiser.address, lang)]
    return [line for line in lines if line]


def envelope_context(sender: dict[str, list[str]], recipients: Sequence[Recipient], size: str) -> dict[str, Any]:
    """The variables of ``envelopes/envelope.xml`` for one envelope size; ``sender``: lang -> sender block."""
    left, top = ENVELOPE_SIZES[size]
    return {
        "paper": size,
        "address_left": f"{left}mm",
        "address_gap": f"{top - _MARGIN_TOP - _SENDER_HEIGHT}mm",
        "margin_top": f"{_MARGIN_TOP}mm",
        "sender": sender,
        "envelopes": [address_block(r) for r in recipients],
    }


def submit_envelopes(parts: PdfParts, project: Project, recipients: Sequence[Recipient], size: str,
                     write_options: object, pool: Executor) -> None:
    """Have ``pool`` render the ``size`` envelopes of ``recipients`` into ``parts`` (``envelope_path``).

    Envelopes are rendered ``ENVELOPES_PER_PART`` at a time, in parallel, and
    streamed into one file by ``parts.finish()``, so memory does not grow with the mailing.
    """
    sender = {lang: sender_block(project, lang) for lang in ("km", "en")}
    for start in range(0, len(recipients), ENVELOPES_PER_PART):
        parts.submit(pool, write_envelopes, sender, recipients[start:start + ENVELOPES_PER_PART], size,
                     project.root, write_options)


def write_envelopes(sender: dict[str, list[str]], recipients: Sequence[Recipient], size: str, root: Path,
                    write_options: object, path: Path) -> Path:
    """Write the ``size`` envelopes of ``recipients`` as the PDF ``path`` (a task for a worker process).

    The context is made here, in the worker, so the main process never holds a mailing's address blocks.
    """
    return write_template("envelopes/envelope.xml", envelope_context(sender, recipients, size), root,
                          write_options, path)
