"""The project's stored attendance: one UTF-8 CSV per session in ``attendance/``.

This is the contract with the project loader, which reads these files back
into ``Project.attendance``: ``attendance/<session>.csv`` with the columns in
:data:`COLUMNS`; an empty ``id`` marks a walk-in. A cell that a spreadsheet would
run as a formula (a phone ``+855 …``) is written with a leading apostrophe
(:mod:`docgen.cells`), which the project loader removes again.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from docgen.cells import csv_text
from docgen.documents.filenames import safe_filename
from docgen.files import atomic_write_text
from docgen.model import Attendance, Project

__all__ = ["COLUMNS", "ATTENDANCE_DIR", "session_file", "to_row", "write_session"]

ATTENDANCE_DIR = "attendance"

COLUMNS: tuple[str, ...] = (
    "session",
    "id",
    "name_km",
    "name_en",
    "sex",
    "position_km",
    "position_en",
    "organisation_km",
    "organisation_en",
    "category",
    "phone",
)


def session_file(project: Project, session_id: str) -> Path:
    """Where the attendance of ``session_id`` is stored in ``project``."""
    return project.root / ATTENDANCE_DIR / safe_filename(session_id, ".csv")


def to_row(record: Attendance) -> dict[str, str]:
    """One stored CSV row for an attendance record."""
    return {
        "session": record.session,
        "id": record.recipient_id or "",
        "name_km": record.name.km,
        "name_en": record.name.en,
        "sex": record.sex,
        "position_km": record.position.km,
        "position_en": record.position.en,
        "organisation_km": record.organisation.km,
        "organisation_en": record.organisation.en,
        "category": record.category,
        "phone": record.phone,
    }


def write_session(project: Project, session_id: str, records: Iterable[Attendance]) -> Path:
    """Replace the stored attendance of ``session_id`` with ``records``, atomically."""
    rows = ([to_row(record)[column] for column in COLUMNS] for record in records)
    return atomic_write_text(session_file(project, session_id), csv_text(COLUMNS, rows, "\n"))
