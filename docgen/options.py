"""The typed options of a run: how to write a document, and what each document family may be told.

A neutral module: it imports nothing of docgen's writers or families, so any
module (the CLI, a worker process, a writer) may name these types cheaply.
Values are already parsed (``label_grid=(3, 8)``, not ``"3x8"``): the command
line parses its strings; the library checks ranges and raises a ``DocgenError``
naming the option.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docgen.model import Project

__all__ = ["WriteOptions", "LETTERHEAD_NAMES", "LetterOptions", "AgendaOptions", "AttendanceOptions"]

# In a project folder: the Word letterhead for DOCX, the image or one-page PDF for page 1 of the PDF.
LETTERHEAD_NAMES = {"docx": ("letterhead.docx",), "pdf": ("letterhead.pdf", "letterhead.png", "letterhead.jpg")}


@dataclass(frozen=True)
class WriteOptions:
    """How to write: fonts (forum.yaml's ``fonts``), letterheads and a fixed creation time."""

    fonts: dict[str, str] | None = None
    letterhead_docx: Path | None = None  # styles, header and footer of the DOCX come from it
    letterhead_pdf: Path | None = None  # PNG/JPEG or one-page PDF drawn under page 1 of the PDF
    timestamp: dt.datetime | None = None  # creation time written into the file (None = now)

    @classmethod
    def for_project(cls, project: Project, **overrides: Any) -> WriteOptions:
        """Options from a project: its fonts and any ``letterhead.*`` file in its folder."""
        found = {fmt: next((project.root / n for n in names if (project.root / n).is_file()), None)
                 for fmt, names in LETTERHEAD_NAMES.items()}
        values = dict(fonts=dict(project.forum.fonts) or None, letterhead_docx=found["docx"],
                      letterhead_pdf=found["pdf"])
        return cls(**{**values, **overrides})


@dataclass(frozen=True)
class LetterOptions:
    """The mailing around the letters: envelope sizes, the address-label sheet and where on it to start."""

    envelopes: tuple[str, ...] = ("DL", "C5")  # upper case, as ``documents.envelopes.ENVELOPE_SIZES``; () for none
    label_grid: tuple[int, int] = (3, 8)  # (columns, rows) of labels on an A4 sheet
    label_offset: int = 0  # labels already used on the first sheet
    label_margin: float = 0.0  # mm of sheet edge around the grid


@dataclass(frozen=True)
class AgendaOptions:
    """``bilingual``: one agenda with Khmer and English side by side instead of one per language;
    None leaves it to forum.yaml (``agenda: {layout: bilingual}``)."""

    bilingual: bool | None = None


@dataclass(frozen=True)
class AttendanceOptions:
    """Blank rows per group for walk-ins and a QR code of each invitee's id; None leaves each to
    forum.yaml's ``attendance:`` section (then 5 blank rows, no QR)."""

    blank_rows: int | None = None
    qr: bool | None = None
